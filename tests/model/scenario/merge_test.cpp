// `extends:` merging and `--set` overrides, on the fixtures in tests/data/scenarios/.

#include "model/scenario/merge.hpp"
#include "model/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "scenario_files.hpp"

using namespace memchain::model;
using memchain::testing::ScenarioFiles;

namespace {

const std::string fixtures = std::string(MEMCHAIN_SOURCE_DIR) + "/tests/data/scenarios/";

Scenario load_fixture(const std::string& name, const std::vector<std::string>& overrides = {}) {
    return load_scenario(fixtures + name, overrides);
}

// The error loading a fixture, with the fixtures directory removed from the message.
std::string fixture_error(const std::string& name, const std::vector<std::string>& overrides = {}) {
    try {
        (void)load_fixture(name, overrides);
    } catch (const InputError& e) {
        std::string message = e.what();
        for (std::size_t at; (at = message.find(fixtures)) != std::string::npos;)
            message.erase(at, fixtures.size());
        return message;
    }
    return "";
}

const Lane* find_lane(const Scenario& s, const std::string& name) {
    for (const Lane& l : s.lanes)
        if (l.name() == name) return &l;
    return nullptr;
}

const Shock* find_shock(const Scenario& s, const std::string& name) {
    for (const Shock& shock : s.shocks)
        if (shock.name == name) return &shock;
    return nullptr;
}

constexpr double month = 365.25 / 12.0;

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("extends: maps merge key by key, null deletes, lanes and shocks merge by identity") {
        const Scenario s = load_fixture("stress/fire.yaml");
        CHECK(s.name == "fire");
        CHECK(s.seed == 3);                     // inherited
        CHECK(s.horizon.to_days() == 730.5);    // inherited
        CHECK(s.find_node("fab2") == nullptr);  // deleted with ~
        const Node& fab = *s.find_node("fab");
        CHECK(fab.lot_size == 50.0);                                  // the child wins
        CHECK(fab.region.empty());                                    // deleted key
        CHECK(fab.capacity->at(0) == doctest::Approx(2000 / month));  // the parent's CSV plan
        const Node& buyer = *s.find_node("buyer");
        CHECK(buyer.demand.rate.at(0) == doctest::Approx(2000 / month));
        CHECK(buyer.demand.period.to_days() == doctest::Approx(month));  // merged, not replaced

        REQUIRE(s.lanes.size() == 2);
        CHECK(find_lane(s, "fab2->supply") == nullptr);  // remove: true
        const Lane* fab_lane = find_lane(s, "fab->supply");
        REQUIRE(fab_lane != nullptr);
        CHECK(fab_lane->transit.mean() == 14.0);  // the child's transit...
        CHECK(fab_lane->capacity == 5000.0);      // ...over the parent's other keys
        CHECK(find_lane(s, "supply->buyer")->capacity == 900.0);

        REQUIRE(s.shocks.size() == 2);
        CHECK(find_shock(s, "quake") == nullptr);
        CHECK(find_shock(s, "fire")->magnitude == 0.5);
        CHECK(find_shock(s, "fire")->duration == memchain::sim::Duration::from_days(42.0));
        CHECK(find_shock(s, "surge")->kind == ShockKind::DemandSurge);
    }

    TEST_CASE("extends: chains, and positions that point at the file a value came from") {
        const Scenario s = load_fixture("stress/chained.yaml");
        CHECK(s.name == "chained");
        CHECK(s.seed == 9);
        CHECK(find_shock(s, "fire")->magnitude == 0.5);
        // The fab node was written in base.yaml; its lane's merged item in fire.yaml.
        CHECK(s.find_node("fab")->pos.file == fixtures + "base.yaml");
        CHECK(s.find_node("fab")->pos.line == 9);
        CHECK(find_shock(s, "surge")->pos.file == fixtures + "stress/fire.yaml");

        CHECK(fixture_error("stress/orphan_lane.yaml") ==
              "base.yaml:24:12: error: unknown node 'fab2' (did you mean 'fab'?)");
    }

    TEST_CASE("extends: cycles, missing parents and removing what is not there") {
        CHECK(
            fixture_error("stress/cycle_a.yaml") ==
            "stress/cycle_b.yaml:1:10: error: extends has a cycle: cycle_a.yaml -> cycle_b.yaml -> "
            "cycle_a.yaml");
        CHECK(fixture_error("stress/missing_parent.yaml") ==
              "stress/missing_parent.yaml:2:10: error: cannot read 'stress/no_such_base.yaml' (no "
              "such file or directory)");
        CHECK(
            fixture_error("stress/remove_nothing.yaml") ==
            "stress/remove_nothing.yaml:3:5: error: nothing to remove: no lane 'fab->buyer' in the "
            "scenario this extends");
        CHECK(
            fixture_error("no_such_file.yaml") ==
            "no_such_file.yaml: error: cannot read the scenario file (no such file or directory)");
    }

    TEST_CASE("extends: an error in a child's value reports the child's position") {
        ScenarioFiles f;
        f.write("base.yaml",
                "name: b\nstart: 2026-01-01\nproducts: {w: {}}\n"
                "nodes:\n  s: {block: station, product: w, capacity: 5 units/day}\n");
        f.write("sub/child.yaml", "extends: ../base.yaml\nnodes:\n  s: {lot_size: 0}\n");
        CHECK(f.error("sub/child.yaml") ==
              "sub/child.yaml:3:17: error: lot_size must be positive, found 0");
        f.write("sub/child.yaml", "extends: ../base.yaml\nnodes:\n  s: {capacity: ~}\n");
        CHECK(f.error("sub/child.yaml") ==
              "base.yaml:5:6: error: a station needs capacity (a rate like 100 units/month) or "
              "servers with process_time");
        f.write("sub/child.yaml", "extends: [../base.yaml]\n");
        CHECK(
            f.error("sub/child.yaml") ==
            "sub/child.yaml:1:10: error: expected extends to name one scenario file, found a list");
    }

    TEST_CASE("--set: values by path, list items by name or lane, units kept for bare numbers") {
        const Scenario s = load_fixture(
            "base.yaml", {"seed=7", "nodes.fab2.capacity=2000", "lanes[fab->supply].transit=3",
                          "shocks[fire].magnitude=0.5", "nodes.buyer.demand={poisson: 2/day}",
                          "nodes.fab2.yield=0.9", "lanes[2].capacity=10", "horizon=1y"});
        CHECK(s.seed == 7);
        CHECK(s.horizon.to_days() == 365.25);
        CHECK(s.find_node("fab2")->capacity->at(0) == doctest::Approx(2000 / month));
        CHECK(s.find_node("fab2")->yield.at(0) == 0.9);
        CHECK(find_lane(s, "fab->supply")->transit.mean() == 21.0);  // 3 weeks: the unit is kept
        CHECK(find_lane(s, "supply->buyer")->capacity == 10.0);
        CHECK(find_shock(s, "fire")->magnitude == 0.5);
        CHECK(s.find_node("buyer")->demand.kind == DemandKind::Poisson);
        CHECK(s.resolved_text.find("capacity: 2000 wafers/month") != std::string::npos);
        CHECK(s.resolved_text.find("seed: 7") != std::string::npos);
    }

    TEST_CASE("--set: bad paths and bad values") {
        CHECK(fixture_error("base.yaml", {"nodes.fabb.capacity=5"}) ==
              "--set: error: bad path 'nodes.fabb.capacity': no key 'fabb' in nodes (did you mean "
              "'fab'?)");
        CHECK(fixture_error("base.yaml", {"node.fab.capacity=5"}) ==
              "--set: error: bad path 'node.fab.capacity': no key 'node' in the scenario (did you "
              "mean "
              "'nodes'?)");
        CHECK(fixture_error("base.yaml", {"lanes[fab->suply].transit=1w"}) ==
              "--set: error: bad path 'lanes[fab->suply].transit': no item 'fab->suply' in lanes "
              "(did "
              "you mean 'fab->supply'?)");
        CHECK(fixture_error("base.yaml", {"shocks[flood].magnitude=0.1"}) ==
              "--set: error: bad path 'shocks[flood].magnitude': no item 'flood' in shocks");
        CHECK(fixture_error("base.yaml", {"lanes[7].transit=1w"}) ==
              "--set: error: bad path 'lanes[7].transit': lanes has 3 items, no item 7");
        CHECK(fixture_error("base.yaml", {"seed"}) ==
              "--set: error: expected path=value, found 'seed'");
        CHECK(fixture_error("base.yaml", {"nodes..fab=1"}) ==
              "--set: error: bad path 'nodes..fab': empty key (expected keys joined by dots, like "
              "nodes.fab.capacity)");
        CHECK(fixture_error("base.yaml", {"seed.x=1"}) ==
              "--set: error: bad path 'seed.x': seed is '3', not a map");
        CHECK(fixture_error("base.yaml", {"nodes.fab2.capacity=0"}) ==
              "--set nodes.fab2.capacity: error: capacity must be positive, found 0");
        CHECK(fixture_error("base.yaml", {"nodes.fab2.capacity=5 stacks/month"}) ==
              "--set nodes.fab2.capacity: error: bad unit 'stacks' for product wafer (its unit is "
              "wafers)");
        CHECK(fixture_error("base.yaml", {"nodes.fab2.capacity={points: "}) ==
              "--set nodes.fab2.capacity: error: end of map flow not found");
        CHECK(fixture_error("base.yaml", {"nodes.fab2.yeild=0.9"}) ==
              "--set nodes.fab2.yeild: error: unknown key 'yeild' (did you mean 'yield'?)");
        CHECK(fixture_error("base.yaml", {"start=2026-02-30"}) ==
              "--set start: error: bad date '2026-02-30' (expected a real date as YYYY-MM-DD)");
    }

    TEST_CASE("--set: a bare number over a plan is refused, naming the plan's scale instead") {
        // fab's capacity is {csv: data/capacity.csv, series: fab, scale: 0.5}.
        CHECK(fixture_error("base.yaml", {"nodes.fab.capacity=3000"}) ==
              "--set: error: 'nodes.fab.capacity' is a plan over dates (read from "
              "data/capacity.csv), so the bare number '3000' has no unit to keep: set or vary "
              "'nodes.fab.capacity.scale' to scale the plan, or give a value with its unit");
        // Both ways the message offers work: the scale, and a constant with its unit.
        const Scenario scaled = load_fixture("base.yaml", {"nodes.fab.capacity.scale=1"});
        const Scenario plain = load_fixture("base.yaml");
        CHECK(scaled.find_node("fab")->capacity->at(0) ==
              doctest::Approx(2.0 * plain.find_node("fab")->capacity->at(0)));
        const Scenario constant =
            load_fixture("base.yaml", {"nodes.fab.capacity=3000 wafers/month"});
        CHECK(constant.find_node("fab")->capacity->at(0) == doctest::Approx(3000 / month));
    }

    TEST_CASE("resolved_text: the merged YAML, with CSV paths relative to the scenario file") {
        const Scenario s = load_fixture("stress/fire.yaml");
        CHECK(s.resolved_text.find("extends") == std::string::npos);
        CHECK(s.resolved_text.find("fab2") == std::string::npos);
        CHECK(s.resolved_text.find("csv: ../data/capacity.csv") != std::string::npos);
        CHECK(s.resolved_text.find("name: fire") != std::string::npos);
        CHECK(s.resolved_text.find("remove") == std::string::npos);
    }

    TEST_CASE("merge_documents: lists other than lanes and shocks are replaced") {
        const TreeNode parent = parse_yaml(
            "a: [1, 2]\nb: {c: [3]}\nlanes: [{from: x, to: y, transit: 1d}]\n", "p.yaml");
        const TreeNode child =
            parse_yaml("a: [9]\nb: {c: [4, 5]}\nlanes: [{from: x, to: z}]\n", "c.yaml");
        const TreeNode merged = merge_documents(parent, child);
        REQUIRE(merged.find("a")->items.size() == 1);
        CHECK(merged.find("a")->items[0].text == "9");
        CHECK(merged.find("b")->find("c")->items.size() == 2);
        CHECK(merged.find("lanes")->items.size() == 2);
        CHECK(merged.find("a")->pos.file == "c.yaml");
        CHECK(merged.find("lanes")->items[0].pos.file == "p.yaml");
    }
}  // TEST_SUITE
