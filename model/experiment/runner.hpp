#pragma once
// Runs an experiment: every variant (scenario) times every replication, simulated by one or
// more executors (threads of this process; MPI ranks), recorded in one database. Runs
// are numbered before any starts (variant by variant, replication by replication) and written
// strictly in that order, one at a time, so the database content does not depend on the
// thread or rank count. There is no writer thread: the lane that finishes a run writes whatever
// is next in order (unless another is writing), so `threads` lanes keep exactly `threads` cores
// busy, simulating and recording (run_board.hpp). Replication r of every variant draws from the
// same streams (common random numbers). A stop request (Ctrl-C) lets finished runs be recorded
// and marks the others interrupted.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"

namespace memchain::model {

class Recorder;

struct ExperimentVariant {
    std::string name;  // "base", the variant scenario's name, or a sweep point label
    const Scenario* scenario = nullptr;
    std::string parameters;  // sweep point as JSON ("" otherwise)
    // The scenario's fingerprint for the configs table (the CLI passes the loader's
    // scenario_hash); when empty, a hash of the scenario's name and resolved text.
    std::string config_hash;
};

struct ExperimentSpec {
    std::string kind = "run";  // run, compare, sweep
    std::string label;
    std::string command;
    std::uint64_t seed = 1;
    int replications = 1;
    int threads = 1;
    bool record = true;  // false: simulate only (KPIs kept in memory, nothing written)
    // Keep each run's product samples and shocks in its RunOutcome (recovery times need
    // them); off, an outcome holds a few KB, so even very many replications fit in memory.
    bool keep_samples = false;
    // Called on the lane's thread with each completed run's result; what it returns is kept
    // as the run's RunOutcome::measures (the probe's output path), whether or not anything is
    // recorded. Must be safe to call from several threads at once.
    std::function<std::vector<double>(const RunResult&)> measure;
    std::vector<ExperimentVariant> variants;
};

enum class RunStatus : std::uint8_t { Completed, Failed, Interrupted };

// What the caller keeps of each run: enough for summaries and paired comparisons.
struct RunOutcome {
    std::size_t variant = 0;
    int replication = 0;
    std::int64_t run_id = 0;  // 0 when nothing was recorded
    RunStatus status = RunStatus::Interrupted;
    std::string error;
    std::vector<Kpi> kpis;
    std::vector<BottleneckShift> shifts;
    std::vector<ProductSample> product_samples;  // with keep_samples: for recovery times
    std::vector<ShockRecord> shocks;             // with keep_samples: t0 of recovery times
    std::vector<MarketSample> market_samples;    // with keep_samples: price responses
    std::vector<NodeRecord> nodes;
    std::vector<double> measures;  // ExperimentSpec::measure of a completed run
    std::uint64_t events = 0;
    double wall_seconds = 0.0;
};

struct ExperimentProgress {
    std::size_t runs_done = 0;
    std::size_t runs_total = 0;
    std::uint64_t events = 0;  // handled so far, all runs
    double elapsed_seconds = 0.0;
};

struct ExperimentOutcome {
    std::int64_t experiment_id = 0;  // 0 when nothing was recorded
    std::vector<RunOutcome> runs;    // in run order: variant-major
    bool interrupted = false;
    std::uint64_t events = 0;
    double wall_seconds = 0.0;
    // Under MPI, the ranks that were lost or refused, and why ("rank 2 was lost (...)");
    // their runs in progress are marked failed.
    std::vector<std::string> lost_ranks;

    // Runs that completed: all of them, or those of one variant.
    [[nodiscard]] std::size_t completed() const;
    [[nodiscard]] std::size_t completed(std::size_t variant) const;
};

class RunBoard;
class RunExecutor;
using ProgressCallback = std::function<void(const ExperimentProgress&)>;

// One experiment, in named steps: number the runs (experiment, configs and run rows), hand
// them to the executors' lanes and record them in order, then mark the runs that never started
// interrupted. `recorder` may be null when spec.record is false; lanes use it one at a time.
// `stop` may be null. `progress` is called from the calling thread, which otherwise waits,
// about every 200 ms and whenever a run is written.
class ExperimentRunner {
public:
    ExperimentRunner(const ExperimentSpec& spec, Recorder* recorder, const std::atomic<bool>* stop);

    // Runs every run on the lanes of all `executors` together.
    ExperimentOutcome run(const std::vector<RunExecutor*>& executors,
                          const ProgressCallback& progress);

    [[nodiscard]] std::size_t total_runs() const { return total_; }

private:
    [[nodiscard]] std::vector<std::int64_t> number_runs(ExperimentOutcome& out);
    void wait_for_runs(RunBoard& board, const std::vector<RunExecutor*>& executors,
                       const ProgressCallback& progress) const;
    void mark_unstarted(const RunBoard& board, ExperimentOutcome& out);
    void fail_unwritten(const RunBoard& board);
    [[nodiscard]] bool recording() const { return spec_.record && recorder_ != nullptr; }

    const ExperimentSpec& spec_;
    Recorder* recorder_;
    const std::atomic<bool>* stop_;
    std::size_t replications_;
    std::size_t total_;
    std::chrono::steady_clock::time_point started_;
};

// The experiment on spec.threads threads of this process (at most one per run).
ExperimentOutcome run_experiment(const ExperimentSpec& spec, Recorder* recorder,
                                 const std::atomic<bool>* stop, const ProgressCallback& progress);

// Default thread count: the machine's cores (at least 1).
[[nodiscard]] int hardware_threads();

}  // namespace memchain::model
