#include "model/engine/replication.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "model/scenario_builder.hpp"

using memchain::model::Block;
using memchain::model::Replication;
using memchain::model::RunResult;
using memchain::testing::ScenarioBuilder;
namespace model = memchain::model;
namespace sim = memchain::sim;

namespace {

double kpi(const RunResult& r, const std::string& name, const std::string& product = "",
           const std::string& buyer = "", const std::string& node = "") {
    for (const auto& k : r.kpis)
        if (k.name == name && k.product == product && k.buyer == buyer && k.node == node)
            return k.value;
    FAIL("no KPI " << name << " product=" << product << " buyer=" << buyer << " node=" << node);
    return 0.0;
}

int node_id(const RunResult& r, const std::string& name) {
    for (const auto& n : r.nodes)
        if (n.name == name) return n.id;
    return -1;
}

// A saturated line: a source that never runs dry feeds A -> B -> C -> sink, each holding at
// most two units (queue plus the one in process), lots of one unit.
ScenarioBuilder flow_line(double horizon_days, double a, double b, double c) {
    ScenarioBuilder s(horizon_days);
    s.product("part");
    model::Node& src = s.node("source", Block::Source, "part");
    src.arrivals.kind = model::Arrivals::Kind::Interval;
    src.arrivals.interval = sim::Distribution::deterministic(0.01);
    src.arrivals.when_blocked = model::WhenBlocked::Hold;
    for (auto [name, rate] : {std::pair{"A", a}, {"B", b}, {"C", c}}) {
        model::Node& st = s.rate_station(name, "part", rate, "part");
        st.inputs.front().capacity = 2.0;
    }
    s.node("sink", Block::Sink, "part");
    s.lane("source", "A");
    s.lane("A", "B");
    s.lane("B", "C");
    s.lane("C", "sink");
    s.scenario().bottleneck.merge_gap = sim::Duration::from_days(0.05);
    return s;
}

// 10 units a day ordered weekly from an unlimited supplier by a buyer holding at most
// `capacity`, passed on to a site (a pool) that holds 100.
ScenarioBuilder buyer_before_full_site(std::optional<double> capacity) {
    ScenarioBuilder s(100.0);
    s.product("chip");
    model::Node& supplier = s.node("supplier", Block::Allocator, "chip");
    supplier.unlimited = true;
    model::Node& buyer = s.node("buyer", Block::Buyer, "chip");
    buyer.demand.kind = model::DemandKind::Rate;
    buyer.demand.rate = model::Series::constant(10.0);
    buyer.demand.period = sim::Duration::from_days(7.0);
    buyer.suppliers["supplier"] = 1.0;
    buyer.stock_capacity = capacity;
    model::Node& site = s.node("site", Block::Pool, "chip");
    site.pool_capacity = model::Series::constant(100.0);
    s.lane("supplier", "buyer");
    s.lane("buyer", "site");
    return s;
}

// Which node is the momentary bottleneck at `day`, from the recorded periods (-1: none).
int bottleneck_at(const RunResult& r, double day) {
    int found = -1;
    for (const auto& p : r.bottleneck_periods)
        if (p.start_day <= day && day < p.end_day && !p.shifting) found = p.node;
    return found;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE(
        "Replication: a saturated flow line runs at its slowest station's rate, which is the "
        "bottleneck") {
        ScenarioBuilder s = flow_line(200.0, 2.0, 1.25, 1.6);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        // B processes 1.25 units a day; the first units reach the sink after ~1.9 days.
        const double out = kpi(r, "absorbed_units", "", "", "sink");
        CHECK(out == doctest::Approx(1.25 * 200.0).epsilon(0.02));
        CHECK(kpi(r, "bottleneck_sole_share", "", "", "B") > 0.95);
        CHECK(kpi(r, "bottleneck_sole_share", "", "", "A") < 0.02);
        CHECK(kpi(r, "bottleneck_sole_share", "", "", "C") < 0.02);
        CHECK(kpi(r, "utilization_mean", "", "", "B") == doctest::Approx(1.0).epsilon(0.01));
        CHECK(kpi(r, "utilization_mean", "", "", "C") == doctest::Approx(1.25 / 1.6).epsilon(0.02));
    }

    TEST_CASE("Replication: a capacity drop at one station moves the bottleneck there and back") {
        ScenarioBuilder s = flow_line(300.0, 2.0, 1.25, 1.6);
        model::Shock& drop = s.shock("drop", model::ShockKind::CapacityLoss, {"C"}, 100.0);
        drop.magnitude = 0.5;  // C: 1.6 -> 0.8 units a day, below B's 1.25
        drop.duration = sim::Duration::from_days(100.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const int b = node_id(r, "B"), c = node_id(r, "C");
        CHECK(bottleneck_at(r, 50.0) == b);
        CHECK(bottleneck_at(r, 150.0) == c);
        CHECK(bottleneck_at(r, 250.0) == b);
        // The shifts happen at the capacity changes (within a few days of buffer dynamics).
        bool to_c = false, back_to_b = false;
        for (const auto& shift : r.bottleneck_shifts) {
            if (shift.to == c && shift.day >= 95.0 && shift.day <= 103.0) to_c = true;
            if (shift.to == b && shift.day >= 199.0 && shift.day <= 205.0) back_to_b = true;
        }
        CHECK(to_c);
        CHECK(back_to_b);
        REQUIRE(r.shocks.size() == 1);
        CHECK(r.shocks[0].start_day == 100.0);
        CHECK(*r.shocks[0].end_day == 200.0);
        // Throughput: 1.25/day for 200 days and 0.8/day for 100.
        CHECK(kpi(r, "absorbed_units", "", "", "sink") ==
              doctest::Approx(1.25 * 200.0 + 0.8 * 100.0).epsilon(0.02));
    }

    TEST_CASE("Replication: bottleneck shares count from the end of the warm-up") {
        ScenarioBuilder s = flow_line(300.0, 2.0, 1.25, 1.6);
        model::Shock& drop = s.shock("drop", model::ShockKind::CapacityLoss, {"C"}, 100.0);
        drop.magnitude = 0.5;  // C binds on [100, 200), B before and after
        drop.duration = sim::Duration::from_days(100.0);
        s.scenario().warmup = sim::Duration::from_days(100.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        // Over [100, 300]: C for about half the time, B for the other half.
        CHECK(kpi(r, "bottleneck_sole_share", "", "", "C") == doctest::Approx(0.5).epsilon(0.03));
        CHECK(kpi(r, "bottleneck_sole_share", "", "", "B") == doctest::Approx(0.5).epsilon(0.03));
        // The timeline still starts with B at the start of the run.
        CHECK(bottleneck_at(r, 50.0) == node_id(r, "B"));
    }

    TEST_CASE("Replication: a capacity rise at a station ends its bottleneck spell") {
        ScenarioBuilder s = flow_line(200.0, 2.0, 1.0, 1.6);
        model::Shock& add = s.shock("expand", model::ShockKind::CapacityExpansion, {"B"}, 100.0);
        add.magnitude = 1.0;  // B: 1.0 -> 2.0 units a day; C (1.6) binds after that
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(bottleneck_at(r, 50.0) == node_id(r, "B"));
        CHECK(bottleneck_at(r, 150.0) == node_id(r, "C"));
    }

    TEST_CASE(
        "Replication: an overloaded station's queue grows at arrival rate minus service rate") {
        ScenarioBuilder s(100.0);
        s.product("part");
        model::Node& src = s.node("source", Block::Source, "part");
        src.arrivals.kind = model::Arrivals::Kind::Interval;
        src.arrivals.interval = sim::Distribution::deterministic(0.5);  // 2 units a day
        s.rate_station("slow", "part", 1.5, "part");                    // serves 1.5 a day
        s.node("sink", Block::Sink, "part");
        s.lane("source", "slow");
        s.lane("slow", "sink");
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(kpi(r, "queue_growth_per_day", "", "", "slow") == doctest::Approx(0.5).epsilon(0.03));
        CHECK(kpi(r, "utilization_mean", "", "", "slow") == doctest::Approx(1.0).epsilon(0.02));
    }

    TEST_CASE("Replication: an assembly starved by its scarce input says which input it was") {
        ScenarioBuilder s(100.0);
        s.product("x").product("y").product("kit", {{"x", 1.0}, {"y", 1.0}});
        for (auto [name, product, interval] :
             {std::tuple{"make_x", "x", 0.5}, {"make_y", "y", 2.0}}) {
            model::Node& src = s.node(name, Block::Source, product);
            src.arrivals.kind = model::Arrivals::Kind::Interval;
            src.arrivals.interval = sim::Distribution::deterministic(interval);
        }
        model::Node& a = s.node("assemble", Block::Assembly, "kit");
        a.process_time = sim::Distribution::deterministic(0.1);
        s.node("sink", Block::Sink, "kit");
        s.lane("make_x", "assemble");
        s.lane("make_y", "assemble");
        s.lane("assemble", "sink");
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        double x_days = 0.0, y_days = 0.0;
        for (const auto& st : r.starvation) {
            if (st.input == "x") x_days += st.days;
            if (st.input == "y") y_days += st.days;
        }
        CHECK(x_days <= 0.5);  // only at the start, before the first x arrives
        CHECK(y_days > 90.0);  // idle ~95% of the time, always for want of y
        CHECK(kpi(r, "absorbed_units", "", "", "sink") == doctest::Approx(50.0).epsilon(0.03));
    }

    TEST_CASE("Replication: pro-rata allocation splits a shortage in proportion to open orders") {
        // Supply: 10 units a day; demand: buyer a 15/day, buyer b 5/day (ordered daily).
        ScenarioBuilder s(200.0);
        s.product("chip");
        model::Node& fab = s.node("fab", Block::Source, "chip");
        fab.arrivals.kind = model::Arrivals::Kind::Interval;
        fab.arrivals.interval = sim::Distribution::deterministic(0.1);
        model::Node& supplier = s.node("supplier", Block::Allocator, "chip");
        supplier.policy = model::AllocationPolicy::ProRata;
        supplier.allocation_period = sim::Duration::from_days(1.0);
        for (auto [name, rate] : {std::pair{"a", 15.0}, {"b", 5.0}}) {
            model::Node& buyer = s.node(name, Block::Buyer, "chip");
            buyer.demand.kind = model::DemandKind::Rate;
            buyer.demand.rate = model::Series::constant(rate);
            buyer.demand.period = sim::Duration::from_days(1.0);
            buyer.suppliers["supplier"] = 1.0;
            s.lane("supplier", name);
        }
        s.lane("fab", "supplier");
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const double a = kpi(r, "units_delivered", "chip", "a");
        const double b = kpi(r, "units_delivered", "chip", "b");
        CHECK(a + b == doctest::Approx(2000.0).epsilon(0.01));
        // Open orders grow as 15:5 once the shortage sets in, so the split tends to 3:1.
        CHECK(a / b == doctest::Approx(3.0).epsilon(0.05));
    }

    TEST_CASE("Replication: priority allocation serves tier 1 in full before tier 2") {
        ScenarioBuilder s(100.0);
        s.product("chip");
        model::Node& fab = s.node("fab", Block::Source, "chip");
        fab.arrivals.kind = model::Arrivals::Kind::Interval;
        fab.arrivals.interval = sim::Distribution::deterministic(0.1);  // 10 a day
        model::Node& supplier = s.node("supplier", Block::Allocator, "chip");
        supplier.policy = model::AllocationPolicy::Priority;
        for (auto [name, rate, tier] : {std::tuple{"first", 8.0, 1}, {"second", 8.0, 2}}) {
            model::Node& buyer = s.node(name, Block::Buyer, "chip");
            buyer.demand.kind = model::DemandKind::Rate;
            buyer.demand.rate = model::Series::constant(rate);
            buyer.demand.period = sim::Duration::from_days(1.0);
            buyer.suppliers["supplier"] = 1.0;
            buyer.tier = tier;
            s.lane("supplier", name);
        }
        s.lane("fab", "supplier");
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(kpi(r, "units_delivered", "chip", "first") == doctest::Approx(800.0).epsilon(0.02));
        CHECK(kpi(r, "units_delivered", "chip", "second") == doctest::Approx(200.0).epsilon(0.05));
    }

    TEST_CASE(
        "Replication: a product's fill rate counts a stock buyer's customers, not its "
        "replenishments") {
        // A base-stock buyer serves part of its demand from stock; its replenishment orders all
        // arrive, which says nothing about its customers. The product's fill rate is theirs.
        ScenarioBuilder s(300.0);
        s.product("chip");
        model::Node& supplier = s.node("supplier", Block::Allocator, "chip");
        supplier.unlimited = true;
        model::Node& shop = s.node("shop", Block::Buyer, "chip");
        shop.suppliers["supplier"] = 1.0;
        shop.demand.kind = model::DemandKind::Poisson;
        shop.demand.rate = model::Series::constant(3.0);
        shop.ordering.policy = model::OrderingPolicy::BaseStock;
        shop.ordering.level = 6.0;  // lead-time demand has mean 6: about 45% served from stock
        s.lane("supplier", "shop", 2.0);
        s.scenario().warmup = sim::Duration::from_days(20.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const double shop_fill = kpi(r, "fill_rate", "chip", "shop");
        CHECK(shop_fill > 0.3);
        CHECK(shop_fill < 0.7);
        CHECK(kpi(r, "fill_rate", "chip") == doctest::Approx(shop_fill));
    }

    TEST_CASE(
        "Replication: lots in system end where a lot's own way ends, not at a supplier's "
        "shipments") {
        // A lot a day travels two days from the fab into a supplier's stock; the supplier ships a
        // unit a day to a buyer (three days), who passes it to a rack. Shipments are deliveries
        // of orders, not lots released into the network: each lot is in the system for the two
        // days to the stock.
        ScenarioBuilder s(400.0);
        s.product("chip");
        model::Node& fab = s.node("fab", Block::Source, "chip");
        fab.arrivals.kind = model::Arrivals::Kind::Interval;
        fab.arrivals.interval = sim::Distribution::deterministic(1.0);
        s.node("stock", Block::Allocator, "chip");
        model::Node& buyer = s.node("buyer", Block::Buyer, "chip");
        buyer.demand.kind = model::DemandKind::Rate;
        buyer.demand.rate = model::Series::constant(1.0);
        buyer.demand.period = sim::Duration::from_days(1.0);
        buyer.suppliers["stock"] = 1.0;
        s.node("rack", Block::Sink, "chip");
        s.lane("fab", "stock", 2.0);
        s.lane("stock", "buyer", 3.0);
        s.lane("buyer", "rack");
        s.scenario().warmup = sim::Duration::from_days(20.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(kpi(r, "system_lots_mean") == doctest::Approx(2.0).epsilon(0.01));
        CHECK(kpi(r, "system_sojourn_mean_days") == doctest::Approx(2.0));
        CHECK(kpi(r, "system_throughput_lots_per_day") == doctest::Approx(1.0).epsilon(0.01));
    }

    TEST_CASE("Replication: the same seed gives the same run, another seed another run") {
        auto run = [](std::uint64_t seed) {
            ScenarioBuilder s(100.0);
            s.product("part");
            model::Node& src = s.node("arrivals", Block::Source, "part");
            src.arrivals.kind = model::Arrivals::Kind::Poisson;
            src.arrivals.rate = model::Series::constant(0.9);
            model::Node& st = s.node("server", Block::Station, "part");
            st.process_time = sim::Distribution::exponential(1.0);
            s.node("sink", Block::Sink, "part");
            s.lane("arrivals", "server");
            s.lane("server", "sink");
            Replication m(s.scenario(), seed, 0);
            const RunResult r = m.run();
            return std::pair{r.events, kpi(r, "sojourn_mean_days", "", "", "server")};
        };
        CHECK(run(5) == run(5));
        CHECK(run(5) != run(6));
    }

    TEST_CASE("Replication: Little's law holds at a station and end to end") {
        ScenarioBuilder s(400000.0);
        s.product("part");
        model::Node& src = s.node("arrivals", Block::Source, "part");
        src.arrivals.kind = model::Arrivals::Kind::Poisson;
        src.arrivals.rate = model::Series::constant(0.8);
        model::Node& st = s.node("server", Block::Station, "part");
        st.process_time = sim::Distribution::exponential(1.0);
        s.node("sink", Block::Sink, "part");
        s.lane("arrivals", "server");
        s.lane("server", "sink", 0.5);
        s.scenario().warmup = sim::Duration::from_days(100.0);
        s.scenario().recording.sample_interval = sim::Duration::from_days(1000.0);
        Replication m(s.scenario(), 3, 0);
        const RunResult r = m.run();
        const double lambda = kpi(r, "throughput_lots_per_day", "", "", "server");
        const double w = kpi(r, "sojourn_mean_days", "", "", "server");
        const double l = kpi(r, "lots_in_station_mean", "", "", "server");
        CHECK(l == doctest::Approx(lambda * w).epsilon(0.01));
        const double sys_l = kpi(r, "system_lots_mean");
        const double sys_w = kpi(r, "system_sojourn_mean_days");
        const double sys_lambda = kpi(r, "system_throughput_lots_per_day");
        CHECK(sys_l == doctest::Approx(sys_lambda * sys_w).epsilon(0.01));
        // M/M/1 at rho = 0.8: W = 1 / (1 - 0.8) = 5 days.
        CHECK(w == doctest::Approx(5.0).epsilon(0.1));
    }

    TEST_CASE(
        "Replication: a station whose pipeline starts full delivers at its capacity from day "
        "zero") {
        // A fab with a 60-day cycle time fed by wafer starts at its capacity: empty, nothing comes
        // out for 60 days; full, output flows at the capacity rate from the start and the lots in
        // the pipeline carry the yield.
        auto run = [](bool full) {
            ScenarioBuilder s(120.0);
            s.product("blank").product("wafer");
            model::Node& src = s.node("starts", Block::Source, "blank");
            src.arrivals.kind = model::Arrivals::Kind::Rate;
            src.arrivals.rate = model::Series::constant(100.0);
            src.arrivals.lot_size = sim::Distribution::deterministic(10.0);
            model::Node& fab = s.rate_station("fab", "wafer", 100.0, "blank");
            fab.inputs.front().capacity = 20.0;
            fab.lot_size = 10.0;
            fab.cycle_time = sim::Distribution::deterministic(60.0);
            fab.yield = model::Series::constant(0.9);
            fab.binomial_yield = false;
            fab.initial_wip_full = full;
            s.node("sink", Block::Sink, "wafer");
            s.lane("starts", "fab");
            s.lane("fab", "sink");
            Replication m(s.scenario(), 1, 0);
            const RunResult r = m.run();
            std::map<double, double> output;  // day -> cumulative good wafers out of the fab
            for (const auto& sample : r.samples)
                if (sample.node == node_id(r, "fab")) output[sample.day] = sample.output;
            return output;
        };
        const auto empty = run(false);
        const auto full = run(true);
        CHECK(empty.at(59.0) == 0.0);
        CHECK(full.at(30.0) == doctest::Approx(0.9 * 100.0 * 30.0).epsilon(0.01));
        CHECK(full.at(59.0) == doctest::Approx(0.9 * 100.0 * 59.0).epsilon(0.01));
        // Once the pipeline turns over, both runs put out the same flow.
        CHECK(full.at(120.0) - full.at(90.0) ==
              doctest::Approx(empty.at(120.0) - empty.at(90.0)).epsilon(0.01));
    }

    TEST_CASE(
        "Replication: capex demand buys capex x capex share / unit price, with the share a plan") {
        // 3.6525e6 USD a year at 1000 USD a unit is 10 units a day; half of it buys units in the
        // first 100 days, a quarter after that.
        ScenarioBuilder s(200.0);
        s.product("chip");
        model::Node& supplier = s.node("supplier", Block::Allocator, "chip");
        supplier.unlimited = true;
        model::Node& buyer = s.node("buyer", Block::Buyer, "chip");
        buyer.demand.kind = model::DemandKind::Rate;
        buyer.demand.rate = model::Series::constant(3.6525e6 / 365.25);
        buyer.demand.unit_price = 1000.0;
        buyer.demand.capex_share =
            model::Series{{{0.0, 0.5}, {100.0, 0.25}}, model::Series::Interpolation::Step};
        buyer.demand.period = sim::Duration::from_days(10.0);
        buyer.suppliers["supplier"] = 1.0;
        s.lane("supplier", "buyer");
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(kpi(r, "demand_units", "chip", "buyer") == doctest::Approx(5.0 * 100 + 2.5 * 100));
    }

    TEST_CASE("Replication: a buyer that passes its deliveries on counts each delivery once") {
        // 10 units a day ordered weekly from an unlimited supplier and passed on to a sink: the
        // order book must show what was ordered and delivered, not twice the deliveries.
        ScenarioBuilder s(100.0);
        s.product("chip");
        model::Node& supplier = s.node("supplier", Block::Allocator, "chip");
        supplier.unlimited = true;
        model::Node& buyer = s.node("buyer", Block::Buyer, "chip");
        buyer.demand.kind = model::DemandKind::Rate;
        buyer.demand.rate = model::Series::constant(10.0);
        buyer.demand.period = sim::Duration::from_days(7.0);
        buyer.suppliers["supplier"] = 1.0;
        s.node("site", Block::Sink, "chip");
        s.lane("supplier", "buyer", 1.0);
        s.lane("buyer", "site", 1.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const double ordered = kpi(r, "units_ordered", "chip", "buyer");
        CHECK(ordered == doctest::Approx(14 * 70.0));
        CHECK(kpi(r, "units_delivered", "chip", "buyer") == doctest::Approx(ordered));
        CHECK(kpi(r, "fill_rate", "chip", "buyer") == doctest::Approx(1.0));
        CHECK(kpi(r, "backlog_end", "chip") == doctest::Approx(0.0));
    }

    TEST_CASE("Replication: a replenished buffer follows its base-stock plan up and down") {
        // An assembly uses 10 parts a day for 100 days, reordering each part it takes from an
        // unlimited supplier. The level steps at day 50: what is ordered over the run is what was
        // used plus the rise, or minus the fall.
        auto run = [](double before, double after) {
            ScenarioBuilder s(100.0);
            s.product("part").product("kit", {{"part", 1.0}});
            model::Node& supplier = s.node("supplier", Block::Allocator, "part");
            supplier.unlimited = true;
            model::Node& line = s.node("line", Block::Assembly, "kit");
            line.capacity = model::Series::constant(10.0);
            model::InputSpec in;
            in.product = "part";
            in.initial = before;
            in.replenishment = model::Replenishment{};
            in.replenishment->suppliers["supplier"] = 1.0;
            in.replenishment->base_stock =
                model::Series{{{0.0, before}, {50.0, after}}, model::Series::Interpolation::Step};
            line.inputs.push_back(in);
            s.node("sink", Block::Sink, "kit");
            s.lane("supplier", "line", 1.0);
            s.lane("line", "sink");
            Replication m(s.scenario(), 1, 0);
            const RunResult r = m.run();
            return std::pair{kpi(r, "units_ordered", "part", "line"),
                             kpi(r, "absorbed_units", "", "", "sink")};
        };
        SUBCASE("rising") {
            const auto [ordered, used] = run(50.0, 250.0);
            CHECK(used == doctest::Approx(1000.0).epsilon(0.01));
            CHECK(ordered == doctest::Approx(used + 200.0).epsilon(0.01));
        }
        SUBCASE("falling") {
            const auto [ordered, used] = run(250.0, 50.0);
            CHECK(used == doctest::Approx(1000.0).epsilon(0.01));
            CHECK(ordered == doctest::Approx(used - 200.0).epsilon(0.01));
        }
    }

    TEST_CASE("Replication: a full buyer keeps its orders open at the supplier") {
        // 10 units a day ordered weekly from an unlimited supplier, passed on to a site that holds
        // 100: the first delivery of 70 whole, 30 of the second in part. Without a bound the
        // buyer takes every delivery and keeps what the site cannot; holding at most 30 it takes
        // the first two weekly orders (the second while empty) and then no more (it keeps 40 of
        // the second), and the rest stays on order.
        auto run = [](std::optional<double> capacity) {
            ScenarioBuilder s = buyer_before_full_site(capacity);
            Replication m(s.scenario(), 1, 0);
            const RunResult r = m.run();
            return std::pair{kpi(r, "units_delivered", "chip", "buyer"),
                             kpi(r, "absorbed_units", "", "", "site")};
        };
        const auto [unbounded_delivered, unbounded_absorbed] = run(std::nullopt);
        CHECK(unbounded_delivered == doctest::Approx(14 * 70.0));
        CHECK(unbounded_absorbed == doctest::Approx(100.0));
        const auto [delivered, absorbed] = run(30.0);
        CHECK(delivered == doctest::Approx(140.0));
        CHECK(absorbed == doctest::Approx(100.0));
    }

    TEST_CASE("Replication: each product chain gets its own bottleneck") {
        // p: raw_p -> p1 (10 a day) -> p2 (20) -> site_p; q: raw_q -> q1 (30) -> q2 (15) ->
        // site_q. p1 and q2 are both active the whole run: the whole network's detector gives
        // the tie to the lower index (p1) and never names q2; per chain, each gets its own.
        ScenarioBuilder s(100.0);
        s.product("p").product("q");
        for (auto [raw, product] : {std::pair{"raw_p", "p"}, {"raw_q", "q"}}) {
            model::Node& src = s.node(raw, Block::Source, product);
            src.arrivals.kind = model::Arrivals::Kind::Interval;
            src.arrivals.interval = sim::Distribution::deterministic(0.01);
            src.arrivals.when_blocked = model::WhenBlocked::Hold;
        }
        for (auto [name, product, rate] :
             {std::tuple{"p1", "p", 10.0}, {"p2", "p", 20.0}, {"q1", "q", 30.0}, {"q2", "q", 15.0}})
            s.rate_station(name, product, rate, product).inputs.front().capacity = 5.0;
        s.node("site_p", Block::Sink, "p");
        s.node("site_q", Block::Sink, "q");
        for (auto [from, to] : {std::pair{"raw_p", "p1"},
                                {"p1", "p2"},
                                {"p2", "site_p"},
                                {"raw_q", "q1"},
                                {"q1", "q2"},
                                {"q2", "site_q"}})
            s.lane(from, to);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(kpi(r, "bottleneck_sole_share", "", "", "p1") > 0.99);
        CHECK(kpi(r, "bottleneck_sole_share", "", "", "q2") == 0.0);
        CHECK(kpi(r, "chain_bottleneck_sole_share", "p", "", "p1") > 0.99);
        CHECK(kpi(r, "chain_bottleneck_sole_share", "p", "", "p2") < 0.01);
        CHECK(kpi(r, "chain_bottleneck_sole_share", "q", "", "q2") > 0.99);
        CHECK(kpi(r, "chain_bottleneck_sole_share", "q", "", "q1") < 0.01);
        for (const auto& k : r.kpis)  // a node appears only under its own chain
            if (k.name == "chain_bottleneck_sole_share") CHECK(k.node.substr(0, 1) == k.product);
    }

    TEST_CASE("Replication: one chain records no per-chain shares") {
        ScenarioBuilder s = flow_line(20.0, 2.0, 1.25, 1.6);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        for (const auto& k : r.kpis) CHECK(k.name != "chain_bottleneck_sole_share");
    }

    TEST_CASE("Replication: a bounded buyer that cannot take delivery binds while it is full") {
        // The buyer of "a full buyer keeps its orders open" holding at most 30: the site (100)
        // is full from the second week on, the buyer from the third, and the supplier waits
        // on the buyer to the end. Both are active from then on; the site, full first, is the
        // bottleneck, and the buyer is counted as active.
        ScenarioBuilder s = buyer_before_full_site(30.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const double buyer_active = kpi(r, "active_share", "", "", "buyer");
        const double site_active = kpi(r, "active_share", "", "", "site");
        CHECK(site_active == doctest::Approx(0.86).epsilon(0.01));   // days 14 to 100
        CHECK(buyer_active == doctest::Approx(0.79).epsilon(0.01));  // days 21 to 100
        CHECK(kpi(r, "bottleneck_sole_share", "", "", "site") == doctest::Approx(site_active));
    }
}  // TEST_SUITE

TEST_SUITE("model") {
    TEST_CASE("Replication: a random shock strikes only from its start, at the rate it is given") {
        // p = 0.999 a year: about 6.9 strikes a year, so about 9.5 in the 500 days after day 1000.
        auto strikes = [](double start_day, int replication) {
            ScenarioBuilder s(1500.0);
            s.product("part");
            model::Node& src = s.node("source", Block::Source, "part");
            src.arrivals.kind = model::Arrivals::Kind::Interval;
            src.arrivals.interval = sim::Distribution::deterministic(1.0);
            s.rate_station("line", "part", 2.0, "part");
            s.node("sink", Block::Sink, "part");
            s.lane("source", "line");
            s.lane("line", "sink");
            model::Shock& quake =
                s.shock("quake", model::ShockKind::CapacityLoss, {"line"}, start_day);
            quake.magnitude = 0.5;
            quake.duration = sim::Duration::from_days(1.0);
            quake.random = model::RandomTrigger{0.999};
            Replication m(s.scenario(), 9, replication);
            return m.run().shocks;
        };
        std::size_t late = 0;
        for (int r = 0; r < 20; ++r) {
            const auto shocks = strikes(1000.0, r);
            for (const auto& sh : shocks) CHECK(sh.start_day >= 1000.0);
            late += shocks.size();
        }
        const double per_run = static_cast<double>(late) / 20.0;
        CHECK(per_run == doctest::Approx(500.0 * -std::log1p(-0.999) / 365.25).epsilon(0.15));
        // Without a start the process runs from day 0.
        std::size_t early = 0;
        for (const auto& sh : strikes(0.0, 0)) early += sh.start_day < 1000.0;
        CHECK(early > 0);
    }
}  // TEST_SUITE

TEST_SUITE("model") {
    TEST_CASE(
        "Replication: deliveries per order and sample interval, per lot at detail lots, none at "
        "orders") {
        auto run = [](model::Detail detail) {
            // Ten one-unit lots a day reach the supplier; the buyer orders 24 units every 2 days,
            // so the supplier ships each order unit by unit as its lots come in.
            ScenarioBuilder s(30.0);
            s.product("chip");
            model::Node& fab = s.node("fab", Block::Source, "chip");
            fab.arrivals.kind = model::Arrivals::Kind::Interval;
            fab.arrivals.interval = sim::Distribution::deterministic(0.1);
            s.node("supplier", Block::Allocator, "chip");
            model::Node& buyer = s.node("buyer", Block::Buyer, "chip");
            buyer.demand.kind = model::DemandKind::Rate;
            buyer.demand.rate = model::Series::constant(12.0);
            buyer.demand.period = sim::Duration::from_days(2.0);
            buyer.suppliers["supplier"] = 1.0;
            s.lane("fab", "supplier");
            s.lane("supplier", "buyer", 0.5);
            s.scenario().recording.detail = detail;
            s.scenario().recording.sample_interval = sim::Duration::from_days(3.0);
            Replication m(s.scenario(), 1, 0);
            return m.run();
        };
        const RunResult lots = run(model::Detail::Lots);
        const RunResult days = run(model::Detail::Deliveries);
        const RunResult orders = run(model::Detail::Orders);
        REQUIRE(lots.orders.size() == days.orders.size());
        REQUIRE(orders.orders.size() == days.orders.size());
        CHECK(orders.deliveries.empty());
        CHECK_FALSE(days.deliveries.empty());
        CHECK(lots.deliveries.size() > days.deliveries.size());
        std::map<std::uint64_t, double> lot_units, day_units;
        std::map<std::uint64_t, double> last_lot_day;
        for (const auto& d : lots.deliveries) {
            lot_units[d.order_id] += d.units;
            last_lot_day[d.order_id] = std::max(last_lot_day[d.order_id], d.day);
        }
        std::set<std::pair<std::uint64_t, double>> order_days;
        std::map<std::uint64_t, double> last_row_day;
        for (const auto& d : days.deliveries) {
            day_units[d.order_id] += d.units;
            last_row_day[d.order_id] = std::max(last_row_day[d.order_id], d.day);
            // One row per order and 3-day sample interval, at the interval's last arrival.
            CHECK(order_days.insert({d.order_id, std::floor(d.day / 3.0)}).second);
        }
        CHECK(lot_units == day_units);
        for (const auto& o : days.orders) {
            CAPTURE(o.id);
            if (!o.completed_day) continue;
            CHECK(*o.completed_day == last_lot_day[o.id]);
            CHECK(*o.completed_day == last_row_day[o.id]);
        }
        // Most orders arrive over more than one lot, and the lots of an interval share a row.
        CHECK(lots.deliveries.size() >= 2 * days.deliveries.size());
    }

    TEST_CASE("Replication: a run past its memory budget fails naming the node that grew") {
        // 100 lots a day into a station that serves one a day: its queue grows by 99 a day and
        // passes 5000 lots around day 51.
        ScenarioBuilder s(365.0);
        s.product("part");
        model::Node& src = s.node("source", Block::Source, "part");
        src.arrivals.kind = model::Arrivals::Kind::Interval;
        src.arrivals.interval = sim::Distribution::deterministic(0.01);
        s.rate_station("slow", "part", 1.0, "part");
        s.node("sink", Block::Sink, "part");
        s.lane("source", "slow");
        s.lane("slow", "sink");
        Replication m(s.scenario(), 1, 0);
        model::RunControl control;
        control.limits.lots_per_node = 5000;
        try {
            (void)m.run(control);
            FAIL("the run must fail");
        } catch (const std::runtime_error& e) {
            const std::string what = e.what();
            CAPTURE(what);
            // The budget is looked at between slices of 65,536 events (about 320 days here).
            CHECK(what.rfind("memory budget exceeded on day ", 0) == 0);
            CHECK(what.find("node 'slow' holds ") != std::string::npos);
            CHECK(what.find("more than the 5000 one node may hold") != std::string::npos);
        }
        // Within the default budget the same year runs to its end.
        Replication again(s.scenario(), 1, 0);
        CHECK(again.run().events > 0);
    }

    TEST_CASE("Replication: a stop request is seen however slowly simulated time moves") {
        // A source that sends a lot every microsecond into a sink: a million events per
        // simulated second, so the horizon/200 heartbeat (a day and a half of simulated time)
        // would be a hundred billion events away.
        ScenarioBuilder s(300.0);
        s.product("part");
        model::Node& src = s.node("source", Block::Source, "part");
        src.arrivals.kind = model::Arrivals::Kind::Interval;
        src.arrivals.interval = sim::Distribution::deterministic(1.0 / 86'400e6);
        s.node("sink", Block::Sink, "part");
        s.lane("source", "sink");
        Replication m(s.scenario(), 1, 0);
        std::atomic<bool> stop{false};
        model::RunControl control;
        control.stop = &stop;
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            stop = true;
        });
        const auto started = std::chrono::steady_clock::now();
        (void)m.run(control);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        stopper.join();
        CHECK(m.was_stopped());
        CHECK(seconds < 1.2);
        CHECK(m.now() < sim::Time::zero() + sim::Duration::from_days(1.0));
    }
}  // TEST_SUITE
