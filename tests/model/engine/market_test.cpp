#include "model/engine/market.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "model/engine/replication.hpp"
#include "model/scenario_builder.hpp"

using memchain::model::Block;
using memchain::model::Replication;
using memchain::model::RunResult;
using memchain::testing::ScenarioBuilder;
namespace model = memchain::model;
namespace sim = memchain::sim;

namespace {

// A maker (station at `capacity` chips a day -> allocator "acme_supply", owner acme) sells to
// one buyer ordering 100 chips a day, weekly. The market: reference 10, cash cost 4, s = 1,
// tau 14 days, flow coverage, contracts reset every 28 days to spot. Samples weekly.
ScenarioBuilder chip_market(double horizon_days, double capacity) {
    ScenarioBuilder s(horizon_days);
    s.scenario().recording.sample_interval = sim::Duration::from_days(7.0);
    s.scenario().recording.throughput_window = sim::Duration::from_days(28.0);
    s.product("chip");
    model::Market m;
    m.reference_price = 10.0;
    m.cash_cost = 4.0;
    m.sensitivity = 1.0;
    m.adjustment = sim::Duration::from_days(14.0);
    m.contract_period = sim::Duration::from_days(28.0);
    s.scenario().products.back().market = m;
    model::Node& src = s.node("wafers", Block::Source, "chip");
    src.arrivals.kind = model::Arrivals::Kind::Rate;
    src.arrivals.rate = model::Series::constant(1000.0);
    src.arrivals.lot_size = sim::Distribution::deterministic(10.0);
    s.rate_station("fab", "chip", capacity, "chip").inputs.front().capacity = 100.0;
    model::Node& supply = s.node("acme_supply", Block::Allocator, "chip");
    supply.owner = "acme";
    supply.policy = model::AllocationPolicy::Fcfs;
    model::Node& oem = s.node("oem", Block::Buyer, "chip");
    oem.demand.kind = model::DemandKind::Rate;
    oem.demand.rate = model::Series::constant(100.0);
    oem.demand.period = sim::Duration::from_days(7.0);
    oem.suppliers = {{"acme_supply", 1.0}};
    s.lane("wafers", "fab");
    s.lane("fab", "acme_supply");
    s.lane("acme_supply", "oem", 2.0);
    return s;
}

// The buyer "oem"'s KPI `name`; -1 if it has none.
double oem_kpi(const RunResult& r, const char* name) {
    for (const model::Kpi& k : r.kpis)
        if (k.name == name && k.buyer == "oem") return k.value;
    return -1.0;
}

const model::MarketSample* sample_at(const RunResult& r, double day) {
    for (const auto& s : r.market_samples)
        if (std::abs(s.day - day) < 1e-9) return &s;
    return nullptr;
}

// The day of the first sample whose window holds a delivery; -1 if none.
double first_supply_day(const RunResult& r) {
    for (const model::MarketSample& x : r.market_samples)
        if (x.supply_per_day > 0.0) return x.day;
    return -1.0;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Markets: revenue is the price in force times the units delivered, row by row") {
        ScenarioBuilder s = chip_market(182.0, 100.0);
        s.scenario().products.back().market->spot_share = 0.25;
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        REQUIRE(r.revenue.size() > 20);
        double units = 0.0;
        for (const model::RevenueRecord& row : r.revenue) {
            CAPTURE(row.start_day);
            CHECK(row.owner == "acme");
            CHECK(row.revenue == doctest::Approx(row.units * row.price).epsilon(1e-12));
            CHECK(row.cost == doctest::Approx(row.units * 4.0).epsilon(1e-12));
            // The price set at the period's start: 0.25 spot + 0.75 contract.
            const model::MarketSample* at = sample_at(r, row.start_day);
            REQUIRE(at != nullptr);
            CHECK(row.price == doctest::Approx(0.25 * at->spot + 0.75 * at->contract));
            CHECK(row.end_day - row.start_day == doctest::Approx(7.0));
            units += row.units;
        }
        double delivered = 0.0;
        for (const model::OrderRecord& o : r.orders) delivered += o.filled;
        CHECK(units == doctest::Approx(delivered));
    }

    TEST_CASE("Markets: a supply short of demand raises spot; contracts follow at their resets") {
        // The fab makes 80 a day against 100 ordered: relative coverage 0.8 once the window
        // is full, so spot heads for 10 / 0.8 = 12.5 (s = 1) with tau 14 days.
        ScenarioBuilder s = chip_market(364.0, 80.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const model::MarketSample* start = sample_at(r, 0.0);
        REQUIRE(start != nullptr);
        CHECK(start->spot == 10.0);
        CHECK(start->contract == 10.0);
        const model::MarketSample* late = sample_at(r, 357.0);
        REQUIRE(late != nullptr);
        CHECK(late->spot > 11.5);
        CHECK(late->supply_per_day == doctest::Approx(80.0).epsilon(0.05));
        CHECK(late->demand_per_day == doctest::Approx(100.0).epsilon(0.05));
        // Contracts only move at the resets (days 28, 56, ...), to spot at the reset.
        for (std::size_t i = 1; i < r.market_samples.size(); ++i) {
            const auto& now = r.market_samples[i];
            const auto& before = r.market_samples[i - 1];
            const bool reset = std::fmod(now.day + 1e-9, 28.0) < 1e-6;
            CAPTURE(now.day);
            if (reset)
                CHECK(now.contract == doctest::Approx(now.spot));
            else
                CHECK(now.contract == before.contract);
        }
    }

    TEST_CASE("Markets: with an anchor, a lasting shortage keeps raising spot past p_ref / x") {
        // As above, 80 a day against 100: with the anchor fixed spot settles at 12.5; with an
        // anchor time of 28 days the anchor follows spot, so spot keeps rising while the
        // shortage lasts (the buyer does not answer to price here).
        ScenarioBuilder fixed = chip_market(364.0, 80.0);
        const RunResult settled = Replication(fixed.scenario(), 1, 0).run();
        ScenarioBuilder s = chip_market(364.0, 80.0);
        s.scenario().products.back().market->anchor_time = sim::Duration::from_days(28.0);
        const RunResult r = Replication(s.scenario(), 1, 0).run();
        CHECK(sample_at(settled, 357.0)->spot < 12.6);
        CHECK(sample_at(r, 357.0)->spot > 30.0);
        // The anchor, recomputed by hand from the recorded spots: it starts at the reference
        // (10) and each weekly step moves it 1 - e^(-7/28) of the way to the spot just set.
        double anchor = 10.0;
        for (const model::MarketSample& row : r.market_samples)
            if (row.day > 0.0) anchor = row.spot + (anchor - row.spot) * std::exp(-7.0 / 28.0);
        double kpi = 0.0;
        for (const model::Kpi& k : r.kpis)
            if (k.name == "anchor_price_end" && k.product == "chip") kpi = k.value;
        CHECK(kpi == doctest::Approx(anchor).epsilon(1e-9));
        CHECK(anchor > 25.0);
        // No anchor time, no such KPI.
        for (const model::Kpi& k : settled.kpis) CHECK(k.name != "anchor_price_end");
    }

    TEST_CASE("Markets: spot holds until a whole window of trade has passed") {
        // Before deliveries start, supply reads as zero against the first orders: a market
        // "covered" 1/M of its demand. Spot must hold at the reference until a whole window (28
        // days, 4 weekly steps) has passed since the step that saw the first delivery, then move.
        ScenarioBuilder s = chip_market(182.0, 80.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const double first_supply = first_supply_day(r);
        REQUIRE(first_supply > 0.0);
        const double moves = first_supply - 7.0 + 28.0;  // trading since the step before it
        for (const model::MarketSample& x : r.market_samples) {
            CAPTURE(x.day);
            if (x.day < moves - 1e-9) CHECK(x.spot == 10.0);
        }
        const model::MarketSample* first_move = sample_at(r, moves);
        REQUIRE(first_move != nullptr);
        CHECK(first_move->spot > 10.0);
        CHECK(first_move->spot < 12.5);  // on its way to 10 / 0.8, a step of tau = 14 days
    }

    TEST_CASE("Markets: a run that starts mid-cycle holds spot at its initial_spot until trade") {
        // Spot starts at 15 (the reference is 10), the contract at the reference. Window 56
        // days, so spot holds past the first reset (day 28), where the contract closes 0.6 of
        // its gap to spot: 10 + 0.6 x (15 - 10) = 13. Once a whole window of trade has passed,
        // spot moves 1 - e^(-7/14) of the way to 10 / x, x the window's supply over demand.
        ScenarioBuilder s = chip_market(182.0, 80.0);
        s.scenario().recording.throughput_window = sim::Duration::from_days(56.0);
        model::Market& market = *s.scenario().products.back().market;
        market.initial_spot = 15.0;
        market.contract_pass_through = 0.6;
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const model::MarketSample* start = sample_at(r, 0.0);
        REQUIRE(start != nullptr);
        CHECK(start->spot == 15.0);
        CHECK(start->contract == 10.0);
        const double first_supply = first_supply_day(r);
        REQUIRE(first_supply > 0.0);
        const double moves = first_supply - 7.0 + 56.0;
        REQUIRE(moves > 28.0);
        for (const model::MarketSample& x : r.market_samples) {
            CAPTURE(x.day);
            if (x.day < moves - 1e-9) CHECK(x.spot == 15.0);
            if (x.day < 28.0 - 1e-9) CHECK(x.contract == 10.0);
            if (x.day > 28.0 - 1e-9 && x.day < 56.0 - 1e-9)
                CHECK(x.contract == doctest::Approx(13.0));
        }
        const model::MarketSample* first_move = sample_at(r, moves);
        REQUIRE(first_move != nullptr);
        const double indicated =
            std::max(4.0, 10.0 * first_move->demand_per_day / first_move->supply_per_day);
        CHECK(first_move->spot ==
              doctest::Approx(indicated + (15.0 - indicated) * std::exp(-7.0 / 14.0)));
    }

    TEST_CASE("Markets: a capex buyer buys budget / contract price") {
        // A budget of 1000 a day at a blended 10 a chip: 7000 / contract price chips a week.
        ScenarioBuilder s = chip_market(364.0, 80.0);
        model::Node& oem = s.scenario().nodes.back();
        oem.demand.rate = model::Series::constant(1000.0);
        oem.demand.unit_price = 10.0;
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        int checked = 0;
        for (const model::OrderRecord& o : r.orders) {
            // The buyer orders before the market steps at the same time: the contract price
            // in force is the one sampled a week earlier.
            const model::MarketSample* in_force = sample_at(r, o.placed_day - 7.0);
            if (in_force == nullptr) continue;
            CAPTURE(o.placed_day);
            CHECK(std::abs(o.quantity - 7000.0 / in_force->contract) <= 1.0);
            ++checked;
        }
        CHECK(checked > 40);
        double highest = 0.0;
        for (const auto& sample : r.market_samples) highest = std::max(highest, sample.contract);
        CHECK(highest > 10.5);  // the price did move, so the check above means something
    }

    TEST_CASE(
        "Markets: a device maker's kept units and content are the contract's power, averaged") {
        // 10 devices a day of 10 chips each against a fab of 80 chips a day: the price rises.
        // The factors set at each weekly sample hold for the week after it, so their time
        // averages over the year are the mean over the weekly samples of (contract / 10)^e:
        // e = -0.5 for devices, -1 for content per device.
        ScenarioBuilder s = chip_market(364.0, 80.0);
        model::Node& oem = s.scenario().nodes.back();
        oem.demand.rate = model::Series::constant(10.0);
        oem.demand.content = model::Series::constant(10.0);
        oem.price_response = model::PriceResponse{-0.5, -1.0, {}, {}};
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        double units = 0.0, content = 0.0, weeks = 0.0, highest = 0.0;
        for (const auto& sample : r.market_samples) {
            if (sample.day >= 364.0 - 1e-9) continue;
            units += std::pow(sample.contract / 10.0, -0.5);
            content += 1.0 / (sample.contract / 10.0);
            weeks += 1.0;
            highest = std::max(highest, sample.contract);
        }
        CHECK(highest > 11.0);  // the price moved, so the factors are not all 1
        const auto kpi = [&](const char* name) { return oem_kpi(r, name); };
        CHECK(kpi("units_price_factor_mean") == doctest::Approx(units / weeks).epsilon(1e-9));
        CHECK(kpi("content_price_factor_mean") == doctest::Approx(content / weeks).epsilon(1e-9));
        CHECK(kpi("content_price_factor_mean") < 1.0);
    }

    TEST_CASE("Markets: with an adjustment time the factors answer to a perceived price") {
        // The device maker above with T = 4 weeks on its elasticities: at each weekly sample the
        // perceived price closes 1 - e^(-7/28) of its gap to the contract (it starts at the
        // contract), and the factors are its power. Recomputed by hand from the contracts.
        ScenarioBuilder s = chip_market(364.0, 80.0);
        model::Node& oem = s.scenario().nodes.back();
        oem.demand.rate = model::Series::constant(10.0);
        oem.demand.content = model::Series::constant(10.0);
        oem.price_response = model::PriceResponse{-0.5, -1.0, sim::Duration::from_days(28.0), {}};
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        double units = 0.0, content = 0.0, at_once = 0.0, weeks = 0.0, perceived = -1.0;
        for (const auto& sample : r.market_samples) {
            if (sample.day >= 364.0 - 1e-9) continue;
            perceived = perceived < 0.0 ? sample.contract
                                        : sample.contract +
                                              (perceived - sample.contract) * std::exp(-7.0 / 28.0);
            units += std::pow(perceived / 10.0, -0.5);
            content += 1.0 / (perceived / 10.0);
            at_once += std::pow(sample.contract / 10.0, -0.5);
            weeks += 1.0;
        }
        const auto kpi = [&](const char* name) { return oem_kpi(r, name); };
        CHECK(kpi("units_price_factor_mean") == doctest::Approx(units / weeks).epsilon(1e-9));
        CHECK(kpi("content_price_factor_mean") == doctest::Approx(content / weeks).epsilon(1e-9));
        // The delay matters: the buyer kept more of its plan than one answering at once.
        CHECK(kpi("units_price_factor_mean") > at_once / weeks + 1e-3);
    }

    TEST_CASE("Markets: a price shock lifts the indicated price by its magnitude") {
        // +100% from day 28 for four weeks: the steps at days 28, 35, 42 and 49 apply it, each
        // over its 7 days, so by day 49 spot has closed 1 - e^(-28/14) = 86% of the gap to twice
        // the indicated price: about 1.86 times the run without the shock (same flows).
        ScenarioBuilder base = chip_market(91.0, 100.0);
        ScenarioBuilder shocked = chip_market(91.0, 100.0);
        model::Shock& sh = shocked.shock("panic", model::ShockKind::Price, {"acme_supply"}, 28.0);
        sh.magnitude = 1.0;
        sh.duration = sim::Duration::from_days(28.0);
        const RunResult a = Replication(base.scenario(), 1, 0).run();
        const RunResult b = Replication(shocked.scenario(), 1, 0).run();
        CHECK(sample_at(b, 21.0)->spot == sample_at(a, 21.0)->spot);
        CHECK(sample_at(b, 49.0)->spot > 1.7 * sample_at(a, 49.0)->spot);
        CHECK(sample_at(b, 91.0)->spot < sample_at(b, 49.0)->spot);  // over after day 56
    }

    TEST_CASE("Markets: a forward horizon prices a known capacity loss the day it starts") {
        // Stock coverage against 14 days with a forward horizon of 56: the fab (100 a day, the
        // buyer's rate) stops for 28 days from day 140, so on day 140, before any chip is
        // missing, the market expects 2800 fewer over the next 56 days:
        //   x = (stock + 56 x 100 - 2800) / (demand x (14 + 56)),
        // against (stock + 5600) / (demand x 70) in the run without the fire, with the same
        // stock and demand (the runs are the same event for event until then). s = 1, so the
        // indicated price is 10 / x, and spot closes 1 - e^(-7/14) of its gap to it in a step.
        const auto run = [](bool fire, double horizon) {
            ScenarioBuilder s = chip_market(182.0, 100.0);
            model::Market& m = *s.scenario().products.back().market;
            m.coverage = model::CoverageSignal::Stock;
            m.reference_coverage = sim::Duration::from_days(14.0);
            m.forward_horizon = sim::Duration::from_days(horizon);
            if (fire) {
                model::Shock& sh = s.shock("fire", model::ShockKind::CapacityLoss, {"fab"}, 140.0);
                sh.magnitude = 1.0;
                sh.duration = sim::Duration::from_days(28.0);
            }
            return Replication(s.scenario(), 1, 0).run();
        };
        const RunResult base = run(false, 56.0);
        const RunResult fire = run(true, 56.0);
        for (double day = 0.0; day < 140.0 - 1e-9; day += 7.0) {  // not known before it starts
            CAPTURE(day);
            CHECK(sample_at(fire, day)->spot == sample_at(base, day)->spot);
        }
        const model::MarketSample& b = *sample_at(base, 140.0);
        const model::MarketSample& f = *sample_at(fire, 140.0);
        REQUIRE(f.inventory == b.inventory);
        REQUIRE(f.demand_per_day == b.demand_per_day);
        REQUIRE(b.demand_per_day > 0.0);
        const double x = (f.inventory + 5600.0 - 2800.0) / (f.demand_per_day * 70.0);
        const double indicated = 10.0 / x;
        const double before = sample_at(fire, 133.0)->spot;
        CHECK(f.spot == doctest::Approx(indicated + (before - indicated) * std::exp(-0.5)));
        const double x_base = (b.inventory + 5600.0) / (b.demand_per_day * 70.0);
        CHECK(b.spot == doctest::Approx(10.0 / x_base + (before - 10.0 / x_base) * std::exp(-0.5)));
        CHECK(f.spot > b.spot * 1.1);
        // Without the horizon the stock alone is read: the same day, no news in the price.
        CHECK(sample_at(run(true, 0.0), 140.0)->spot == sample_at(run(false, 0.0), 140.0)->spot);
    }

    TEST_CASE("Markets: a run without a market has none, and the same events") {
        ScenarioBuilder with = chip_market(91.0, 100.0);
        ScenarioBuilder without = chip_market(91.0, 100.0);
        without.scenario().products.back().market.reset();
        const RunResult a = Replication(without.scenario(), 1, 0).run();
        CHECK(a.market_samples.empty());
        CHECK(a.revenue.empty());
        const RunResult b = Replication(with.scenario(), 1, 0).run();
        CHECK(b.market_samples.size() == 14);  // days 0, 7, ..., 91
        CHECK(b.events == a.events + 14);      // one market step per sample
    }
}  // TEST_SUITE
