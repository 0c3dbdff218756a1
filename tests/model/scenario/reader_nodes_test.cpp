// Reading and validating nodes: presets, each block's keys and values, inputs, suppliers.

#include <doctest/doctest.h>

#include "scenario_files.hpp"

using namespace memchain::model;
using memchain::testing::ScenarioFiles;

namespace {

constexpr double month = 365.25 / 12.0;

// Lines 1-9: products and a supplier of dies; the nodes under test follow from line 10.
const std::string head = R"(name: t
start: 2026-01-01
products:
  wafer: {unit: wafers}
  die: {unit: dies}
  stack: {unit: stacks, bom: {die: 8, wafer: 1}}
nodes:
  supply: {block: allocator, product: die}
  store: {block: inventory, product: stack}
)";

const Node& node(const Scenario& s, const std::string& name) {
    const Node* n = s.find_node(name);
    REQUIRE(n != nullptr);
    return *n;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("ScenarioReader nodes: a station with every key") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(  probe:
    preset: test
    region: KR
    owner: sk
    stage: Probe
    product: die
    capacity: {points: {2026-01-01: 3000 dies/month, 2026-07-01: 6000 dies/month}}
    cycle_time: {uniform: [1d, 3d]}
    lot_size: 500 dies
    output_per_unit: 400
    yield: 0.9
    binomial_yield: false
    initial_wip: full
    when_blocked: replace
    queue: priority
    inputs: {wafer: {capacity: 100, initial: 20}}
    outages: {mtbf: 1y, mttr: {triangular: [1d, 2d, 6d]}}
    active_from: 2026-03-01
    description: wafer probe
)");
        const Scenario s = f.load();
        const Node& n = node(s, "probe");
        CHECK(n.block == Block::Station);
        CHECK(n.preset == "test");
        CHECK(n.stage == "Probe");
        CHECK(n.region == "KR");
        CHECK(n.owner == "sk");
        CHECK(n.product == "die");
        CHECK(n.capacity->at(0) == doctest::Approx(3000 / month));
        CHECK(n.capacity->at(200) == doctest::Approx(6000 / month));
        CHECK_FALSE(n.servers_plan);
        CHECK(n.cycle_time->mean() == 2.0);
        CHECK(n.lot_size == 500.0);
        CHECK(n.output_per_unit == 400.0);
        CHECK(n.yield.at(0) == 0.9);
        CHECK_FALSE(n.binomial_yield);
        CHECK(n.initial_wip_full);
        CHECK(n.when_blocked == BlockedStarts::Replace);
        CHECK(n.queue == QueueDiscipline::Priority);
        REQUIRE(n.inputs.size() == 1);
        CHECK(n.inputs[0].product == "wafer");
        CHECK(n.inputs[0].capacity == 100.0);
        CHECK(n.inputs[0].initial == 20.0);
        CHECK(n.outages.time_between_failures->kind() ==
              memchain::sim::Distribution::Kind::Exponential);
        CHECK(n.outages.time_between_failures->mean() == 365.25);
        CHECK(n.outages.time_to_repair->mean() == 3.0);
        CHECK(n.active_from == memchain::sim::Time::from_days(59.0));
        CHECK(n.description == "wafer probe");
        CHECK(n.pos.line == 10);
        CHECK(n.pos.column == 3);
    }

    TEST_CASE("ScenarioReader nodes: presets set block and stage") {
        ScenarioFiles f;
        f.write(
            "s.yaml",
            head +
                R"(  fab: {preset: fab, product: wafer, servers: 3, process_time: {exponential: 2h}}
  tsv: {preset: tsv, product: stack, capacity: 10 stacks/day, inputs: {die: {capacity: 800}}}
  power: {preset: power, product: stack, capacity: {points: {2026-01-01: 100, 2027-01-01: 150}, interpolate: linear}, initial: 20}
  other: {block: station, product: wafer, capacity: 1 wafer/day}
)");
        const Scenario s = f.load();
        const Node& fab = node(s, "fab");
        CHECK(fab.block == Block::Station);
        CHECK(fab.stage == "DRAM fab");
        CHECK(fab.servers_plan->at(0) == 3.0);
        CHECK(fab.process_time.mean() == doctest::Approx(1.0 / 12.0));
        const Node& tsv = node(s, "tsv");
        CHECK(tsv.block == Block::Assembly);
        CHECK(tsv.stage == "HBM stacking");
        // One buffer per bill-of-materials line, in the BOM's order; unwritten lines get defaults.
        REQUIRE(tsv.inputs.size() == 2);
        CHECK(tsv.inputs[0].product == "die");
        CHECK(tsv.inputs[0].capacity == 800.0);
        CHECK(tsv.inputs[1].product == "wafer");
        CHECK_FALSE(tsv.inputs[1].capacity);
        const Node& power = node(s, "power");
        CHECK(power.block == Block::Pool);
        CHECK(power.stage == "Data-centre power");
        CHECK(power.pool_capacity->at(182.5) == doctest::Approx(125.0));
        CHECK(power.initial_stock == 20.0);
        CHECK(node(s, "other").stage.empty());
        CHECK(node(s, "supply").stage.empty());
    }

    TEST_CASE("ScenarioReader nodes: sources, allocators and buyers") {
        ScenarioFiles f;
        f.write("data/capex.csv",
                "series,date,value,unit,source,note\n"
                "ms,2026-01-01,36525000,USD/year,x,\nms,2027-01-01,73050000,USD/year,x,\n"
                "share,2026-01-01,0.5,fraction,x,\nshare,2027-01-01,0.25,fraction,x,\n");
        f.write(
            "s.yaml",
            head +
                R"(  src: {block: source, product: die, arrivals: {poisson: 0.9/h, lot_size: {binomial: {n: 10, p: 0.5}}, when_blocked: lose, limit: 100, priority: -2}}
  src2: {block: source, product: die, arrivals: {interval: {exponential: 1h}}}
  src3: {block: source, product: die, arrivals: {rate: 100 dies/day}}
  alloc:
    preset: supplier
    product: die
    capacity: 5000
    initial: 100
    policy: pro_rata
    policy_changes: [{from: 2026-06-01, policy: priority}, {from: 2027-01-01, policy: contract}]
    contract_shares: {a: 0.6, b: 0.4}
    tiers: {a: 1, b: 2}
    allocation_period: 1w
  unlimited: {block: allocator, product: die, unlimited: true}
  a:
    preset: hyperscaler
    product: die
    demand: {capex: {csv: data/capex.csv, series: ms}, unit_price: 40000 USD, capex_share: {csv: data/capex.csv, series: share}, period: 1mo}
    ordering: {policy: order_up_to, forecast_periods: 3, lead_time: 2mo, safety_factor: 1.5, allow_negative_orders: true, initial_stock: 10}
    suppliers: {alloc: 3, supply: 1}
    tier: 2
    target_lead_time: 26w
    capacity: 500 dies
    inflation: {enabled: true, elasticity: 0.8, max_factor: 3, reference: 12w}
  b: {preset: edge_oem, product: die, demand: {normal: {mean: 100 dies, sd: 20}}, ordering: {policy: base_stock, level: 50}, suppliers: {alloc: 1}}
  c: {block: buyer, product: die, demand: {poisson: {points: {2026-01-01: 2/day}}}, suppliers: {alloc: 1}}
  d: {block: buyer, product: die}
lanes:
  - {from: alloc, to: a}
  - {from: alloc, to: b}
  - {from: alloc, to: c}
  - {from: supply, to: a}
)");
        const Scenario s = f.load();
        const Arrivals& arrivals = node(s, "src").arrivals;
        CHECK(arrivals.kind == Arrivals::Kind::Poisson);
        CHECK(arrivals.rate.at(0) == doctest::Approx(0.9 * 24));
        CHECK(arrivals.lot_size.mean() == 5.0);
        CHECK(arrivals.when_blocked == WhenBlocked::Lose);
        CHECK(arrivals.limit == 100u);
        CHECK(arrivals.priority == -2);
        CHECK(node(s, "src2").arrivals.kind == Arrivals::Kind::Interval);
        CHECK(node(s, "src2").arrivals.interval.mean() == doctest::Approx(1.0 / 24));
        CHECK(node(s, "src3").arrivals.kind == Arrivals::Kind::Rate);
        CHECK(node(s, "src3").arrivals.rate.at(0) == 100.0);

        const Node& alloc = node(s, "alloc");
        CHECK(alloc.stock_capacity == 5000.0);
        CHECK(alloc.initial_stock == 100.0);
        CHECK(alloc.policy == AllocationPolicy::ProRata);
        REQUIRE(alloc.policy_changes.size() == 2);
        CHECK(alloc.policy_changes[0].from == memchain::sim::Time::from_days(151.0));
        CHECK(alloc.policy_changes[1].policy == AllocationPolicy::Contract);
        CHECK(alloc.contract_shares.at("a") == 0.6);
        CHECK(alloc.tiers.at("b") == 2);
        CHECK(alloc.allocation_period->to_days() == 7.0);
        CHECK_FALSE(alloc.unlimited);
        CHECK(node(s, "unlimited").unlimited);

        const Node& a = node(s, "a");
        CHECK(a.demand.kind == DemandKind::Rate);
        CHECK(a.demand.rate.at(0) == doctest::Approx(100000.0));  // USD per day
        CHECK(a.demand.unit_price == 40000.0);
        CHECK(a.demand.capex_share.at(0) == 0.5);
        CHECK(a.demand.capex_share.at(400) == 0.25);
        CHECK(a.demand.period.to_days() == doctest::Approx(month));
        CHECK(a.ordering.policy == OrderingPolicy::OrderUpTo);
        CHECK(a.ordering.forecast_periods == 3);
        CHECK(a.ordering.lead_time_periods == doctest::Approx(2.0));
        CHECK(a.ordering.safety_factor == 1.5);
        CHECK(a.ordering.allow_negative_orders);
        CHECK(a.ordering.initial_stock == 10.0);
        CHECK(a.suppliers.at("alloc") == 0.75);  // shares normalised to sum 1
        CHECK(a.stock_capacity == 500.0);
        CHECK(a.suppliers.at("supply") == 0.25);
        CHECK(a.tier == 2);
        CHECK(a.target_lead_time == memchain::sim::Duration::from_days(182.0));
        CHECK(a.inflation.enabled);
        CHECK(a.inflation.elasticity == 0.8);
        CHECK(a.inflation.max_factor == 3.0);
        CHECK(a.inflation.reference == memchain::sim::Duration::from_days(84.0));

        const Node& b = node(s, "b");
        CHECK(b.stage == "Edge devices");
        CHECK(b.demand.kind == DemandKind::Normal);
        CHECK(b.demand.mean == 100.0);
        CHECK(b.demand.sd == 20.0);
        CHECK(b.ordering.policy == OrderingPolicy::BaseStock);
        CHECK(b.ordering.level == 50.0);
        CHECK(node(s, "c").demand.kind == DemandKind::Poisson);
        CHECK(node(s, "c").demand.rate.at(0) == 2.0);
        CHECK(node(s, "d").demand.kind == DemandKind::None);
        CHECK(s.data_files.size() == 1);
    }

    TEST_CASE("ScenarioReader nodes: block, preset and key errors") {
        ScenarioFiles f;
        const auto nodes = [&](const std::string& text) { return f.error_of(head + text); };
        CHECK(nodes("  x: {product: die}\n") ==
              "s.yaml:10:6: error: node 'x' needs a block or a preset");
        CHECK(nodes("  x: {block: statoin, product: die}\n") ==
              "s.yaml:10:14: error: unknown block 'statoin' (did you mean 'station'?) (expected "
              "source, station, assembly, inventory, allocator, pool, sink or buyer)");
        CHECK(nodes("  x: {preset: cowoss, product: die}\n") ==
              "s.yaml:10:15: error: unknown preset 'cowoss' (did you mean 'cowos'?)");
        CHECK(nodes("  x: {preset: tsv, block: station, product: die}\n") ==
              "s.yaml:10:27: error: block 'station' contradicts preset 'tsv' (an assembly)");
        CHECK(nodes("  x: {block: station, product: die, capcity: 5 dies/day}\n") ==
              "s.yaml:10:37: error: unknown key 'capcity' (did you mean 'capacity'?)");
        CHECK(nodes("  x: {block: station, product: die, demand: {rate: 5 dies/day}}\n") ==
              "s.yaml:10:37: error: key 'demand' does not apply to a station");
        CHECK(nodes("  x: {block: buyer, product: die, initial: 5}\n") ==
              "s.yaml:10:35: error: key 'initial' does not apply to a buyer");
        CHECK(nodes("  x: {block: station, capacity: 5 dies/day}\n") ==
              "s.yaml:10:6: error: missing required key 'product'");
        CHECK(nodes("  x: {block: station, product: dye, capacity: 5 dies/day}\n") ==
              "s.yaml:10:32: error: unknown product 'dye' (did you mean 'die'?)");
        CHECK(nodes("  supply: {block: sink, product: die}\n") ==
              "s.yaml:10:3: error: duplicate key 'supply' (first on line 8)");
        CHECK(nodes("  a->b: {block: sink, product: die}\n") ==
              "s.yaml:10:3: error: node name 'a->b' must not contain '->'");
        CHECK(nodes("  x: 5\n") ==
              "s.yaml:10:6: error: expected node 'x' as a map of keys, found '5'");
    }

    TEST_CASE("ScenarioReader nodes: an assembly's own bill of materials overrides its product's") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(  pack:
    block: assembly
    product: stack
    capacity: 10 stacks/day
    bom: {die: 12, wafer: 2}
    inputs: {wafer: {capacity: 40}}
)");
        const Scenario s = f.load();
        const Node& n = node(s, "pack");
        REQUIRE(s.bill_of_materials(n).size() == 2);
        CHECK(s.bill_of_materials(n)[0].component == "die");
        CHECK(s.bill_of_materials(n)[0].quantity == 12.0);
        REQUIRE(n.inputs.size() == 2);
        CHECK(n.inputs[0].product == "die");
        CHECK(n.inputs[1].product == "wafer");
        CHECK(*n.inputs[1].capacity == 40.0);
        // Without its own, a node's bill of materials is its product's.
        REQUIRE(s.bill_of_materials(node(s, "store")).size() == 2);
        CHECK(s.bill_of_materials(node(s, "store"))[0].quantity == 8.0);
    }

    TEST_CASE("ScenarioReader nodes: stations and assemblies") {
        ScenarioFiles f;
        const auto nodes = [&](const std::string& text) { return f.error_of(head + text); };
        CHECK(
            nodes("  x: {block: station, product: die}\n") ==
            "s.yaml:10:6: error: a station needs capacity (a rate like 100 dies/month) or servers "
            "with process_time");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, servers: 2}\n") ==
              "s.yaml:10:59: error: a station takes capacity or servers, not both");
        CHECK(
            nodes(
                "  x: {block: station, product: die, capacity: 5 dies/day, process_time: 1h}\n") ==
            "s.yaml:10:59: error: process_time applies with servers only (with capacity the time "
            "per lot is lot_size / capacity)");
        CHECK(nodes("  x: {block: station, product: die, servers: 2}\n") ==
              "s.yaml:10:6: error: missing required key 'process_time' (the time per lot with "
              "servers)");
        CHECK(nodes("  x: {block: station, product: die, servers: 0, process_time: 1h}\n") ==
              "s.yaml:10:46: error: servers must be a whole number of at least 1, found 0");
        CHECK(nodes("  x: {block: station, product: die, capacity: 0 dies/day}\n") ==
              "s.yaml:10:47: error: capacity must be positive, found 0");
        CHECK(nodes("  x: {block: station, product: die, capacity: -5 dies/day}\n") ==
              "s.yaml:10:47: error: capacity must be positive, found -5");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 stacks/day}\n") ==
              "s.yaml:10:47: error: bad unit 'stacks' for product die (its unit is dies)");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, lot_size: 0}\n") ==
              "s.yaml:10:69: error: lot_size must be positive, found 0");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, yield: 1.2}\n") ==
              "s.yaml:10:66: error: yield must be in (0, 1], found 1.2");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, yield: 0}\n") ==
              "s.yaml:10:66: error: yield must be in (0, 1], found 0");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, initial_wip: "
                    "half, cycle_time: 5d}\n") ==
              "s.yaml:10:72: error: unknown initial_wip 'half' (expected full or empty)");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, initial_wip: "
                    "full}\n") ==
              "s.yaml:10:59: error: initial_wip: full fills the cycle-time pipeline, so it needs "
              "cycle_time");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, when_blocked: "
                    "wait, cycle_time: 5d}\n") ==
              "s.yaml:10:73: error: unknown when_blocked 'wait' (expected stop or replace)");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, when_blocked: "
                    "replace}\n") ==
              "s.yaml:10:59: error: when_blocked: replace keeps the cycle-time pipeline's lots in "
              "process, so it needs cycle_time");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, queue: lifo}\n") ==
              "s.yaml:10:66: error: unknown queue 'lifo' (did you mean 'fifo'?) (expected fifo or "
              "priority)");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, inputs: {wafer: {}, "
                    "die: {}}}\n") ==
              "s.yaml:10:79: error: a station takes at most one input product, found wafer and die "
              "(use an assembly for a kit of several)");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, inputs: {wafer: "
                    "{capacity: 10, initial: 20}}}\n") ==
              "s.yaml:10:99: error: initial 20 exceeds the capacity 10");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, inputs: {wafer: "
                    "{size: 10}}}\n") == "s.yaml:10:76: error: unknown key 'size'");
        CHECK(nodes("  x: {block: assembly, product: die, capacity: 5 dies/day}\n") ==
              "s.yaml:10:33: error: assembly 'x' builds die, which has no bill of materials (add "
              "bom: to the product or to the node, or make the node a station)");
        CHECK(
            nodes("  x: {block: assembly, product: die, capacity: 5 dies/day, bom: {die: 2}}\n") ==
            "s.yaml:10:66: error: assembly 'x' cannot consume its own product die");
        CHECK(
            nodes(
                "  x: {block: assembly, product: die, capacity: 5 dies/day, bom: {wafer: 0}}\n") ==
            "s.yaml:10:73: error: a bill-of-materials quantity must be positive, found 0");
        CHECK(
            nodes("  x: {block: assembly, product: stack, capacity: 5 stacks/day, bom: {wafer: 2}, "
                  "inputs: {die: {}}}\n") ==
            "s.yaml:10:90: error: 'die' is not in the bill of materials of assembly 'x' (wafer)");
        CHECK(nodes("  x: {block: assembly, product: stack, capacity: 5 stacks/day, inputs: "
                    "{stack: {}}}\n") ==
              "s.yaml:10:73: error: 'stack' is not in the bill of materials of stack (die, wafer)");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, outages: {mtbf: "
                    "1y}}\n") == "s.yaml:10:68: error: missing required key 'mttr'");
        CHECK(nodes("  x: {block: station, product: die, capacity: 5 dies/day, outages: {mtbf: 0d, "
                    "mttr: 1d}}\n") == "s.yaml:10:75: error: mtbf must be positive, found '0d'");
    }

    TEST_CASE("ScenarioReader nodes: suppliers and replenishment") {
        ScenarioFiles f;
        const auto nodes = [&](const std::string& text) { return f.error_of(head + text); };
        CHECK(nodes("  x: {block: buyer, product: die, suppliers: {suply: 1}}\n") ==
              "s.yaml:10:47: error: unknown node 'suply' (did you mean 'supply'?)");
        CHECK(nodes("  x: {block: buyer, product: stack, suppliers: {store: 1}}\n") ==
              "s.yaml:10:49: error: supplier 'store' is an inventory, not an allocator");
        CHECK(nodes("  x: {block: buyer, product: wafer, suppliers: {supply: 1}}\n") ==
              "s.yaml:10:49: error: supplier 'supply' holds die, not wafer (what 'x' orders)");
        CHECK(nodes("  x: {block: buyer, product: die, suppliers: {supply: 0}}\n") ==
              "s.yaml:10:55: error: a supplier's share must be positive, found 0");
        CHECK(nodes("  x: {block: buyer, product: die, suppliers: {}}\n") ==
              "s.yaml:10:46: error: expected suppliers as a map of allocators to shares, like "
              "{supply: 1.0}, found a map");
        CHECK(nodes("  x: {block: buyer, product: die, demand: {rate: 5 dies/day}}\n") ==
              "s.yaml:10:6: error: buyer 'x' has demand but no suppliers (add suppliers: "
              "{allocator: 1.0})");
        CHECK(nodes("  x: {block: station, product: stack, capacity: 1 stack/day, inputs: {die: "
                    "{replenish: {suppliers: {store: 1}}}}}\n") ==
              "s.yaml:10:101: error: supplier 'store' is an inventory, not an allocator");
        CHECK(nodes("  x: {block: station, product: stack, capacity: 1 stack/day, inputs: {die: "
                    "{replenish: {base_stock: 5}}}}\n") ==
              "s.yaml:10:88: error: missing required key 'suppliers'");

        f.write("s.yaml", head + R"(  x:
    block: station
    product: stack
    capacity: 1 stack/day
    inputs: {die: {replenish: {suppliers: {supply: 1}, base_stock: 5 dies, order_period: 1w}}}
lanes:
  - {from: supply, to: x}
)");
        const Scenario s = f.load();
        const Node& x = node(s, "x");
        REQUIRE(x.inputs[0].replenishment);
        CHECK(x.inputs[0].replenishment->suppliers.at("supply") == 1.0);
        CHECK(x.inputs[0].replenishment->base_stock.at(0) == 5.0);
        CHECK(x.inputs[0].replenishment->order_period->to_days() == 7.0);
    }

    TEST_CASE("ScenarioReader nodes: demand, ordering, allocation and pool errors") {
        ScenarioFiles f;
        const auto nodes = [&](const std::string& text) { return f.error_of(head + text); };
        const std::string buyer = "  x: {block: buyer, product: die, suppliers: {supply: 1}, ";
        CHECK(nodes(buyer + "demand: {period: 1w}}\n") ==
              "s.yaml:10:67: error: demand needs one of rate, poisson, normal, capex or devices");
        CHECK(nodes(buyer + "demand: {rate: 5 dies/day, poisson: 1/day}}\n") ==
              "s.yaml:10:86: error: demand takes one of rate, poisson, normal, capex or devices, "
              "found rate "
              "and poisson");
        CHECK(nodes(buyer + "demand: {rate: 5 dies/day, unit_price: 5}}\n") ==
              "s.yaml:10:86: error: key 'unit_price' applies to capex demand only");
        CHECK(nodes(buyer + "demand: {capex: 1e9 USD/year}}\n") ==
              "s.yaml:10:67: error: missing required key 'unit_price'");
        CHECK(nodes(buyer + "demand: {capex: 1e9 USD/year, unit_price: 0 USD}}\n") ==
              "s.yaml:10:101: error: unit_price must be positive, found 0");
        CHECK(nodes(buyer + "demand: {capex: 1e9 EUR/year, unit_price: 5 USD}}\n") ==
              "s.yaml:10:75: error: bad unit 'EUR' for money (expected USD)");
        CHECK(nodes(buyer + "demand: {rate: 5 dies/day}, ordering: {policy: base_stock}}\n") ==
              "s.yaml:10:97: error: missing required key 'level'");
        CHECK(nodes(buyer +
                    "demand: {rate: 5 dies/day}, ordering: {policy: make_to_order, level: 5}}\n") ==
              "s.yaml:10:121: error: key 'level' does not apply to ordering policy make_to_order");
        CHECK(
            nodes(buyer + "demand: {rate: 5 dies/day}, ordering: {policy: just_in_time}}\n") ==
            "s.yaml:10:106: error: unknown ordering policy 'just_in_time' (expected make_to_order, "
            "base_stock or order_up_to)");
        CHECK(nodes(buyer + "tier: 0}\n") ==
              "s.yaml:10:65: error: tier must be between 1 and 1000, found '0'");
        CHECK(nodes(buyer + "inflation: {enabled: true, max_factor: 0.5}}\n") ==
              "s.yaml:10:98: error: max_factor must be at least 1, found '0.5'");

        CHECK(nodes("  x: {block: allocator, product: die, contract_shares: {b: 1}}\n  b: {block: "
                    "buyer, product: die}\n")
                  .empty());
        CHECK(nodes("  x: {block: allocator, product: die, contract_shares: {bb: 1}}\n  b: {block: "
                    "buyer, product: die}\n") ==
              "s.yaml:10:57: error: unknown buyer 'bb' (did you mean 'b'?)");
        // A line that orders (a station or an assembly) may hold a contract share or a tier.
        CHECK(nodes("  x: {block: allocator, product: die, tiers: {line: 2}, contract_shares: "
                    "{line: 1}}\n  line: {block: station, product: stack, capacity: 5 "
                    "stacks/day}\n")
                  .empty());
        CHECK(nodes("  x: {block: allocator, product: die, tiers: {store: 1}}\n") ==
              "s.yaml:10:47: error: 'store' is an inventory, not a buyer or a line that orders "
              "(station or assembly)");
        CHECK(nodes("  x: {block: allocator, product: die, policy: contract}\n") ==
              "s.yaml:10:47: error: policy contract needs contract_shares on allocator 'x'");
        CHECK(nodes("  x: {block: allocator, product: die, policy_changes: [{from: 2027-01-01, "
                    "policy: fcfs}, {from: 2026-01-01, policy: fcfs}]}\n") ==
              "s.yaml:10:97: error: policy changes must be in date order");
        CHECK(nodes("  x: {block: allocator, product: die, unlimited: true, capacity: 10}\n") ==
              "s.yaml:10:56: error: key 'capacity' does not apply to an unlimited allocator (it "
              "holds no stock)");
        CHECK(nodes("  x: {block: allocator, product: die, capacity: 10, initial: 20}\n") ==
              "s.yaml:10:62: error: initial 20 exceeds the capacity 10");
        CHECK(nodes("  x: {block: pool, product: die}\n") ==
              "s.yaml:10:6: error: a pool needs capacity (the units it can hold, a number or a "
              "plan)");
        CHECK(nodes("  x: {block: pool, product: die, capacity: 5 dies/day}\n") ==
              "s.yaml:10:44: error: expected an amount like 100 dies, not a rate, found '5 "
              "dies/day'");

        const std::string source = "  x: {block: source, product: die, arrivals: ";
        CHECK(nodes(source + "{lot_size: 2}}\n") ==
              "s.yaml:10:46: error: arrivals need one of poisson, interval or rate");
        CHECK(nodes(source + "{poisson: 1/day, rate: 5 dies/day}}\n") ==
              "s.yaml:10:63: error: arrivals take one of poisson, interval or rate, found poisson "
              "and rate");
        CHECK(nodes(source + "{poisson: 1 wafer/day}}\n") ==
              "s.yaml:10:56: error: bad unit 'wafer' for arrivals (expected lots or no unit)");
        CHECK(nodes(source + "{interval: 0h}}\n") ==
              "s.yaml:10:57: error: interval must be positive, found '0h'");
        CHECK(nodes(source + "{poisson: 1/day, limit: 0}}\n") ==
              "s.yaml:10:70: error: limit must be at least 1, found '0'");
        CHECK(nodes(source + "{poisson: 1/day, lot_size: 0}}\n") ==
              "s.yaml:10:73: error: lot_size must be positive, found '0'");
        CHECK(nodes(source + "{poisson: 1/day, when_blocked: wait}}\n") ==
              "s.yaml:10:77: error: unknown when_blocked 'wait' (expected lose or hold)");
    }
    TEST_CASE("ScenarioReader nodes: a buyer's order rules") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(  x:
    block: buyer
    product: die
    suppliers: {supply: 1}
    inflation: {enabled: true}
    order_rules:
      lead_time_tolerance: 26w
      on_tolerance: push_out
      max_age: 1y
      retime_when_downstream_full: true
      unwind_phantom: true
      review: 2w
lanes:
  - {from: supply, to: x}
)");
        const Scenario s = f.load();
        const OrderRules& r = node(s, "x").order_rules;
        CHECK(r.any());
        CHECK(r.lead_time_tolerance == memchain::sim::Duration::from_days(182.0));
        CHECK(r.push_out_on_tolerance);
        CHECK(r.max_age == memchain::sim::Duration::from_days(365.25));
        CHECK(r.retime_when_downstream_full);
        CHECK(r.unwind_phantom);
        CHECK(r.review == memchain::sim::Duration::from_days(14.0));
        // Two weeks in ticks (microseconds), by hand: 14 x 86,400 s x 1e6.
        CHECK(r.review->ticks() == 1'209'600'000'000);
        CHECK_FALSE(OrderRules{}.any());

        const auto nodes = [&](const std::string& text) { return f.error_of(head + text); };
        const std::string buyer = "  x: {block: buyer, product: die, suppliers: {supply: 1}, ";
        CHECK(nodes(buyer + "order_rules: {on_tolerance: cancel}}\n") ==
              "s.yaml:10:73: error: on_tolerance needs a lead_time_tolerance");
        CHECK(nodes(buyer + "order_rules: {lead_time_tolerance: 4w, on_tolerance: drop}}\n") ==
              "s.yaml:10:112: error: unknown on_tolerance 'drop' (expected cancel or push_out)");
        CHECK(nodes(buyer + "order_rules: {max_age: 0d}}\n") ==
              "s.yaml:10:82: error: max_age must be positive, found '0d'");
        CHECK(nodes(buyer + "order_rules: {unwind_phantom: true}}\n") ==
              "s.yaml:10:73: error: unwind_phantom needs inflation enabled or booking on buyer "
              "'x' (it unwinds the inflated part of orders and bookings ahead)");
        CHECK(nodes(buyer + "order_rules: {max_agee: 1y}}\n") ==
              "s.yaml:10:73: error: unknown key 'max_agee' (did you mean 'max_age'?)");
    }

    TEST_CASE("ScenarioReader nodes: a buyer that stocks up on news of a shock") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(  x:
    block: buyer
    product: die
    suppliers: {supply: 1}
    ordering: {policy: base_stock, level: 300}
    stock_up: {cover: 3w}
lanes:
  - {from: supply, to: x}
)");
        const Scenario s = f.load();
        REQUIRE(node(s, "x").stock_up.has_value());
        CHECK(node(s, "x").stock_up->cover == memchain::sim::Duration::from_days(21.0));
        CHECK(node(s, "x").stock_up->pace == memchain::model::StockUp::Pace::AtOnce);
        CHECK_FALSE(node(s, "supply").stock_up.has_value());

        const auto nodes = [&](const std::string& text) { return f.error_of(head + text); };
        const std::string buyer = "  x: {block: buyer, product: die, suppliers: {supply: 1}, ";
        const std::string base = "ordering: {policy: base_stock, level: 9}, ";
        CHECK(nodes(buyer + "stock_up: {cover: 3w}}\n") ==
              "s.yaml:10:59: error: stock_up needs ordering policy base_stock on buyer 'x' (it "
              "raises the base-stock level)");
        CHECK(nodes(buyer + base + "stock_up: {cover: 0d}}\n") ==
              "s.yaml:10:119: error: cover must be positive, found '0d'");
        CHECK(nodes(buyer + base + "stock_up: {}}\n") ==
              "s.yaml:10:111: error: missing required key 'cover'");
        CHECK(nodes(buyer + base + "stock_up: {cover: 1w, for: 2w}}\n") ==
              "s.yaml:10:123: error: unknown key 'for'");
        CHECK(nodes(buyer + base + "stock_up: 3w}\n") ==
              "s.yaml:10:111: error: expected stock_up like {cover: 3w}, found '3w'");
        CHECK(nodes(buyer + base + "stock_up: {cover: 1w, pace: soon}}\n") ==
              "s.yaml:10:129: error: expected stock_up pace at_once or with_loss, found 'soon'");
    }

    TEST_CASE("ScenarioReader nodes: a buyer that stocks up as the loss happens") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(  x:
    block: buyer
    product: die
    suppliers: {supply: 1}
    ordering: {policy: base_stock, level: 300}
    stock_up: {cover: 3w, pace: with_loss}
lanes:
  - {from: supply, to: x}
)");
        const Scenario s = f.load();
        REQUIRE(node(s, "x").stock_up.has_value());
        CHECK(node(s, "x").stock_up->cover == memchain::sim::Duration::from_days(21.0));
        CHECK(node(s, "x").stock_up->pace == memchain::model::StockUp::Pace::WithLoss);
    }

    TEST_CASE("ScenarioReader nodes: a buyer's booking ahead") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(  x:
    block: buyer
    product: die
    suppliers: {supply: 1}
    booking: {ahead: quote, max: 52w}
    order_rules: {unwind_phantom: true}
  y:
    block: buyer
    product: die
    suppliers: {supply: 1}
    booking: {ahead: 26w, above: 12w}
lanes:
  - {from: supply, to: x}
  - {from: supply, to: y}
)");
        const Scenario s = f.load();
        const Booking& x = node(s, "x").booking;
        CHECK(x.enabled);
        CHECK_FALSE(x.horizon);
        CHECK(x.max_horizon == memchain::sim::Duration::from_days(364.0));
        CHECK(x.above == memchain::sim::Duration::zero());
        CHECK(node(s, "x").order_rules.unwind_phantom);
        const Booking& y = node(s, "y").booking;
        CHECK(y.horizon == memchain::sim::Duration::from_days(182.0));
        CHECK(y.above == memchain::sim::Duration::from_days(84.0));
        CHECK_FALSE(y.max_horizon);
        CHECK_FALSE(Booking{}.enabled);

        const auto nodes = [&](const std::string& text) { return f.error_of(head + text); };
        const std::string buyer = "  x: {block: buyer, product: die, suppliers: {supply: 1}, ";
        CHECK(nodes(buyer + "booking: {ahead: soon}}\n") ==
              "s.yaml:10:76: error: ahead must be quote or a duration like 26w, found 'soon'");
        CHECK(nodes(buyer + "booking: {above: 4w}}\n") ==
              "s.yaml:10:68: error: missing required key 'ahead'");
        CHECK(nodes(buyer + "booking: {ahead: 26w, max: 52w}}\n") ==
              "s.yaml:10:81: error: max applies only with ahead: quote");
        CHECK(nodes(buyer + "booking: {ahead: quote, max: 0d}}\n") ==
              "s.yaml:10:88: error: max must be positive, found '0d'");
        CHECK(nodes(buyer + "booking: {ahead: quote, upto: 4w}}\n") ==
              "s.yaml:10:83: error: unknown key 'upto'");
        CHECK(nodes(buyer +
                    "ordering: {policy: base_stock, level: 10}, booking: {ahead: quote}}\n") ==
              "s.yaml:10:111: error: booking needs ordering policy make_to_order on buyer 'x' (a "
              "stock policy books through its own lead_time)");
    }

    TEST_CASE("ScenarioReader nodes: a buyer's orders open at the start") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(  x:
    block: buyer
    product: die
    suppliers: {supply: 1}
    open_at_start: {units: 1.5e6 dies, placed: 2025-10-01}
  y:
    block: buyer
    product: die
    suppliers: {supply: 1}
    open_at_start:
      - {units: 100, placed: 2025-07-01}
      - {units: 200, placed: 2025-12-31}
lanes:
  - {from: supply, to: x}
  - {from: supply, to: y}
)");
        const Scenario s = f.load();
        REQUIRE(node(s, "x").open_at_start.size() == 1);
        CHECK(node(s, "x").open_at_start[0].units == doctest::Approx(1.5e6));
        CHECK(node(s, "x").open_at_start[0].placed == memchain::sim::Time::from_days(-92.0));
        const std::vector<OpenAtStart>& y = node(s, "y").open_at_start;
        REQUIRE(y.size() == 2);
        CHECK(y[0].units == doctest::Approx(100.0));
        CHECK(y[0].placed == memchain::sim::Time::from_days(-184.0));
        CHECK(y[1].units == doctest::Approx(200.0));
        CHECK(y[1].placed == memchain::sim::Time::from_days(-1.0));
        CHECK(node(s, "store").open_at_start.empty());

        const auto nodes = [&](const std::string& text) { return f.error_of(head + text); };
        const std::string buyer = "  x: {block: buyer, product: die, suppliers: {supply: 1}, ";
        CHECK(nodes(buyer + "open_at_start: {units: 0, placed: 2025-10-01}}\n") ==
              "s.yaml:10:82: error: units must be positive, found 0");
        CHECK(nodes(buyer + "open_at_start: {units: -5, placed: 2025-10-01}}\n") ==
              "s.yaml:10:82: error: units must be positive, found -5");
        CHECK(nodes(buyer + "open_at_start: {units: 700, placed: 2026-01-01}}\n") ==
              "s.yaml:10:95: error: open_at_start placed must be before the start (2026-01-01), "
              "found '2026-01-01'");
        CHECK(nodes(buyer + "open_at_start: {units: 700}}\n") ==
              "s.yaml:10:74: error: missing required key 'placed'");
        CHECK(nodes(buyer + "open_at_start: {units: 700, placed: 2025-10-01, age: 3}}\n") ==
              "s.yaml:10:107: error: unknown key 'age'");
        CHECK(nodes(buyer + "open_at_start: [{units: 7, placed: 2025-12-01}, {units: 7, placed: "
                            "2025-11-01}]}\n") ==
              "s.yaml:10:126: error: open_at_start entries must be in date order");
        CHECK(nodes(buyer + "open_at_start: 700}\n") ==
              "s.yaml:10:74: error: expected open_at_start like {units: 1.5e6, placed: "
              "2025-10-01}, or a list of them, found '700'");
        CHECK(nodes("  x: {block: buyer, product: die, open_at_start: {units: 700, placed: "
                    "2025-10-01}}\n") ==
              "s.yaml:10:35: error: open_at_start needs suppliers on buyer 'x' (the open orders "
              "are split over them)");
    }

    TEST_CASE("ScenarioReader nodes: supplier contracts with ranges and qualification dates") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(  second: {block: allocator, product: die}
  x:
    block: buyer
    product: die
    suppliers:
      supply: {share: 3, up_to: 0.9}
      second: {share: 1, qualified_from: 2026-04-01}
    resource_after: 2w
lanes:
  - {from: supply, to: x}
  - {from: second, to: x}
)");
        const Scenario s = f.load();
        const Node& x = node(s, "x");
        CHECK(x.suppliers.at("supply") == 0.75);  // shares scaled to sum to 1
        CHECK(x.suppliers.at("second") == 0.25);
        CHECK(x.supplier_terms.at("supply").up_to == doctest::Approx(0.9));
        CHECK_FALSE(x.supplier_terms.at("supply").qualified_from);
        CHECK(x.supplier_terms.at("second").qualified_from ==
              memchain::sim::Time::from_days(90.0));  // Jan to Mar
        CHECK_FALSE(x.supplier_terms.at("second").up_to);
        CHECK(x.resource_after == memchain::sim::Duration::from_days(14.0));

        const auto nodes = [&](const std::string& text) { return f.error_of(head + text); };
        const std::string second = "  second: {block: allocator, product: die}\n";
        const std::string buyer = "  x: {block: buyer, product: die, suppliers: {supply: ";
        CHECK(nodes(second + buyer + "{share: 0.5, up_to: 1.5}, second: 0.5}}\n") ==
              "s.yaml:11:75: error: up_to must be a share between 0 and 1, found '1.5'");
        CHECK(nodes(second + buyer + "{share: 0.5, up_to: 0.4}, second: 0.5}}\n") ==
              "s.yaml:11:75: error: up_to 0.4 is below supplier 'supply''s reserved share 0.5 "
              "(its share over the sum of shares)");
        CHECK(nodes(second + buyer + "{share: 0.5, upto: 0.6}, second: 0.5}}\n") ==
              "s.yaml:11:68: error: unknown key 'upto' (did you mean 'up_to'?)");
        CHECK(nodes(second + buyer + "{share: 0.5, qualified_from: 2026-13-01}, second: 0.5}}\n") ==
              "s.yaml:11:84: error: bad date '2026-13-01' (expected a real date as YYYY-MM-DD)");
        CHECK(nodes(second + buyer + "1, second: 1}, resource_after: 2w}\n") ==
              "s.yaml:11:70: error: resource_after needs a supplier whose up_to is above its "
              "share (nothing can be re-sourced)");
        CHECK(nodes(second + buyer + "{share: 0}, second: {share: 0, up_to: 1}}}\n") ==
              "s.yaml:11:46: error: suppliers' shares sum to zero (give one a share above 0)");
    }
}  // TEST_SUITE

TEST_SUITE("model") {
    TEST_CASE("ScenarioReader nodes: an assembly's substitutes and their inputs") {
        ScenarioFiles f;
        f.write("s.yaml", head + R"(  pack:
    block: assembly
    product: stack
    capacity: 10 stacks/day
    bom: {die: 8}
    substitutes: {die: {product: wafer, ratio: 2, from: 2027-01-01, up_to: 0.25}}
    inputs: {wafer: {capacity: 40}}
  plain: {block: assembly, product: stack, capacity: 10 stacks/day, bom: {die: 8},
          substitutes: {die: {product: wafer}}}
)");
        const Scenario s = f.load();
        const Node& n = node(s, "pack");
        REQUIRE(n.substitutes.size() == 1);
        CHECK(n.substitutes[0].line == "die");
        CHECK(n.substitutes[0].product == "wafer");
        CHECK(n.substitutes[0].ratio == 2.0);
        CHECK(n.substitutes[0].from == memchain::sim::Time::from_days(365.0));
        CHECK(n.substitutes[0].up_to == 0.25);
        // The bill of materials' lines come first, then the substitutes' inputs.
        REQUIRE(n.inputs.size() == 2);
        CHECK(n.inputs[0].product == "die");
        CHECK(n.inputs[1].product == "wafer");
        CHECK(*n.inputs[1].capacity == 40.0);
        const Node& plain = node(s, "plain");
        CHECK(plain.substitutes[0].ratio == 1.0);
        CHECK(plain.substitutes[0].from == memchain::sim::Time::zero());
        CHECK(plain.substitutes[0].up_to == 1.0);
        REQUIRE(plain.inputs.size() == 2);
        CHECK(plain.inputs[1].product == "wafer");
    }

    TEST_CASE("ScenarioReader nodes: bad substitutes are positioned errors") {
        ScenarioFiles f;
        const auto nodes = [&](const std::string& subs) {
            return f.error_of(head +
                              "  x: {block: assembly, product: stack, capacity: 5 "
                              "stacks/day, substitutes: " +
                              subs + "}\n");
        };
        CHECK(nodes("{die: {product: wafr}}") ==
              "s.yaml:10:93: error: unknown product 'wafr' (did you mean 'wafer'?)");
        CHECK(nodes("{dye: {product: wafer}}") ==
              "s.yaml:10:78: error: unknown product 'dye' (did you mean 'die'?)");
        CHECK(nodes("{stack: {product: wafer}}") ==
              "s.yaml:10:78: error: 'stack' is not in the bill of materials of assembly 'x', so "
              "nothing can substitute for it");
        CHECK(
            nodes("{die: {product: die}}") ==
            "s.yaml:10:93: error: substitution cycle in assembly 'x': die substitutes for itself");
        CHECK(nodes("{die: {product: wafer}, wafer: {product: die}}") ==
              "s.yaml:10:93: error: substitution cycle in assembly 'x': die -> wafer -> die");
        CHECK(nodes("{die: {product: wafer, ratio: 0}}") ==
              "s.yaml:10:107: error: a substitution ratio must be positive, found 0");
        CHECK(nodes("{die: {product: wafer, up_to: 1.5}}") ==
              "s.yaml:10:107: error: up_to must be in (0, 1], found '1.5'");
        CHECK(nodes("{die: {ratio: 1}}") == "s.yaml:10:83: error: missing required key 'product'");
    }
}
