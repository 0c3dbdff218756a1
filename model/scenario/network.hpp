#pragma once
// The supply network of a scenario as a Boost.Graph: one vertex per node and one edge per
// lane (material flow), plus the supplier relations as a second kind of edge (a buyer's orders
// to an allocator, an input buffer's replenishment orders). It answers the structural
// questions the loader's validation and the reports ask (can an allocator's stock reach a
// buyer? which lanes enter a node?) and draws the network as Graphviz DOT.

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/scenario.hpp"

namespace memchain::model {

class Network {
public:
    enum class EdgeKind : std::uint8_t {
        Lane,          // material: from a node's output to another node
        Ordering,      // orders: from a buyer to one of its supplier allocators
        Replenishment  // orders: from a node's input buffer to an allocator
    };
    struct VertexProperties {
        std::size_t node = 0;  // index into Scenario::nodes
    };
    struct EdgeProperties {
        EdgeKind kind = EdgeKind::Lane;
        std::size_t lane = 0;  // Lane: index into Scenario::lanes
        double share = 1.0;    // Ordering, Replenishment: the supplier's share of each order
        std::string product;   // what moves (material) or is ordered
    };
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                        VertexProperties, EdgeProperties>;
    using Vertex = Graph::vertex_descriptor;

    // How write_dot groups nodes into boxes.
    enum class Clusters : std::uint8_t { Stage, Region, None };

    // Builds the graph of `scenario`, which must outlive the network. Vertex i is node i.
    // Lanes and supplier relations that name unknown nodes are skipped (the loader rejects
    // them before building a network).
    explicit Network(const Scenario& scenario);

    [[nodiscard]] const Graph& graph() const { return graph_; }
    [[nodiscard]] const Scenario& scenario() const { return *scenario_; }
    [[nodiscard]] std::optional<Vertex> vertex(std::string_view name) const;
    [[nodiscard]] const Node& node(Vertex v) const { return scenario_->nodes[graph_[v].node]; }

    // True when material leaving `from` can arrive at `to` along lanes, passing on the way only
    // through inventory nodes (which pass their stock on). False for unknown names.
    [[nodiscard]] bool reaches_through_inventories(std::string_view from,
                                                   std::string_view to) const;
    // Indices into Scenario::lanes of the lanes entering or leaving a node.
    [[nodiscard]] std::vector<std::size_t> lanes_into(std::string_view name) const;
    [[nodiscard]] std::vector<std::size_t> lanes_out_of(std::string_view name) const;

    // Graphviz DOT: nodes labelled with name, block (and preset), product and capacity at the
    // start, grouped in clusters by stage (or region); lanes solid with their transit time,
    // ordering and replenishment links dashed.
    void write_dot(std::ostream& out) const { write_dot(out, Clusters::Stage); }
    void write_dot(std::ostream& out, Clusters clusters) const;

private:
    std::vector<std::size_t> lanes_at(std::string_view name, bool into) const;

    const Scenario* scenario_;
    Graph graph_;
};

// The first cycle in the products' bills of materials, as names from a product back to itself
// ({"a", "b", "a"}); empty when there is none. Components that are not products are ignored.
[[nodiscard]] std::vector<std::string> find_bom_cycle(const std::vector<Product>& products);

// A node's capacity at the scenario's start in the unit it is usually written in:
// "150000 wafers/month", "2 servers, 2h per lot", "holds 200000 stacks" (a stock bound),
// "unbounded", a source's arrivals ("poisson 91.3 lots/month of 25 wafers"), or "" for sinks
// and buyers. For `check` and DOT labels.
[[nodiscard]] std::string describe_capacity(const Scenario& scenario, const Node& node);

// "6w", "90d", "2h", "1.5d": a duration in days, written briefly.
[[nodiscard]] std::string format_days(double days);

}  // namespace memchain::model
