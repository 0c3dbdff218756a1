#pragma once
// Where an experiment's runs are handed out and recorded. Runs are handed out in run order, at
// most `window` ahead of the recording (which bounds the results held in memory), and each
// delivered run is recorded strictly in run order, one at a time. There is no writer thread:
// the lane that delivers a run writes whatever is next in order (unless another is writing, in
// which case that one looks again before it stops). A stop request hands out nothing more; a
// database error that even marking the run failed could not survive does the same, and the
// runner rethrows it.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "model/experiment/executor.hpp"
#include "model/experiment/runner.hpp"

namespace memchain::model {

class Recorder;

class RunBoard final : public RunSource {
public:
    // `recorder` may be null (nothing is written); `run_ids` has one id per run (0 when not
    // recorded). `outcomes` receives each run's outcome as it is recorded.
    RunBoard(const ExperimentSpec& spec, Recorder* recorder, const std::atomic<bool>* stop,
             std::vector<std::int64_t> run_ids, std::size_t window);

    // Waits for room in the window.
    [[nodiscard]] std::optional<std::size_t> take() override;
    [[nodiscard]] std::optional<std::size_t> try_take() override;
    [[nodiscard]] bool exhausted() const override;
    void deliver(std::size_t run, FinishedRun finished) override;

    // Exhausted, and every run handed out has been recorded (or, once the database broke,
    // delivered): nothing will be written any more.
    [[nodiscard]] bool settled() const;
    [[nodiscard]] bool broken() const;
    // Waits until something changes or `timeout` passes; wakes lanes waiting for room if a
    // stop was requested meanwhile.
    void wait(std::chrono::milliseconds timeout);

    [[nodiscard]] std::size_t total() const { return run_ids_.size(); }
    [[nodiscard]] std::size_t written() const;
    [[nodiscard]] std::uint64_t finished_events() const { return finished_events_.load(); }
    [[nodiscard]] std::int64_t run_id(std::size_t run) const { return run_ids_[run]; }
    // Rethrows the database error that ended the experiment, if one did.
    void rethrow_if_broken() const;
    // The recorded runs' outcomes, in run order (the first `written()` are filled in).
    [[nodiscard]] std::vector<RunOutcome>& outcomes() { return outcomes_; }

private:
    struct Slot {
        bool ready = false;
        FinishedRun finished;  // result dropped once written
    };

    [[nodiscard]] bool stopping() const;
    [[nodiscard]] bool exhausted_locked() const;
    [[nodiscard]] RunOutcome make_outcome(std::size_t run, FinishedRun& finished) const;
    void write(std::size_t run);
    void write_ready();

    const ExperimentSpec& spec_;
    Recorder* recorder_;
    const std::atomic<bool>* stop_;
    std::vector<std::int64_t> run_ids_;
    std::size_t window_;
    std::size_t reps_;

    mutable std::mutex mutex_;  // guards next_, delivered_, written_, broken_, slots' ready flags
    std::condition_variable changed_;
    std::mutex writing_;  // held by the one thread writing; taken before mutex_
    std::size_t next_ = 0;
    std::size_t delivered_ = 0;
    std::size_t written_ = 0;
    std::exception_ptr broken_;
    std::vector<Slot> slots_;
    std::vector<RunOutcome> outcomes_;
    std::atomic<std::uint64_t> finished_events_{0};
};

}  // namespace memchain::model
