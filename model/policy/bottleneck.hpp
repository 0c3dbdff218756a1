#pragma once
// Bottleneck detection by the active period method (Roser, Nakano & Tanaka, "A practical
// bottleneck detection method", WSC 2001, and "Shifting bottleneck detection", WSC 2002).
//
// Every resource node is, at each moment, either active (working at its full available
// capacity, or down) or inactive (starved or blocked). An active period is a maximal stretch of
// activity. At any instant the momentary bottleneck is, among the nodes active at that
// instant, the one whose active period containing the instant is the longest, measured over
// the period's whole duration (start to end, not just up to the instant); ties go to the lower
// node index, and there is no bottleneck while no node is active.
//
// A maximal interval during which one node is the momentary bottleneck is a bottleneck period
// of that node. Where the active period of that node overlaps the active period of the
// previous bottleneck (the one just before it) or of the next one, the overlap is a shifting
// bottleneck period for both nodes, even where one of them is not the momentary bottleneck;
// the rest of the bottleneck period is a sole bottleneck period.
//
// Merging: an inactive gap shorter than `merge_gap` between two active periods of the same
// node is bridged (a fab briefly waiting for its next lot is still the constraint), so the two
// periods and the gap count as one active period; a gap of `merge_gap` or longer ends the
// period. A gap of zero length (inactive and active again at the same instant) is always
// bridged, whatever `merge_gap`.
//
// Caveat: the method needs blocking to see a fast station as inactive. With unbounded buffers
// an upstream station never blocks, so it looks active as long as it has work and the method
// flags the head of a line whatever its speed. Bound the buffers (inventories, lanes) where
// the real system bounds them before reading the result.
//
// Use: the engine reports state changes with set_active() in non-decreasing time order (O(1)
// amortised, no allocation beyond amortised growth of one vector), then calls finish() once.
// finish() sorts the P active periods by start and sweeps them with a heap of one entry per
// node: O(P log P) time, O(P) memory. Every result accessor requires finish() to have run.
// A period still open at the end is cut there, and its length is measured to the end.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "model/result/run_result.hpp"
#include "sim/time.hpp"

namespace memchain::model {

// One (merged) active period of a node: [start, end).
struct ActivePeriod {
    int node = 0;
    sim::Time start;
    sim::Time end;
    [[nodiscard]] sim::Duration length() const { return end - start; }
    bool operator==(const ActivePeriod&) const = default;
};

// A maximal interval [start, end) during which `node` is the momentary bottleneck.
struct MomentaryBottleneck {
    int node = 0;
    sim::Time start;
    sim::Time end;
    bool operator==(const MomentaryBottleneck&) const = default;
};

// A sole or shifting bottleneck period in ticks: [start, end).
struct BottleneckInterval {
    int node = 0;
    sim::Time start;
    sim::Time end;
    bool shifting = false;
    bool operator==(const BottleneckInterval&) const = default;
};

class BottleneckDetector {
public:
    // Nodes are numbered 0 .. node_count - 1 and all start inactive at `start`; shares are
    // fractions of [start, end].
    BottleneckDetector(int node_count, sim::Duration merge_gap,
                       sim::Time start = sim::Time::zero());

    // Records that `node` becomes active or inactive at `t`. Calls must come in non-decreasing
    // time order, no earlier than `start`; a call that does not change the state is ignored.
    void set_active(int node, bool active, sim::Time t);

    // Counts the shares from `from` (e.g. the end of a warm-up; no earlier than `start`)
    // instead of from `start`. Periods, the momentary bottleneck and shifts still cover the
    // whole run: a period's length, and so the ranking, depends on when it began. Call before
    // finish().
    void count_shares_from(sim::Time from);

    // Closes every open period at `end` (no earlier than the last call) and computes the
    // results. Call once; set_active() may not be called afterwards.
    void finish(sim::Time end);

    // The detector that the calls for `nodes` alone would have built so far (its node i is
    // `nodes[i]`; distinct nodes): a node's periods depend on its own calls only, so a
    // sub-network's detector (a product chain's) needs no calls of its own. It counts shares
    // from the same time; finish() it as this one. Call before finish(); O(P + node_count).
    [[nodiscard]] BottleneckDetector restricted_to(std::span<const int> nodes) const;

    [[nodiscard]] bool finished() const { return finished_; }
    [[nodiscard]] int node_count() const { return node_count_; }
    [[nodiscard]] sim::Time start() const { return start_; }
    [[nodiscard]] sim::Time end() const { return end_; }

    // The node's merged active periods in time order.
    [[nodiscard]] std::span<const ActivePeriod> active_periods(int node) const;

    // The momentary bottleneck over time: maximal intervals in time order; the gaps between
    // them are times with no active node.
    [[nodiscard]] const std::vector<MomentaryBottleneck>& momentary() const { return momentary_; }
    // The momentary bottleneck at `t`; none when no node is active at `t`.
    [[nodiscard]] std::optional<int> bottleneck_at(sim::Time t) const;

    // Sole and shifting bottleneck periods sorted by start, then node; adjacent or
    // overlapping periods of the same node and kind are merged. Two nodes may be shifting
    // bottlenecks at the same time; a node's sole periods never overlap another node's.
    [[nodiscard]] const std::vector<BottleneckInterval>& intervals() const { return intervals_; }
    // The same in days since tick 0, for the recorder.
    [[nodiscard]] std::vector<BottleneckPeriod> bottleneck_periods() const;

    // Every change of the momentary bottleneck to a different node, at the time it happens;
    // the first has no `from`. Going to "no bottleneck" and back to the same node is not a
    // shift; going on to another node is a shift from the last bottleneck.
    [[nodiscard]] const std::vector<BottleneckShift>& shifts() const { return shifts_; }

    // Shares of [start, end], or of [from, end] after count_shares_from(from) (0 when that
    // span has no length).
    [[nodiscard]] double sole_share(int node) const;
    [[nodiscard]] double shifting_share(int node) const;
    // Time in (merged) active periods, bridged gaps included: the simpler utilisation-like
    // signal to read beside the bottleneck periods. Counted over the same span as the shares.
    [[nodiscard]] double active_share(int node) const;
    // Mean length of the node's merged active periods (the 2001 "average active period"
    // method ranks nodes by it); zero for a node that was never active.
    [[nodiscard]] sim::Duration mean_active_period(int node) const;

    // The bottleneck sequence for summaries: (start day, node) of each sole bottleneck period
    // longer than `min_duration`, in time order. An entry for the same node as the entry
    // before it is left out, so the list reads as the succession of bottlenecks with dates.
    [[nodiscard]] std::vector<std::pair<double, int>> sequence(
        sim::Duration min_duration = sim::Duration::zero()) const;

private:
    struct NodeState {
        bool active = false;
        bool has_open = false;  // a period started and not yet emitted
        sim::Time open_start;
        sim::Time inactive_since;  // valid when has_open && !active
        std::size_t opened = 0;    // the open period's place in opened_
    };

    void close_period(int node, sim::Time end);
    void sweep();
    void classify();
    void tally();

    int node_count_;
    sim::Duration merge_gap_;
    sim::Time start_;
    sim::Time share_start_;  // shares count from here
    sim::Time end_;
    sim::Time last_call_;
    bool finished_ = false;

    std::vector<NodeState> state_;
    std::vector<ActivePeriod> periods_;      // after finish(): sorted by (node, start)
    std::vector<std::size_t> first_period_;  // node -> index into periods_; size node_count + 1
    // The node of every period opened, in the order they opened (so by start time); -1 for one
    // that closed without length. Lets the sweep take the starts in time order without sorting.
    std::vector<int> opened_;

    // After finish().
    std::vector<MomentaryBottleneck> momentary_;
    std::vector<std::size_t> momentary_period_;  // the active period behind each interval
    std::vector<BottleneckInterval> intervals_;
    std::vector<BottleneckShift> shifts_;
    std::vector<std::int64_t> sole_ticks_;
    std::vector<std::int64_t> shifting_ticks_;
    std::vector<std::int64_t> active_ticks_;
};

}  // namespace memchain::model
