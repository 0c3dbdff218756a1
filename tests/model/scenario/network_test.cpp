#include "model/scenario/network.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "scenario_files.hpp"

using namespace memchain::model;
using memchain::testing::ScenarioFiles;

namespace {

const std::string scenario = R"(name: net
start: 2026-01-01
products:
  die: {unit: dies}
  stack: {unit: stacks, bom: {die: 8}}
nodes:
  fab: {preset: fab, region: KR, product: die, capacity: 30000 dies/month}
  die_supply: {preset: supplier, region: KR, product: die}
  tsv:
    preset: tsv
    region: KR
    product: stack
    servers: 2
    process_time: 1d
    inputs: {die: {capacity: 800, replenish: {suppliers: {die_supply: 1}}}}
  hub: {block: inventory, region: TW, product: stack, capacity: 1000}
  supply: {preset: supplier, region: TW, product: stack}
  buyer: {preset: hyperscaler, region: US, product: stack, demand: {rate: 50 stacks/day}, suppliers: {supply: 1}}
  "odd \"name\"": {block: sink, product: stack}
lanes:
  - {from: fab, to: die_supply, transit: 1w}
  - {from: die_supply, to: tsv, transit: {exponential: 2d}}
  - {from: tsv, to: supply, capacity: 100}
  - {from: supply, to: hub}
  - {from: hub, to: buyer, transit: 2d}
  - {from: tsv, to: "odd \"name\""}
)";

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Network: one vertex per node, lanes and supplier relations as edges") {
        ScenarioFiles f;
        f.write("s.yaml", scenario);
        const Scenario s = f.load();
        const Network n(s);
        CHECK(boost::num_vertices(n.graph()) == s.nodes.size());
        std::size_t lanes = 0, ordering = 0, replenishment = 0;
        for (const auto e : boost::make_iterator_range(boost::edges(n.graph()))) {
            switch (n.graph()[e].kind) {
            case Network::EdgeKind::Lane: ++lanes; break;
            case Network::EdgeKind::Ordering: ++ordering; break;
            case Network::EdgeKind::Replenishment: ++replenishment; break;
            }
        }
        CHECK(lanes == s.lanes.size());
        CHECK(ordering == 1);
        CHECK(replenishment == 1);
        CHECK(n.vertex("tsv") == 2u);
        CHECK_FALSE(n.vertex("nowhere"));
        CHECK(n.node(*n.vertex("hub")).name == "hub");
        CHECK(n.lanes_into("tsv") == std::vector<std::size_t>{1});
        CHECK(n.lanes_out_of("tsv") == std::vector<std::size_t>{2, 5});
    }

    TEST_CASE("Network: reachability passes through inventories only") {
        ScenarioFiles f;
        f.write("s.yaml", scenario);
        const Scenario s = f.load();
        const Network n(s);
        CHECK(n.reaches_through_inventories("supply", "buyer"));  // via hub
        CHECK(n.reaches_through_inventories("die_supply", "tsv"));
        CHECK_FALSE(n.reaches_through_inventories("die_supply", "supply"));  // tsv is in the way
        CHECK_FALSE(n.reaches_through_inventories("buyer", "supply"));
        CHECK_FALSE(n.reaches_through_inventories("nowhere", "buyer"));
    }

    TEST_CASE("Network: DOT has every node and lane, clusters and dashed ordering links") {
        ScenarioFiles f;
        f.write("s.yaml", scenario);
        const Scenario s = f.load();
        std::ostringstream dot;
        Network(s).write_dot(dot);
        const std::string text = dot.str();
        CHECK(text.rfind("digraph \"net\" {", 0) == 0);
        // DOT quotes names and escapes their quotes.
        const auto quoted = [](const std::string& name) {
            std::string out = "\"";
            for (const char c : name) {
                if (c == '"') out += '\\';
                out += c;
            }
            return out + '"';
        };
        for (const Node& node : s.nodes)
            CHECK(text.find("  " + quoted(node.name) + " [label=") != std::string::npos);
        for (const Lane& lane : s.lanes)
            CHECK(text.find(quoted(lane.from) + " -> " + quoted(lane.to) + " [label=") !=
                  std::string::npos);
        CHECK(text.find("\"tsv\" -> \"odd \\\"name\\\"\"") != std::string::npos);
        CHECK(text.find("subgraph cluster_0 {\n    label=\"DRAM fab\";") != std::string::npos);
        CHECK(text.find("label=\"fab\\nstation (fab)\\ndie\\n30000 dies/month\"") !=
              std::string::npos);
        CHECK(text.find("\"fab\" -> \"die_supply\" [label=\"1w\"]") != std::string::npos);
        CHECK(text.find("\"tsv\" -> \"supply\" [label=\"0d\\nmax 100 in transit\"]") !=
              std::string::npos);
        CHECK(text.find("\"buyer\" -> \"supply\" [style=dashed") != std::string::npos);
        CHECK(text.find("\"tsv\" -> \"die_supply\" [style=dashed, color=gray40, constraint=false, "
                        "label=\"replenishes 100%\"]") != std::string::npos);
        CHECK(text.back() == '\n');

        std::ostringstream by_region;
        Network(s).write_dot(by_region, Network::Clusters::Region);
        CHECK(by_region.str().find("label=\"TW\";") != std::string::npos);
        std::ostringstream flat;
        Network(s).write_dot(flat, Network::Clusters::None);
        CHECK(flat.str().find("subgraph") == std::string::npos);
    }

    TEST_CASE("find_bom_cycle: the first cycle by name, or nothing") {
        const auto product = [](std::string name, std::vector<BomLine> bom) {
            Product p;
            p.name = std::move(name);
            p.bom = std::move(bom);
            return p;
        };
        CHECK(find_bom_cycle({product("a", {{"b", 1}}), product("b", {{"c", 1}}), product("c", {})})
                  .empty());
        CHECK(find_bom_cycle(
                  {product("a", {{"b", 1}}), product("b", {{"c", 1}}), product("c", {{"b", 2}})}) ==
              std::vector<std::string>{"b", "c", "b"});
        CHECK(find_bom_cycle({product("a", {{"a", 1}})}) == std::vector<std::string>{"a", "a"});
        CHECK(find_bom_cycle({product("a", {{"unknown", 1}})}).empty());
    }

    TEST_CASE("format_days and describe_capacity: brief units for summaries") {
        CHECK(format_days(0) == "0d");
        CHECK(format_days(14) == "2w");
        CHECK(format_days(90) == "90d");
        CHECK(format_days(365.25) == "1y");
        CHECK(format_days(365.25 / 2) == "6mo");
        CHECK(format_days(1.5) == "1.5d");
        CHECK(format_days(1.0 / 12) == "2h");
        CHECK(format_days(1.0 / 1440) == "1min");

        ScenarioFiles f;
        f.write("s.yaml", scenario);
        const Scenario s = f.load();
        CHECK(describe_capacity(s, *s.find_node("fab")) == "30000 dies/month");
        CHECK(describe_capacity(s, *s.find_node("tsv")) == "2 servers, 1d per lot");
        CHECK(describe_capacity(s, *s.find_node("hub")) == "holds 1000 stacks");
        CHECK(describe_capacity(s, *s.find_node("supply")) == "unbounded");
        CHECK(describe_capacity(s, *s.find_node("buyer")).empty());
    }
}  // TEST_SUITE
