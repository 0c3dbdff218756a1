#include "model/engine/surge.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "model/engine/priced_fab.hpp"
#include "model/engine/replication.hpp"
#include "model/scenario_builder.hpp"

using memchain::model::Replication;
using memchain::model::RunResult;
using memchain::testing::fab_kpi;
using memchain::testing::fab_made;
using memchain::testing::fab_weekly_output;
using memchain::testing::ScenarioBuilder;
namespace model = memchain::model;
namespace sim = memchain::sim;

namespace {

// The one-fab market of priced_fab.hpp. A price shock of +50% from day 56 to day 140 lifts the
// spot to about 15 (spot / reference - 1 about 0.5) from the market's step on day 56; after day
// 140 the spot is back near 10. The fab's surge: spot at least 20% over the reference for 7 days
// adds 20% of its capacity (20 a day), `delay` days later, for at most `longest`.
ScenarioBuilder shortage(bool with_surge, double delay = 14.0, double longest = 56.0) {
    ScenarioBuilder s = memchain::testing::priced_fab();
    if (with_surge) {
        model::Surge u;
        u.product = "chip";
        u.above = 0.2;
        u.sustain = sim::Duration::from_days(7.0);
        u.share = 0.2;
        u.delay = sim::Duration::from_days(delay);
        u.longest = sim::Duration::from_days(longest);
        s.scenario().nodes[1].surge = u;
    }
    model::Shock& rise = s.shock("rise", model::ShockKind::Price, {"supply"}, 56.0);
    rise.magnitude = 0.5;
    rise.duration = sim::Duration::from_days(84.0);
    return s;
}

std::vector<model::ShockRecord> surges_of(const RunResult& r) {
    std::vector<model::ShockRecord> out;
    for (const model::ShockRecord& x : r.shocks)
        if (x.name.find(" surge ") != std::string::npos) out.push_back(x);
    return out;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Surges: a high spot adds capacity a delay later, until the longest is reached") {
        const RunResult r = Replication(shortage(true).scenario(), 1, 0).run();
        const RunResult base = Replication(shortage(false).scenario(), 1, 0).run();
        const std::vector<model::ShockRecord> surges = surges_of(r);
        REQUIRE(surges.size() == 1);
        // The step on day 56 runs before that day's market step, so the step on day 63 is the
        // first to read a spot near 15: counted from the interval's start, day 56, it has lasted
        // 7 days on day 63. Decided on day 63, in force from day 77 (63 + 14) to day 133 (77 +
        // 56), 0.2 x 100 = 20 a day.
        CHECK(surges[0].name == "fab surge 1");
        CHECK(surges[0].kind == "capacity_expansion");
        CHECK(surges[0].target == "fab");
        CHECK(surges[0].start_day == doctest::Approx(77.0));
        REQUIRE(surges[0].end_day);
        CHECK(*surges[0].end_day == doctest::Approx(133.0));
        CHECK(surges[0].magnitude == doctest::Approx(20.0));
        CHECK(surges[0].description ==
              "decided on day 63 after chip spot >= reference x (1 + 0.2) for 7 days; 0.2 of "
              "capacity, from 14 days later, for at most 56 days");
        // The fab's output a day: 100 before, 120 in force, 100 after; one surge only, though
        // the spot stays high to day 140.
        CHECK(fab_weekly_output(r, 77.0) == doctest::Approx(100.0).epsilon(0.02));
        CHECK(fab_weekly_output(r, 84.0) == doctest::Approx(120.0).epsilon(0.02));
        CHECK(fab_weekly_output(r, 133.0) == doctest::Approx(120.0).epsilon(0.02));
        CHECK(fab_weekly_output(r, 140.0) == doctest::Approx(100.0).epsilon(0.02));
        // Units made beyond the run without it: 56 days x 20 = 1120, to a lot of 10.
        CHECK(fab_made(r, 280.0) - fab_made(base, 280.0) == doctest::Approx(1120.0).epsilon(0.01));
        CHECK(fab_kpi(r, "surge_count") == 1.0);
        CHECK(fab_kpi(r, "surge_days") == doctest::Approx(56.0));
        CHECK(fab_kpi(r, "surge_units") == doctest::Approx(1120.0));
    }

    TEST_CASE("Surges: a spot back under the threshold ends the surge on the day it is judged") {
        const RunResult r = Replication(shortage(true, 14.0, 200.0).scenario(), 1, 0).run();
        const RunResult base = Replication(shortage(false).scenario(), 1, 0).run();
        const std::vector<model::ShockRecord> surges = surges_of(r);
        REQUIRE(surges.size() == 1);
        // The price shock ends on day 140, before that day's market step: the spot is back
        // near 10 from it, read by the step on day 147; counted from day 140, 7 days below on
        // day 147. In force from day 77 to day 147: 70 days x 20 = 1400 units.
        CHECK(surges[0].start_day == doctest::Approx(77.0));
        REQUIRE(surges[0].end_day);
        CHECK(*surges[0].end_day == doctest::Approx(147.0));
        CHECK(surges[0].description.find("; ended on day 147 after chip spot < reference x (1 + "
                                         "0.2) for 7 days") != std::string::npos);
        CHECK(fab_weekly_output(r, 147.0) == doctest::Approx(120.0).epsilon(0.02));
        CHECK(fab_weekly_output(r, 154.0) == doctest::Approx(100.0).epsilon(0.02));
        CHECK(fab_made(r, 280.0) - fab_made(base, 280.0) == doctest::Approx(1400.0).epsilon(0.01));
        CHECK(fab_kpi(r, "surge_days") == doctest::Approx(70.0));
        CHECK(fab_kpi(r, "surge_units") == doctest::Approx(1400.0));
    }

    TEST_CASE("Surges: a surge decided goes ahead; its end is judged from its start") {
        // Decided on day 63 to start on day 163; the spot is back near 10 from day 140, but the
        // end is judged from the start: the step on day 168 reads the interval from day 161 below,
        // 7 days, and ends it that day. 5 days x 20 = 100 units.
        const RunResult r = Replication(shortage(true, 100.0, 56.0).scenario(), 1, 0).run();
        const RunResult base = Replication(shortage(false).scenario(), 1, 0).run();
        const std::vector<model::ShockRecord> surges = surges_of(r);
        REQUIRE(surges.size() == 1);
        CHECK(surges[0].start_day == doctest::Approx(163.0));
        REQUIRE(surges[0].end_day);
        CHECK(*surges[0].end_day == doctest::Approx(168.0));
        CHECK(fab_made(r, 280.0) - fab_made(base, 280.0) == doctest::Approx(100.0).epsilon(0.1));
        CHECK(fab_kpi(r, "surge_count") == 1.0);
        CHECK(fab_kpi(r, "surge_days") == doctest::Approx(5.0));
        CHECK(fab_kpi(r, "surge_units") == doctest::Approx(100.0));
    }

    TEST_CASE("Surges: a run without a surge has none and no KPIs; until one starts, the same") {
        const RunResult with = Replication(shortage(true).scenario(), 1, 0).run();
        const RunResult without = Replication(shortage(false).scenario(), 1, 0).run();
        CHECK(surges_of(without).empty());
        CHECK(std::isnan(fab_kpi(without, "surge_count")));
        for (std::size_t i = 0; i < without.samples.size(); ++i) {
            if (without.samples[i].day > 77.0) break;
            CHECK(with.samples[i].output == without.samples[i].output);
        }
    }
}  // TEST_SUITE
