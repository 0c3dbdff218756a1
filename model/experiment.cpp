#include "model/experiment.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "model/model.hpp"
#include "model/recorder.hpp"
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

}  // namespace

int hardware_threads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
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
        out.experiment_id = recorder->begin_experiment(
            {spec.kind, spec.label, spec.command, spec.seed, static_cast<int>(reps),
             utc_timestamp()});
        std::vector<RunInfo> infos;
        infos.reserve(total);
        for (std::size_t v = 0; v < spec.variants.size(); ++v) {
            const Scenario& sc = *spec.variants[v].scenario;
            const std::string hash = config_hash(spec.variants[v]);
            recorder->add_config({hash, sc.name, sc.path, sc.resolved_text});
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
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t written = 0;
    std::size_t next = 0;
    const int threads = std::clamp(spec.threads, 1, static_cast<int>(std::max<std::size_t>(1, total)));
    // Workers run at most this far ahead of the writer, which bounds the results held.
    const std::size_t window = static_cast<std::size_t>(threads) * 2;
    std::vector<std::atomic<std::uint64_t>> running_events(static_cast<std::size_t>(threads));
    std::atomic<std::uint64_t> finished_events{0};

    auto stopping = [&] { return stop && stop->load(std::memory_order_relaxed); };

    auto worker = [&](int w) {
        for (;;) {
            std::size_t j;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return next < written + window || stopping(); });
                if (next >= total || stopping()) return;
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
                Model model(*spec.variants[v].scenario, spec.seed, r);
                RunControl control;
                control.stop = stop;
                control.record = spec.record;
                control.progress = [&, w](double, std::uint64_t events) {
                    running_events[static_cast<std::size_t>(w)].store(events);
                };
                *result = model.run(control);
                outcome.status = model.was_stopped() ? RunStatus::Interrupted : RunStatus::Completed;
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
        }
    };

    std::vector<std::thread> pool;
    for (int w = 0; w < threads; ++w) pool.emplace_back(worker, w);

    auto report = [&] {
        if (!progress) return;
        ExperimentProgress p;
        p.runs_done = written;
        p.runs_total = total;
        p.events = finished_events.load();
        for (auto& e : running_events) p.events += e.load();
        p.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started).count();
        progress(p);
    };

    // The writer: this thread records runs strictly in run order.
    out.runs.resize(total);
    while (written < total) {
        Slot* slot = nullptr;
        {
            std::unique_lock lock(mutex);
            const bool arrived = changed.wait_for(lock, std::chrono::milliseconds(200), [&] {
                return slots[written].ready || (stopping() && next <= written);
            });
            if (!arrived) {
                lock.unlock();
                report();
                continue;
            }
            if (slots[written].ready) slot = &slots[written];
        }
        RunOutcome outcome;
        if (slot) {
            outcome = std::move(slot->outcome);
            if (spec.record && recorder) {
                try {
                    switch (outcome.status) {
                    case RunStatus::Completed:
                        recorder->complete_run(outcome.run_id, *slot->result);
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
            slot->result.reset();
        } else {  // never started: the experiment was stopped; so are all after it
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
            {
                std::lock_guard lock(mutex);
                written = total;
            }
            changed.notify_all();
            break;
        }
        if (outcome.status == RunStatus::Interrupted) out.interrupted = true;
        out.events += outcome.events;
        out.runs[written] = std::move(outcome);
        {
            std::lock_guard lock(mutex);
            ++written;
        }
        changed.notify_all();
        report();
    }
    for (auto& t : pool) t.join();
    out.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return out;
}

}  // namespace memchain::model
