#include "model/scenario/scenario.hpp"

#include <algorithm>

namespace memchain::model {

double Series::at(double day) const {
    if (points.empty()) return 0.0;
    if (day <= points.front().first) return points.front().second;
    if (day >= points.back().first) return points.back().second;
    // First point strictly after `day`; the one before it is at or before `day`.
    const auto after = std::upper_bound(points.begin(), points.end(), day,
                                        [](double d, const auto& p) { return d < p.first; });
    const auto before = after - 1;
    if (interpolation == Interpolation::Step || after->first == before->first)
        return before->second;
    const double f = (day - before->first) / (after->first - before->first);
    return before->second + f * (after->second - before->second);
}

std::vector<double> Series::breakpoints() const {
    std::vector<double> days;
    days.reserve(points.size());
    for (const auto& p : points) days.push_back(p.first);
    return days;
}

Series Series::scaled(double factor) const {
    Series s = *this;
    for (auto& p : s.points) p.second *= factor;
    return s;
}

const Product* Scenario::find_product(const std::string& product_name) const {
    const auto it = std::find_if(products.begin(), products.end(),
                                 [&](const Product& p) { return p.name == product_name; });
    return it == products.end() ? nullptr : &*it;
}

const Node* Scenario::find_node(const std::string& node_name) const {
    const auto it = std::find_if(nodes.begin(), nodes.end(),
                                 [&](const Node& n) { return n.name == node_name; });
    return it == nodes.end() ? nullptr : &*it;
}

const std::vector<BomLine>& Scenario::bill_of_materials(const Node& node) const {
    static const std::vector<BomLine> none;
    if (!node.bom.empty()) return node.bom;
    const Product* p = find_product(node.product);
    return p ? p->bom : none;
}

const char* to_string(Block b) {
    switch (b) {
    case Block::Source: return "source";
    case Block::Station: return "station";
    case Block::Assembly: return "assembly";
    case Block::Inventory: return "inventory";
    case Block::Allocator: return "allocator";
    case Block::Pool: return "pool";
    case Block::Sink: return "sink";
    case Block::Buyer: return "buyer";
    }
    return "?";
}

const char* to_string(AllocationPolicy p) {
    switch (p) {
    case AllocationPolicy::Fcfs: return "fcfs";
    case AllocationPolicy::ProRata: return "pro_rata";
    case AllocationPolicy::Contract: return "contract";
    case AllocationPolicy::Priority: return "priority";
    case AllocationPolicy::MaxMin: return "max_min";
    }
    return "?";
}

const char* to_string(ShockKind k) {
    switch (k) {
    case ShockKind::CapacityLoss: return "capacity_loss";
    case ShockKind::Outage: return "outage";
    case ShockKind::YieldExcursion: return "yield_excursion";
    case ShockKind::DemandSurge: return "demand_surge";
    case ShockKind::CapacityExpansion: return "capacity_expansion";
    case ShockKind::PolicyChange: return "policy_change";
    case ShockKind::LaneClosure: return "lane_closure";
    case ShockKind::Price: return "price";
    case ShockKind::CapacityCut: return "capacity_cut";
    }
    return "?";
}

}  // namespace memchain::model
