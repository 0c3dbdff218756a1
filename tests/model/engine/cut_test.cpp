#include "model/engine/cut.hpp"

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
using memchain::testing::fab_weekly_output;
using memchain::testing::ScenarioBuilder;
namespace model = memchain::model;
namespace sim = memchain::sim;

namespace {

// The one-fab market of priced_fab.hpp. A price shock of -90% over days 0-168 holds the
// indicated price at the cash cost (10 x 0.1 = 1 < 4), so the contract margin is about 0 from the
// reset on day 56 (the reset on day 28 still reads the reference: spot holds until a whole 28-day
// window of trade has passed) to the reset on day 168. The fab's cut: margin <= 0.05 for 28 days
// cuts 25% of its plan 14 days later; at most two in force; margin >= 0.5 for 28 days restores
// the newest.
ScenarioBuilder glut(bool with_cut = true) {
    ScenarioBuilder s = memchain::testing::priced_fab();
    if (with_cut) {
        model::Cut c;
        c.margin_product = "chip";
        c.below = 0.05;
        c.restore_above = 0.5;
        c.sustain = sim::Duration::from_days(28.0);
        c.step = 0.25;
        c.lead_time = sim::Duration::from_days(14.0);
        c.max_cuts = 2;
        s.scenario().nodes[1].cut = c;
    }
    model::Shock& glut = s.shock("glut", model::ShockKind::Price, {"supply"}, 0.0);
    glut.magnitude = -0.9;
    glut.duration = sim::Duration::from_days(168.0);
    return s;
}

std::vector<model::ShockRecord> cuts_of(const RunResult& r) {
    std::vector<model::ShockRecord> out;
    for (const model::ShockRecord& x : r.shocks)
        if (x.kind == "capacity_cut") out.push_back(x);
    return out;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE(
        "Cuts: a collapsed margin cuts the plan a lead time later; a recovered one restores "
        "it, newest first") {
        const RunResult r = Replication(glut().scenario(), 1, 0).run();
        const std::vector<model::ShockRecord> cuts = cuts_of(r);
        REQUIRE(cuts.size() == 2);
        // The step on day 56 runs before that day's contract reset, so the step on day 63 is the
        // first to read a margin near 0: counted from the interval's start, day 56, it has lasted
        // 28 days on day 84. Cut 1: committed day 84, in effect day 98 (84 + 14), 25% of 100.
        CHECK(cuts[0].name == "fab cut 1");
        CHECK(cuts[0].target == "fab");
        CHECK(cuts[0].start_day == doctest::Approx(98.0));
        CHECK(cuts[0].magnitude == doctest::Approx(0.25));
        CHECK(cuts[0].description.find("committed on day 84 after chip contract margin <= 0.05 "
                                       "for 28 days") == 0);
        // The count restarts on day 84; still at the floor, it lasts 28 days again on day 112,
        // after cut 1 took effect: cut 2 in effect on day 126.
        CHECK(cuts[1].name == "fab cut 2");
        CHECK(cuts[1].start_day == doctest::Approx(126.0));
        // The price shock ends on day 168, before that day's market step, whose contract reset
        // reads the spot of the new indicated price, about 10 / 0.5 = 20 with half the plan cut
        // (flow coverage 0.5): a margin about 0.8 from the step on day 175, counted from day
        // 168, lasting 28 days on day 196. Cut 2, the newest, is restored 14 days later, on day
        // 210; cut 1 on the next count: decided on day 224, in effect on day 238.
        REQUIRE(cuts[1].end_day);
        CHECK(*cuts[1].end_day == doctest::Approx(210.0));
        CHECK(cuts[1].description.find("; restore committed on day 196 after chip contract "
                                       "margin >= 0.5 for 28 days") != std::string::npos);
        REQUIRE(cuts[0].end_day);
        CHECK(*cuts[0].end_day == doctest::Approx(238.0));
        CHECK(fab_kpi(r, "cut_commitments") == 2.0);
        CHECK(fab_kpi(r, "cut_restorations") == 2.0);
        CHECK(fab_kpi(r, "cut_share_end") == 0.0);
        // The fab's output a day, week by week: 100 before the cuts, 75 with one in force, 50
        // with both, and back.
        CHECK(fab_weekly_output(r, 98.0) == doctest::Approx(100.0).epsilon(0.02));
        CHECK(fab_weekly_output(r, 119.0) == doctest::Approx(75.0).epsilon(0.02));
        CHECK(fab_weekly_output(r, 140.0) == doctest::Approx(50.0).epsilon(0.02));
        CHECK(fab_weekly_output(r, 224.0) == doctest::Approx(75.0).epsilon(0.02));
        CHECK(fab_weekly_output(r, 259.0) == doctest::Approx(100.0).epsilon(0.02));
    }

    TEST_CASE(
        "Cuts: a run without a cut has none and no KPIs; until a cut takes effect, the same") {
        const RunResult with = Replication(glut(true).scenario(), 1, 0).run();
        const RunResult without = Replication(glut(false).scenario(), 1, 0).run();
        CHECK(cuts_of(without).empty());
        CHECK(std::isnan(fab_kpi(without, "cut_commitments")));
        // Until the first cut takes effect (day 98) the two runs are the same, sample for sample.
        for (std::size_t i = 0; i < without.samples.size(); ++i) {
            if (without.samples[i].day > 98.0) break;
            CHECK(with.samples[i].output == without.samples[i].output);
        }
        // Without the cut the fab runs on at 100 a day through the glut.
        CHECK(fab_weekly_output(without, 140.0) == doctest::Approx(100.0).epsilon(0.02));
    }
}  // TEST_SUITE
