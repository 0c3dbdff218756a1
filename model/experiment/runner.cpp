#include "model/experiment/runner.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "model/engine/replication.hpp"
#include "model/record/recorder.hpp"
#include "sim/rng.hpp"

namespace memchain::model {

namespace {

using Clock = std::chrono::steady_clock;

struct Slot {
    bool ready = false;
    RunOutcome outcome;
    std::unique_ptr<RunResult> result;  // dropped once written
};

std::string config_hash(const ExperimentVariant& variant) {
    if (!variant.config_hash.empty()) return variant.config_hash;
    const Scenario& sc = *variant.scenario;
    const std::uint64_t h =
        sim::fnv1a64(sc.resolved_text, sim::fnv1a64("\x1f", sim::fnv1a64(sc.name)));
    static const char digits[] = "0123456789abcdef";
    std::string text(16, '0');
    for (int i = 0; i < 16; ++i)
        text[static_cast<std::size_t>(15 - i)] = digits[(h >> (4 * i)) & 0xf];
    return text;
}

// The scenario's products with their units and bills of materials, for the products table.
std::vector<ProductInfo> products_of(const Scenario& sc) {
    std::vector<ProductInfo> out;
    for (const Product& p : sc.products) {
        std::ostringstream inputs;
        for (std::size_t i = 0; i < p.bom.size(); ++i)
            inputs << (i ? ", " : "") << p.bom[i].quantity << " x " << p.bom[i].component;
        out.push_back({p.name, p.unit, inputs.str(), p.description});
    }
    return out;
}

}  // namespace

int hardware_threads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

std::size_t ExperimentOutcome::completed() const {
    return static_cast<std::size_t>(
        std::count_if(runs.begin(), runs.end(),
                      [](const RunOutcome& r) { return r.status == RunStatus::Completed; }));
}

std::size_t ExperimentOutcome::completed(std::size_t variant) const {
    return static_cast<std::size_t>(
        std::count_if(runs.begin(), runs.end(), [&](const RunOutcome& r) {
            return r.variant == variant && r.status == RunStatus::Completed;
        }));
}

ExperimentOutcome run_experiment(const ExperimentSpec& spec, Recorder* recorder,
                                 const std::atomic<bool>* stop,
                                 const std::function<void(const ExperimentProgress&)>& progress) {
    const auto started = Clock::now();
    const std::size_t reps = static_cast<std::size_t>(std::max(1, spec.replications));
    const std::size_t total = spec.variants.size() * reps;
    ExperimentOutcome out;
    std::vector<std::int64_t> run_ids(total, 0);
    if (spec.record && recorder) {
        out.experiment_id =
            recorder->begin_experiment({spec.kind, spec.label, spec.command, spec.seed,
                                        static_cast<int>(reps), utc_timestamp()});
        std::vector<RunInfo> infos;
        infos.reserve(total);
        for (std::size_t v = 0; v < spec.variants.size(); ++v) {
            const Scenario& sc = *spec.variants[v].scenario;
            const std::string hash = config_hash(spec.variants[v]);
            recorder->add_config({hash, sc.name, sc.path, sc.resolved_text, products_of(sc)});
            for (std::size_t r = 0; r < reps; ++r) {
                RunInfo info;
                info.experiment_id = out.experiment_id;
                info.scenario = sc.name;
                info.variant = spec.variants[v].name;
                info.replication = static_cast<int>(r);
                info.seed = spec.seed;
                info.config_hash = hash;
                info.start_date = sc.start.to_string();
                info.horizon_days = sc.horizon.to_days();
                info.parameters = spec.variants[v].parameters;
                infos.push_back(std::move(info));
            }
        }
        run_ids = recorder->begin_runs(infos);
    }

    std::vector<Slot> slots(total);
    out.runs.resize(total);
    std::mutex mutex;  // guards next, written, the slots' ready flags and active
    std::condition_variable changed;
    // Held by the one thread writing results. Lock order: `writing` before `mutex`.
    std::mutex writing;
    std::size_t written = 0;  // results recorded, in run order
    std::size_t next = 0;     // runs started
    const int threads =
        std::clamp(spec.threads, 1, static_cast<int>(std::max<std::size_t>(1, total)));
    int active = threads;  // workers not yet finished
    // Workers run at most this far ahead of the writing, which bounds the results held.
    const std::size_t window = static_cast<std::size_t>(threads) * 2;
    std::vector<std::atomic<std::uint64_t>> running_events(static_cast<std::size_t>(threads));
    std::atomic<std::uint64_t> finished_events{0};

    // A database error that even marking the run failed could not survive ends the experiment;
    // it is rethrown on the calling thread.
    std::exception_ptr broken;  // guarded by mutex
    auto stopping = [&] { return stop && stop->load(std::memory_order_relaxed); };

    // Records slot j and moves its outcome to out.runs[j]; the caller holds `writing`.
    auto write = [&](std::size_t j) {
        Slot& slot = slots[j];
        RunOutcome outcome = std::move(slot.outcome);
        if (spec.record && recorder) {
            try {
                switch (outcome.status) {
                case RunStatus::Completed:
                    recorder->complete_run(outcome.run_id, *slot.result);
                    break;
                case RunStatus::Failed: recorder->fail_run(outcome.run_id, outcome.error); break;
                case RunStatus::Interrupted: recorder->interrupt_run(outcome.run_id); break;
                }
            } catch (const std::exception& e) {
                outcome.status = RunStatus::Failed;
                outcome.error = std::string("recording failed: ") + e.what();
                recorder->fail_run(outcome.run_id, outcome.error);
            }
        }
        slot.result.reset();
        if (outcome.status == RunStatus::Interrupted) out.interrupted = true;
        out.events += outcome.events;
        out.runs[j] = std::move(outcome);
    };

    // Writes every result that is next in run order. Whoever finishes a run tries; a thread
    // that finds another one writing leaves it to that one, which looks again before it stops.
    auto write_ready = [&] {
        for (;;) {
            std::unique_lock<std::mutex> turn(writing, std::try_to_lock);
            if (!turn.owns_lock()) return;
            for (;;) {
                std::size_t j;
                {
                    std::lock_guard lock(mutex);
                    if (written >= total || !slots[written].ready) break;
                    j = written;
                }
                try {
                    write(j);
                } catch (...) {
                    std::lock_guard lock(mutex);
                    broken = std::current_exception();
                    break;
                }
                {
                    std::lock_guard lock(mutex);
                    ++written;
                }
                changed.notify_all();
            }
            turn.unlock();
            std::lock_guard lock(mutex);
            if (broken || written >= total || !slots[written].ready) return;
        }
    };

    auto worker = [&](int w) {
        for (;;) {
            std::size_t j;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return next < written + window || stopping() || broken; });
                if (next >= total || stopping() || broken) break;
                j = next++;
            }
            const std::size_t v = j / reps;
            const int r = static_cast<int>(j % reps);
            RunOutcome outcome;
            outcome.variant = v;
            outcome.replication = r;
            outcome.run_id = run_ids[j];
            auto result = std::make_unique<RunResult>();
            try {
                Replication model(*spec.variants[v].scenario, spec.seed, r);
                RunControl control;
                control.stop = stop;
                // A measure reads the run's node samples, which only a recording run keeps.
                control.record = spec.record || static_cast<bool>(spec.measure);
                control.progress = [&, w](double, std::uint64_t events) {
                    running_events[static_cast<std::size_t>(w)].store(events);
                };
                *result = model.run(control);
                outcome.status =
                    model.was_stopped() ? RunStatus::Interrupted : RunStatus::Completed;
                if (spec.measure && outcome.status == RunStatus::Completed)
                    outcome.measures = spec.measure(*result);
            } catch (const std::exception& e) {
                outcome.status = RunStatus::Failed;
                outcome.error = e.what();
            }
            running_events[static_cast<std::size_t>(w)].store(0);
            finished_events += result->events;
            outcome.kpis = result->kpis;
            outcome.shifts = result->bottleneck_shifts;
            if (spec.keep_samples) {
                outcome.product_samples = result->product_samples;
                outcome.shocks = result->shocks;
            }
            outcome.nodes = result->nodes;
            outcome.events = result->events;
            outcome.wall_seconds = result->wall_seconds;
            {
                std::lock_guard lock(mutex);
                slots[j].outcome = std::move(outcome);
                slots[j].result = std::move(result);
                slots[j].ready = true;
            }
            changed.notify_all();
            write_ready();
        }
        {
            std::lock_guard lock(mutex);
            --active;
        }
        changed.notify_all();
    };

    auto report = [&] {
        if (!progress) return;
        ExperimentProgress p;
        {
            std::lock_guard lock(mutex);
            p.runs_done = written;
        }
        p.runs_total = total;
        p.events = finished_events.load();
        for (auto& e : running_events) p.events += e.load();
        p.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started).count();
        progress(p);
    };

    std::vector<std::thread> pool;
    if (total > 0)
        for (int w = 0; w < threads; ++w) pool.emplace_back(worker, w);
    else
        active = 0;

    // This thread reports progress and passes a stop request on to workers waiting for room.
    {
        std::unique_lock lock(mutex);
        while (active > 0) {
            changed.wait_for(lock, std::chrono::milliseconds(200));
            const bool wake = stopping() || broken;
            lock.unlock();
            report();
            if (wake) changed.notify_all();
            lock.lock();
        }
    }
    for (auto& t : pool) t.join();
    if (broken) {
        // The runs not yet written end marked failed with the reason, if the database still
        // takes that much (a full disk often does: a failed transaction's space is reused);
        // if it does not, they stay `running` under this process, and the next process to open
        // the file marks them interrupted.
        std::string why = "the database failed";
        try {
            std::rethrow_exception(broken);
        } catch (const std::exception& e) {
            why = e.what();
        } catch (...) {  // NOLINT(bugprone-empty-catch): the reason stays generic
        }
        if (spec.record && recorder) {
            std::vector<std::int64_t> unwritten(
                run_ids.begin() + static_cast<std::ptrdiff_t>(written), run_ids.end());
            try {
                recorder->fail_runs(unwritten, "not recorded: " + why);
            } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): see above
            }
        }
        std::rethrow_exception(broken);
    }

    // After a stop, every run that started has been written; the rest never started.
    if (written < total) {
        std::vector<std::int64_t> unstarted;
        for (std::size_t j = written; j < total; ++j) {
            RunOutcome& o = out.runs[j];
            o.variant = j / reps;
            o.replication = static_cast<int>(j % reps);
            o.run_id = run_ids[j];
            o.status = RunStatus::Interrupted;
            unstarted.push_back(o.run_id);
        }
        if (spec.record && recorder) recorder->interrupt_runs(unstarted);
        out.interrupted = true;
    }
    out.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return out;
}

}  // namespace memchain::model
