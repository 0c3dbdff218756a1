// Validation of settings, products, lanes, reachability and shocks: each rule with its whole
// positioned message.

#include "model/scenario/reader.hpp"

#include <doctest/doctest.h>

#include "scenario_files.hpp"

using namespace memchain::model;
using memchain::testing::ScenarioFiles;

namespace {

// Lines 1-2 of most scenarios below.
const std::string head = "name: t\nstart: 2026-01-01\n";

// A valid chain: fab -> supply -> buyer (lines 3-11).
const std::string chain = head + R"(products:
  wafer: {unit: wafers}
nodes:
  fab: {block: station, product: wafer, capacity: 100 wafers/day}
  supply: {block: allocator, product: wafer}
  buyer: {block: buyer, product: wafer, demand: {rate: 50 wafers/day}, suppliers: {supply: 1}}
lanes:
  - {from: fab, to: supply}
  - {from: supply, to: buyer}
)";

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("ScenarioReader: a minimal chain loads with defaults filled in") {
        ScenarioFiles f;
        f.write("s.yaml", chain);
        const Scenario s = f.load();
        CHECK(s.name == "t");
        CHECK(s.start == Date::from_ymd(2026, 1, 1));
        CHECK(s.horizon.to_days() == 365.0);
        CHECK(s.seed == 1);
        REQUIRE(s.lanes.size() == 2);
        CHECK(s.lanes[0].product == "wafer");
        CHECK(s.lanes[0].transit.mean() == 0.0);
        CHECK(s.nodes[2].suppliers.at("supply") == 1.0);
        CHECK(s.nodes[2].demand.kind == DemandKind::Rate);
        CHECK(s.nodes[2].demand.period.to_days() == 7.0);
    }

    TEST_CASE("ScenarioReader: settings") {
        ScenarioFiles f;
        f.write("s.yaml",
                chain +
                    "horizon: 3y\nwarmup: 4w\nseed: 7\n"
                    "recording: {sample_interval: 1d, detail: lots, throughput_window: 2w}\n"
                    "bottleneck: {merge_gap: 12h}\ndescription: a test\n");
        const Scenario s = f.load();
        CHECK(s.horizon.to_days() == doctest::Approx(3 * 365.25));
        CHECK(s.warmup.to_days() == 28.0);
        CHECK(s.seed == 7);
        CHECK(s.recording.sample_interval.to_days() == 1.0);
        CHECK(s.recording.detail == Detail::Lots);
        CHECK(s.recording.throughput_window.to_days() == 14.0);
        CHECK(s.bottleneck.merge_gap.to_days() == 0.5);
        CHECK(s.description == "a test");
    }

    TEST_CASE("ScenarioReader: settings errors") {
        ScenarioFiles f;
        CHECK(f.error_of("start: 2026-01-01\nproducts: {}\n") ==
              "s.yaml:1:1: error: missing required key 'name'");
        CHECK(f.error_of("name: t\nstart: 2026-02-30\n") ==
              "s.yaml:2:8: error: bad date '2026-02-30' (expected a real date as YYYY-MM-DD)");
        CHECK(f.error_of(chain + "horizon: 0d\n") ==
              "s.yaml:12:10: error: horizon must be positive, found '0d'");
        CHECK(f.error_of(chain + "horizon: -1y\n") ==
              "s.yaml:12:10: error: horizon must be positive, found '-1y'");
        CHECK(f.error_of(chain + "horizon: 36\n") ==
              "s.yaml:12:10: error: expected a duration like 6w or 90d, found '36'");
        CHECK(f.error_of(chain + "recording: {sample_interval: 0h}\n") ==
              "s.yaml:12:30: error: sample_interval must be positive, found '0h'");
        CHECK(f.error_of(chain + "recording: {detail: everything}\n") ==
              "s.yaml:12:21: error: unknown detail 'everything' (expected summary, orders, "
              "deliveries or lots)");
        CHECK(f.error_of(chain + "recording: {sample_intervall: 1w}\n") ==
              "s.yaml:12:13: error: unknown key 'sample_intervall' (did you mean "
              "'sample_interval'?)");
        CHECK(f.error_of(chain + "warmup: 2y\n") ==
              "s.yaml:12:9: error: warmup 2y must end before the horizon (365d)");
        CHECK(f.error_of(chain + "seed: -3\n") ==
              "s.yaml:12:7: error: seed must not be negative, found '-3'");
        CHECK(f.error_of(chain + "horizn: 1y\n") ==
              "s.yaml:12:1: error: unknown key 'horizn' (did you mean 'horizon'?)");
        CHECK(f.error_of(chain + "weather: sunny\n") ==
              "s.yaml:12:1: error: unknown key 'weather'");
        CHECK(f.error_of("- a\n- b\n") ==
              "s.yaml:1:1: error: expected a map of scenario keys (name, start, products, nodes, "
              "...), "
              "found a list");
        CHECK(f.error_of("") ==
              "s.yaml:1:1: error: expected a map of scenario keys (name, start, products, nodes, "
              "...), "
              "found nothing");
    }

    TEST_CASE("ScenarioReader: products and bills of materials") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(products:
  core: {unit: dies}
  base: {unit: dies}
  stack: {unit: stacks, bom: {core: 12, base: 1}}
  other:
nodes:
  sink: {block: sink, product: stack}
)");
        const Scenario s = f.load();
        REQUIRE(s.products.size() == 4);
        CHECK(s.products[2].bom.size() == 2);
        CHECK(s.products[2].bom[0].component == "core");
        CHECK(s.products[2].bom[0].quantity == 12.0);
        CHECK(s.products[3].unit == "units");
        CHECK(s.products[2].pos.line == 6);

        CHECK(f.error_of(head +
                         "products:\n  stack: {unit: stacks, bom: {croe: 12}}\n  core: {}\n") ==
              "s.yaml:4:31: error: unknown product 'croe' (did you mean 'core'?)");
        CHECK(
            f.error_of(head + "products:\n  stack: {unit: stacks, bom: {core: 0}}\n  core: {}\n") ==
            "s.yaml:4:37: error: a bill-of-materials quantity must be positive, found 0");
        CHECK(f.error_of(head + "products:\n  a: {unit: two words}\n") ==
              "s.yaml:4:13: error: unit must be one word like wafers or stacks, found 'two words'");
        CHECK(f.error_of(head +
                         "products:\n  a: {unit: x, bom: {b: 1}}\n  b: {unit: y, bom: {c: 2}}\n"
                         "  c: {unit: z, bom: {a: 1}}\n") ==
              "s.yaml:4:3: error: bill of materials has a cycle: a -> b -> c -> a");
        CHECK(f.error_of(head + "products:\n  a: {bom: {a: 1}}\n") ==
              "s.yaml:4:3: error: bill of materials has a cycle: a -> a");
        CHECK(f.error_of(head + "products:\n  a: {}\n  a: {}\n") ==
              "s.yaml:5:3: error: duplicate key 'a' (first on line 4)");
        CHECK(f.error_of(head + "products: {}\n") ==
              "s.yaml:3:11: error: expected products as a map of names to {unit: ..., bom: ...}, "
              "found a map");
        CHECK(f.error_of(head + "products:\n  a: {unti: x}\n") ==
              "s.yaml:4:7: error: unknown key 'unti' (did you mean 'unit'?)");
    }

    TEST_CASE("ScenarioReader: lanes take the from-node's product and the nodes' regions") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(products:
  wafer: {unit: wafers}
nodes:
  fab: {block: station, product: wafer, capacity: 100 wafers/day, region: KR}
  hub: {block: inventory, product: wafer, region: TW, capacity: 500}
  sink: {block: sink, product: wafer}
lanes:
  - {from: fab, to: hub, transit: 1w, capacity: 200 wafers, share: 0.5}
  - {from: hub, to: sink, transit: {exponential: 2d}, from_region: TW-north}
)");
        const Scenario s = f.load();
        REQUIRE(s.lanes.size() == 2);
        const Lane& l = s.lanes[0];
        CHECK(l.product == "wafer");
        CHECK(l.name() == "fab->hub");
        CHECK(l.transit.mean() == 7.0);
        CHECK(l.capacity == 200.0);
        CHECK(l.share->at(0) == 0.5);
        CHECK(l.from_region == "KR");
        CHECK(l.to_region == "TW");
        CHECK(s.lanes[1].from_region == "TW-north");
        CHECK(s.lanes[1].to_region.empty());
        CHECK(s.lanes[1].pos.line == 11);
    }

    TEST_CASE("ScenarioReader: a lane share may be a CSV series of fractions") {
        ScenarioFiles f;
        f.write("shares.csv",
                "series,date,value,unit,source,note\n"
                "hbm,2026-01-01,0.3,fraction,x,\nhbm,2027-01-01,0.4,fraction,x,\n");
        f.write("s.yaml", head + R"(products:
  wafer: {unit: wafers}
nodes:
  fab: {block: station, product: wafer, capacity: 100 wafers/day}
  hbm: {block: sink, product: wafer}
lanes:
  - {from: fab, to: hbm, share: {csv: shares.csv, series: hbm}}
)");
        const Scenario s = f.load();
        REQUIRE(s.lanes.size() == 1);
        CHECK(s.lanes[0].share->at(0) == 0.3);
        CHECK(s.lanes[0].share->at(400) == 0.4);
    }

    TEST_CASE("ScenarioReader: lane errors") {
        ScenarioFiles f;
        const std::string nodes = head + R"(products:
  wafer: {unit: wafers}
  die: {unit: dies}
  stack: {unit: stacks, bom: {die: 8}}
nodes:
  fab: {block: station, product: wafer, capacity: 100 wafers/day}
  probe: {block: station, product: die, capacity: 1000 dies/day, inputs: {wafer: {}}}
  tsv: {block: assembly, product: stack, capacity: 10 stacks/day}
  store: {block: inventory, product: die}
  power: {block: pool, product: stack, capacity: 100}
  src: {block: source, product: wafer, arrivals: {poisson: 1/day}}
lanes:
)";  // lanes start on line 15
        CHECK(f.error_of(nodes + "  - {from: fba, to: probe}\n") ==
              "s.yaml:15:12: error: unknown node 'fba' (did you mean 'fab'?)");
        CHECK(f.error_of(nodes + "  - {from: fab}\n") ==
              "s.yaml:15:5: error: missing required key 'to'");
        CHECK(f.error_of(nodes + "  - {from: fab, to: probe, transit: 2}\n") ==
              "s.yaml:15:37: error: expected a duration like 6w or 90d, found '2'");
        CHECK(f.error_of(nodes + "  - {from: fab, to: probe, capacity: 0}\n") ==
              "s.yaml:15:38: error: capacity must be positive, found 0");
        CHECK(f.error_of(nodes + "  - {from: fab, to: probe, share: -1}\n") ==
              "s.yaml:15:35: error: share must be positive, found -1");
        CHECK(f.error_of(nodes + "  - {from: fab, to: probe, speed: 2}\n") ==
              "s.yaml:15:28: error: unknown key 'speed'");
        CHECK(f.error_of(nodes +
                         "  - {from: fab, to: probe}\n  - {from: fab, to: probe, transit: 1d}\n") ==
              "s.yaml:16:5: error: duplicate lane fab->probe (first at s.yaml:15:5)");
        CHECK(f.error_of(nodes + "  - {from: fab, to: tsv}\n") ==
              "s.yaml:15:21: error: lane fab->tsv carries wafer, but assembly 'tsv' builds stack "
              "from die");
        CHECK(f.error_of(nodes + "  - {from: probe, to: fab}\n") ==
              "s.yaml:15:23: error: lane probe->fab carries die, but station 'fab' has no inputs "
              "(add "
              "die under its inputs)");
        CHECK(f.error_of(nodes + "  - {from: tsv, to: probe}\n") ==
              "s.yaml:15:21: error: lane tsv->probe carries stack, but station 'probe' takes wafer "
              "(add stack under its inputs)");
        CHECK(
            f.error_of(nodes + "  - {from: fab, to: store}\n") ==
            "s.yaml:15:21: error: lane fab->store carries wafer, but inventory 'store' holds die");
        CHECK(f.error_of(nodes + "  - {from: power, to: store}\n") ==
              "s.yaml:15:12: error: a lane cannot start at pool 'power': a pool keeps what it "
              "receives");
        CHECK(f.error_of(nodes + "  - {from: fab, to: src}\n") ==
              "s.yaml:15:21: error: a lane cannot end at source 'src': a source takes no input");
        CHECK(f.error_of(nodes + "  - {from: src, to: probe}\n  - {from: probe, to: tsv}\n"
                                 "  - {from: tsv, to: power}\n")
                  .empty());
        CHECK(f.error_of(head +
                         "products: {a: {}}\nnodes: {s: {block: sink, product: a}}\nlanes: {}\n") ==
              "s.yaml:5:8: error: expected lanes as a list of {from: ..., to: ...}, found a map");
    }

    TEST_CASE("ScenarioReader: suppliers must reach their buyers along lanes") {
        ScenarioFiles f;
        const std::string nodes = head + R"(products:
  chip: {unit: chips}
nodes:
  fab: {block: station, product: chip, capacity: 100 chips/day}
  supply: {block: allocator, product: chip}
  hub: {block: inventory, product: chip}
  buyer: {block: buyer, product: chip, demand: {rate: 50 chips/day}, suppliers: {supply: 1}}
  line:
    block: station
    product: chip
    capacity: 10 chips/day
    inputs: {chip: {replenish: {suppliers: {supply: 1}, base_stock: 100}}}
lanes:
  - {from: fab, to: supply}
)";  // further lanes from line 17
        CHECK(f.error_of(nodes + "  - {from: supply, to: line}\n") ==
              "s.yaml:9:82: error: supplier 'supply' cannot reach buyer 'buyer': no lane from it, "
              "directly or through inventory nodes (add a lane supply->buyer)");
        CHECK(f.error_of(nodes + "  - {from: supply, to: buyer}\n") ==
              "s.yaml:14:45: error: supplier 'supply' cannot reach node 'line': no lane from it, "
              "directly or through inventory nodes (add a lane supply->line)");
        CHECK(f.error_of(nodes + "  - {from: supply, to: hub}\n  - {from: hub, to: buyer}\n"
                                 "  - {from: hub, to: line}\n")
                  .empty());
        // A station on the way does not pass the supplier's stock on.
        CHECK(f.error_of(nodes + "  - {from: supply, to: line}\n  - {from: line, to: buyer}\n") ==
              "s.yaml:9:82: error: supplier 'supply' cannot reach buyer 'buyer': no lane from it, "
              "directly or through inventory nodes (add a lane supply->buyer)");
    }

    TEST_CASE("ScenarioReader: shocks") {
        ScenarioFiles f;
        const std::string base = head + R"(horizon: 2y
products:
  wafer: {unit: wafers}
nodes:
  fab: {block: station, product: wafer, capacity: 100 wafers/day, region: KR, owner: sk}
  fab2: {preset: fab, product: wafer, servers: 2, process_time: 1h, region: TW}
  supply: {block: allocator, product: wafer, contract_shares: {buyer: 1}}
  buyer: {block: buyer, product: wafer, demand: {rate: 50 wafers/day}, suppliers: {supply: 1}}
lanes:
  - {from: fab, to: supply}
  - {from: fab2, to: supply}
  - {from: supply, to: buyer}
shocks:
)";  // shocks from line 16
        f.write("s.yaml", base + R"(  - name: fire
    kind: capacity_loss
    targets: [fab, {region: TW}]
    start: 2026-06-01
    duration: 6w
    magnitude: 0.3
    recovery: 8w
    description: a fire
  - {name: surge, kind: demand_surge, target: buyer, start: 2026-03-01, magnitude: 0.5}
  - {name: close, kind: lane_closure, targets: [fab->supply], start: 2027-01-01, duration: 1q}
  - {name: policy, kind: policy_change, targets: [supply], start: 2026-07-01, policy: contract}
  - {name: grow, kind: capacity_expansion, targets: [{owner: sk}], start: 2026-01-01,
     magnitude: 3000 wafers/month, ramp: 6mo}
  - {name: quake, kind: outage, targets: [{preset: fab}], random: {probability_per_year: 0.05},
     duration: 2w}
)");
        const Scenario s = f.load();
        REQUIRE(s.shocks.size() == 6);
        const Shock& fire = s.shocks[0];
        CHECK(fire.kind == ShockKind::CapacityLoss);
        CHECK(fire.targets == std::vector<std::string>{"fab", "fab2"});
        CHECK(fire.start == memchain::sim::Time::from_days(151.0));
        CHECK(fire.duration == memchain::sim::Duration::from_days(42.0));
        CHECK(fire.magnitude == 0.3);
        CHECK(fire.recovery == memchain::sim::Duration::from_days(56.0));
        CHECK(fire.description == "a fire");
        CHECK(s.shocks[1].targets == std::vector<std::string>{"buyer"});
        CHECK(s.shocks[2].targets == std::vector<std::string>{"fab->supply"});
        CHECK(s.shocks[3].policy == AllocationPolicy::Contract);
        CHECK(s.shocks[4].magnitude == doctest::Approx(3000 / (365.25 / 12)));
        CHECK(s.shocks[4].ramp == memchain::sim::Duration::from_days(365.25 / 2));
        CHECK(s.shocks[5].random->probability_per_year == 0.05);
        CHECK(s.shocks[5].start == memchain::sim::Time::zero());
        CHECK(s.shocks[5].targets == std::vector<std::string>{"fab2"});

        const auto shock = [&](const std::string& text) { return f.error_of(base + text); };
        CHECK(shock("  - {kind: outage, targets: [fab], start: 2026-02-01}\n") ==
              "s.yaml:16:5: error: missing required key 'name'");
        CHECK(shock("  - {name: a, kind: outage, targets: [fab], start: 2026-02-01}\n"
                    "  - {name: a, kind: outage, targets: [fab], start: 2026-03-01}\n") ==
              "s.yaml:17:12: error: duplicate shock 'a' (first at s.yaml:16:5)");
        CHECK(shock("  - {name: a, kind: fire, targets: [fab], start: 2026-02-01}\n") ==
              "s.yaml:16:21: error: unknown shock kind 'fire' (expected capacity_loss, outage, "
              "yield_excursion, demand_surge, capacity_expansion, policy_change, lane_closure or "
              "price)");
        CHECK(shock("  - {name: a, kind: outgae, targets: [fab], start: 2026-02-01}\n") ==
              "s.yaml:16:21: error: unknown shock kind 'outgae' (did you mean 'outage'?) (expected "
              "capacity_loss, outage, yield_excursion, demand_surge, capacity_expansion, "
              "policy_change, lane_closure or price)");
        CHECK(shock("  - {name: a, kind: outage, targets: [fba], start: 2026-02-01}\n") ==
              "s.yaml:16:39: error: unknown node 'fba' (did you mean 'fab'?)");
        CHECK(
            shock(
                "  - {name: a, kind: lane_closure, targets: [fab->suply], start: 2026-02-01}\n") ==
            "s.yaml:16:45: error: unknown lane 'fab->suply' (did you mean 'fab->supply'?)");
        CHECK(
            shock(
                "  - {name: a, kind: lane_closure, targets: [fab->buyer], start: 2026-02-01}\n") ==
            "s.yaml:16:45: error: unknown lane 'fab->buyer'");
        CHECK(shock("  - {name: a, kind: demand_surge, targets: [fab], start: 2026-02-01, "
                    "magnitude: 1}\n") ==
              "s.yaml:16:45: error: shock 'a' of kind demand_surge cannot target station 'fab' "
              "(expected a buyer)");
        CHECK(shock("  - {name: a, kind: lane_closure, targets: [fab], start: 2026-02-01}\n") ==
              "s.yaml:16:45: error: shock 'a' of kind lane_closure cannot target station 'fab' "
              "(expected a lane named from->to)");
        CHECK(shock("  - {name: a, kind: outage, targets: [fab->supply], start: 2026-02-01}\n") ==
              "s.yaml:16:39: error: shock 'a' of kind outage cannot target lane fab->supply (only "
              "lane_closure shocks target lanes)");
        CHECK(shock("  - {name: a, kind: policy_change, targets: [fab], start: 2026-02-01, policy: "
                    "fcfs}\n") ==
              "s.yaml:16:46: error: shock 'a' of kind policy_change cannot target station 'fab' "
              "(expected an allocator)");
        CHECK(shock("  - {name: a, kind: policy_change, targets: [supply], start: 2026-02-01}\n") ==
              "s.yaml:16:5: error: missing required key 'policy'");
        CHECK(shock("  - {name: a, kind: policy_change, targets: [supply], start: 2026-02-01, "
                    "policy: lottery}\n") ==
              "s.yaml:16:82: error: unknown allocation policy 'lottery' (expected fcfs, pro_rata, "
              "contract, priority or max_min)");
        CHECK(shock("  - {name: a, kind: outage, targets: [fab], start: 2025-12-01}\n") ==
              "s.yaml:16:52: error: shock 'a' starts 2025-12-01, before the scenario starts "
              "(2026-01-01)");
        CHECK(shock("  - {name: a, kind: outage, targets: [fab]}\n") ==
              "s.yaml:16:5: error: missing required key 'start' (or give random: "
              "{probability_per_year: ...})");
        CHECK(shock("  - {name: a, kind: outage, targets: [fab], start: 2026-02-01, magnitude: "
                    "0.5}\n") ==
              "s.yaml:16:64: error: key 'magnitude' does not apply to an outage shock (only to "
              "capacity_loss, yield_excursion, demand_surge, capacity_expansion and price)");
        CHECK(shock("  - {name: a, kind: capacity_loss, targets: [fab], start: 2026-02-01, "
                    "magnitude: 1.5}\n") ==
              "s.yaml:16:82: error: magnitude must be in (0, 1], found 1.5");
        CHECK(shock("  - {name: a, kind: capacity_loss, targets: [fab], start: 2026-02-01}\n") ==
              "s.yaml:16:5: error: missing required key 'magnitude'");
        CHECK(
            shock("  - {name: a, kind: demand_surge, targets: [buyer], start: 2026-02-01, "
                  "magnitude: -1}\n") ==
            "s.yaml:16:83: error: magnitude of a demand_surge must be above -1 and not 0 (0.2 adds "
            "20%, -0.2 removes 20%), found '-1'");
        CHECK(shock("  - {name: a, kind: capacity_expansion, targets: [fab], start: 2026-02-01, "
                    "magnitude: 0.5}\n") ==
              "s.yaml:16:87: error: expected a rate like 100 wafers/month, found '0.5'");
        CHECK(shock("  - {name: a, kind: capacity_expansion, targets: [fab2], start: 2026-02-01, "
                    "magnitude: 5 wafers/day}\n") ==
              "s.yaml:16:51: error: shock 'a' of kind capacity_expansion needs a target with a "
              "capacity rate, but station 'fab2' counts servers");
        CHECK(shock("  - {name: a, kind: outage, targets: [{region: US}], start: 2026-02-01}\n") ==
              "s.yaml:16:39: error: selector {region: US} matches no node");
        CHECK(shock("  - {name: a, kind: outage, targets: [{country: KR}], start: 2026-02-01}\n") ==
              "s.yaml:16:40: error: unknown key 'country'");
        CHECK(
            shock(
                "  - {name: a, kind: outage, target: fab, targets: [fab], start: 2026-02-01}\n") ==
            "s.yaml:16:29: error: give targets or target, not both");
        CHECK(shock("  - {name: a, kind: outage, targets: [fab], start: 2026-02-01, random: "
                    "{probability_per_year: 1}}\n") ==
              "s.yaml:16:95: error: probability_per_year must be between 0 and 1 (exclusive), "
              "found '1'");
        CHECK(shock("  - {name: a, kind: outage, targets: [fab], start: 2026-02-01, ramp: 1w}\n") ==
              "s.yaml:16:64: error: key 'ramp' does not apply to an outage shock (only to "
              "capacity_expansion)");
    }

    TEST_CASE("ScenarioReader: limits that keep a run finite are positioned errors") {
        ScenarioFiles f;
        CHECK(f.error_of(chain + "recording: {sample_interval: 1e-7s}\n") ==
              "s.yaml:12:30: error: sample_interval '1e-7s' rounds to zero at the clock's "
              "resolution (1 microsecond)");
        CHECK(f.error_of(chain + "recording: {sample_interval: 1s}\n") ==
              "s.yaml:12:30: error: sample_interval '1s' takes more than 100000 samples over the "
              "horizon, the most a run keeps");
        CHECK(f.error_of(chain + "horizon: 1e300d\n") ==
              "s.yaml:12:10: error: horizon '1e300d' is longer than the 10000y a duration may "
              "span");
        CHECK(f.error_of(chain + "horizon: 201y\n") ==
              "s.yaml:12:10: error: horizon '201y' is longer than the supported 200y");
        CHECK(f.error_of(chain + "horizon: 200y\n").empty());
        // Every period of the format goes through the same check.
        std::string tiny = chain;
        tiny.replace(tiny.find("demand: {rate: 50 wafers/day}"),
                     std::string("demand: {rate: 50 wafers/day}").size(),
                     "demand: {rate: 50 wafers/day, period: 1e-12d}");
        CHECK(f.error_of(tiny) ==
              "s.yaml:8:79: error: period '1e-12d' rounds to zero at the clock's resolution (1 "
              "microsecond)");
        const std::string source = head + R"(products:
  part: {unit: parts}
nodes:
  src: {block: source, product: part, arrivals: ARRIVALS}
  sink: {block: sink, product: part}
lanes:
  - {from: src, to: sink}
)";
        const auto with = [&](const std::string& arrivals) {
            std::string text = source;
            text.replace(text.find("ARRIVALS"), 8, arrivals);
            return f.error_of(text);
        };
        CHECK(with("{poisson: 1e12/day}") ==
              "s.yaml:6:59: error: arrivals '1e12/day' come faster than one lot per "
              "microsecond, the clock's resolution");
        CHECK(with("{interval: 1e-8s}").find("come faster than one lot per microsecond") !=
              std::string::npos);
        CHECK(with("{rate: 1e12 parts/day}").find("come faster than one lot per microsecond") !=
              std::string::npos);
        CHECK(with("{poisson: 1e9/day}").empty());
    }
}  // TEST_SUITE
