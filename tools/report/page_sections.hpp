#pragma once
// The sections of the report page, each returning its HTML. Internal to tools/report.

#include <string>
#include <vector>

#include "tools/report/charts.hpp"
#include "tools/report/palette.hpp"
#include "tools/report/report_data.hpp"
#include "tools/report/summary.hpp"

namespace memchain::report::page {

struct Context {
    const ReportData& data;
    const Palette& palette;
    const Summary& summary;
    std::vector<Chart> charts;  // every chart placed so far, for the page's spec scripts
};

// A figure for `chart` (recorded in the context), or a short note saying why there is none.
[[nodiscard]] std::string figure(Context& c, std::optional<Chart> chart,
                                 const std::string& missing_note);
// "84.6 ± 3.2" for a KPI, or "84.6" with one replication; "–" when absent.
[[nodiscard]] std::string kpi_cell(const KpiStat* k, Unit unit);
// A variant's name as a coloured chip.
[[nodiscard]] std::string variant_chip(const Context& c, const std::string& variant);

[[nodiscard]] std::string summary_section(Context& c);
[[nodiscard]] std::string lead_time_section(Context& c);
[[nodiscard]] std::string backlog_section(Context& c);
[[nodiscard]] std::string utilization_section(Context& c);
[[nodiscard]] std::string bottleneck_section(Context& c);
[[nodiscard]] std::string comparison_section(Context& c);
[[nodiscard]] std::string kpi_section(Context& c);
[[nodiscard]] std::string runs_section(Context& c, const std::string& memchain_version);

}  // namespace memchain::report::page
