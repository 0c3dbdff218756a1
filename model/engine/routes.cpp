#include "model/engine/routes.hpp"

#include <algorithm>
#include <cassert>
#include <optional>
#include <queue>

namespace memchain::model {

Routes::Routes() = default;
Routes::~Routes() = default;

void Routes::add_route(NodeId supplier, NodeId orderer, const std::vector<Node>& nodes) {
    nodes_ = &nodes;
    if (find(supplier, orderer)) return;
    std::vector<LaneId> path = find_path(supplier, orderer, false);
    assert(!path.empty() && "the loader checked that every supplier reaches its orderers");
    routes_.push_back(Route{supplier, orderer, std::move(path), {}});
    if (position_.size() <= index_of(supplier)) position_.resize(index_of(supplier) + 1);
    std::vector<std::uint32_t>& row = position_[index_of(supplier)];
    if (row.size() <= index_of(orderer)) row.resize(index_of(orderer) + 1, 0);
    row[index_of(orderer)] = static_cast<std::uint32_t>(routes_.size());
}

const Routes::Route* Routes::find(NodeId supplier, NodeId orderer) const {
    if (index_of(supplier) >= position_.size()) return nullptr;
    const std::vector<std::uint32_t>& row = position_[index_of(supplier)];
    if (index_of(orderer) >= row.size() || row[index_of(orderer)] == 0) return nullptr;
    return &routes_[row[index_of(orderer)] - 1];
}

std::vector<LaneId> Routes::find_path(NodeId supplier, NodeId orderer, bool open_only) const {
    const std::vector<Node>& nodes = *nodes_;
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
            if (lanes_[l]->from() != at || (open_only && !lanes_[l]->is_open())) continue;
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
    return path;
}

std::vector<NodeId> Routes::reroute() {
    std::vector<NodeId> gained;
    for (Route& r : routes_) {
        const bool had_detour = !r.detour.empty();
        r.detour.clear();
        if (lanes_open(r.lanes)) continue;
        r.detour = find_path(r.supplier, r.orderer, true);
        if (!had_detour && !r.detour.empty()) gained.push_back(r.supplier);
    }
    std::sort(gained.begin(), gained.end());
    gained.erase(std::unique(gained.begin(), gained.end()), gained.end());
    return gained;
}

const std::vector<LaneId>& Routes::route(NodeId supplier, NodeId orderer) const {
    static const std::vector<LaneId> none;
    const Route* r = find(supplier, orderer);
    return r ? r->lanes : none;
}

bool Routes::lanes_open(const std::vector<LaneId>& lanes) const {
    if (shipping_ && !shipping_->any_lane_closed()) return true;
    return std::all_of(lanes.begin(), lanes.end(), [&](LaneId l) { return lane(l).is_open(); });
}

bool Routes::is_open(NodeId supplier, NodeId orderer) const {
    const Route* r = find(supplier, orderer);
    return r && (lanes_open(r->lanes) || !r->detour.empty());
}

bool Routes::ship(sim::Kernel& k, NodeId supplier, NodeId orderer, Lot lot) {
    const Route* r = find(supplier, orderer);
    assert(r && "shipping needs a route");
    const bool detour = !r->detour.empty() && !lanes_open(r->lanes);
    const std::vector<LaneId>& lanes = detour ? r->detour : r->lanes;
    // A route through inventories takes the sum of its lanes' transit times; the lot travels
    // as if on the last lane, whose capacity it occupies.
    double earlier_days = 0.0;
    for (std::size_t i = 0; i + 1 < lanes.size(); ++i)
        earlier_days += lane(lanes[i]).sample_transit_days();
    lane(lanes.back()).dispatch(k, lot, earlier_days);
    return detour;
}

}  // namespace memchain::model
