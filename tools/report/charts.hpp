#pragma once
// The page's charts as Vega-Lite specifications. Each builder returns nothing when the database
// holds no data for it. Every chart over time has a UTC calendar axis spanning the whole run,
// units in its axis titles, the scheduled shocks marked, and the page's shared colours.

#include <optional>
#include <string>

#include "tools/report/json.hpp"
#include "tools/report/palette.hpp"
#include "tools/report/report_data.hpp"

namespace memchain::report {

struct Chart {
    std::string id;  // unique on the page, [a-z0-9-]
    std::string title;
    std::string caption;  // how to read it, one or two sentences of plain text
    Json spec;
};

// Lead times: quoted per product over time, by variant, with a band across replications.
[[nodiscard]] std::optional<Chart> quoted_lead_time_chart(const ReportData& d, const Palette& p);
// Lead times of orders by completion month, per product and buyer (and variant).
[[nodiscard]] std::optional<Chart> order_lead_time_chart(const ReportData& d, const Palette& p);
// Backlog per product over time, by variant.
[[nodiscard]] std::optional<Chart> backlog_chart(const ReportData& d, const Palette& p);
// Fill rate per buyer and variant, with 95% confidence intervals.
[[nodiscard]] std::optional<Chart> fill_rate_chart(const ReportData& d, const Palette& p);
// Mean utilization by stage over time, a heatmap per variant.
[[nodiscard]] std::optional<Chart> utilization_chart(const ReportData& d, const Palette& p);
// Which node binds when, per replication: sole and shifting periods, shifts, shocks.
[[nodiscard]] std::optional<Chart> bottleneck_timeline_chart(const ReportData& d, const Palette& p);
// Each node's share of time as sole and as shifting bottleneck, per variant.
[[nodiscard]] std::optional<Chart> bottleneck_share_chart(const ReportData& d, const Palette& p);
// Paired differences against the base with 95% CIs, as a share of the base value.
[[nodiscard]] std::optional<Chart> comparison_chart(const ReportData& d, const Palette& p);
// A sweep's variants against the base, KPI by KPI: red where worse, blue where better.
[[nodiscard]] std::optional<Chart> sweep_chart(const ReportData& d, const Palette& p);

// At most this many variants get their own panel in per-variant charts; the rest are listed.
inline constexpr std::size_t max_variant_panels = 4;

}  // namespace memchain::report
