#pragma once
// Product chains: the sub-networks that make one end product, so that the bottleneck detector
// can name a bottleneck per chain instead of one for the whole network (where a chain whose
// stations are never the longest-active, like China's in the baseline, never gets one).
//
// Rule. An end is a node with no out-lane that is not a source (a pool, a sink, a buyer that
// passes nothing on). Ends are grouped by their product. For each end product, the chain's
// nodes are every node with a lane path to one of its ends (the ends included); when those
// nodes fall apart into several connected pieces (lanes in either direction, between two of
// them), each piece is a chain of its own. A node that feeds two end products (a fab making
// wafers for both HBM and DRAM) belongs to both chains. Ordering relations are not lanes: a
// buyer's suppliers join its chain through the lanes that carry its deliveries.
//
// In the baseline: the accelerators installed against the four power pools, the accelerators
// China's clouds buy (CXMT's HBM, SMIC's dies, Huawei's packaging), and the DRAM the OEMs buy.
//
// ChainDetectors runs one BottleneckDetector per chain over the chain's own nodes: a state
// change of a node goes to each chain holding it (a precomputed list per node; nothing
// allocates or looks up names on the event path).

#include <memory>
#include <string>
#include <vector>

#include "model/policy/bottleneck.hpp"
#include "model/scenario/scenario.hpp"

namespace memchain::model {

struct ProductChain {
    std::string product;            // what its ends receive
    std::vector<std::string> ends;  // in node order
    std::vector<int> nodes;         // indices into Scenario::nodes, ascending
    // "accelerator to china_clouds", "deployed_accelerator to power_us and 3 more"
    [[nodiscard]] std::string label() const;
};

// The product chains of a scenario, in the order of their first ends (empty when nothing ends).
[[nodiscard]] std::vector<ProductChain> product_chains(const Scenario& scenario);

class ChainDetectors {
public:
    // One detector per chain; node indices are the scenario's, 0 .. node_count - 1.
    ChainDetectors(std::vector<ProductChain> chains, int node_count, sim::Duration merge_gap,
                   sim::Time start = sim::Time::zero());

    void set_active(int node, bool active, sim::Time t);
    void count_shares_from(sim::Time from);
    void finish(sim::Time end);

    [[nodiscard]] const std::vector<ProductChain>& chains() const { return chains_; }
    // The detector of chain `c`; its node i is chains()[c].nodes[i].
    [[nodiscard]] const BottleneckDetector& detector(std::size_t c) const { return *detectors_[c]; }

private:
    struct Slot {
        int chain = 0;
        int local = 0;  // the node's index in that chain's detector
    };
    std::vector<ProductChain> chains_;
    std::vector<std::unique_ptr<BottleneckDetector>> detectors_;
    std::vector<Slot> slots_;              // grouped by node
    std::vector<std::size_t> first_slot_;  // node -> index into slots_; size node_count + 1
};

}  // namespace memchain::model
