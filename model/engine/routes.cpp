#include "model/engine/routes.hpp"

#include <algorithm>
#include <cassert>
#include <queue>

namespace memchain::model {

Routes::Routes() = default;
Routes::~Routes() = default;

void Routes::add_route(int supplier, int orderer, const std::vector<Node>& nodes) {
    if (routes_.count({supplier, orderer})) return;
    // Breadth-first over lanes from the supplier, passing through inventories only.
    std::vector<int> via(nodes.size(), -1);
    std::vector<bool> seen(nodes.size(), false);
    std::queue<int> frontier;
    frontier.push(supplier);
    seen[static_cast<std::size_t>(supplier)] = true;
    while (!frontier.empty()) {
        const int at = frontier.front();
        frontier.pop();
        if (at == orderer) break;
        if (at != supplier && nodes[static_cast<std::size_t>(at)].block != Block::Inventory)
            continue;
        for (std::size_t l = 0; l < lanes_.size(); ++l) {
            if (lanes_[l]->from() != at) continue;
            const auto to = static_cast<std::size_t>(lanes_[l]->to());
            if (seen[to]) continue;
            seen[to] = true;
            via[to] = static_cast<int>(l);
            frontier.push(lanes_[l]->to());
        }
    }
    std::vector<int> path;
    for (int at = orderer; at != supplier && via[static_cast<std::size_t>(at)] >= 0;
         at = lanes_[static_cast<std::size_t>(via[static_cast<std::size_t>(at)])]->from())
        path.push_back(via[static_cast<std::size_t>(at)]);
    std::reverse(path.begin(), path.end());
    assert(!path.empty() && "the loader checked that every supplier reaches its orderers");
    routes_[{supplier, orderer}] = std::move(path);
}

const std::vector<int>& Routes::route(int supplier, int orderer) const {
    static const std::vector<int> none;
    const auto it = routes_.find({supplier, orderer});
    return it == routes_.end() ? none : it->second;
}

bool Routes::is_open(int supplier, int orderer) const {
    const std::vector<int>& lanes = route(supplier, orderer);
    if (lanes.empty()) return false;
    return std::all_of(lanes.begin(), lanes.end(), [&](int l) { return lane(l).is_open(); });
}

void Routes::ship(sim::Kernel& k, int supplier, int orderer, Lot lot) {
    const std::vector<int>& lanes = route(supplier, orderer);
    assert(!lanes.empty() && "shipping needs a route");
    // A route through inventories takes the sum of its lanes' transit times; the lot travels
    // as if on the last lane, whose capacity it occupies.
    double earlier_days = 0.0;
    for (std::size_t i = 0; i + 1 < lanes.size(); ++i)
        earlier_days += lane(lanes[i]).sample_transit_days();
    lane(lanes.back()).dispatch(k, lot, earlier_days);
}

}  // namespace memchain::model
