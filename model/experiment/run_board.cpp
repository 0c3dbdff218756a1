#include "model/experiment/run_board.hpp"

#include <algorithm>
#include <string>

#include "model/record/recorder.hpp"

namespace memchain::model {

RunBoard::RunBoard(const ExperimentSpec& spec, Recorder* recorder, const std::atomic<bool>* stop,
                   std::vector<std::int64_t> run_ids, std::size_t window)
    : spec_(spec),
      recorder_(spec.record ? recorder : nullptr),
      stop_(stop),
      run_ids_(std::move(run_ids)),
      window_(std::max<std::size_t>(1, window)),
      reps_(static_cast<std::size_t>(std::max(1, spec.replications))),
      slots_(run_ids_.size()),
      outcomes_(run_ids_.size()) {}

bool RunBoard::stopping() const {
    return stop_ && stop_->load(std::memory_order_relaxed);
}

bool RunBoard::exhausted_locked() const {
    return next_ >= total() || stopping() || broken_;
}

bool RunBoard::exhausted() const {
    std::lock_guard lock(mutex_);
    return exhausted_locked();
}

bool RunBoard::settled() const {
    std::lock_guard lock(mutex_);
    if (!exhausted_locked()) return false;
    return broken_ ? delivered_ == next_ : written_ == next_;
}

bool RunBoard::broken() const {
    std::lock_guard lock(mutex_);
    return broken_ != nullptr;
}

std::size_t RunBoard::written() const {
    std::lock_guard lock(mutex_);
    return written_;
}

void RunBoard::rethrow_if_broken() const {
    std::lock_guard lock(mutex_);
    if (broken_) std::rethrow_exception(broken_);
}

std::optional<std::size_t> RunBoard::take() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return next_ < written_ + window_ || exhausted_locked(); });
    if (exhausted_locked()) return std::nullopt;
    return next_++;
}

std::optional<std::size_t> RunBoard::try_take() {
    std::lock_guard lock(mutex_);
    if (exhausted_locked() || next_ >= written_ + window_) return std::nullopt;
    return next_++;
}

void RunBoard::wait(std::chrono::milliseconds timeout) {
    {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, timeout);
    }
    if (stopping()) changed_.notify_all();
}

void RunBoard::deliver(std::size_t run, FinishedRun finished) {
    finished_events_ += finished.result->events;
    {
        std::lock_guard lock(mutex_);
        slots_[run].finished = std::move(finished);
        slots_[run].ready = true;
        ++delivered_;
    }
    changed_.notify_all();
    write_ready();
}

RunOutcome RunBoard::make_outcome(std::size_t run, FinishedRun& finished) const {
    RunOutcome outcome;
    outcome.variant = run / reps_;
    outcome.replication = static_cast<int>(run % reps_);
    outcome.run_id = run_ids_[run];
    outcome.status = finished.status;
    outcome.error = std::move(finished.error);
    RunResult& result = *finished.result;
    outcome.kpis = result.kpis;
    outcome.shifts = result.bottleneck_shifts;
    if (spec_.keep_samples) {
        outcome.product_samples = result.product_samples;
        outcome.shocks = result.shocks;
        outcome.market_samples = result.market_samples;
    }
    outcome.nodes = result.nodes;
    outcome.measures = std::move(finished.measures);
    outcome.events = result.events;
    outcome.wall_seconds = result.wall_seconds;
    return outcome;
}

// Records run `run` and keeps its outcome; the caller holds `writing_`.
void RunBoard::write(std::size_t run) {
    FinishedRun& finished = slots_[run].finished;
    RunOutcome outcome = make_outcome(run, finished);
    if (recorder_) {
        try {
            switch (outcome.status) {
            case RunStatus::Completed:
                recorder_->complete_run(outcome.run_id, *finished.result);
                break;
            case RunStatus::Failed: recorder_->fail_run(outcome.run_id, outcome.error); break;
            case RunStatus::Interrupted: recorder_->interrupt_run(outcome.run_id); break;
            }
        } catch (const std::exception& e) {
            outcome.status = RunStatus::Failed;
            outcome.error = std::string("recording failed: ") + e.what();
            recorder_->fail_run(outcome.run_id, outcome.error);
        }
    }
    finished.result.reset();
    outcomes_[run] = std::move(outcome);
}

void RunBoard::write_ready() {
    for (;;) {
        std::unique_lock<std::mutex> turn(writing_, std::try_to_lock);
        if (!turn.owns_lock()) return;
        for (;;) {
            std::size_t run;
            {
                std::lock_guard lock(mutex_);
                if (broken_ || written_ >= total() || !slots_[written_].ready) break;
                run = written_;
            }
            try {
                write(run);
            } catch (...) {
                std::lock_guard lock(mutex_);
                broken_ = std::current_exception();
                break;
            }
            {
                std::lock_guard lock(mutex_);
                ++written_;
            }
            changed_.notify_all();
        }
        turn.unlock();
        changed_.notify_all();  // lanes waiting for room see a broken experiment too
        std::lock_guard lock(mutex_);
        if (broken_ || written_ >= total() || !slots_[written_].ready) return;
    }
}

}  // namespace memchain::model
