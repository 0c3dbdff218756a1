#include "model/engine/blocks/source.hpp"

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

double kpi(const RunResult& r, const std::string& name, const std::string& node = "") {
    for (const auto& k : r.kpis)
        if (k.name == name && k.node == node) return k.value;
    FAIL("no KPI " << name << " node=" << node);
    return 0.0;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Source: a held lot's time in the system starts when it is released") {
        // A source that never runs dry feeds a station of one unit a day holding at most two lots
        // (one in service, one waiting). The source always holds its next lot; that lot is not in
        // the system yet. Each lot waits a day and is served in a day: W = 2 days, L = 2 lots.
        ScenarioBuilder s(400.0);
        s.product("part");
        model::Node& src = s.node("source", Block::Source, "part");
        src.arrivals.kind = model::Arrivals::Kind::Interval;
        src.arrivals.interval = sim::Distribution::deterministic(0.01);
        src.arrivals.when_blocked = model::WhenBlocked::Hold;
        model::Node& st = s.rate_station("line", "part", 1.0, "part");
        st.inputs.front().capacity = 2.0;
        s.node("sink", Block::Sink, "part");
        s.lane("source", "line");
        s.lane("line", "sink");
        s.scenario().warmup = sim::Duration::from_days(10.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const double lambda = kpi(r, "system_throughput_lots_per_day");
        const double w = kpi(r, "system_sojourn_mean_days");
        const double l = kpi(r, "system_lots_mean");
        CHECK(lambda == doctest::Approx(1.0).epsilon(0.01));
        CHECK(w == doctest::Approx(2.0).epsilon(0.01));
        CHECK(l == doctest::Approx(2.0).epsilon(0.01));
        CHECK(l == doctest::Approx(lambda * w).epsilon(0.01));
        CHECK(kpi(r, "sojourn_mean_days", "line") == doctest::Approx(w));
    }
}  // TEST_SUITE
