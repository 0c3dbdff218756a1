#pragma once
// Who simulates an experiment's runs. An executor runs lanes (threads here; MPI ranks in
// mpi_ensemble.hpp): each lane takes a run number from a RunSource, simulates that run and
// delivers what it produced, until the source has no more. The source decides the order in
// which runs are handed out and what happens to a delivered run (the runner's RunBoard records
// it in run order; a worker rank sends it to the recording rank), so an executor never knows
// about the database.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "model/experiment/runner.hpp"
#include "model/result/run_result.hpp"

namespace memchain::model {

// A run as a lane hands it back: how it ended and what it produced (`result` is never null;
// it is empty for a run that failed before it started).
struct FinishedRun {
    RunStatus status = RunStatus::Interrupted;
    std::string error;
    std::unique_ptr<RunResult> result = std::make_unique<RunResult>();
    std::vector<double> measures;  // ExperimentSpec::measure of a completed run
};

// Where lanes take run numbers and deliver results. Both are called from any lane's thread.
class RunSource {
public:
    virtual ~RunSource() = default;
    // The next run to simulate; none once every run is handed out or the experiment stops.
    // May wait (for room in the recording window, or for work to arrive).
    [[nodiscard]] virtual std::optional<std::size_t> take() = 0;
    // Never waits: none when nothing can be handed out now; `exhausted()` says whether
    // anything ever will be again.
    [[nodiscard]] virtual std::optional<std::size_t> try_take() = 0;
    // Nothing more will be handed out: all runs were, or the experiment is stopping.
    [[nodiscard]] virtual bool exhausted() const = 0;
    virtual void deliver(std::size_t run, FinishedRun finished) = 0;
};

class RunExecutor {
public:
    virtual ~RunExecutor() = default;
    // Runs it simulates at once; the runner sizes its recording window from the sum.
    [[nodiscard]] virtual int lanes() const = 0;
    // Starts the lanes; they stop by themselves when `source.take()` returns none.
    virtual void start(RunSource& source) = 0;
    // Waits for every lane to stop.
    virtual void join() = 0;
    // Events handled so far by runs still in progress (for progress reports).
    [[nodiscard]] virtual std::uint64_t running_events() const { return 0; }
};

// Simulates run `run` of `spec`: replication run % replications of variant
// run / replications, and measures it (ExperimentSpec::measure) when it completed. Never
// throws: a model error makes the run Failed, a stop request Interrupted. `events` (may be empty)
// hears the running event count now and then.
[[nodiscard]] FinishedRun simulate_run(const ExperimentSpec& spec, std::size_t run,
                                       const std::atomic<bool>* stop,
                                       const std::function<void(std::uint64_t)>& events);

// Lanes on threads of this process.
class ThreadExecutor final : public RunExecutor {
public:
    ThreadExecutor(const ExperimentSpec& spec, const std::atomic<bool>* stop, int threads);
    ~ThreadExecutor() override;
    ThreadExecutor(const ThreadExecutor&) = delete;
    ThreadExecutor& operator=(const ThreadExecutor&) = delete;

    [[nodiscard]] int lanes() const override { return threads_; }
    void start(RunSource& source) override;
    void join() override;
    [[nodiscard]] std::uint64_t running_events() const override;

private:
    void lane(RunSource& source, std::size_t index);

    const ExperimentSpec& spec_;
    const std::atomic<bool>* stop_;
    int threads_;
    std::vector<std::atomic<std::uint64_t>> running_events_;  // per lane
    std::vector<std::thread> pool_;
};

}  // namespace memchain::model
