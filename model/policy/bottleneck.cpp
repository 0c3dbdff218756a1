#include "model/policy/bottleneck.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <numeric>
#include <utility>

namespace memchain::model {

namespace {

struct Span {
    sim::Time start;
    sim::Time end;
    [[nodiscard]] bool empty() const { return !(start < end); }
};

Span overlap(const ActivePeriod& a, const ActivePeriod& b) {
    return {std::max(a.start, b.start), std::min(a.end, b.end)};
}

double share(std::int64_t ticks, sim::Time start, sim::Time end) {
    const std::int64_t length = (end - start).ticks();
    if (length <= 0) return 0.0;
    return static_cast<double>(ticks) / static_cast<double>(length);
}

// A binary max-heap over node ids holding each node's latest started period, keyed by
// (period length, lower node first), with a position index so that a node's new period
// replaces its old one in place. It never holds more entries than there are nodes.
class LatestPeriodHeap {
public:
    struct Entry {
        sim::Duration length;
        sim::Time end;
        std::size_t period = 0;
    };

    explicit LatestPeriodHeap(std::size_t nodes) : entries_(nodes), position_(nodes, absent) {
        heap_.reserve(nodes);
    }

    [[nodiscard]] bool empty() const { return heap_.empty(); }
    [[nodiscard]] int top_node() const { return heap_.front(); }
    [[nodiscard]] const Entry& top() const { return entries_[index(heap_.front())]; }

    void set(int node, const Entry& e) {
        entries_[index(node)] = e;
        std::size_t& at = position_[index(node)];
        if (at == absent) {
            at = heap_.size();
            heap_.push_back(node);
        }
        sift_down(sift_up(at));
    }

    void pop() {
        position_[index(heap_.front())] = absent;
        heap_.front() = heap_.back();
        heap_.pop_back();
        if (heap_.empty()) return;
        position_[index(heap_.front())] = 0;
        sift_down(0);
    }

private:
    static constexpr std::size_t absent = static_cast<std::size_t>(-1);
    static std::size_t index(int node) { return static_cast<std::size_t>(node); }

    [[nodiscard]] bool above(int a, int b) const {
        const sim::Duration la = entries_[index(a)].length;
        const sim::Duration lb = entries_[index(b)].length;
        return la != lb ? la > lb : a < b;
    }
    void place(std::size_t at, int node) {
        heap_[at] = node;
        position_[index(node)] = at;
    }
    std::size_t sift_up(std::size_t at) {
        const int node = heap_[at];
        while (at > 0) {
            const std::size_t parent = (at - 1) / 2;
            if (!above(node, heap_[parent])) break;
            place(at, heap_[parent]);
            at = parent;
        }
        place(at, node);
        return at;
    }
    void sift_down(std::size_t at) {
        const int node = heap_[at];
        const std::size_t size = heap_.size();
        for (;;) {
            std::size_t best = 2 * at + 1;
            if (best >= size) break;
            if (best + 1 < size && above(heap_[best + 1], heap_[best])) ++best;
            if (!above(heap_[best], node)) break;
            place(at, heap_[best]);
            at = best;
        }
        place(at, node);
    }

    std::vector<Entry> entries_;
    std::vector<std::size_t> position_;
    std::vector<int> heap_;
};

}  // namespace

BottleneckDetector::BottleneckDetector(int node_count, sim::Duration merge_gap, sim::Time start)
    : node_count_(node_count),
      merge_gap_(merge_gap),
      start_(start),
      share_start_(start),
      end_(start),
      last_call_(start),
      state_(static_cast<std::size_t>(node_count)) {
    assert(node_count >= 0 && "node count is negative");
    assert(merge_gap >= sim::Duration::zero() && "merge gap is negative");
}

void BottleneckDetector::set_active(int node, bool active, sim::Time t) {
    assert(!finished_ && "set_active after finish");
    assert(node >= 0 && node < node_count_ && "node out of range");
    assert(t >= last_call_ && "state changes out of time order");
    last_call_ = t;
    NodeState& s = state_[static_cast<std::size_t>(node)];
    if (s.active == active) return;
    s.active = active;
    if (!active) {
        s.inactive_since = t;
        return;
    }
    if (s.has_open) {
        const sim::Duration gap = t - s.inactive_since;
        if (gap == sim::Duration::zero() || gap < merge_gap_) return;  // bridged
        close_period(node, s.inactive_since);
    }
    s.has_open = true;
    s.open_start = t;
    s.opened = opened_.size();
    opened_.push_back(node);
}

void BottleneckDetector::close_period(int node, sim::Time end) {
    NodeState& s = state_[static_cast<std::size_t>(node)];
    // A node that went active and inactive at the same instant never worked: no period.
    if (s.open_start < end)
        periods_.push_back({node, s.open_start, end});
    else
        opened_[s.opened] = -1;
    s.has_open = false;
}

void BottleneckDetector::count_shares_from(sim::Time from) {
    assert(!finished_ && "count_shares_from after finish");
    assert(from >= start_ && "shares counted from before the start");
    share_start_ = from;
}

BottleneckDetector BottleneckDetector::restricted_to(std::span<const int> nodes) const {
    assert(!finished_ && "restricted_to after finish");
    BottleneckDetector out(static_cast<int>(nodes.size()), merge_gap_, start_);
    out.share_start_ = share_start_;
    out.last_call_ = last_call_;
    std::vector<int> local(state_.size(), -1);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const auto node = static_cast<std::size_t>(nodes[i]);
        assert(nodes[i] >= 0 && nodes[i] < node_count_ && "node out of range");
        assert(local[node] < 0 && "a node listed twice");
        local[node] = static_cast<int>(i);
        out.state_[i] = state_[node];
    }
    // The openings of those nodes in the order they happened; one that closed without length
    // is left out (the sweep skips it), and an open period points at its new place.
    for (std::size_t j = 0; j < opened_.size(); ++j) {
        if (opened_[j] < 0) continue;
        const auto node = static_cast<std::size_t>(opened_[j]);
        const int l = local[node];
        if (l < 0) continue;
        if (state_[node].has_open && state_[node].opened == j)
            out.state_[static_cast<std::size_t>(l)].opened = out.opened_.size();
        out.opened_.push_back(l);
    }
    for (const ActivePeriod& p : periods_) {
        const int l = local[static_cast<std::size_t>(p.node)];
        if (l >= 0) out.periods_.push_back({l, p.start, p.end});
    }
    return out;
}

void BottleneckDetector::finish(sim::Time end) {
    assert(!finished_ && "finish called twice");
    assert(end >= last_call_ && "finish before the last state change");
    end_ = end;
    for (int node = 0; node < node_count_; ++node) {
        const NodeState& s = state_[static_cast<std::size_t>(node)];
        if (s.has_open) close_period(node, s.active ? end : s.inactive_since);
    }
    // Each node's periods were emitted in time order, so a stable counting sort by node
    // orders them by (node, start).
    first_period_.assign(static_cast<std::size_t>(node_count_) + 1, 0);
    for (const ActivePeriod& p : periods_) ++first_period_[static_cast<std::size_t>(p.node) + 1];
    std::partial_sum(first_period_.begin(), first_period_.end(), first_period_.begin());
    std::vector<ActivePeriod> by_node(periods_.size());
    std::vector<std::size_t> fill(first_period_.begin(), first_period_.end() - 1);
    for (const ActivePeriod& p : periods_) by_node[fill[static_cast<std::size_t>(p.node)]++] = p;
    periods_ = std::move(by_node);

    sweep();
    classify();
    tally();
    finished_ = true;
}

// Sweeps the period starts in time order, keeping each node's latest period in a heap keyed
// by (length, lower node first). Only a start or the end of the top period can change the
// momentary bottleneck (a period ending below the top leaves the top on top), so a period
// that ended below the top is dropped when it surfaces or when its node starts a new one.
void BottleneckDetector::sweep() {
    struct Start {
        sim::Time start;
        int node;
        std::size_t period;
    };
    // The starts in (start, node) order: periods opened in time order, and a node's periods
    // sit in periods_ in that same order, so only starts at one instant need ordering by node.
    const std::size_t count = periods_.size();
    std::vector<Start> starts;
    starts.reserve(count);
    std::vector<std::size_t> next_of_node(first_period_.begin(), first_period_.end() - 1);
    for (const int node : opened_) {
        if (node < 0) continue;
        const std::size_t i = next_of_node[static_cast<std::size_t>(node)]++;
        starts.push_back({periods_[i].start, node, i});
    }
    assert(starts.size() == count && "every period was opened once");
    for (std::size_t i = 1; i < count; ++i) {
        const Start s = starts[i];
        std::size_t j = i;
        for (; j > 0 && starts[j - 1].start == s.start && starts[j - 1].node > s.node; --j)
            starts[j] = starts[j - 1];
        starts[j] = s;
    }

    LatestPeriodHeap heap(static_cast<std::size_t>(node_count_));
    momentary_.clear();
    momentary_period_.clear();
    bool open = false;
    const auto close_run = [&](sim::Time at) {
        if (!open) return;
        momentary_.back().end = at;
        open = false;
    };

    std::size_t next = 0;
    sim::Time t = count ? starts[0].start : start_;
    while (next < count || !heap.empty()) {
        for (; next < count && starts[next].start <= t; ++next) {
            const ActivePeriod& p = periods_[starts[next].period];
            heap.set(p.node, {p.length(), p.end, starts[next].period});
        }
        while (!heap.empty() && heap.top().end <= t) heap.pop();
        if (heap.empty()) {
            close_run(t);
            if (next < count) t = starts[next].start;
            continue;
        }
        const std::size_t top = heap.top().period;
        if (!open || momentary_period_.back() != top) {
            close_run(t);
            momentary_.push_back({heap.top_node(), t, t});
            momentary_period_.push_back(top);
            open = true;
        }
        t = heap.top().end;
        if (next < count) t = std::min(t, starts[next].start);
    }

    shifts_.clear();
    std::optional<int> last;
    for (const MomentaryBottleneck& m : momentary_) {
        if (last && *last == m.node) continue;
        shifts_.push_back({m.start.to_days(), last, m.node});
        last = m.node;
    }
}

// Each momentary interval is the sole part of its node's bottleneck period once the overlaps
// with the neighbouring bottlenecks' active periods are cut away. An overlap can only be a
// prefix (previous) or a suffix (next) of the interval: the previous bottleneck's period
// contains the instant just before the interval starts, the next one's the instant it ends.
void BottleneckDetector::classify() {
    std::vector<BottleneckInterval> pieces;
    pieces.reserve(momentary_.size() * 3);
    const std::size_t runs = momentary_.size();
    for (std::size_t i = 0; i < runs; ++i) {
        const MomentaryBottleneck& m = momentary_[i];
        const ActivePeriod& period = periods_[momentary_period_[i]];
        sim::Time sole_start = m.start;
        sim::Time sole_end = m.end;
        if (i > 0) {
            const Span o = overlap(periods_[momentary_period_[i - 1]], period);
            if (!o.empty()) {
                pieces.push_back({m.node, o.start, o.end, true});
                sole_start = std::max(sole_start, o.end);
            }
        }
        if (i + 1 < runs) {
            const Span o = overlap(period, periods_[momentary_period_[i + 1]]);
            if (!o.empty()) {
                pieces.push_back({m.node, o.start, o.end, true});
                sole_end = std::min(sole_end, o.start);
            }
        }
        if (sole_start < sole_end) pieces.push_back({m.node, sole_start, sole_end, false});
    }

    // Merge touching or overlapping pieces of one node and kind (the two overlaps of one
    // bottleneck period may overlap each other).
    std::sort(pieces.begin(), pieces.end(),
              [](const BottleneckInterval& a, const BottleneckInterval& b) {
                  if (a.node != b.node) return a.node < b.node;
                  if (a.start != b.start) return a.start < b.start;
                  return a.shifting < b.shifting;
              });
    intervals_.clear();
    for (const BottleneckInterval& p : pieces) {
        if (!intervals_.empty()) {
            BottleneckInterval& last = intervals_.back();
            if (last.node == p.node && p.start <= last.end) {
                if (last.shifting == p.shifting) {
                    last.end = std::max(last.end, p.end);
                    continue;
                }
                assert(p.start == last.end && "sole and shifting periods of one node overlap");
            }
        }
        intervals_.push_back(p);
    }
    std::sort(intervals_.begin(), intervals_.end(),
              [](const BottleneckInterval& a, const BottleneckInterval& b) {
                  if (a.start != b.start) return a.start < b.start;
                  if (a.node != b.node) return a.node < b.node;
                  return a.shifting < b.shifting;
              });
}

void BottleneckDetector::tally() {
    const auto n = static_cast<std::size_t>(node_count_);
    sole_ticks_.assign(n, 0);
    shifting_ticks_.assign(n, 0);
    active_ticks_.assign(n, 0);
    // Only the part of each interval after share_start_ counts.
    const auto counted = [&](sim::Time from, sim::Time to) {
        return std::max<std::int64_t>(0, (to - std::max(from, share_start_)).ticks());
    };
    for (const BottleneckInterval& b : intervals_) {
        auto& ticks = b.shifting ? shifting_ticks_ : sole_ticks_;
        ticks[static_cast<std::size_t>(b.node)] += counted(b.start, b.end);
    }
    for (const ActivePeriod& p : periods_)
        active_ticks_[static_cast<std::size_t>(p.node)] += counted(p.start, p.end);
}

std::span<const ActivePeriod> BottleneckDetector::active_periods(int node) const {
    assert(finished_ && "results read before finish");
    assert(node >= 0 && node < node_count_ && "node out of range");
    const auto i = static_cast<std::size_t>(node);
    return std::span<const ActivePeriod>(periods_).subspan(first_period_[i],
                                                           first_period_[i + 1] - first_period_[i]);
}

std::optional<int> BottleneckDetector::bottleneck_at(sim::Time t) const {
    assert(finished_ && "results read before finish");
    const auto after =
        std::upper_bound(momentary_.begin(), momentary_.end(), t,
                         [](sim::Time at, const MomentaryBottleneck& m) { return at < m.start; });
    if (after == momentary_.begin()) return std::nullopt;
    const MomentaryBottleneck& m = *std::prev(after);
    if (t < m.end) return m.node;
    return std::nullopt;
}

std::vector<BottleneckPeriod> BottleneckDetector::bottleneck_periods() const {
    assert(finished_ && "results read before finish");
    std::vector<BottleneckPeriod> out;
    out.reserve(intervals_.size());
    for (const BottleneckInterval& b : intervals_)
        out.push_back({b.node, b.start.to_days(), b.end.to_days(), b.shifting});
    return out;
}

double BottleneckDetector::sole_share(int node) const {
    assert(finished_ && node >= 0 && node < node_count_ && "bad share query");
    return share(sole_ticks_[static_cast<std::size_t>(node)], share_start_, end_);
}

double BottleneckDetector::shifting_share(int node) const {
    assert(finished_ && node >= 0 && node < node_count_ && "bad share query");
    return share(shifting_ticks_[static_cast<std::size_t>(node)], share_start_, end_);
}

double BottleneckDetector::active_share(int node) const {
    assert(finished_ && node >= 0 && node < node_count_ && "bad share query");
    return share(active_ticks_[static_cast<std::size_t>(node)], share_start_, end_);
}

sim::Duration BottleneckDetector::mean_active_period(int node) const {
    const std::span<const ActivePeriod> periods = active_periods(node);
    if (periods.empty()) return sim::Duration::zero();
    std::int64_t total = 0;
    for (const ActivePeriod& p : periods) total += p.length().ticks();
    const auto count = periods.size();
    return sim::Duration::from_ticks(total / static_cast<std::int64_t>(count));
}

std::vector<std::pair<double, int>> BottleneckDetector::sequence(sim::Duration min_duration) const {
    assert(finished_ && "results read before finish");
    std::vector<std::pair<double, int>> out;
    for (const BottleneckInterval& b : intervals_) {
        if (b.shifting || !(b.end - b.start > min_duration)) continue;
        if (!out.empty() && out.back().second == b.node) continue;
        out.emplace_back(b.start.to_days(), b.node);
    }
    return out;
}

}  // namespace memchain::model
