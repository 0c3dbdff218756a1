#include "model/engine/blocks/station.hpp"

#include <doctest/doctest.h>

#include "model/engine/replication.hpp"
#include "model/scenario_builder.hpp"

using memchain::model::Block;
using memchain::model::Replication;
using memchain::model::RunResult;
using memchain::testing::ScenarioBuilder;
namespace model = memchain::model;
namespace sim = memchain::sim;

namespace {

double kpi(const RunResult& r, const std::string& name, const std::string& node) {
    for (const auto& k : r.kpis)
        if (k.name == name && k.node == node) return k.value;
    FAIL("no KPI " << name << " node=" << node);
    return 0.0;
}

// A source that never runs dry feeds a station of `servers` servers, each taking `days` per
// lot, holding at most two lots per server; it loses `loss` of its capacity on days 100-200
// of a 300-day run.
RunResult saturated_station(int servers, double days, double loss) {
    ScenarioBuilder s(300.0);
    s.product("part");
    model::Node& src = s.node("source", Block::Source, "part");
    src.arrivals.kind = model::Arrivals::Kind::Interval;
    src.arrivals.interval = sim::Distribution::deterministic(0.001);
    src.arrivals.when_blocked = model::WhenBlocked::Hold;
    model::Node& st = s.node("line", Block::Station, "part");
    st.servers_plan = model::Series::constant(servers);
    st.process_time = sim::Distribution::deterministic(days);
    model::InputSpec in;
    in.product = "part";
    in.capacity = 2.0 * servers;
    st.inputs.push_back(in);
    s.node("sink", Block::Sink, "part");
    s.lane("source", "line");
    s.lane("line", "sink");
    model::Shock& shock = s.shock("fire", model::ShockKind::CapacityLoss, {"line"}, 100.0);
    shock.magnitude = loss;
    shock.duration_days = 100.0;
    Replication m(s.scenario(), 1, 0);
    return m.run();
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Station: a server losing part of its capacity works at the reduced speed") {
        // One server, two lots a day: 200 lots in each full-capacity stretch of 100 days.
        SUBCASE("half of it: one lot a day for 100 days") {
            const RunResult r = saturated_station(1, 0.5, 0.5);
            CHECK(kpi(r, "output_units", "line") ==
                  doctest::Approx(200 + 100 + 200).epsilon(0.005));
        }
        SUBCASE("60% of it: 0.8 lots a day, not a stop") {
            const RunResult r = saturated_station(1, 0.5, 0.6);
            CHECK(kpi(r, "output_units", "line") == doctest::Approx(200 + 80 + 200).epsilon(0.005));
        }
    }

    TEST_CASE("Station: ten servers losing 30% of their capacity are seven at full speed") {
        // Ten lots a day, then seven.
        const RunResult r = saturated_station(10, 1.0, 0.3);
        CHECK(kpi(r, "output_units", "line") == doctest::Approx(1000 + 700 + 1000).epsilon(0.005));
    }

    TEST_CASE("Station: a lot lost whole to yield still leaves, so Little's law holds") {
        // One lot of one unit a day, half a day of work each, yield 1/2: half the lots are
        // scrapped, but every lot spends half a day in the station and the network.
        ScenarioBuilder s(1000.0);
        s.product("part");
        model::Node& src = s.node("source", Block::Source, "part");
        src.arrivals.kind = model::Arrivals::Kind::Interval;
        src.arrivals.interval = sim::Distribution::deterministic(1.0);
        model::Node& st = s.node("line", Block::Station, "part");
        st.process_time = sim::Distribution::deterministic(0.5);
        st.yield = model::Series::constant(0.5);
        model::InputSpec in;
        in.product = "part";
        st.inputs.push_back(in);
        s.node("sink", Block::Sink, "part");
        s.lane("source", "line");
        s.lane("line", "sink");
        s.scenario().warmup = sim::Duration::from_days(10.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(kpi(r, "lots_in_station_mean", "line") == doctest::Approx(0.5).epsilon(0.01));
        CHECK(kpi(r, "throughput_lots_per_day", "line") == doctest::Approx(1.0).epsilon(0.01));
        CHECK(kpi(r, "sojourn_mean_days", "line") == doctest::Approx(0.5));
        CHECK(kpi(r, "output_units", "line") == doctest::Approx(0.5 * 990).epsilon(0.1));
        CHECK(kpi(r, "system_lots_mean", "") == doctest::Approx(0.5).epsilon(0.01));
        CHECK(kpi(r, "system_throughput_lots_per_day", "") == doctest::Approx(1.0).epsilon(0.01));
        CHECK(kpi(r, "system_sojourn_mean_days", "") == doctest::Approx(0.5));
    }
}  // TEST_SUITE

namespace {

// An assembly builds kits of 10 accelerators, 8 HBM4 stacks each (80 a kit), from 130 HBM4 and
// 100 HBM3E stacks on hand, nothing more arriving; HBM3E may stand in for HBM4 at `ratio` from
// `from_day`, up to half of a kit's HBM4. Kit 1 takes 80 HBM4 (50 left); kit 2 is 30 short,
// within the 40 allowed: it takes the 50 and 30 x ratio HBM3E, 30 substituted; kit 3 would be 80
// short, over 40: it waits.
struct SubstitutionRun {
    double output = 0.0;
    double substituted = 0.0;
};
SubstitutionRun run_substitution(double ratio, double from_day, double horizon) {
    ScenarioBuilder s(horizon);
    s.product("hbm4").product("hbm3e").product("accelerator", {{"hbm4", 8.0}});
    model::Node& pack = s.node("pack", Block::Assembly, "accelerator");
    pack.capacity = model::Series::constant(100.0);
    pack.lot_size = 10.0;
    for (auto [product, initial] : {std::pair{"hbm4", 130.0}, {"hbm3e", 100.0}}) {
        model::InputSpec in;
        in.product = product;
        in.initial = initial;
        pack.inputs.push_back(in);
    }
    model::Substitute sub;
    sub.line = "hbm4";
    sub.product = "hbm3e";
    sub.ratio = ratio;
    sub.from_day = from_day;
    sub.up_to = 0.5;
    pack.substitutes.push_back(sub);
    s.node("sink", Block::Sink, "accelerator");
    s.lane("pack", "sink");
    Replication m(s.scenario(), 1, 0);
    const RunResult r = m.run();
    return {kpi(r, "output_units", "pack"), kpi(r, "substituted_units", "pack")};
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Station: a short line takes its substitute up to the cap, counted as substituted") {
        const SubstitutionRun r = run_substitution(1.0, 0.0, 20.0);
        CHECK(r.output == 20.0);  // kits 1 and 2; kit 3 is short beyond the cap
        CHECK(r.substituted == 30.0);
        // Substitute units per line unit do not change what counts: line units replaced.
        CHECK(run_substitution(2.0, 0.0, 20.0).substituted == 30.0);
    }

    TEST_CASE("Station: a substitute is not taken before its from-date, and is from then on") {
        const SubstitutionRun before = run_substitution(1.0, 30.0, 20.0);
        CHECK(before.output == 10.0);
        CHECK(before.substituted == 0.0);
        const SubstitutionRun after = run_substitution(1.0, 10.0, 20.0);
        CHECK(after.output == 20.0);  // kit 2 starts on day 10
        CHECK(after.substituted == 30.0);
    }
}
