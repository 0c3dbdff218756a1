// Levers: capacity plans scaled from a date, selected like shocks, from a scenario's levers:
// list, a --scale flag or a compare --variant.

#include "model/scenario/levers.hpp"

#include <doctest/doctest.h>

#include "db_dump.hpp"
#include "model/experiment/runner.hpp"
#include "model/record/recorder.hpp"
#include "model/scenario/input_error.hpp"
#include "scenario_files.hpp"

using namespace memchain::model;
using memchain::testing::ScenarioFiles;

namespace {

// Two TSV lines (stage "HBM TSV", owners A and B) and a packaging line feed a buyer's
// supplier; lines 1-18.
const std::string chain = R"(name: t
start: 2026-01-01
horizon: 200d
products:
  stack: {unit: stacks}
nodes:
  tsv_a: {block: station, product: stack, stage: HBM TSV, owner: A, capacity: 10 stacks/day}
  tsv_b: {block: station, product: stack, stage: HBM TSV, owner: B, capacity: 20 stacks/day}
  pack: {block: station, product: stack, stage: packaging, owner: A, capacity: 50 stacks/day,
         inputs: {stack: {capacity: 100}}}
  supply: {block: allocator, product: stack}
  buyer: {block: buyer, product: stack, demand: {rate: 100 stacks/day}, suppliers: {supply: 1}}
lanes:
  - {from: tsv_a, to: pack}
  - {from: tsv_b, to: pack}
  - {from: pack, to: supply}
  - {from: supply, to: buyer}
)";

std::string load_error(const ScenarioFiles& f, const std::vector<std::string>& scales) {
    try {
        (void)load_scenario(f.path("s.yaml"), {}, scales);
    } catch (const InputError& e) {
        return f.strip(e.what());
    }
    return "";
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("scaled_from: a step plan steps at the date and keeps its later steps, scaled") {
        const Series plan{{{0.0, 10.0}, {100.0, 20.0}}, Series::Interpolation::Step};
        const Series s = scaled_from(plan, 2.0, 50.0);
        CHECK(s.at(0.0) == 10.0);
        CHECK(s.at(49.9) == 10.0);
        CHECK(s.at(50.0) == 20.0);
        CHECK(s.at(99.0) == 20.0);
        CHECK(s.at(100.0) == 40.0);
        CHECK(s.at(500.0) == 40.0);
        CHECK(scaled_from(plan, 3.0, 0.0).at(0.0) == 30.0);  // from the start: all of it
    }

    TEST_CASE("scaled_from: a linear ramp is unchanged before the date and scaled after it") {
        // 10 on day 0 rising to 30 on day 100: 20 on day 50, 25 on day 75.
        const Series plan{{{0.0, 10.0}, {100.0, 30.0}}, Series::Interpolation::Linear};
        const Series s = scaled_from(plan, 2.0, 50.0);
        CHECK(s.at(25.0) == doctest::Approx(15.0));
        CHECK(s.at(49.99) == doctest::Approx(19.998));
        CHECK(s.at(50.0) == doctest::Approx(40.0));
        CHECK(s.at(75.0) == doctest::Approx(50.0));
        CHECK(s.at(200.0) == doctest::Approx(60.0));
    }

    TEST_CASE("scaled_from: a date on or before the plan's first point still starts there") {
        const Series plan{{{30.0, 10.0}, {60.0, 20.0}}, Series::Interpolation::Step};
        const Series s = scaled_from(plan, 2.0, 30.0);
        CHECK(s.at(0.0) == 10.0);
        CHECK(s.at(29.0) == 10.0);
        CHECK(s.at(30.0) == 20.0);
        CHECK(s.at(60.0) == 40.0);
    }

    TEST_CASE("Levers: a selector scales every node it picks that has a capacity, from the date") {
        ScenarioFiles f;
        f.write("s.yaml",
                chain + "levers:\n  - {targets: {owner: A}, scale: 2, from: 2026-03-02}\n");
        const Scenario s = f.load();
        // Owner A: tsv_a and pack (the allocator and buyer have no owner here).
        CHECK(s.find_node("tsv_a")->capacity->at(0.0) == 10.0);
        CHECK(s.find_node("tsv_a")->capacity->at(60.0) == 20.0);
        CHECK(s.find_node("pack")->capacity->at(60.0) == 100.0);
        CHECK(s.find_node("tsv_b")->capacity->at(60.0) == 20.0);
        REQUIRE(s.levers.size() == 1);
        CHECK(s.levers[0].targets == std::vector<std::string>{"tsv_a", "pack"});
        CHECK(s.levers[0].from == memchain::sim::Time::from_days(60.0));
    }

    TEST_CASE("Levers: --scale is the same lever as the scenario's levers: entry") {
        ScenarioFiles f;
        f.write("s.yaml", chain);
        const Scenario flag = load_scenario(f.path("s.yaml"), {}, {"stage=HBM TSV=1.5@2026-03-02"});
        f.write("s.yaml",
                chain + "levers:\n  - {targets: {stage: HBM TSV}, scale: 1.5, from: 2026-03-02}\n");
        const Scenario key = f.load();
        for (const char* name : {"tsv_a", "tsv_b", "pack"})
            CHECK(flag.find_node(name)->capacity->points == key.find_node(name)->capacity->points);
        CHECK(flag.find_node("tsv_b")->capacity->at(100.0) == 30.0);
        const Scenario one = load_scenario(f.path("s.yaml"), {}, {"node=pack=0.5"});
        CHECK(one.find_node("pack")->capacity->at(0.0) == 25.0);
        const Scenario two = load_scenario(f.path("s.yaml"), {}, {"stage=HBM TSV,owner=B=3"});
        CHECK(two.find_node("tsv_a")->capacity->at(0.0) == 10.0);
        CHECK(two.find_node("tsv_b")->capacity->at(0.0) == 60.0);
    }

    TEST_CASE("Levers: a selector scale records the same rows as the change written node by node") {
        ScenarioFiles f;
        f.write("selector.yaml",
                chain + "levers:\n  - {targets: {stage: HBM TSV}, scale: 2, from: 2026-03-02}\n");
        f.write("nodes.yaml", chain +
                                  "levers:\n  - {targets: tsv_a, scale: 2, from: 2026-03-02}\n"
                                  "  - {targets: [tsv_b], scale: 2, from: 2026-03-02}\n");
        std::map<std::string, std::map<std::string, std::vector<std::string>>> dumps;
        for (const std::string name : {"selector", "nodes"}) {
            const Scenario sc = load_scenario(f.path(name + ".yaml"));
            ExperimentSpec spec;
            spec.replications = 2;
            spec.variants.push_back({"base", &sc, "", "same"});
            {
                Recorder recorder(f.path(name + ".db"));
                (void)run_experiment(spec, &recorder, nullptr, {});
            }
            dumps[name] = memchain::testing::dump_database(f.path(name + ".db"));
            dumps[name].erase("configs");  // the scenario texts differ, as they should
        }
        CHECK(dumps["selector"].at("kpis").size() > 0);
        CHECK(dumps["selector"] == dumps["nodes"]);
    }

    TEST_CASE("Levers: errors name the lever's position or the flag") {
        ScenarioFiles f;
        CHECK(f.error_of(chain + "levers:\n  - {targets: {stage: optics}, scale: 2}\n") ==
              "s.yaml:19:15: error: selector {stage: optics} matches no node with a capacity");
        CHECK(f.error_of(chain + "levers:\n  - {targets: supply, scale: 2}\n") ==
              "s.yaml:19:15: error: a lever scales a capacity, but allocator 'supply' has none");
        CHECK(f.error_of(chain + "levers:\n  - {targets: tsv_a, scale: 0}\n") ==
              "s.yaml:19:29: error: scale must be above 0 (2 doubles a capacity, 0.5 halves "
              "it), found '0'");
        CHECK(f.error_of(chain + "levers:\n  - {targets: tsv_a, scale: 2, from: 2025-01-01}\n") ==
              "s.yaml:19:38: error: a lever from 2025-01-01 starts before the scenario "
              "(2026-01-01)");
        f.write("s.yaml", chain);
        CHECK(load_error(f, {"stage=optics=2"}) ==
              "--scale stage=optics=2: error: selector {stage: optics} matches no node with a "
              "capacity");
        CHECK(load_error(f, {"stage=HBM TSV=-1"}) ==
              "--scale stage=HBM TSV=-1: error: scale must be above 0 (2 doubles a capacity, 0.5 "
              "halves it), found '-1'");
        CHECK(load_error(f, {"HBM TSV"}) ==
              "--scale HBM TSV: error: expected SELECTOR=FACTOR[@DATE] like 'stage=HBM "
              "TSV=2@2027-01-01', found 'HBM TSV'");
        CHECK(load_error(f, {"colour=red=2"})
                  .rfind("--scale colour=red=2: error: unknown key "
                         "'colour'",
                         0) == 0);
        CHECK(load_error(f, {"node=nowhere=2"})
                  .rfind("--scale node=nowhere=2: error: unknown node 'nowhere'", 0) == 0);
    }

    TEST_CASE("parse_variant_flag: overrides and scale items, commas inside brackets kept") {
        const VariantFlag v = parse_variant_flag(
            "big:nodes.a.capacity=90,scale(stage=HBM TSV,owner=B=2@2027-01-01),x.y={p: 1, q: 2}");
        CHECK(v.name == "big");
        CHECK(v.overrides == std::vector<std::string>{"nodes.a.capacity=90", "x.y={p: 1, q: 2}"});
        CHECK(v.scales == std::vector<std::string>{"stage=HBM TSV,owner=B=2@2027-01-01"});
        CHECK_THROWS_AS((void)parse_variant_flag("nameonly"), InputError);
        CHECK_THROWS_AS((void)parse_variant_flag("n:novalue"), InputError);
    }
}  // TEST_SUITE
