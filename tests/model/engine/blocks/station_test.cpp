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

// The product "part" and a source of it that never runs dry: a lot every 0.001 days, held
// when the next node has no room.
void endless_source(ScenarioBuilder& s) {
    s.product("part");
    model::Node& src = s.node("source", Block::Source, "part");
    src.arrivals.kind = model::Arrivals::Kind::Interval;
    src.arrivals.interval = sim::Distribution::deterministic(0.001);
    src.arrivals.when_blocked = model::WhenBlocked::Hold;
}

// A source that never runs dry feeds a station of `servers` servers, each taking `days` per
// lot, holding at most two lots per server; it loses `loss` of its capacity on days 100-200
// of a 300-day run.
RunResult saturated_station(int servers, double days, double loss) {
    ScenarioBuilder s(300.0);
    endless_source(s);
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
    shock.duration = sim::Duration::from_days(100.0);
    Replication m(s.scenario(), 1, 0);
    return m.run();
}

// A line that never runs dry of work (one server, a day a lot, then a 10-day cycle time)
// feeds a slower one (one server, two days a lot, room for one lot waiting) over 400 days: the
// line's finished lots soon wait for room.
RunResult line_into_slower(model::BlockedStarts when_blocked) {
    ScenarioBuilder s(400.0);
    endless_source(s);
    model::Node& line = s.node("line", Block::Station, "part");
    line.process_time = sim::Distribution::deterministic(1.0);
    line.cycle_time = sim::Distribution::deterministic(10.0);
    line.when_blocked = when_blocked;
    line.binomial_yield = false;
    model::InputSpec in;
    in.product = "part";
    in.capacity = 1.0;
    line.inputs.push_back(in);
    model::Node& slow = s.node("slow", Block::Station, "part");
    slow.process_time = sim::Distribution::deterministic(2.0);
    slow.inputs.push_back(in);
    s.node("sink", Block::Sink, "part");
    s.lane("source", "line");
    s.lane("line", "slow");
    s.lane("slow", "sink");
    Replication m(s.scenario(), 1, 0);
    return m.run();
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Station: with when_blocked replace, a blocked line keeps its pipeline full") {
        // The first lot reaches the slower line on day 11 (a day's work, 10 days' cycle). With
        // replace the line starts a lot for each one the slower line takes, so its pipeline
        // stays full and the slower line never waits again: a lot every 2 days from day 11,
        // (400 - 11) / 2 = 194 whole lots by day 400.
        const RunResult replace = line_into_slower(model::BlockedStarts::Replace);
        CHECK(kpi(replace, "output_units", "slow") == 194.0);
        // With stop the line starts nothing until its last waiting lot has left; the slower
        // line then holds at most two lots (4 days of work) while the next is 11 days away, so
        // it waits at least 7 days in each such round: fewer lots.
        const RunResult stop = line_into_slower(model::BlockedStarts::Stop);
        CHECK(kpi(stop, "output_units", "slow") <= 194.0 - 3.0);
        // Both lines make what the slower one takes, give or take what they hold at the end.
        CHECK(kpi(replace, "output_units", "line") <= 194.0 + 14.0);
    }

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
