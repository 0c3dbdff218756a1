#include "model/engine/routes.hpp"

#include <algorithm>
#include <cassert>
#include <optional>
#include <queue>

namespace memchain::model {

Routes::Routes() = default;
Routes::~Routes() = default;

void Routes::add_route(NodeId supplier, NodeId orderer, const std::vector<Node>& nodes) {
    if (routes_.count({supplier, orderer})) return;
    // Breadth-first over lanes from the supplier, passing through inventories only.
    std::vector<std::optional<LaneId>> via(nodes.size());
    std::vector<bool> seen(nodes.size(), false);
    std::queue<NodeId> frontier;
    frontier.push(supplier);
    seen[index_of(supplier)] = true;
    while (!frontier.empty()) {
        const NodeId at = frontier.front();
        frontier.pop();
        if (at == orderer) break;
        if (at != supplier && nodes[index_of(at)].block != Block::Inventory) continue;
        for (std::size_t l = 0; l < lanes_.size(); ++l) {
            if (lanes_[l]->from() != at) continue;
            const std::size_t to = index_of(lanes_[l]->to());
            if (seen[to]) continue;
            seen[to] = true;
            via[to] = LaneId{static_cast<std::uint32_t>(l)};
            frontier.push(lanes_[l]->to());
        }
    }
    std::vector<LaneId> path;
    for (NodeId at = orderer; at != supplier && via[index_of(at)];
         at = lane(*via[index_of(at)]).from())
        path.push_back(*via[index_of(at)]);
    std::reverse(path.begin(), path.end());
    assert(!path.empty() && "the loader checked that every supplier reaches its orderers");
    routes_[{supplier, orderer}] = std::move(path);
}

const std::vector<LaneId>& Routes::route(NodeId supplier, NodeId orderer) const {
    static const std::vector<LaneId> none;
    const auto it = routes_.find({supplier, orderer});
    return it == routes_.end() ? none : it->second;
}

bool Routes::is_open(NodeId supplier, NodeId orderer) const {
    const std::vector<LaneId>& lanes = route(supplier, orderer);
    if (lanes.empty()) return false;
    return std::all_of(lanes.begin(), lanes.end(), [&](LaneId l) { return lane(l).is_open(); });
}

void Routes::ship(sim::Kernel& k, NodeId supplier, NodeId orderer, Lot lot) {
    const std::vector<LaneId>& lanes = route(supplier, orderer);
    assert(!lanes.empty() && "shipping needs a route");
    // A route through inventories takes the sum of its lanes' transit times; the lot travels
    // as if on the last lane, whose capacity it occupies.
    double earlier_days = 0.0;
    for (std::size_t i = 0; i + 1 < lanes.size(); ++i)
        earlier_days += lane(lanes[i]).sample_transit_days();
    lane(lanes.back()).dispatch(k, lot, earlier_days);
}

}  // namespace memchain::model
