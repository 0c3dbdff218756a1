#pragma once
// The lanes of a replication and the routes shipments take over them. A route joins a
// supplier (an allocator) to one of its orderers: the lanes from the supplier to the orderer,
// passing through inventories only, found once when the replication is built. A route is open
// while every lane on it is; a shipment travels the sum of the route's transit times and
// occupies the last lane's capacity.

#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "model/engine/lane.hpp"
#include "model/engine/lot.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class Routes {
public:
    Routes();
    ~Routes();
    Routes(const Routes&) = delete;
    Routes& operator=(const Routes&) = delete;

    // Lanes by index, in the scenario's order.
    void add_lane(std::unique_ptr<LaneRuntime> lane) { lanes_.push_back(std::move(lane)); }
    [[nodiscard]] LaneRuntime& lane(LaneId id) { return *lanes_[index_of(id)]; }
    [[nodiscard]] const LaneRuntime& lane(LaneId id) const { return *lanes_[index_of(id)]; }
    [[nodiscard]] std::size_t lane_count() const { return lanes_.size(); }

    // Finds the route from `supplier` to `orderer` (breadth-first over the lanes, through
    // inventories of `nodes` only) unless it is known already. The loader checked it exists.
    void add_route(NodeId supplier, NodeId orderer, const std::vector<Node>& nodes);
    // The route's lanes, in order (empty when there is none).
    [[nodiscard]] const std::vector<LaneId>& route(NodeId supplier, NodeId orderer) const;
    [[nodiscard]] bool is_open(NodeId supplier, NodeId orderer) const;
    // Sends a supplier's shipment to its orderer; room at the orderer is already reserved.
    void ship(sim::Kernel& k, NodeId supplier, NodeId orderer, Lot lot);

private:
    std::vector<std::unique_ptr<LaneRuntime>> lanes_;
    std::map<std::pair<NodeId, NodeId>, std::vector<LaneId>> routes_;  // (supplier, orderer)
};

}  // namespace memchain::model
