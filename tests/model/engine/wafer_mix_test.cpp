#include "model/engine/wafer_mix.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "model/engine/replication.hpp"
#include "model/scenario_builder.hpp"

using memchain::model::Block;
using memchain::model::Replication;
using memchain::model::RunResult;
using memchain::testing::ScenarioBuilder;
namespace model = memchain::model;
namespace sim = memchain::sim;

namespace {

model::Market market(double reference, double cash_cost) {
    model::Market m;
    m.reference_price = reference;
    m.cash_cost = cash_cost;
    return m;
}

// A fab of 100 wafers a day, fed more than it can take, sends its wafers to two lines that
// absorb them: hbm_line and dram_line, each one lane, no plan (equal weights: a 0.5 split).
// Nothing is sold, so both markets hold their reference prices and contract margins stay
// (100 - 40) = 60 a stack and (10 - 4) = 6 a GB. A wafer is 2 stacks (120) or `dram_per_wafer`
// GB. Weekly samples over 182 days; the share may move 0.05 a quarter within [low, 0.8].
ScenarioBuilder two_line_fab(double dram_per_wafer, double low) {
    ScenarioBuilder s(182.0);
    s.scenario().recording.sample_interval = sim::Duration::from_days(7.0);
    s.product("wafer");
    s.product("hbm");
    s.scenario().products.back().market = market(100.0, 40.0);
    s.product("dram");
    s.scenario().products.back().market = market(10.0, 4.0);
    model::Node& src = s.node("wafers", Block::Source, "wafer");
    src.arrivals.kind = model::Arrivals::Kind::Rate;
    src.arrivals.rate = model::Series::constant(1000.0);
    src.arrivals.lot_size = sim::Distribution::deterministic(10.0);
    model::Node& fab = s.rate_station("fab", "wafer", 100.0, "wafer");
    fab.inputs.front().capacity = 100.0;
    model::WaferMix mix;
    mix.hbm = {"hbm_line", "hbm", 2.0};
    mix.conventional = {"dram_line", "dram", dram_per_wafer};
    mix.min_hbm_share = low;
    mix.max_hbm_share = 0.8;
    mix.max_change_per_quarter = 0.05;
    fab.wafer_mix = mix;
    for (const char* line : {"hbm_line", "dram_line"}) {
        model::Node& pool = s.node(line, Block::Pool, "wafer");
        pool.pool_capacity = model::Series::constant(1e12);
    }
    s.lane("wafers", "fab");
    s.lane("fab", "hbm_line");
    s.lane("fab", "dram_line");
    return s;
}

double kpi(const RunResult& r, const std::string& name, const std::string& node) {
    for (const model::Kpi& k : r.kpis)
        if (k.name == name && k.node == node) return k.value;
    return std::nan("");
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("WaferMixes: wafers move toward the richer route at the stated speed") {
        // HBM earns 120 a wafer against 10 x 6 = 60: the share rises from 0.5 by
        // 0.05 x 7 / 91 at each of the 26 weekly steps, to 0.5 + 0.05 x 182 / 91 = 0.6. The
        // share in force over week i (i = 0..25) is 0.5 + i x 0.05 x 7 / 91, so the mean is
        // 0.5 + 12.5 x 0.05 x 7 / 91 = 0.548.
        ScenarioBuilder s = two_line_fab(10.0, 0.2);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(kpi(r, "hbm_share_start", "fab") == doctest::Approx(0.5));
        CHECK(kpi(r, "hbm_share_end", "fab") == doctest::Approx(0.6));
        const double mean = 0.5 + 12.5 * 0.05 * 7.0 / 91.0;
        CHECK(kpi(r, "hbm_share_mean", "fab") == doctest::Approx(mean));
        // The fab's wafers follow the share: 100 a day split as it stood each week.
        const double hbm = kpi(r, "absorbed_units", "hbm_line");
        const double dram = kpi(r, "absorbed_units", "dram_line");
        CHECK(hbm + dram == doctest::Approx(182.0 * 100.0).epsilon(0.02));
        CHECK(hbm / (hbm + dram) == doctest::Approx(mean).epsilon(0.01));
    }

    TEST_CASE("WaferMixes: the share stops at its bounds and equal margins leave it") {
        // DRAM at 30 GB a wafer earns 180 against HBM's 120: the share falls by 0.1 over the
        // run but stops at the lower bound 0.45.
        {
            ScenarioBuilder s = two_line_fab(30.0, 0.45);
            Replication m(s.scenario(), 1, 0);
            const RunResult r = m.run();
            CHECK(kpi(r, "hbm_share_end", "fab") == doctest::Approx(0.45));
            CHECK(kpi(r, "absorbed_units", "dram_line") > kpi(r, "absorbed_units", "hbm_line"));
        }
        // 20 GB a wafer earns 120, as HBM does: the split stays at 0.5.
        {
            ScenarioBuilder s = two_line_fab(20.0, 0.2);
            Replication m(s.scenario(), 1, 0);
            const RunResult r = m.run();
            CHECK(kpi(r, "hbm_share_end", "fab") == doctest::Approx(0.5));
            CHECK(kpi(r, "hbm_share_mean", "fab") == doctest::Approx(0.5));
        }
    }

    TEST_CASE("WaferMixes: a planned split is the start, clamped to the bounds") {
        // Lanes planned 9:1 start the share at 0.9, clamped to the highest 0.8; it stays there.
        ScenarioBuilder s = two_line_fab(10.0, 0.2);
        s.scenario().lanes[1].share = model::Series::constant(9.0);
        s.scenario().lanes[2].share = model::Series::constant(1.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(kpi(r, "hbm_share_start", "fab") == doctest::Approx(0.8));
        CHECK(kpi(r, "hbm_share_end", "fab") == doctest::Approx(0.8));
    }
}  // TEST_SUITE
