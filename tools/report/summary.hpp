#pragma once
// The findings an executive summary states: how high quoted lead times peaked and when they
// recovered, which buyer was hurt most, the sequence of bottlenecks with dates, and the largest
// effects of each variant against the base. Values, not sentences: the page words them.

#include <optional>
#include <string>
#include <vector>

#include "tools/report/format.hpp"
#include "tools/report/report_data.hpp"

namespace memchain::report {

enum class Recovery {
    NotApplicable,  // no shock and no base to recover to
    Recovered,
    NotRecovered,  // still above the reference level at the end of the run
};

struct PeakFinding {
    std::string variant;
    std::string product;
    // The highest mean (across replications) quoted lead time, from the first shock on when the
    // variant has one (a start-up transient is not the shock's peak), and when it occurred.
    double peak_days = 0.0;
    double peak_day = 0.0;
    std::optional<double> reference_days;  // the base's level then, or the level before the shock
    Recovery recovery = Recovery::NotApplicable;
    std::optional<double> shock_day;      // first shock of the variant
    std::optional<double> recovery_days;  // from shock_day until back to the reference
    std::optional<double> recovery_ci_low;
    std::optional<double> recovery_ci_high;
    bool recovery_from_engine = false;  // the recovery_days comparison, not the report's estimate
    // With the engine's recovery: replications compared, and those still outside the band at
    // the end (their recovery time is a lower bound, so the mean is one too).
    int pairs = 0;
    int not_recovered = 0;
    // Against a base with two or more replications, the peak is taken only over days on which
    // the variant's band (10th-90th percentile) lies wholly above the base's, and the recorded
    // quoted_lead_time_peak_days difference excludes zero; when no day qualifies, the rise is
    // within run-to-run noise and the page does not headline it.
    bool distinguishable = true;
    // Throughput at the peak below a tenth of the variant's usual: the quote (backlog ÷
    // throughput) then measures how little was shipped, not how long buyers waited.
    bool throughput_near_zero = false;
};

struct BuyerImpact {
    std::string variant;
    std::string buyer;
    std::string product;          // "" for the buyer's total over products
    double lead_time_days = 0.0;  // the variant's mean order lead time
    std::optional<double> base_lead_time_days;
    std::optional<double> change_days;  // against the base
    std::optional<double> change_ci_low;
    std::optional<double> change_ci_high;
    std::optional<double> fill_rate;
    std::optional<double> fill_rate_change;
    // Against a base: the lead time rose and its paired 95% interval excludes zero. Only then is
    // the buyer named as hurt most; a fall, or a change inside the noise, is not a hurt.
    bool distinguishable = false;
};

struct BottleneckStep {
    std::string node;
    double start_day = 0.0;
    double end_day = 0.0;
    double agreement = 0.0;   // share of replications in which this node bound then
    double sole_share = 0.0;  // share of that time it bound alone (not shifting)
};

struct BottleneckSequence {
    std::string variant;
    int replications = 0;
    std::vector<BottleneckStep> steps;
};

struct Effect {
    Comparison comparison;
    KpiInfo info;
    double relative = 0.0;     // diff / base
    bool significant = false;  // the paired 95% CI excludes zero
};

struct VariantEffects {
    std::string variant;
    std::vector<Effect> effects;  // largest first, at most five
};

struct Summary {
    std::vector<PeakFinding> peaks;             // per variant and product
    std::vector<BuyerImpact> worst_buyers;      // per non-base variant; the base's when alone
    std::vector<BottleneckSequence> sequences;  // per variant
    std::vector<VariantEffects> effects;        // per non-base variant with comparisons
};

[[nodiscard]] Summary summarize(const ReportData& data);

// The bottleneck by day, agreed across replications: on each day the node that bound in most
// replications (a shifting period counts half for each side), merged into steps; steps shorter
// than `min_days` fold into their neighbours.
[[nodiscard]] BottleneckSequence bottleneck_sequence(const ReportData& data,
                                                     const std::string& variant,
                                                     double min_days = 0.0);

// The comparisons worth a row in the page's comparison chart and table: headline KPIs (lead
// times, fill rate, backlog, quoted lead times, throughput, deliveries, recovery), totals before
// products before buyers, grouped by KPI, each scope with every variant in page order. At most
// `max_scopes` (KPI, scope) groups.
[[nodiscard]] std::vector<const Comparison*> headline_comparisons(const ReportData& data,
                                                                  std::size_t max_scopes = 30);

// The mean quoted lead time curve of a variant's product: (day, days) pairs in day order.
[[nodiscard]] std::vector<std::pair<double, double>> quoted_curve(const ReportData& data,
                                                                  const std::string& variant,
                                                                  const std::string& product);

}  // namespace memchain::report
