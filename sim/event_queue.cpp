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

}  // namespace

void EventQueue::sift_up_current() {
    auto& heap = buckets_[0];
    std::push_heap(heap.begin(), heap.end(), LaterRank{});
}

EventQueue::Entry EventQueue::pop_current_heap() {
    auto& heap = buckets_[0];
    std::pop_heap(heap.begin(), heap.end(), LaterRank{});
    const Entry e = heap.back();
    heap.pop_back();
    return e;
}

bool EventQueue::cancel(EventId id) {
    if (id.slot >= stamps_.size()) return false;
    std::uint32_t& stamp = stamps_[id.slot];
    if (stamp != id.generation << 1) return false;  // another generation, or cancelled
    stamp |= 1u;
    --live_;
    return true;
}

int EventQueue::lowest_bucket() const {
    return std::countr_zero(nonempty_) + 1;
}

bool EventQueue::pop_from_lowest_bucket(std::int64_t limit, Entry& out) {
    if (nonempty_ == 0) return false;
    const int b = lowest_bucket();
    std::vector<Entry>& from = buckets_[b];
    const std::int64_t m = bucket_min_[b];
    if (m > limit) return false;
    last_ = m;
    nonempty_ &= ~(std::uint64_t{1} << (b - 1));
    bucket_min_[b] = no_time;
    // Two entries at different times (the usual case besides a lone entry, which pop_lone
    // takes, in a model with few pending events): the earlier leaves at once and the later one
    // moves straight to its bucket below, never bucket 0 as it is later than the new last_.
    // Which of the two is earlier is a coin toss there, so it is picked by index, not a branch.
    if (from.size() == 2 && from[0].time != from[1].time) {
        const std::size_t earlier = static_cast<std::size_t>(from[1].time < from[0].time);
        out = from[earlier];
        const Entry later = from[1 - earlier];
        from.clear();
        place(later);
        return true;
    }
    // Every entry lands in a lower bucket than `b` (the radix heap invariant), so `from` is not
    // appended to while it is read.
    for (const Entry& e : from) place(e);
    from.clear();
    out = pop_current();
    return true;
}

void EventQueue::push_few_or_spill(const Entry& e) {
    if (few_count_ < few) {
        push_few(e);
        return;
    }
    spill();
    place(e);
}

void EventQueue::spill() {
    spilled_ = true;
    last_ = handed_;
    for (std::uint32_t i = 0; i < few_count_; ++i) place(few_[i]);
    few_count_ = 0;
}

Time EventQueue::next_time() const {
    // Cancelled entries still count here: the answer may be early, never late.
    if (!spilled_) return few_count_ == 0 ? Time::max() : Time::from_ticks(few_[0].time);
    if (!buckets_[0].empty()) return Time::from_ticks(last_);
    if (nonempty_ == 0) return Time::max();
    return Time::from_ticks(bucket_min_[lowest_bucket()]);
}

void EventQueue::clear() {
    few_count_ = 0;
    spilled_ = false;
    for (auto& b : buckets_) b.clear();
    bucket_min_.fill(no_time);
    nonempty_ = 0;
    last_ = 0;
    handed_ = 0;
    live_ = 0;
    free_slots_.clear();
    for (std::uint32_t i = 0; i < stamps_.size(); ++i) {
        stamps_[i] = (stamps_[i] | 1u) + 1u;
        free_slots_.push_back(static_cast<std::uint32_t>(stamps_.size() - 1 - i));
    }
}

}  // namespace memchain::sim
