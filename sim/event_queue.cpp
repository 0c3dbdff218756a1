#include "sim/event_queue.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <limits>

namespace memchain::sim {

namespace {

// Min-heap on rank for std::push_heap/pop_heap (which build max-heaps).
struct LaterRank {
    template <class E>
    bool operator()(const E& a, const E& b) const {
        return a.rank > b.rank;
    }
};

constexpr std::uint64_t rank_of(std::int16_t priority, std::uint64_t sequence) {
    const auto shifted = static_cast<std::uint64_t>(static_cast<std::int32_t>(priority) + 32768);
    return shifted << 48 | (sequence & ((std::uint64_t{1} << 48) - 1));
}

}  // namespace

int EventQueue::bucket_of(std::int64_t time) const {
    const auto diff = static_cast<std::uint64_t>(time) ^ static_cast<std::uint64_t>(last_);
    return diff == 0 ? 0 : 64 - std::countl_zero(diff);
}

void EventQueue::push_current(const Entry& e) {
    auto& heap = buckets_[0];
    heap.push_back(e);
    std::push_heap(heap.begin(), heap.end(), LaterRank{});
}

void EventQueue::place(const Entry& e) {
    const int b = bucket_of(e.time);
    if (b == 0) {
        push_current(e);
        return;
    }
    buckets_[b].push_back(e);
    nonempty_ |= std::uint64_t{1} << (b - 1);
}

EventId EventQueue::push(const Event& ev) {
    assert(ev.time.ticks() >= last_ && "event scheduled before the current time");
    assert(ev.target < max_targets && "handler id out of range");
    std::uint32_t slot;
    if (free_slots_.empty()) {
        slot = static_cast<std::uint32_t>(slots_.size());
        slots_.emplace_back();
    } else {
        slot = free_slots_.back();
        free_slots_.pop_back();
    }
    place(Entry{ev.time.ticks(), rank_of(ev.priority, sequence_++), ev.arg,
                ev.target << 8 | ev.kind, slot});
    ++live_;
    return EventId{slot, slots_[slot].generation};
}

bool EventQueue::cancel(EventId id) {
    if (id.slot >= slots_.size()) return false;
    SlotState& s = slots_[id.slot];
    if (s.generation != id.generation || s.cancelled) return false;
    s.cancelled = true;
    --live_;
    return true;
}

int EventQueue::lowest_bucket() const {
    return std::countr_zero(nonempty_) + 1;
}

std::int64_t EventQueue::min_time_in(int bucket) const {
    std::int64_t m = std::numeric_limits<std::int64_t>::max();
    for (const Entry& e : buckets_[bucket]) m = std::min(m, e.time);
    return m;
}

void EventQueue::refill_current(int bucket, std::int64_t min_time) {
    last_ = min_time;
    std::vector<Entry>& from = buckets_[bucket];
    nonempty_ &= ~(std::uint64_t{1} << (bucket - 1));
    // Every entry lands in a lower bucket than `bucket` (the radix heap invariant), so `from`
    // is not appended to while it is read.
    for (const Entry& e : from) place(e);
    from.clear();
}

bool EventQueue::pop_until(Time limit, Event& out) {
    for (;;) {
        auto& current = buckets_[0];
        if (current.empty()) {
            if (nonempty_ == 0) return false;
            const int b = lowest_bucket();
            const std::int64_t m = min_time_in(b);
            if (m > limit.ticks()) return false;
            refill_current(b, m);
        } else if (last_ > limit.ticks()) {
            return false;
        }
        std::pop_heap(current.begin(), current.end(), LaterRank{});
        const Entry e = current.back();
        current.pop_back();
        SlotState& s = slots_[e.slot];
        const bool was_cancelled = s.cancelled;
        ++s.generation;
        s.cancelled = false;
        free_slots_.push_back(e.slot);
        if (was_cancelled) continue;
        --live_;
        out.time = Time::from_ticks(e.time);
        out.target = e.target_kind >> 8;
        out.kind = static_cast<std::uint8_t>(e.target_kind & 0xffu);
        out.priority = static_cast<std::int16_t>(static_cast<std::int64_t>(e.rank >> 48) - 32768);
        out.arg = e.arg;
        return true;
    }
}

Time EventQueue::next_time() const {
    // Cancelled entries still count here: the answer may be early, never late.
    if (!buckets_[0].empty()) return Time::from_ticks(last_);
    if (nonempty_ == 0) return Time::max();
    return Time::from_ticks(min_time_in(lowest_bucket()));
}

void EventQueue::clear() {
    for (auto& b : buckets_) b.clear();
    nonempty_ = 0;
    last_ = 0;
    live_ = 0;
    free_slots_.clear();
    for (std::uint32_t i = 0; i < slots_.size(); ++i) {
        ++slots_[i].generation;
        slots_[i].cancelled = false;
        free_slots_.push_back(static_cast<std::uint32_t>(slots_.size() - 1 - i));
    }
}

}  // namespace memchain::sim
