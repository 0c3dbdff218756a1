#include "model/experiment/executor.hpp"

#include <algorithm>
#include <exception>

#include "model/engine/replication.hpp"

namespace memchain::model {

FinishedRun simulate_run(const ExperimentSpec& spec, std::size_t run, const std::atomic<bool>* stop,
                         const std::function<void(std::uint64_t)>& events) {
    const std::size_t reps = static_cast<std::size_t>(std::max(1, spec.replications));
    FinishedRun finished;
    try {
        Replication model(*spec.variants[run / reps].scenario, spec.seed,
                          static_cast<int>(run % reps));
        RunControl control;
        control.stop = stop;
        // A measure reads the run's node samples, which only a recording run keeps.
        control.record = spec.record || static_cast<bool>(spec.measure);
        // Always set: a run with a progress callback schedules progress events, which count
        // in runs.events, so every run gets one whether anyone listens or not.
        control.progress = [&](double, std::uint64_t n) {
            if (events) events(n);
        };
        *finished.result = model.run(control);
        finished.status = model.was_stopped() ? RunStatus::Interrupted : RunStatus::Completed;
        if (spec.measure && finished.status == RunStatus::Completed)
            finished.measures = spec.measure(*finished.result);
    } catch (const std::exception& e) {
        finished.status = RunStatus::Failed;
        finished.error = e.what();
    }
    return finished;
}

ThreadExecutor::ThreadExecutor(const ExperimentSpec& spec, const std::atomic<bool>* stop,
                               int threads)
    : spec_(spec),
      stop_(stop),
      threads_(std::max(1, threads)),
      running_events_(static_cast<std::size_t>(threads_)) {}

ThreadExecutor::~ThreadExecutor() {
    join();
}

void ThreadExecutor::start(RunSource& source) {
    for (std::size_t i = 0; i < static_cast<std::size_t>(threads_); ++i)
        pool_.emplace_back([this, &source, i] { lane(source, i); });
}

void ThreadExecutor::join() {
    for (auto& t : pool_) t.join();
    pool_.clear();
}

std::uint64_t ThreadExecutor::running_events() const {
    std::uint64_t n = 0;
    for (const auto& e : running_events_) n += e.load(std::memory_order_relaxed);
    return n;
}

void ThreadExecutor::lane(RunSource& source, std::size_t index) {
    auto& events = running_events_[index];
    while (const auto run = source.take()) {
        FinishedRun finished = simulate_run(spec_, *run, stop_, [&](std::uint64_t n) {
            events.store(n, std::memory_order_relaxed);
        });
        events.store(0, std::memory_order_relaxed);
        source.deliver(*run, std::move(finished));
    }
}

}  // namespace memchain::model
