#include "tools/report/summary.hpp"

#include <doctest/doctest.h>

#include "report/fixture_db.hpp"
#include "temp_dir.hpp"

using namespace memchain::report;
using memchain::testing::FixtureOptions;
using memchain::testing::TempDir;
using memchain::testing::write_fixture_db;

namespace {

ReportData fixture(const FixtureOptions& o = {}) {
    TempDir tmp;
    const auto path = tmp.file("runs.db");
    write_fixture_db(path, o);
    return load_report_data(path);
}

std::vector<std::string> nodes_of(const BottleneckSequence& s) {
    std::vector<std::string> out;
    for (const auto& step : s.steps) out.push_back(step.node);
    return out;
}

// A hand-made experiment: one variant, `reps` replications, horizon 100 days.
ReportData by_hand(int reps) {
    ReportData d;
    d.horizon_days = 100.0;
    Variant v;
    v.name = "v";
    v.base = true;
    for (int r = 1; r <= reps; ++r) v.runs.push_back(r);
    d.variants.push_back(v);
    return d;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("bottleneck_sequence: the fixture's story, agreed across replications") {
        const ReportData d = fixture();
        const auto base = bottleneck_sequence(d, "baseline", 7.0);
        CHECK(nodes_of(base) ==
              std::vector<std::string>{"cowos-taichung", "tsv-cheongju", "cowos-taichung"});
        REQUIRE(base.steps.size() == 3);
        CHECK(base.steps[1].start_day == doctest::Approx(202.0).epsilon(0.02));
        CHECK(base.steps.back().end_day == doctest::Approx(364.0));

        const auto fire = bottleneck_sequence(d, "tsv-fire", 7.0);
        CHECK(nodes_of(fire) == std::vector<std::string>{"cowos-taichung", "tsv-cheongju",
                                                         "cowos-taichung", "tsv-cheongju",
                                                         "cowos-taichung"});
        REQUIRE(fire.steps.size() == 5);
        // TSV takes over in the hand-over of days 58-62, two days into the fire.
        CHECK(fire.steps[1].start_day >= 58.0);
        CHECK(fire.steps[1].start_day <= 62.0);
        CHECK(fire.steps[1].end_day >= 105.0);
        CHECK(fire.steps[1].end_day <= 118.0);
        CHECK(fire.steps[1].sole_share > 0.8);
        CHECK(fire.steps[0].agreement > 0.9);  // the hand-over days count half
        CHECK(fire.replications == 3);
    }

    TEST_CASE("bottleneck_sequence: short episodes fold into their longer neighbour") {
        ReportData d = by_hand(1);
        d.bottleneck_spans = {{"v", 1, "a", 0.0, 40.0, false},
                              {"v", 1, "b", 40.0, 42.0, false},
                              {"v", 1, "a", 42.0, 60.0, false},
                              {"v", 1, "c", 60.0, 100.0, false}};
        CHECK(nodes_of(bottleneck_sequence(d, "v", 0.0)) ==
              std::vector<std::string>{"a", "b", "a", "c"});
        const auto folded = bottleneck_sequence(d, "v", 5.0);
        CHECK(nodes_of(folded) == std::vector<std::string>{"a", "c"});
        REQUIRE(folded.steps.size() == 2);
        CHECK(folded.steps[0].end_day == doctest::Approx(60.0));
        CHECK(folded.steps[0].sole_share == doctest::Approx(58.0 / 58.0));
        CHECK(folded.steps[0].agreement == doctest::Approx(58.0 / 60.0));
    }

    TEST_CASE("bottleneck_sequence: the majority binds; shifting periods count half per side") {
        ReportData d = by_hand(3);
        d.bottleneck_spans = {{"v", 1, "a", 0.0, 100.0, false},
                              {"v", 2, "a", 0.0, 100.0, false},
                              {"v", 3, "b", 0.0, 50.0, false},
                              {"v", 3, "b", 50.0, 100.0, true},
                              {"v", 3, "a", 50.0, 100.0, true}};
        const auto s = bottleneck_sequence(d, "v", 0.0);
        REQUIRE(s.steps.size() == 1);
        CHECK(s.steps[0].node == "a");
        // Days 0-50: 2 of 3; days 50-100: 2.5 of 3.
        CHECK(s.steps[0].agreement == doctest::Approx((2.0 / 3.0 + 2.5 / 3.0) / 2.0));
        CHECK(s.steps[0].sole_share == doctest::Approx(4.0 / 4.5));
        CHECK(bottleneck_sequence(d, "unknown").steps.empty());
    }

    TEST_CASE("summarize: peaks, recovery, the worst-hit buyer and the largest effects") {
        const ReportData d = fixture();
        const Summary s = summarize(d);
        const PeakFinding* fire = nullptr;
        const PeakFinding* base = nullptr;
        for (const auto& p : s.peaks) {
            if (p.product != "GPU module") continue;
            (p.variant == "tsv-fire" ? fire : base) = &p;
        }
        REQUIRE(fire);
        REQUIRE(base);
        // The fire's effect builds until the capacity returns on day 98, then decays.
        CHECK(fire->peak_day >= 84.0);
        CHECK(fire->peak_day <= 112.0);
        REQUIRE(fire->reference_days);
        CHECK(fire->peak_days > *fire->reference_days + 30.0);
        CHECK(fire->recovery == Recovery::Recovered);
        CHECK(fire->recovery_from_engine);
        REQUIRE(fire->recovery_days);
        CHECK(*fire->recovery_days > 42.0);
        CHECK(*fire->recovery_days < 250.0);
        CHECK(fire->shock_day == 56.0);
        CHECK(base->recovery == Recovery::NotApplicable);  // no shock in the baseline

        REQUIRE(s.worst_buyers.size() == 1);
        const BuyerImpact& worst = s.worst_buyers[0];
        CHECK(worst.variant == "tsv-fire");
        CHECK(worst.buyer == "hyperscaler-b");
        CHECK(worst.product.empty());  // the buyer's total
        REQUIRE(worst.change_days);
        CHECK(*worst.change_days > 10.0);
        REQUIRE(worst.change_ci_low);
        CHECK(*worst.change_ci_low > 0.0);

        REQUIRE(s.effects.size() == 1);
        const auto& effects = s.effects[0].effects;
        REQUIRE_FALSE(effects.empty());
        CHECK(effects.size() <= 5);
        for (std::size_t i = 1; i < effects.size(); ++i)
            if (effects[i].significant == effects[i - 1].significant)
                CHECK(std::fabs(effects[i].relative) <= std::fabs(effects[i - 1].relative));
        CHECK(s.sequences.size() == 2);
    }

    TEST_CASE("summarize: one variant names the longest waits; a shock recovers to its own level") {
        FixtureOptions o;
        o.shocked_variant = false;
        o.replications = 1;
        const Summary s = summarize(fixture(o));
        REQUIRE(s.worst_buyers.size() == 1);
        CHECK(s.worst_buyers[0].variant == "baseline");
        CHECK_FALSE(s.worst_buyers[0].change_days);
        CHECK(s.effects.empty());

        ReportData d = by_hand(1);
        d.products = {"p"};
        d.shocks.push_back({"v", "fire", "capacity_loss", "x", 40.0, 50.0, 0.3, false, "", 1});
        for (int day = 0; day < 100; day += 10) {
            const double value = day < 40 ? 50.0 : day < 70 ? 90.0 : 51.0;
            ProductPoint p;
            p.variant = "v";
            p.product = "p";
            p.day = day;
            p.quoted_lead_time_days = Band{1, value, value, value};
            d.product_points.push_back(p);
        }
        const Summary alone = summarize(d);
        REQUIRE(alone.peaks.size() == 1);
        CHECK(alone.peaks[0].peak_days == 90.0);
        CHECK(alone.peaks[0].peak_day == 40.0);
        CHECK(alone.peaks[0].reference_days == 50.0);
        CHECK(alone.peaks[0].recovery == Recovery::Recovered);
        CHECK(alone.peaks[0].recovery_days == 30.0);  // back on day 70, 30 days after the shock
    }

    TEST_CASE("headline_comparisons: grouped by KPI, totals first, every variant per scope") {
        FixtureOptions o;
        o.sweep = true;
        o.replications = 2;
        const ReportData d = fixture(o);
        const auto rows = headline_comparisons(d, 4);
        REQUIRE(rows.size() == 4 * 3);  // 4 scopes, 3 sweep points each
        CHECK(rows[0]->kpi == "lead_time_mean_days");
        CHECK(rows[0]->product.empty());
        CHECK(rows[0]->buyer.empty());
        CHECK(rows[0]->variant == "tsv-loss-10");
        CHECK(rows[2]->variant == "tsv-loss-30");
    }
}  // TEST_SUITE
