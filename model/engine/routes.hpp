#pragma once
// The lanes of a replication and the routes shipments take over them. A route joins a
// supplier (an allocator) to one of its orderers: the lanes from the supplier to the orderer,
// passing through inventories only, found once when the replication is built. A route is open
// while every lane on it is; a shipment travels the sum of the route's transit times and
// occupies the last lane's capacity.
//
// Re-routing (a rule; assumption: a shipper with another way to its customer takes it rather than
// wait for a closed border): when lanes close or reopen, every route with a closed lane looks for
// a detour, the shortest path by lane count over open lanes only (the same search, through
// inventories only, lanes in the scenario's order breaking ties), and ships along it until the
// lanes change again. A route with a detour counts as open; one without waits for its lanes to
// reopen. Routes are searched again only at closures and reopenings, never per shipment.

#include <cstdint>
#include <memory>
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
    void add_lane(std::unique_ptr<LaneRuntime> lane) {
        shipping_ = &lane->shipping();
        lanes_.push_back(std::move(lane));
    }
    [[nodiscard]] LaneRuntime& lane(LaneId id) { return *lanes_[index_of(id)]; }
    [[nodiscard]] const LaneRuntime& lane(LaneId id) const { return *lanes_[index_of(id)]; }
    [[nodiscard]] std::size_t lane_count() const { return lanes_.size(); }

    // Finds the route from `supplier` to `orderer` (breadth-first over the lanes, through
    // inventories of `nodes` only) unless it is known already. The loader checked it exists.
    void add_route(NodeId supplier, NodeId orderer, const std::vector<Node>& nodes);
    // The route's lanes, in order (empty when there is none).
    [[nodiscard]] const std::vector<LaneId>& route(NodeId supplier, NodeId orderer) const;
    // Open along its own lanes, or along a detour found at the last closure.
    [[nodiscard]] bool is_open(NodeId supplier, NodeId orderer) const;
    // Sends a supplier's shipment to its orderer (room there is already reserved), along the
    // route or, while it is closed, its detour; true when it took the detour.
    bool ship(sim::Kernel& k, NodeId supplier, NodeId orderer, Lot lot);
    // Lanes closed or reopened: finds each closed route's detour again. Returns the suppliers
    // that gained a detour, whose waiting shipments may now leave.
    [[nodiscard]] std::vector<NodeId> reroute();

private:
    struct Route {
        NodeId supplier{};
        NodeId orderer{};
        std::vector<LaneId> lanes;   // found once, over every lane
        std::vector<LaneId> detour;  // while a lane of the route is closed: open lanes only
    };
    // The route from `supplier` to `orderer`, or none: two index reads, as allocators ask for
    // every orderer at every allocation.
    [[nodiscard]] const Route* find(NodeId supplier, NodeId orderer) const;
    [[nodiscard]] bool lanes_open(const std::vector<LaneId>& lanes) const;
    // Breadth-first from `supplier` to `orderer` through inventories; empty when none.
    [[nodiscard]] std::vector<LaneId> find_path(NodeId supplier, NodeId orderer,
                                                bool open_only) const;

    std::vector<std::unique_ptr<LaneRuntime>> lanes_;
    std::vector<Route> routes_;                         // in the order they were added
    std::vector<std::vector<std::uint32_t>> position_;  // [supplier][orderer]: 1 + index, 0: none
    const std::vector<Node>* nodes_ = nullptr;
    const Shipping* shipping_ = nullptr;  // the lanes' own: how many of them are closed
};

}  // namespace memchain::model
