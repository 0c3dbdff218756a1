#pragma once
// Pieces shared by the chart builders: the calendar axis, shock markers, colour scales and the
// common look. Internal to tools/report.

#include <string>
#include <vector>

#include "tools/report/json.hpp"
#include "tools/report/palette.hpp"
#include "tools/report/report_data.hpp"

namespace memchain::report::chart {

inline constexpr int full_width = 680;  // plot width in pixels; the page scales it for print

// The common configuration: fonts, axis and legend style.
[[nodiscard]] Json config();
// Run day `day` as milliseconds since 1970 (UTC), as a time scale's domain takes it.
[[nodiscard]] Json timestamp(const ReportData& d, double day);
// A temporal x (or other) encoding over the whole run, labelled in UTC with `title`. Ranged
// marks (x with x2) take their domain from the data instead: an explicit one makes Vega-Lite 6
// warn about conflicting domains, and their data spans the run anyway.
[[nodiscard]] Json time_encoding(const ReportData& d, const std::string& field,
                                 const std::string& title = "Date", bool fixed_domain = true);
[[nodiscard]] Json colour(const ColourScale& scale, const std::string& field,
                          const std::string& title, bool legend = true);
// The same, over `names` only (a panel's own series, in the scale's order): its legend lists
// what the panel draws, in the colours the page gives them.
[[nodiscard]] Json colour(const ColourScale& scale, const std::vector<std::string>& names,
                          const std::string& field, const std::string& title);
// A strokeDash encoding over `names` from the scale's dashes, for lines whose colours alone
// would repeat; null when all of them are solid.
[[nodiscard]] Json dash(const ColourScale& scale, const std::vector<std::string>& names,
                        const std::string& field, const std::string& title);

// Scheduled shocks as a shaded span, a dashed rule at the start and a label, for layering
// into a chart with a temporal x. Only `variant`'s when given, else every variant's.
[[nodiscard]] std::vector<Json> shock_layers(const ReportData& d, const std::string& variant = "",
                                             bool labels = true);

// The variants that get a panel: the base and the first others, at most max_variant_panels.
[[nodiscard]] std::vector<const Variant*> panel_variants(const ReportData& d);

// A shaded band over x from field "low" to field "high", coloured by `colour`; split further
// by `detail` when given (several bands of one colour).
[[nodiscard]] Json band_layer(Json x, const std::string& y_title, Json colour, double opacity,
                              Json detail = nullptr);

// A tooltip field: {"field": f, "title": t} (and "format" for numbers).
[[nodiscard]] Json tip(const std::string& field, const std::string& title,
                       const std::string& format = "");

// Wraps layers into one unit spec with data of its own where a layer has none.
[[nodiscard]] Json layered(std::vector<Json> layers, int width, int height,
                           const std::string& title = "");

}  // namespace memchain::report::chart
