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
// ChainDetectors gives one BottleneckDetector per chain over the chain's own nodes. A node's
// active periods depend on its own state changes only, so each chain's detector is the whole
// network's restricted to the chain's nodes at the end of the run
// (BottleneckDetector::restricted_to): the same periods, and so the same bottlenecks, as a
// detector fed the chain's state changes, with nothing to do on the event path.

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
    explicit ChainDetectors(std::vector<ProductChain> chains);

    // Each chain's detector from `whole`, the detector of every node (indices 0 ..
    // node_count - 1, the scenario's), before `whole` is finished; each is finished at `end`.
    // Shares count from where `whole` counts them. Call once.
    void finish(const BottleneckDetector& whole, sim::Time end);

    [[nodiscard]] const std::vector<ProductChain>& chains() const { return chains_; }
    // The detector of chain `c` after finish(); its node i is chains()[c].nodes[i].
    [[nodiscard]] const BottleneckDetector& detector(std::size_t c) const { return *detectors_[c]; }

private:
    std::vector<ProductChain> chains_;
    std::vector<std::unique_ptr<BottleneckDetector>> detectors_;
};

}  // namespace memchain::model
