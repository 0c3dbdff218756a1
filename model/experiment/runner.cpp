#include "model/experiment/runner.hpp"

#include <algorithm>
#include <exception>
#include <sstream>
#include <thread>

#include "model/experiment/executor.hpp"
#include "model/experiment/run_board.hpp"
#include "model/record/recorder.hpp"
#include "sim/rng.hpp"

namespace memchain::model {

namespace {

using Clock = std::chrono::steady_clock;

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

ExperimentRunner::ExperimentRunner(const ExperimentSpec& spec, Recorder* recorder,
                                   const std::atomic<bool>* stop)
    : spec_(spec),
      recorder_(recorder),
      stop_(stop),
      replications_(static_cast<std::size_t>(std::max(1, spec.replications))),
      total_(spec.variants.size() * replications_) {}

ExperimentOutcome ExperimentRunner::run(const std::vector<RunExecutor*>& executors,
                                        const ProgressCallback& progress) {
    started_ = Clock::now();
    ExperimentOutcome out;
    std::size_t lanes = 0;
    for (const RunExecutor* e : executors) lanes += static_cast<std::size_t>(e->lanes());
    // Lanes run at most this far ahead of the recording, which bounds the results held.
    RunBoard board(spec_, recorder_, stop_, number_runs(out), lanes * 2);
    for (RunExecutor* e : executors) e->start(board);
    wait_for_runs(board, executors, progress);
    if (board.broken()) {
        for (RunExecutor* e : executors) e->join();
        fail_unwritten(board);
        board.rethrow_if_broken();
    }
    // Everything that will be written is: the runs that never started are marked before the
    // lanes are joined, so that a process told to end (mpirun passes Ctrl-C on as SIGTERM and
    // follows it with SIGKILL a second later) leaves no run marked running.
    out.runs = std::move(board.outcomes());
    for (const RunOutcome& r : out.runs) {
        if (r.status == RunStatus::Interrupted) out.interrupted = true;
        out.events += r.events;
    }
    mark_unstarted(board, out);
    for (RunExecutor* e : executors) e->join();
    out.wall_seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    return out;
}

// Writes the experiment, its configs and one `running` row per run, in run order (variant by
// variant, replication by replication), before any run starts: the ids do not depend on which
// run finishes first.
std::vector<std::int64_t> ExperimentRunner::number_runs(ExperimentOutcome& out) {
    if (!recording()) return std::vector<std::int64_t>(total_, 0);
    out.experiment_id =
        recorder_->begin_experiment({spec_.kind, spec_.label, spec_.command, spec_.seed,
                                     static_cast<int>(replications_), utc_timestamp()});
    std::vector<RunInfo> infos;
    infos.reserve(total_);
    for (const ExperimentVariant& variant : spec_.variants) {
        const Scenario& sc = *variant.scenario;
        const std::string hash = config_hash(variant);
        recorder_->add_config({hash, sc.name, sc.path, sc.resolved_text, products_of(sc)});
        for (std::size_t r = 0; r < replications_; ++r) {
            RunInfo info;
            info.experiment_id = out.experiment_id;
            info.scenario = sc.name;
            info.variant = variant.name;
            info.replication = static_cast<int>(r);
            info.seed = spec_.seed;
            info.config_hash = hash;
            info.start_date = sc.start.to_string();
            info.horizon_days = sc.horizon.to_days();
            info.parameters = variant.parameters;
            infos.push_back(std::move(info));
        }
    }
    return recorder_->begin_runs(infos);
}

// The calling thread reports progress and passes a stop request on to lanes waiting for room,
// until every run handed out has come back.
void ExperimentRunner::wait_for_runs(RunBoard& board, const std::vector<RunExecutor*>& executors,
                                     const ProgressCallback& progress) const {
    for (;;) {
        const bool settled = board.settled();
        if (progress) {
            ExperimentProgress p;
            p.runs_done = board.written();
            p.runs_total = total_;
            p.events = board.finished_events();
            for (const RunExecutor* e : executors) p.events += e->running_events();
            p.elapsed_seconds = std::chrono::duration<double>(Clock::now() - started_).count();
            progress(p);
        }
        if (settled) return;
        board.wait(std::chrono::milliseconds(200));
    }
}

// After a database error that ended the experiment: the runs not yet written end marked failed
// with the reason, if the database still takes that much (a full disk often does: a failed
// transaction's space is reused); if it does not, they stay `running` under this process, and
// the next process to open the file marks them interrupted.
void ExperimentRunner::fail_unwritten(const RunBoard& board) {
    if (!recording()) return;
    std::string why = "the database failed";
    try {
        board.rethrow_if_broken();
    } catch (const std::exception& e) {
        why = e.what();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the reason stays generic
    }
    std::vector<std::int64_t> unwritten;
    for (std::size_t j = board.written(); j < total_; ++j) unwritten.push_back(board.run_id(j));
    try {
        recorder_->fail_runs(unwritten, "not recorded: " + why);
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): see above
    }
}

// After a stop, every run that started has been written; the rest never started.
void ExperimentRunner::mark_unstarted(const RunBoard& board, ExperimentOutcome& out) {
    const std::size_t written = board.written();
    if (written >= total_) return;
    std::vector<std::int64_t> unstarted;
    for (std::size_t j = written; j < total_; ++j) {
        RunOutcome& o = out.runs[j];
        o.variant = j / replications_;
        o.replication = static_cast<int>(j % replications_);
        o.run_id = board.run_id(j);
        o.status = RunStatus::Interrupted;
        unstarted.push_back(o.run_id);
    }
    if (recording()) recorder_->interrupt_runs(unstarted);
    out.interrupted = true;
}

ExperimentOutcome run_experiment(const ExperimentSpec& spec, Recorder* recorder,
                                 const std::atomic<bool>* stop, const ProgressCallback& progress) {
    ExperimentRunner runner(spec, recorder, stop);
    const int threads = std::clamp(spec.threads, 1,
                                   static_cast<int>(std::max<std::size_t>(1, runner.total_runs())));
    ThreadExecutor executor(spec, stop, threads);
    return runner.run({&executor}, progress);
}

}  // namespace memchain::model
