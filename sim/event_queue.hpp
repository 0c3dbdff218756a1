#pragma once
// The pending event set: events ordered totally by (time, priority, insertion sequence), with
// cancellation, and no heap allocation per event once its buffers have grown to the run's size.

#include <array>
#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace memchain::sim {

// A scheduled event as its handler sees it: small ids only; the component that handles it owns
// the data.
struct Event {
    Time time;
    std::uint32_t target = 0;   // handler id, as returned by Kernel::add_handler
    std::uint8_t kind = 0;      // the handler's own event kind (an enum of its own)
    std::int16_t priority = 0;  // at equal times, lower runs first
    std::uint64_t arg = 0;      // an id the handler understands (lot, order, ...)
};

// Names one scheduled event so that it can be cancelled. Stale ids (the event already ran or
// was cancelled) are recognised and ignored.
struct EventId {
    std::uint32_t slot = 0;
    std::uint32_t generation = 0;
    friend bool operator==(EventId, EventId) = default;
};

// A radix heap on integer time (event times never go below the last popped time, so a
// monotone integer priority queue applies), with a binary heap on (priority, sequence) for the
// events at the current time. Push is O(1); pop is amortised O(log of the time spread).
// Cancelled events are dropped lazily when they reach the front.
class EventQueue {
public:
    static constexpr std::uint32_t max_targets = 1u << 24;

    EventQueue() = default;

    // Adds an event; `ev.time` must not be earlier than the last popped event's time.
    EventId push(const Event& ev);
    // Marks a pending event cancelled; false if it already ran, was cancelled, or never existed.
    bool cancel(EventId id);
    // Pops the first event if its time is at or before `limit`; false if there is none.
    bool pop_until(Time limit, Event& out);

    [[nodiscard]] std::size_t size() const { return live_; }
    [[nodiscard]] bool empty() const { return live_ == 0; }
    // Time of the earliest pending event (Time::max() when empty). Costs a scan of one bucket.
    [[nodiscard]] Time next_time() const;
    // Drops every pending event and resets the clock floor to zero.
    void clear();

private:
    struct Entry {
        std::int64_t time;
        std::uint64_t rank;  // (priority + 2^15) << 48 | sequence
        std::uint64_t arg;
        std::uint32_t target_kind;  // target << 8 | kind
        std::uint32_t slot;
    };
    struct SlotState {
        std::uint32_t generation = 0;
        bool cancelled = false;
    };
    static constexpr int bucket_count = 65;

    [[nodiscard]] int bucket_of(std::int64_t time) const;
    void place(const Entry& e);
    void push_current(const Entry& e);
    void refill_current(int bucket, std::int64_t min_time);
    [[nodiscard]] int lowest_bucket() const;
    [[nodiscard]] std::int64_t min_time_in(int bucket) const;

    std::array<std::vector<Entry>, bucket_count> buckets_{};  // [0]: a heap at time last_
    std::uint64_t nonempty_ = 0;                              // bit b-1 set: bucket b non-empty
    std::int64_t last_ = 0;
    std::uint64_t sequence_ = 0;
    std::size_t live_ = 0;
    std::vector<SlotState> slots_;
    std::vector<std::uint32_t> free_slots_;
};

}  // namespace memchain::sim
