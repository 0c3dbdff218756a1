#include "model/scenario/network.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <ostream>

#include "model/scenario/units.hpp"

namespace memchain::model {

namespace {

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

const char* shape_of(Block block) {
    switch (block) {
    case Block::Source: return "invhouse";
    case Block::Station: return "box";
    case Block::Assembly: return "box3d";
    case Block::Inventory: return "cylinder";
    case Block::Allocator: return "hexagon";
    case Block::Pool: return "folder";
    case Block::Sink: return "doublecircle";
    case Block::Buyer: return "house";
    }
    return "box";
}

std::string unit_of(const Scenario& scenario, const std::string& product) {
    const Product* p = scenario.find_product(product);
    return p == nullptr ? "units" : p->unit;
}

}  // namespace

std::string format_days(double days) {
    const auto whole = [](double x) { return std::abs(x - std::round(x)) < 1e-6; };
    if (days == 0) return "0d";
    if (days >= days_per_year && whole(days / days_per_year))
        return format_number(std::round(days / days_per_year)) + "y";
    if (days >= days_per_month && whole(days / days_per_month))
        return format_number(std::round(days / days_per_month)) + "mo";
    if (days >= 7 && whole(days / 7)) return format_number(days / 7) + "w";
    if (std::abs(days) >= 1 || whole(days)) return format_number(days) + "d";
    if (whole(days * 24)) return format_number(days * 24) + "h";
    return format_number(days * 24 * 60) + "min";
}

std::string describe_capacity(const Scenario& scenario, const Node& node) {
    const std::string unit = unit_of(scenario, node.product);
    switch (node.block) {
    case Block::Station:
    case Block::Assembly:
        if (node.capacity)
            return format_number(node.capacity->at(0.0) * days_per_month) + " " + unit + "/month";
        if (node.servers_plan) {
            const double servers = node.servers_plan->at(0.0);
            return format_number(servers) + (servers == 1 ? " server" : " servers") + ", " +
                   (node.process_time.is_deterministic() ? format_days(node.process_time.mean())
                                                         : node.process_time.describe() + " days") +
                   " per lot";
        }
        return "";
    case Block::Pool:
        return node.pool_capacity ? format_number(node.pool_capacity->at(0.0)) + " " + unit : "";
    case Block::Inventory:
    case Block::Allocator:
        return node.stock_capacity ? "holds " + format_number(*node.stock_capacity) + " " + unit
                                   : "unbounded";
    case Block::Source: {
        const Arrivals& a = node.arrivals;
        const std::string lots = a.lot_size.is_deterministic()
                                     ? " of " + format_number(a.lot_size.mean()) + " " + unit
                                     : "";
        switch (a.kind) {
        case Arrivals::Kind::Rate:
            return format_number(a.rate.at(0.0) * days_per_month) + " " + unit + "/month";
        case Arrivals::Kind::Poisson:
            return "poisson " + format_number(a.rate.at(0.0) * days_per_month) + " lots/month" +
                   lots;
        case Arrivals::Kind::Interval:
            return "a lot every " +
                   (a.interval.is_deterministic() ? format_days(a.interval.mean())
                                                  : a.interval.describe() + " days") +
                   lots;
        }
        return "";
    }
    case Block::Sink:
    case Block::Buyer: return "";
    }
    return "";
}

Network::Network(const Scenario& scenario) : scenario_(&scenario) {
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
        boost::add_vertex(VertexProperties{i}, graph_);
    for (std::size_t i = 0; i < scenario.lanes.size(); ++i) {
        const Lane& lane = scenario.lanes[i];
        const auto from = vertex(lane.from);
        const auto to = vertex(lane.to);
        if (!from || !to) continue;
        boost::add_edge(*from, *to, EdgeProperties{EdgeKind::Lane, i, 1.0, lane.product}, graph_);
    }
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i) {
        const Node& node = scenario.nodes[i];
        for (const auto& [supplier, share] : node.suppliers)
            if (const auto to = vertex(supplier))
                boost::add_edge(i, *to, EdgeProperties{EdgeKind::Ordering, 0, share, node.product},
                                graph_);
        for (const InputSpec& input : node.inputs) {
            if (!input.replenishment) continue;
            for (const auto& [supplier, share] : input.replenishment->suppliers)
                if (const auto to = vertex(supplier))
                    boost::add_edge(
                        i, *to, EdgeProperties{EdgeKind::Replenishment, 0, share, input.product},
                        graph_);
        }
    }
}

std::optional<Network::Vertex> Network::vertex(std::string_view name) const {
    for (std::size_t i = 0; i < scenario_->nodes.size(); ++i)
        if (scenario_->nodes[i].name == name) return i;
    return std::nullopt;
}

bool Network::reaches_through_inventories(std::string_view from, std::string_view to) const {
    const auto start = vertex(from);
    const auto goal = vertex(to);
    if (!start || !goal) return false;
    std::vector<bool> seen(boost::num_vertices(graph_), false);
    std::deque<Vertex> queue{*start};
    seen[*start] = true;
    while (!queue.empty()) {
        const Vertex v = queue.front();
        queue.pop_front();
        for (const auto e : boost::make_iterator_range(boost::out_edges(v, graph_))) {
            if (graph_[e].kind != EdgeKind::Lane) continue;
            const Vertex w = boost::target(e, graph_);
            if (w == *goal) return true;
            if (seen[w] || node(w).block != Block::Inventory) continue;
            seen[w] = true;
            queue.push_back(w);
        }
    }
    return false;
}

std::vector<std::size_t> Network::lanes_at(std::string_view name, bool into) const {
    std::vector<std::size_t> lanes;
    const auto v = vertex(name);
    if (!v) return lanes;
    const auto add = [&](const auto& range) {
        for (const auto e : range)
            if (graph_[e].kind == EdgeKind::Lane) lanes.push_back(graph_[e].lane);
    };
    if (into)
        add(boost::make_iterator_range(boost::in_edges(*v, graph_)));
    else
        add(boost::make_iterator_range(boost::out_edges(*v, graph_)));
    std::sort(lanes.begin(), lanes.end());
    return lanes;
}

std::vector<std::size_t> Network::lanes_into(std::string_view name) const {
    return lanes_at(name, true);
}

std::vector<std::size_t> Network::lanes_out_of(std::string_view name) const {
    return lanes_at(name, false);
}

void Network::write_dot(std::ostream& out, Clusters clusters) const {
    const Scenario& s = *scenario_;
    out << "digraph " << quoted(s.name.empty() ? "memchain" : s.name) << " {\n"
        << "  graph [rankdir=LR, fontname=\"Helvetica\", label=" << quoted(s.name)
        << ", labelloc=t];\n"
        << "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\", "
           "fontsize=10];\n"
        << "  edge [fontname=\"Helvetica\", fontsize=9];\n";

    const auto node_line = [&](const Node& n, const std::string& indent) {
        std::string label = n.name + "\n" + to_string(n.block);
        if (!n.preset.empty()) label += " (" + n.preset + ")";
        label += "\n" + n.product;
        const std::string capacity = describe_capacity(s, n);
        if (!capacity.empty()) label += "\n" + capacity;
        out << indent << quoted(n.name) << " [label=" << quoted(label)
            << ", shape=" << shape_of(n.block) << "];\n";
    };

    // Clusters in order of first appearance, so the output is stable for a scenario.
    std::vector<std::string> groups;
    std::map<std::string, std::vector<const Node*>> members;
    for (const Node& n : s.nodes) {
        std::string group;
        if (clusters == Clusters::Stage) group = n.stage;
        if (clusters == Clusters::Region) group = n.region;
        if (!members.count(group)) groups.push_back(group);
        members[group].push_back(&n);
    }
    std::size_t cluster = 0;
    for (const auto& group : groups) {
        if (group.empty()) {
            for (const Node* n : members[group]) node_line(*n, "  ");
            continue;
        }
        out << "  subgraph cluster_" << cluster++ << " {\n"
            << "    label=" << quoted(group) << ";\n    style=rounded;\n    color=gray60;\n";
        for (const Node* n : members[group]) node_line(*n, "    ");
        out << "  }\n";
    }

    for (const auto e : boost::make_iterator_range(boost::edges(graph_))) {
        const EdgeProperties& p = graph_[e];
        const std::string& from = node(boost::source(e, graph_)).name;
        const std::string& to = node(boost::target(e, graph_)).name;
        out << "  " << quoted(from) << " -> " << quoted(to);
        if (p.kind == EdgeKind::Lane) {
            const Lane& lane = s.lanes[p.lane];
            std::string label = lane.transit.is_deterministic() ? format_days(lane.transit.mean())
                                                                : lane.transit.describe() + " d";
            if (lane.capacity) label += "\\nmax " + format_number(*lane.capacity) + " in transit";
            out << " [label=\"" << label << "\"];\n";
        } else {
            out << " [style=dashed, color=gray40, constraint=false, label="
                << quoted((p.kind == EdgeKind::Ordering ? "orders " : "replenishes ") +
                          format_number(p.share * 100) + "%")
                << "];\n";
        }
    }
    out << "}\n";
}

std::vector<std::string> find_bom_cycle(const std::vector<Product>& products) {
    std::map<std::string, const Product*> by_name;
    for (const Product& p : products) by_name[p.name] = &p;
    enum class Mark : std::uint8_t { New, Open, Done };
    std::map<std::string, Mark> marks;
    std::vector<std::string> path;

    // Depth-first search; an edge back to a product on the current path closes a cycle.
    const auto visit = [&](const auto& self, const std::string& name) -> std::vector<std::string> {
        marks[name] = Mark::Open;
        path.push_back(name);
        for (const BomLine& line : by_name[name]->bom) {
            if (!by_name.count(line.component)) continue;
            const Mark m = marks[line.component];
            if (m == Mark::Open) {
                const auto first = std::find(path.begin(), path.end(), line.component);
                std::vector<std::string> cycle(first, path.end());
                cycle.push_back(line.component);
                return cycle;
            }
            if (m == Mark::New) {
                auto cycle = self(self, line.component);
                if (!cycle.empty()) return cycle;
            }
        }
        path.pop_back();
        marks[name] = Mark::Done;
        return {};
    };
    for (const Product& p : products) {
        if (marks[p.name] != Mark::New) continue;
        auto cycle = visit(visit, p.name);
        if (!cycle.empty()) return cycle;
    }
    return {};
}

}  // namespace memchain::model
