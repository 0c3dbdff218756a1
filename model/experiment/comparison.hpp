#pragma once
// Comparing scenarios run on common random numbers: replication r of the base and of every
// variant draws from the same streams, so the difference of a KPI within a replication
// cancels most of the noise the two runs share. This file turns an experiment's outcomes into
// paired differences with Student-t intervals (and, for contrast, the unpaired Welch interval
// that ignores the pairing), and measures how long a variant's quoted lead times take to come
// back to the base's after the variant's own shock.
//
// Recovery time, precisely. For one replication r, one variant V and one product p:
//  - t0 is the earliest start of a harmful shock that happened in V's run r but not in the
//    base's run r (same name, kind, targets, start, end and magnitude count as the same
//    occurrence; with common random numbers a random outage both scenarios share is the same
//    occurrence). A shock that adds capacity (capacity_expansion) or relieves demand (a
//    demand_surge with a negative magnitude) is not harmful: there is nothing to recover from.
//    Nor is a capacity_cut, the makers' own answer to a glut (engine/cut.hpp): it is part of
//    how the run recovers, not a shock from outside. When V had no harmful shock of its own in
//    replication r, the pair has no recovery time.
//  - On every product sample day d >= t0 that both runs sampled, V is within the band when
//    |LT_V(d) - LT_B(d)| <= max(relative * LT_B(d), absolute_days, noise_multiple * s_B), with
//    LT the quoted lead time (backlog / recent throughput) and s_B the base's own run-to-run
//    spread: the standard deviation of LT_B(d) across the base's replications, pooled (root
//    mean square) over the sample days from t0 on. Two replications of the base differ by
//    that much with no shock at all, so a variant that close has recovered as far as the runs
//    can tell. A day where neither has a quote (no throughput) is within, a day where only one
//    has one is not.
//  - recovery_days = d* - t0, where d* is the first such day from which V stays within the band
//    to the last sample. When V is outside the band on the last sample, it has not recovered:
//    recovery_days is censored at the horizon (horizon - t0, a lower bound) and `recovered`
//    is false. The recovered share over the pairs is a proportion, with a Wilson score
//    interval (which stays inside 0..1 and is not degenerate at 0 or 1 of n).
//
// Price response, for each product with a market, from the same t0: on every market sample day
// d >= t0 of pair r, the paired spot difference D_r(d) = spot_V,r(d) - spot_B,r(d).
//  - spot_price_shock_peak is D_r(d*) over the pairs, at the day d* >= t0 where the mean of D
//    over the pairs is largest: how far the shock lifted the price at its height. d* is chosen
//    on the same runs, so its interval leans a little toward a rise; read it with the day.
//  - spot_price_shock_end is D_r averaged over the samples of the last 91 days of the run: has
//    the rise faded by the end (an interval that holds 0) or not.
// The means of the two spots on those days are the rows' base and variant means.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/experiment/runner.hpp"
#include "model/record/recorder.hpp"
#include "model/result/run_result.hpp"
#include "sim/stats.hpp"

namespace memchain::model {

// A paired (common random numbers) comparison of one KPI between the base and a variant.
struct ComparisonRow {
    std::string variant;
    std::string kpi;
    std::string product;
    std::string buyer;
    std::string node;
    int n = 0;
    double base_mean = 0.0;
    double variant_mean = 0.0;
    double diff_mean = 0.0;
    double diff_ci_low = 0.0;
    double diff_ci_high = 0.0;
    double unpaired_ci_low = 0.0;
    double unpaired_ci_high = 0.0;
    std::optional<double> peak_day;  // spot_price_shock_peak: the sample day d*
};

// The Student-t interval for the mean of paired differences variant[i] - base[i] (one pair per
// replication). The sizes must match. Half-width is infinite for fewer than two pairs.
[[nodiscard]] sim::ConfidenceInterval paired_difference(const std::vector<double>& base,
                                                        const std::vector<double>& variant,
                                                        double level = 0.95);

// Welch's interval for mean(variant) - mean(base) from independent samples, with the
// Welch-Satterthwaite degrees of freedom; `n` is the number of observations in both. Infinite
// half-width when either side has fewer than two.
[[nodiscard]] sim::ConfidenceInterval unpaired_difference(const std::vector<double>& base,
                                                          const std::vector<double>& variant,
                                                          double level = 0.95);

struct RecoveryTolerance {
    double relative = 0.05;       // of the base's quoted lead time
    double absolute_days = 1.0;   // the band is never narrower than this
    double noise_multiple = 2.0;  // of the base's run-to-run standard deviation
};

// The Wilson score interval for a proportion of `successes` in `n` trials at `level`: inside
// [0, 1], asymmetric near the ends, and [0, 1] for n = 0 (Wilson, JASA 22 (1927) 209-212).
struct ProportionInterval {
    double share = 0.0;
    double low = 0.0;
    double high = 1.0;
};
[[nodiscard]] ProportionInterval wilson_interval(int successes, int n, double level = 0.95);

// Whether a shock eases supply or demand rather than hurting them: capacity_expansion, and a
// demand_surge with a negative magnitude (demand relief). Such shocks have no recovery time.
[[nodiscard]] bool relieves(const ShockRecord& shock);
// Whether a shock is one to recover from: not relieves(), and not a capacity_cut, which is the
// makers' own answer to a glut (engine/cut.hpp), a result of the run rather than a shock to it.
[[nodiscard]] bool is_harmful(const ShockRecord& shock);

// The base's run-to-run spread of `product`'s quoted lead time: on each sample day from
// `from_day` on with a quote in at least two of `runs`, the standard deviation across them;
// the root mean square of those over the days. 0 with fewer than two runs.
[[nodiscard]] double run_to_run_spread(const std::vector<const std::vector<ProductSample>*>& runs,
                                       const std::string& product, double from_day);

struct Recovery {
    double shock_day = 0.0;  // t0
    double days = 0.0;       // d* - t0, or horizon - t0 when not recovered
    bool recovered = false;
};

// The earliest start among `variant`'s harmful shocks (is_harmful()) that `base` has no
// identical occurrence of.
[[nodiscard]] std::optional<double> first_own_shock_day(const std::vector<ShockRecord>& base,
                                                        const std::vector<ShockRecord>& variant);

// Recovery of `product` after `shock_day` (see the definition above). Samples may hold several
// products, in any order. None when the variant has no sample of the product at or after
// `shock_day`.
[[nodiscard]] std::optional<Recovery> recovery_time(const std::vector<ProductSample>& base,
                                                    const std::vector<ProductSample>& variant,
                                                    const std::string& product, double shock_day,
                                                    double horizon_days,
                                                    RecoveryTolerance tolerance = {},
                                                    double base_spread_days = 0.0);

// One pair's market samples for the price response, from its t0 on.
struct PricePair {
    const std::vector<MarketSample>* base = nullptr;
    const std::vector<MarketSample>* variant = nullptr;
    double shock_day = 0.0;  // t0
};

struct KpiDifference;

// spot_price_shock_peak and spot_price_shock_end of `product` over `pairs` (the definition
// above); none for a row with fewer than two pairs. The peak row carries its day d*.
[[nodiscard]] std::vector<KpiDifference> price_response(const std::string& variant,
                                                        const std::string& product,
                                                        const std::vector<PricePair>& pairs,
                                                        double horizon_days, double level = 0.95);

// One compared KPI of one variant against the base.
struct KpiDifference {
    std::string variant;
    std::string kpi;
    std::string product;
    std::string buyer;
    std::string node;
    double base_mean = 0.0;
    double variant_mean = 0.0;
    sim::ConfidenceInterval paired;    // mean of the per-replication differences, n = pairs
    sim::ConfidenceInterval unpaired;  // Welch; for recovery rows the same as `paired`
    int censored = 0;                  // recovery_days: pairs that had not recovered
    // recovered_share: the Wilson interval, which replaces the t interval in to_row().
    std::optional<ProportionInterval> proportion;
    std::optional<double> day;  // spot_price_shock_peak: the sample day d*

    // How large the change is, comparable across KPIs in different units: for fractions
    // (fill rates, shares, utilization) the absolute change (0.03 = 3 points), otherwise the
    // change relative to the larger of the two means (0.03 = 3%; 1 when one side is zero).
    [[nodiscard]] double effect_size() const;
    [[nodiscard]] ComparisonRow to_row() const;
};

// KPIs that are fractions in [0, 1]: fill_rate, p_wait, utilization_mean and every *_share.
[[nodiscard]] bool is_fraction_kpi(const std::string& kpi);

struct ComparisonOptions {
    double level = 0.95;
    RecoveryTolerance tolerance;
};

// Compares every variant after the first (the base) of `spec` (run with keep_samples, for
// the recovery times) with the base: for every KPI,
// the paired difference over the replications both completed with the KPI (KPIs observed in
// fewer than two pairs are left out), and the unpaired interval over the same observations
// with the pairing ignored, so the two differ only by what the pairing removes; then, per product,
// `recovery_days` and `recovered_share` (0/1 per pair, with its Wilson interval) where the
// variant had harmful shocks of its own, and per product with a market its price response.
// Rows come per variant in spec order, KPIs sorted by (kpi, product, buyer, node).
[[nodiscard]] std::vector<KpiDifference> compare_variants(const ExperimentSpec& spec,
                                                          const ExperimentOutcome& outcome,
                                                          const ComparisonOptions& options = {});

// Writes an experiment's comparisons to its database (one transaction; a row with the same key
// replaces the one before).
void record_comparisons(Recorder& recorder, std::int64_t experiment_id,
                        const std::vector<ComparisonRow>& rows);

}  // namespace memchain::model
