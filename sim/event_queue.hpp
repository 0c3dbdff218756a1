#pragma once
// The pending event set: events ordered totally by (time, priority, insertion sequence), with
// cancellation for the events pushed as cancellable, and no heap allocation per event once its
// buffers have grown to the run's size.

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <limits>
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
// events at the current time. Push is O(1); pop is amortised O(log of the time spread), and an
// event alone in its bucket leaves without being moved. While no more than `few` entries are
// held (a model with a handful of pending events, M/M/1's two), they sit in a small sorted
// array instead, which a push enters by a few comparisons and a pop leaves from the front; the
// radix heap takes over for good when a push would overflow it (a model that once held more
// holds more again, and a check on every pop for the way back would cost the large ones). Both
// give the same total order, so which one holds an event never changes when it runs. Push and pop
// are inline so that the kernel's loop compiles to one body. Cancelled events are dropped lazily
// when they reach the front.
class EventQueue {
public:
    static constexpr std::uint32_t max_targets = 1u << 24;

    EventQueue() { bucket_min_.fill(no_time); }

    // Adds an event that cannot be cancelled; `ev.time` must not be earlier than the last
    // popped event's time, nor than the limit of a pop_until that found nothing due (the
    // kernel's clock moves there). It takes no slot, so popping it touches no stamp: most events
    // are never cancelled, and a slot's stamp is a cold cache line by the time its event runs.
    void push(const Event& ev) {
        place_new(ev, no_slot);
        ++live_;
    }
    // Adds an event that cancel() can remove, ordered exactly as push() would order it.
    [[nodiscard]] EventId push_cancellable(const Event& ev) {
        const std::uint32_t slot = take_slot();
        place_new(ev, slot);
        ++live_;
        return EventId{slot, stamps_[slot] >> 1};
    }
    // Marks a pending event cancelled; false if it already ran, was cancelled, or never existed.
    bool cancel(EventId id);
    // Pops the first event if its time is at or before `limit`; false if there is none.
    bool pop_until(Time limit, Event& out) {
        for (;;) {
            Entry e;
            if (!spilled_) {
                if (few_count_ == 0 || few_[0].time > limit.ticks()) return false;
                e = pop_few();
            } else if (!buckets_[0].empty()) {
                if (last_ > limit.ticks()) return false;
                e = pop_current();
            } else if (!pop_lone(limit.ticks(), e) && !pop_from_lowest_bucket(limit.ticks(), e)) {
                return false;
            }
            if (e.slot != no_slot && release_slot(e.slot)) continue;  // it was cancelled
            --live_;
            handed_ = e.time;
            out.time = Time::from_ticks(e.time);
            out.target = e.target_kind >> 8;
            out.kind = static_cast<std::uint8_t>(e.target_kind & 0xffu);
            out.priority =
                static_cast<std::int16_t>(static_cast<std::int64_t>(e.rank >> 48) - 32768);
            out.arg = e.arg;
            return true;
        }
    }

    [[nodiscard]] std::size_t size() const { return live_; }
    [[nodiscard]] bool empty() const { return live_ == 0; }
    // Time of the earliest pending event (Time::max() when empty), kept per bucket: O(1).
    [[nodiscard]] Time next_time() const;
    // Drops every pending event and resets the clock floor to zero.
    void clear();

private:
    // An entry holds everything the loop hands out (32 bytes, two to a cache line), so that
    // popping it reads only its slot's stamp besides: an event that waited long has a cold
    // slot, and four-byte stamps keep sixteen slots to a line.
    struct Entry {
        std::int64_t time;
        std::uint64_t rank;  // (priority + 2^15) << 48 | sequence
        std::uint64_t arg;
        std::uint32_t slot;
        std::uint32_t target_kind;  // target << 8 | kind
    };
    static constexpr int bucket_count = 65;
    // Entry::slot of an event pushed without one (it cannot be cancelled).
    static constexpr std::uint32_t no_slot = 0xffffffffu;
    // bucket_min_ of an empty bucket.
    static constexpr std::int64_t no_time = std::numeric_limits<std::int64_t>::max();

    static constexpr std::uint64_t rank_of(std::int16_t priority, std::uint64_t sequence) {
        const auto shifted =
            static_cast<std::uint64_t>(static_cast<std::int32_t>(priority) + 32768);
        return shifted << 48 | (sequence & ((std::uint64_t{1} << 48) - 1));
    }
    void place_new(const Event& ev, std::uint32_t slot) {
        assert(ev.time.ticks() >= (spilled_ ? last_ : handed_) &&
               "event scheduled before the current time");
        assert(ev.target < max_targets && "handler id out of range");
        const Entry e{ev.time.ticks(), rank_of(ev.priority, sequence_++), ev.arg, slot,
                      ev.target << 8 | ev.kind};
        if (spilled_)
            place(e);
        else
            push_few_or_spill(e);
    }
    // Into the small array, or, when it is full, all of it and `e` into the radix heap.
    void push_few_or_spill(const Entry& e);
    // (time, rank) order, the queue's total order.
    static bool earlier(const Entry& a, const Entry& b) {
        return a.time < b.time || (a.time == b.time && a.rank < b.rank);
    }
    // Into the sorted small array, after every entry not later than it.
    void push_few(const Entry& e) {
        std::uint32_t i = few_count_++;
        for (; i > 0 && earlier(e, few_[i - 1]); --i) few_[i] = few_[i - 1];
        few_[i] = e;
    }
    [[nodiscard]] Entry pop_few() {
        const Entry e = few_[0];
        --few_count_;
        for (std::uint32_t i = 0; i < few_count_; ++i) few_[i] = few_[i + 1];
        return e;
    }
    // The small array is full: its entries move to the radix heap, which holds everything from
    // then on. The heap's floor is the last time handed out, which no later push may precede
    // (a cancelled entry dropped since may have been later).
    void spill();
    std::uint32_t take_slot() {
        if (free_slots_.empty()) {
            stamps_.push_back(0);
            return static_cast<std::uint32_t>(stamps_.size() - 1);
        }
        const std::uint32_t slot = free_slots_.back();
        free_slots_.pop_back();
        return slot;
    }
    // Frees the slot of a popped entry for reuse, a generation on; true if it was cancelled.
    bool release_slot(std::uint32_t slot) {
        std::uint32_t& stamp = stamps_[slot];
        const bool was_cancelled = (stamp & 1u) != 0;
        stamp = (stamp | 1u) + 1u;  // the next generation, not cancelled
        free_slots_.push_back(slot);
        return was_cancelled;
    }
    [[nodiscard]] int bucket_of(std::int64_t time) const {
        // The bit width of diff, without a branch on diff == 0 (a coin toss when two pending
        // events share a bucket): diff | 1 has the same top bit unless diff is 0.
        const auto diff = static_cast<std::uint64_t>(time) ^ static_cast<std::uint64_t>(last_);
        return 63 - std::countl_zero(diff | 1u) + static_cast<int>(diff != 0);
    }
    void place(const Entry& e) {
        const int b = bucket_of(e.time);
        if (b == 0) {
            push_current(e);
            return;
        }
        const std::uint64_t bit = std::uint64_t{1} << (b - 1);
        // Which of two pending times is earlier is a coin toss in a model like M/M/1: a select,
        // not a branch, keeps the minimum (an empty bucket's minimum is the largest time).
        bucket_min_[b] = std::min(bucket_min_[b], e.time);
        buckets_[b].push_back(e);
        nonempty_ |= bit;
    }
    // The lowest non-empty bucket holds the earliest pending time: its entries share every bit
    // above b-1 with last_ and have a 0 where every higher bucket's entries have a 1. A lone
    // entry there is the first event, alone at its time: it leaves without being moved through
    // the buckets below (the usual case in a model with few pending events). False, touching
    // nothing, when the bucket holds more than one entry or nothing is due by `limit`.
    bool pop_lone(std::int64_t limit, Entry& out) {
        if (nonempty_ == 0) return false;
        const int b = std::countr_zero(nonempty_) + 1;
        std::vector<Entry>& from = buckets_[b];
        if (from.size() != 1 || from.front().time > limit) return false;
        out = from.front();
        from.clear();
        bucket_min_[b] = no_time;
        nonempty_ &= ~(std::uint64_t{1} << (b - 1));
        last_ = out.time;
        return true;
    }
    // The heap at the current time; an event alone at its time (the usual case) skips it.
    void push_current(const Entry& e) {
        std::vector<Entry>& heap = buckets_[0];
        heap.push_back(e);
        if (heap.size() > 1) sift_up_current();
    }
    void sift_up_current();
    [[nodiscard]] Entry pop_current() {
        if (buckets_[0].size() == 1) {
            const Entry e = buckets_[0].back();
            buckets_[0].pop_back();
            return e;
        }
        return pop_current_heap();
    }
    [[nodiscard]] Entry pop_current_heap();
    bool pop_from_lowest_bucket(std::int64_t limit, Entry& out);
    [[nodiscard]] int lowest_bucket() const;

    std::array<std::vector<Entry>, bucket_count> buckets_{};  // [0]: a heap at time last_
    std::uint64_t nonempty_ = 0;                              // bit b-1 set: bucket b non-empty
    std::array<std::int64_t, bucket_count> bucket_min_{};     // earliest time in b, or no_time
    std::int64_t last_ = 0;    // the radix heap's floor: no entry in it is earlier
    std::int64_t handed_ = 0;  // the time of the last event pop_until handed out
    std::uint64_t sequence_ = 0;
    std::size_t live_ = 0;
    std::vector<std::uint32_t> stamps_;  // per slot: generation << 1 | cancelled
    std::vector<std::uint32_t> free_slots_;
    bool spilled_ = false;  // the radix heap holds every entry, few_ none, from now on
    // At most this many entries are held in few_ instead of the radix heap.
    static constexpr std::uint32_t few = 4;
    std::uint32_t few_count_ = 0;
    std::array<Entry, few> few_{};  // sorted by (time, rank) while !spilled_
};

}  // namespace memchain::sim
