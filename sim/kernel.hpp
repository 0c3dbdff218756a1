#pragma once
// The simulation clock and event loop: components register as handlers, schedule small events
// at absolute or relative times, and the kernel dispatches them in (time, priority, sequence)
// order.

#include <cassert>
#include <cstdint>
#include <vector>

#include "sim/event_queue.hpp"
#include "sim/time.hpp"

namespace memchain::sim {

class Kernel;

// Anything that receives events. Implementations switch on `ev.kind` and keep their own data;
// the kernel does not own handlers, which must outlive the runs that dispatch to them.
class EventHandler {
public:
    virtual ~EventHandler() = default;
    virtual void handle(Kernel& kernel, const Event& ev) = 0;
};

using HandlerId = std::uint32_t;

class Kernel {
public:
    Kernel() = default;
    Kernel(const Kernel&) = delete;
    Kernel& operator=(const Kernel&) = delete;

    HandlerId add_handler(EventHandler& handler);

    [[nodiscard]] Time now() const { return now_; }

    // Scheduling in the past is a bug (asserted); `at == now()` runs after the current event.
    void schedule_at(Time at, HandlerId target, std::uint8_t kind, std::uint64_t arg = 0,
                     std::int16_t priority = 0) {
        queue_.push(checked(Event{at, target, kind, priority, arg}));
    }
    void schedule_in(Duration delay, HandlerId target, std::uint8_t kind, std::uint64_t arg = 0,
                     std::int16_t priority = 0) {
        schedule_at(now_ + delay, target, kind, arg, priority);
    }
    // As schedule_at/schedule_in (the same order among all events), for an event that may be
    // cancelled: only these pay for the bookkeeping cancel() needs.
    [[nodiscard]] EventId schedule_cancellable_at(Time at, HandlerId target, std::uint8_t kind,
                                                  std::uint64_t arg = 0,
                                                  std::int16_t priority = 0) {
        return queue_.push_cancellable(checked(Event{at, target, kind, priority, arg}));
    }
    [[nodiscard]] EventId schedule_cancellable_in(Duration delay, HandlerId target,
                                                  std::uint8_t kind, std::uint64_t arg = 0,
                                                  std::int16_t priority = 0) {
        return schedule_cancellable_at(now_ + delay, target, kind, arg, priority);
    }
    bool cancel(EventId id) { return queue_.cancel(id); }

    // Runs events with time <= `until`, then sets the clock to `until` (unless stopped first).
    void run_until(Time until);
    // run_until in slices: at most `max_events` events, then back to the caller, which may
    // look at the wall clock or its memory and call again. True when the run is over (nothing
    // left up to `until`, the clock then at `until`, or stop() called), false when the slice
    // ran out first.
    bool run_slice(Time until, std::uint64_t max_events);
    // Runs until no event is pending or stop() is called.
    void run() { run_until(Time::max()); }
    // Ends the current run_until/run after the event being handled.
    void stop() { stopped_ = true; }
    [[nodiscard]] bool stopped() const { return stopped_; }

    [[nodiscard]] std::uint64_t events_handled() const { return events_handled_; }
    [[nodiscard]] std::size_t pending() const { return queue_.size(); }
    [[nodiscard]] Time next_event_time() const { return queue_.next_time(); }

    // A running hash of every dispatched event (time, target, kind, priority, arg): two runs
    // that process the same events in the same order have the same hash. Off by default.
    void enable_trace_hash(bool on) { trace_hash_on_ = on; }
    [[nodiscard]] std::uint64_t trace_hash() const { return trace_hash_; }

private:
    [[nodiscard]] const Event& checked(const Event& ev) const {
        assert(ev.time >= now_ && "event scheduled in the past");
        assert(ev.target < handlers_.size() && "unknown handler");
        return ev;
    }
    void mix_into_trace(const Event& ev);

    EventQueue queue_;
    std::vector<EventHandler*> handlers_;
    Time now_ = Time::zero();
    std::uint64_t events_handled_ = 0;
    bool stopped_ = false;
    bool trace_hash_on_ = false;
    std::uint64_t trace_hash_ = 0xcbf29ce484222325ull;
};

}  // namespace memchain::sim
