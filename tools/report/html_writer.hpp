#pragma once
// The report page: one self-contained HTML file with the executive summary, the charts (as
// Vega-Lite specifications rendered in the browser by the inlined chart libraries), the KPI
// tables and the reproducibility notes. Nothing on the page is fetched from a network.

#include <string>

#include "tools/report/report_data.hpp"

namespace memchain::report {

// The whole page. `memchain_version` is the version of the program writing it.
[[nodiscard]] std::string write_report_html(const ReportData& data,
                                            const std::string& memchain_version);

}  // namespace memchain::report
