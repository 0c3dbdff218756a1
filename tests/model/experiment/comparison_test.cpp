#include "model/experiment/comparison.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "model/small_chains.hpp"

namespace model = memchain::model;
namespace sim = memchain::sim;
using memchain::testing::demand_chain;
using memchain::testing::demand_chain_with_fire;
using memchain::testing::mm1;

namespace {

const model::KpiDifference* find(const std::vector<model::KpiDifference>& rows,
                                 const std::string& variant, const std::string& kpi,
                                 const std::string& product = "", const std::string& buyer = "",
                                 const std::string& node = "") {
    for (const auto& r : rows)
        if (r.variant == variant && r.kpi == kpi && r.product == product && r.buyer == buyer &&
            r.node == node)
            return &r;
    return nullptr;
}

model::ExperimentOutcome run(const std::vector<const model::Scenario*>& scenarios,
                             model::ExperimentSpec& spec, std::uint64_t seed, int replications) {
    spec.kind = "compare";
    spec.seed = seed;
    spec.replications = replications;
    spec.threads = 2;
    spec.record = false;
    spec.keep_samples = true;
    spec.variants.clear();
    for (const model::Scenario* sc : scenarios) spec.variants.push_back({sc->name, sc, "", ""});
    return model::run_experiment(spec, nullptr, nullptr, {});
}

model::ProductSample quote(const std::string& product, double day, std::optional<double> days) {
    model::ProductSample s;
    s.product = product;
    s.day = day;
    s.quoted_lead_time_days = days;
    return s;
}

model::ShockRecord shock(const std::string& name, double start, double end) {
    model::ShockRecord s;
    s.name = name;
    s.kind = "outage";
    s.target = "fab";
    s.start_day = start;
    s.end_day = end;
    s.magnitude = 1.0;
    return s;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Comparison: the paired interval is the t interval of the differences") {
        // Differences 1, 0, 2, 1: mean 1, sd sqrt(2/3); t(3, 0.975) = 3.182446.
        const auto ci = model::paired_difference({1, 2, 3, 4}, {2, 2, 5, 5});
        CHECK(ci.mean == doctest::Approx(1.0));
        CHECK(ci.n == 4);
        CHECK(ci.half_width ==
              doctest::Approx(3.182446 * std::sqrt(2.0 / 3.0) / 2.0).epsilon(1e-6));
        CHECK(std::isinf(model::paired_difference({1}, {2}).half_width));
    }

    TEST_CASE("Comparison: the unpaired interval is Welch's") {
        // Equal sizes and variances: df = 2 (n - 1) = 6, t(6, 0.975) = 2.446912,
        // se = sqrt(2 * (5/3) / 4).
        const auto ci = model::unpaired_difference({1, 2, 3, 4}, {3, 4, 5, 6});
        CHECK(ci.mean == doctest::Approx(2.0));
        const double se = std::sqrt(2.0 * 5.0 / 3.0 / 4.0);
        CHECK(ci.half_width == doctest::Approx(2.446912 * se).epsilon(1e-6));
        // Unequal variances: df falls between min(n) - 1 and n1 + n2 - 2, so the quantile lies
        // between t(3) and t(6) for these sizes.
        const auto w = model::unpaired_difference({1, 1.1, 0.9, 1.0}, {0, 4, 8, 12});
        const double welch_se = std::sqrt(0.0066667 / 4.0 + 26.6667 / 4.0);
        CHECK(w.half_width / welch_se > 2.446912);
        CHECK(w.half_width / welch_se < 3.182447);
        CHECK(model::unpaired_difference({2, 2}, {3, 3}).half_width == 0.0);
    }

    TEST_CASE("Comparison: effects are relative changes, or points for fractions") {
        model::KpiDifference d;
        d.kpi = "lead_time_mean_days";
        d.base_mean = 100.0;
        d.variant_mean = 125.0;
        d.paired.mean = 25.0;
        CHECK(d.effect_size() == doctest::Approx(0.2));  // 25 of the larger mean, 125
        d.kpi = "bottleneck_sole_share";  // a share from 0 to 1e-6 is no large effect
        d.base_mean = 0.0;
        d.variant_mean = 1e-6;
        d.paired.mean = 1e-6;
        CHECK(d.effect_size() == doctest::Approx(1e-6));
        d.kpi = "backlog_peak";  // ... but a backlog from 0 to 5 units is
        CHECK(d.effect_size() == 1.0);
        for (const char* kpi : {"fill_rate", "p_wait", "utilization_mean", "active_share",
                                "bottleneck_shifting_share", "recovered_share"})
            CHECK(model::is_fraction_kpi(kpi));
        for (const char* kpi : {"lead_time_p90_days", "share", "throughput_per_day"})
            CHECK_FALSE(model::is_fraction_kpi(kpi));
    }

    TEST_CASE("Comparison: recovery starts at the variant's own first shock") {
        const std::vector<model::ShockRecord> base = {shock("fab outage", 10, 12)};
        std::vector<model::ShockRecord> variant = {shock("fab outage", 10, 12),
                                                   shock("fire", 40, 80), shock("fire", 30, 35)};
        CHECK(model::first_own_shock_day(base, variant) == 30.0);
        CHECK_FALSE(model::first_own_shock_day(base, base).has_value());
        variant[0].end_day = 13;  // a different occurrence of a shared name counts as the variant's
        CHECK(model::first_own_shock_day(base, variant) == 10.0);
    }

    TEST_CASE("Comparison: recovery is the first day from which the lead time stays in the band") {
        std::vector<model::ProductSample> base, variant;
        // Base quotes 20 days throughout; the variant jumps after day 14 and comes back, with a
        // relapse on day 49; the other product never moves.
        const double v[] = {20, 20, 20, 30, 29, 21.5, 20.5, 22, 20.9, 20};
        for (int i = 0; i < 10; ++i) {
            const double day = 7.0 * i;
            base.push_back(quote("hbm", day, 20.0));
            variant.push_back(quote("hbm", day, v[i]));
            base.push_back(quote("gpu", day, 4.0));
            variant.push_back(quote("gpu", day, 4.9));  // within the 1-day floor of the band
        }
        // Band: max(5% of 20, 1 day) = 1 day. Outside on days 21, 28, 35 and 49; back on day 56.
        const auto r = model::recovery_time(base, variant, "hbm", 15.0, 70.0);
        REQUIRE(r.has_value());
        CHECK(r->recovered);
        CHECK(r->days == doctest::Approx(56.0 - 15.0));
        // A wider band (10% = 2 days) takes day 35's 21.5 and day 49's 22 as inside: back from 35.
        const auto wide = model::recovery_time(base, variant, "hbm", 15.0, 70.0, {0.10, 1.0});
        CHECK(wide->days == doctest::Approx(35.0 - 15.0));
        // Never outside: recovered on the first sample at or after the shock.
        const auto gpu = model::recovery_time(base, variant, "gpu", 15.0, 70.0);
        CHECK(gpu->recovered);
        CHECK(gpu->days == doctest::Approx(21.0 - 15.0));
        // Still outside on the last sample: censored at the horizon.
        variant[variant.size() - 2].quoted_lead_time_days = 25.0;
        const auto open = model::recovery_time(base, variant, "hbm", 15.0, 70.0);
        CHECK_FALSE(open->recovered);
        CHECK(open->days == doctest::Approx(70.0 - 15.0));
        CHECK_FALSE(model::recovery_time(base, variant, "none", 15.0, 70.0).has_value());
    }

    TEST_CASE("Comparison: the recovered share has a Wilson interval inside 0 and 1") {
        // z = 1.959964. 0 of 20: [0, z^2/20 / (1 + z^2/20)] = [0, 0.1611]; 5 of 20: the
        // textbook [0.1119, 0.4687]; 20 of 20 mirrors 0 of 20.
        const auto none = model::wilson_interval(0, 20);
        CHECK(none.share == 0.0);
        CHECK(none.low == 0.0);
        CHECK(none.high == doctest::Approx(0.1611).epsilon(1e-3));
        const auto quarter = model::wilson_interval(5, 20);
        CHECK(quarter.share == 0.25);
        CHECK(quarter.low == doctest::Approx(0.1119).epsilon(1e-3));
        CHECK(quarter.high == doctest::Approx(0.4687).epsilon(1e-3));
        const auto all = model::wilson_interval(20, 20);
        CHECK(all.low == doctest::Approx(1.0 - none.high));
        CHECK(all.high == 1.0);
        const auto empty = model::wilson_interval(0, 0);
        CHECK(empty.low == 0.0);
        CHECK(empty.high == 1.0);
    }

    TEST_CASE("Comparison: shocks that add capacity or relieve demand have no recovery") {
        model::ShockRecord expansion = shock("new fab", 30, 30);
        expansion.kind = "capacity_expansion";
        model::ShockRecord relief = shock("demand cut", 20, 90);
        relief.kind = "demand_surge";
        relief.magnitude = -0.2;
        model::ShockRecord surge = relief;
        surge.name = "surge";
        surge.start_day = 50;
        surge.magnitude = 0.2;
        CHECK(model::relieves(expansion));
        CHECK(model::relieves(relief));
        CHECK_FALSE(model::relieves(surge));
        CHECK_FALSE(model::first_own_shock_day({}, {expansion, relief}).has_value());
        CHECK(model::first_own_shock_day({}, {expansion, relief, surge}) == 50.0);
    }

    TEST_CASE("Comparison: a makers' cut is their answer, not a shock to recover from") {
        // A cut decided in the run (day 40) and a demand surge (day 50): t0 is the surge's day.
        model::ShockRecord cut = shock("fab cut 1", 40, 120);
        cut.kind = "capacity_cut";
        cut.magnitude = 0.2;
        model::ShockRecord surge = shock("surge", 50, 90);
        surge.kind = "demand_surge";
        surge.magnitude = 0.2;
        CHECK_FALSE(model::relieves(cut));
        CHECK_FALSE(model::is_harmful(cut));
        CHECK(model::is_harmful(surge));
        CHECK_FALSE(model::first_own_shock_day({}, {cut}).has_value());
        CHECK(model::first_own_shock_day({}, {cut, surge}) == 50.0);
    }

    TEST_CASE("Comparison: a capacity expansion gets no recovery rows") {
        const model::Scenario base = demand_chain(365.0);
        model::Scenario more = demand_chain(365.0);
        more.name = "more";
        model::Shock expansion;
        expansion.name = "second fab";
        expansion.kind = model::ShockKind::CapacityExpansion;
        expansion.targets = {"fab"};
        expansion.start = sim::Time::from_days(100.0);
        expansion.magnitude = 5.0;
        more.shocks.push_back(expansion);
        model::ExperimentSpec spec;
        const auto outcome = run({&base, &more}, spec, 5, 4);
        const auto rows = model::compare_variants(spec, outcome);
        REQUIRE(find(rows, "more", "lead_time_mean_days", "chip") != nullptr);
        CHECK(find(rows, "more", "recovery_days", "chip") == nullptr);
        CHECK(find(rows, "more", "recovered_share", "chip") == nullptr);
    }

    TEST_CASE("Comparison: the base's run-to-run spread widens the band") {
        // Two base runs that quote 20 and 24 days (sd 2.83) and one that has no quote on day 7.
        const std::vector<model::ProductSample> a = {quote("p", 0, 20), quote("p", 7, 20)};
        const std::vector<model::ProductSample> b = {quote("p", 0, 24), quote("p", 7, 24)};
        const std::vector<model::ProductSample> c = {quote("p", 0, 22), quote("p", 7, {})};
        // Day 0: 20, 24, 22 (sd 2); day 7: 20, 24 (sd 2.83); RMS = sqrt((4 + 8) / 2) = 2.449.
        CHECK(model::run_to_run_spread({&a, &b, &c}, "p", 0.0) == doctest::Approx(std::sqrt(6.0)));
        CHECK(model::run_to_run_spread({&a, &b, &c}, "p", 5.0) == doctest::Approx(std::sqrt(8.0)));
        CHECK(model::run_to_run_spread({&a}, "p", 0.0) == 0.0);
        // A variant 4 days above the base stays out with the 1-day band, and is within the band
        // of 2 x 2.449 = 4.9 days the base's own noise allows: recovered at once.
        const std::vector<model::ProductSample> variant = {quote("p", 0, 24), quote("p", 7, 24)};
        const auto tight = model::recovery_time(a, variant, "p", 0.0, 14.0);
        CHECK_FALSE(tight->recovered);
        CHECK(tight->days == 14.0);  // censored: a lower bound
        const auto noisy = model::recovery_time(a, variant, "p", 0.0, 14.0, {}, std::sqrt(6.0));
        CHECK(noisy->recovered);
        CHECK(noisy->days == 0.0);
    }

    TEST_CASE("Comparison: a quote that only one side has is outside the band") {
        std::vector<model::ProductSample> base = {quote("p", 0, std::nullopt), quote("p", 7, 5.0),
                                                  quote("p", 14, std::nullopt)};
        std::vector<model::ProductSample> variant = {
            quote("p", 0, 5.0), quote("p", 7, std::nullopt), quote("p", 14, std::nullopt)};
        const auto r = model::recovery_time(base, variant, "p", 0.0, 20.0);
        REQUIRE(r.has_value());
        CHECK(r->days == 14.0);
    }

    TEST_CASE("Comparison: on M/M/1 the paired interval covers the known difference in mean wait") {
        // Arrivals 1 a day; service mean 0.7 days in the base, 0.6 in the variant. M/M/1 mean wait
        // in queue: Wq = rho / (mu - lambda) = 0.7 / (1/0.7 - 1) = 49/30 and 0.6 / (1/0.6 - 1) =
        // 0.9.
        const double truth = 0.9 - 49.0 / 30.0;
        const model::Scenario base = mm1(1.0, 0.7, 3000.0, 200.0);
        model::Scenario faster = mm1(1.0, 0.6, 3000.0, 200.0);
        faster.name = "faster";
        model::ExperimentSpec spec;
        const auto outcome = run({&base, &faster}, spec, 11, 20);
        const auto rows = model::compare_variants(spec, outcome);
        const auto* wait = find(rows, "faster", "wait_mean_days", "", "", "server");
        REQUIRE(wait != nullptr);
        CHECK(wait->paired.n == 20);
        CHECK(wait->paired.contains(truth));
        CHECK(wait->unpaired.contains(truth));
        // Common random numbers: the same arrivals and the same standard exponential service
        // draws, scaled, make the two runs move together.
        // The gain is bounded by the unequal spreads: the slower queue's wait varies more.
        CHECK(wait->paired.half_width < 0.8 * wait->unpaired.half_width);
        CHECK(wait->base_mean == doctest::Approx(49.0 / 30.0).epsilon(0.1));
        CHECK(wait->variant_mean == doctest::Approx(0.9).epsilon(0.1));
        CHECK(wait->paired.mean == doctest::Approx(wait->variant_mean - wait->base_mean));
    }

    TEST_CASE("Comparison: paired intervals on M/M/1 cover the truth about 95% of the time") {
        const double truth = 0.9 - 49.0 / 30.0;
        const model::Scenario base = mm1(1.0, 0.7, 1500.0, 100.0);
        model::Scenario faster = mm1(1.0, 0.6, 1500.0, 100.0);
        faster.name = "faster";
        int covered = 0, narrower = 0;
        const int experiments = 40;
        for (int e = 0; e < experiments; ++e) {
            model::ExperimentSpec spec;
            const auto outcome =
                run({&base, &faster}, spec, 1000 + static_cast<std::uint64_t>(e), 10);
            const auto rows = model::compare_variants(spec, outcome);
            const auto* wait = find(rows, "faster", "wait_mean_days", "", "", "server");
            REQUIRE(wait != nullptr);
            covered += wait->paired.contains(truth);
            narrower += wait->paired.half_width < wait->unpaired.half_width;
        }
        // At 95% coverage, 34 or fewer of 40 has probability below 1.5%.
        CHECK(covered >= 34);
        CHECK(narrower == experiments);
    }

    TEST_CASE("Comparison: common random numbers narrow the interval on a shock scenario") {
        const model::Scenario base = demand_chain(365.0);
        const model::Scenario fire = demand_chain_with_fire(365.0);
        model::ExperimentSpec spec;
        const auto outcome = run({&base, &fire}, spec, 7, 12);
        const auto rows = model::compare_variants(spec, outcome);
        // Demand and the fab's random outages are the same draws in both runs of a replication,
        // so the difference carries only the fire's own variation.
        for (const char* kpi : {"lead_time_mean_days", "lead_time_p90_days", "backlog_peak"}) {
            CAPTURE(kpi);
            const auto* d = find(rows, "chain-fire", kpi, "chip");
            REQUIRE(d != nullptr);
            CHECK(d->paired.n == 12);
            CHECK(d->paired.mean > 0.0);  // the fire makes things worse
            CHECK(d->paired.half_width < d->unpaired.half_width);
        }
        const auto* lead = find(rows, "chain-fire", "lead_time_mean_days", "chip");
        CHECK(lead->paired.low() > 0.0);
        CHECK(lead->paired.half_width < 0.75 * lead->unpaired.half_width);
        // Lead times per buyer are compared too.
        CHECK(find(rows, "chain-fire", "lead_time_p90_days", "chip", "buyer") != nullptr);
        // The fire starts on day 120 and lasts 30 days; lead times come back within the horizon.
        const auto* recovery = find(rows, "chain-fire", "recovery_days", "chip");
        REQUIRE(recovery != nullptr);
        CHECK(recovery->paired.n == 12);
        CHECK(recovery->censored == 0);
        CHECK(recovery->paired.mean > 30.0);
        CHECK(recovery->paired.mean < 245.0);
        const auto* share = find(rows, "chain-fire", "recovered_share", "chip");
        REQUIRE(share != nullptr);
        CHECK(share->variant_mean == 1.0);
        REQUIRE(share->proportion.has_value());
        CHECK(share->to_row().diff_ci_high == 1.0);  // Wilson: 12 of 12 is [0.757, 1]
        CHECK(share->to_row().diff_ci_low == doctest::Approx(0.7575).epsilon(1e-3));
        // The base is not compared with itself.
        for (const auto& r : rows) CHECK(r.variant == "chain-fire");
    }

    TEST_CASE("Comparison: a recovery time's interval stops at zero") {
        // Two replications recovered after 2 and 60 days: mean 31, t(1) half-width
        // 12.706 * 29 = 368.5, so the t interval is [-337.5, 399.5]; a time is never negative.
        model::KpiDifference d;
        d.kpi = "recovery_days";
        d.paired.mean = 31.0;
        d.paired.half_width = 12.706 * 29.0;
        d.paired.n = 2;
        d.unpaired = d.paired;
        const auto row = d.to_row();
        CHECK(row.diff_ci_low == 0.0);
        CHECK(row.unpaired_ci_low == 0.0);
        CHECK(row.diff_ci_high == doctest::Approx(399.474));
        // Another KPI keeps its interval below zero.
        d.kpi = "lead_time_mean_days";
        CHECK(d.to_row().diff_ci_low == doctest::Approx(-337.474));
    }

    TEST_CASE("Comparison: a fire that lasts to the end of the run has not recovered") {
        const model::Scenario base = demand_chain(365.0);
        const model::Scenario fire = demand_chain_with_fire(365.0, 245.0);  // day 120 to 365
        model::ExperimentSpec spec;
        const auto outcome = run({&base, &fire}, spec, 7, 6);
        const auto rows = model::compare_variants(spec, outcome);
        const auto* recovery = find(rows, "chain-fire", "recovery_days", "chip");
        REQUIRE(recovery != nullptr);
        CHECK(recovery->censored == 6);
        CHECK(recovery->paired.mean == doctest::Approx(365.0 - 120.0));  // a lower bound
        const auto row = find(rows, "chain-fire", "recovered_share", "chip")->to_row();
        CHECK(row.diff_mean == 0.0);
        CHECK(row.diff_ci_low == 0.0);  // Wilson for 0 of 6: [0, 0.390]
        CHECK(row.diff_ci_high == doctest::Approx(0.390).epsilon(1e-2));
    }

    TEST_CASE(
        "Comparison: a KPI both scenarios draw from the same numbers has a zero-width interval") {
        // The fire is at the fab; the buyer's demand stream is the same in both runs.
        const model::Scenario base = demand_chain(200.0);
        const model::Scenario fire = demand_chain_with_fire(200.0);
        model::ExperimentSpec spec;
        const auto outcome = run({&base, &fire}, spec, 3, 5);
        const auto rows = model::compare_variants(spec, outcome);
        const auto* ordered = find(rows, "chain-fire", "units_ordered", "chip");
        REQUIRE(ordered != nullptr);
        CHECK(ordered->paired.mean == 0.0);
        CHECK(ordered->paired.half_width == 0.0);
        CHECK(ordered->unpaired.half_width > 0.0);
    }

    TEST_CASE(
        "Comparison: the price response is the paired spot rise at its height, then at the end") {
        // Three pairs sampled weekly over 196 days, t0 = day 10. The base's spot is 100 every
        // day; pair i's variant is 100 + i + a bump of 10, 20 and 5 on days 14, 21 and 28 (and
        // 50 on day 7, before t0, which does not count). The mean paired rise is bump + 1, so
        // d* = 21 with rises 20, 21, 22: mean 21, half-width t(0.975, 2) x 1 / sqrt(3) = 2.484.
        // The last 91 days (after day 105) hold no bump: per pair a mean rise of i, so 0, 1, 2.
        std::vector<std::vector<model::MarketSample>> base(3), variant(3);
        for (int i = 0; i < 3; ++i)
            for (int day = 0; day <= 196; day += 7) {
                const double bump = day == 7    ? 50.0
                                    : day == 14 ? 10.0
                                    : day == 21 ? 20.0
                                    : day == 28 ? 5.0
                                                : 0.0;
                base[i].push_back({"x", double(day), 100.0, 100.0, 0.0, 0.0, 0.0, 0.0});
                variant[i].push_back({"x", double(day), 100.0 + i + bump, 100.0, 0, 0, 0, 0});
                base[i].push_back({"y", double(day), 7.0, 7.0, 0.0, 0.0, 0.0, 0.0});
            }
        std::vector<model::PricePair> pairs;
        for (int i = 0; i < 3; ++i) pairs.push_back({&base[i], &variant[i], 10.0});
        const auto rows = model::price_response("v", "x", pairs, 196.0);
        const auto* peak = find(rows, "v", "spot_price_shock_peak", "x");
        REQUIRE(peak != nullptr);
        REQUIRE(peak->day);
        CHECK(*peak->day == 21.0);
        CHECK(peak->to_row().peak_day == std::optional<double>(21.0));  // recorded with the row
        CHECK(peak->base_mean == doctest::Approx(100.0));
        CHECK(peak->variant_mean == doctest::Approx(121.0));
        CHECK(peak->paired.mean == doctest::Approx(21.0));
        CHECK(peak->paired.half_width == doctest::Approx(4.303 / std::sqrt(3.0)).epsilon(1e-3));
        const auto* end = find(rows, "v", "spot_price_shock_end", "x");
        REQUIRE(end != nullptr);
        CHECK_FALSE(end->day);
        CHECK_FALSE(end->to_row().peak_day);
        CHECK(end->paired.mean == doctest::Approx(1.0));
        CHECK(end->variant_mean == doctest::Approx(101.0));
        // A product the variant never priced has no response; one pair is too few.
        CHECK(model::price_response("v", "y", pairs, 196.0).empty());
        CHECK(model::price_response("v", "x", {pairs[0]}, 196.0).empty());
    }
}  // TEST_SUITE
