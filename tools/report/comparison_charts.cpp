// Scenario comparison charts: paired differences with CIs, and a sweep's heatmap.

#include <algorithm>
#include <cmath>

#include "tools/report/chart_common.hpp"
#include "tools/report/charts.hpp"
#include "tools/report/format.hpp"
#include "tools/report/summary.hpp"

namespace memchain::report {

namespace {

using chart::tip;

std::string row_label(const Comparison& c) {
    return kpi_info(c.kpi).label + " — " + scope_label(c.product, c.buyer, c.node);
}

// +1 when a rise is bad news, -1 when a fall is, 0 when neither.
double harm_sign(const KpiInfo& info) {
    return info.worse == Worse::Up ? 1.0 : info.worse == Worse::Down ? -1.0 : 0.0;
}

// One comparison as a row of the chart: the change as a share of the base, its interval, and
// the values, difference and reading for the tooltip.
Json comparison_value(const ReportData& d, const Comparison& c, const std::string& label) {
    const KpiInfo info = kpi_info(c.kpi);
    const double base = std::fabs(c.base_mean);
    const bool has_ci = c.n > 1;
    const std::string counted = d.unit_for(c.product, c.node);
    const bool significant = has_ci && (c.diff_ci_low > 0.0 || c.diff_ci_high < 0.0);
    const double harm = harm_sign(info) * c.diff_mean;
    return Json::object({
        {"row", label},
        {"variant", c.variant},
        {"change", c.diff_mean / base},
        {"low", c.diff_ci_low / base},
        {"high", c.diff_ci_high / base},
        {"base", format_value(c.base_mean, info.unit, counted)},
        {"value", format_value(c.variant_mean, info.unit, counted)},
        {"diff", format_change(c.diff_mean, info.unit, counted)},
        {"ci", has_ci ? format_change(c.diff_ci_low, info.unit, counted) + " to " +
                            format_change(c.diff_ci_high, info.unit, counted)
                      : std::string("n/a (one replication)")},
        {"verdict", !has_ci        ? "one replication: no interval"
                    : !significant ? "within noise (CI includes 0)"
                    : harm > 0.0   ? "worse than the base"
                    : harm < 0.0   ? "better than the base"
                                   : "different from the base"},
        {"clear", significant ? "CI excludes 0" : "CI includes 0 (or none)"},
    });
}

// The headline comparisons' rows, in order, and whether any has an interval.
struct ComparisonValues {
    Json values, rows;
    bool any_ci = false;
};

ComparisonValues comparison_values(const ReportData& d, std::size_t compared) {
    ComparisonValues out;
    std::vector<std::string> seen;
    for (const Comparison* c : headline_comparisons(d, compared > 2 ? 16 : 30)) {
        if (c->base_mean == 0.0 || !d.variant(c->variant)) continue;
        const std::string label = row_label(*c);
        if (std::find(seen.begin(), seen.end(), label) == seen.end()) {
            seen.push_back(label);
            out.rows.push(label);
        }
        out.any_ci = out.any_ci || c->n > 1;
        out.values.push(comparison_value(d, *c, label));
    }
    return out;
}

// The zero line, the whiskers (with intervals) and the dots, a row per KPI and, with more
// than one variant compared, an offset per variant within it.
std::vector<Json> comparison_layers(const Palette& p, const ComparisonValues& v,
                                    std::size_t compared, const Json& variant_order) {
    auto y = Json::object({{"field", "row"},
                           {"type", "nominal"},
                           {"title", nullptr},
                           {"sort", v.rows},
                           {"axis", Json::object({{"labelLimit", 330}})}});
    auto offset = Json::object({{"field", "variant"},
                                {"type", "nominal"},
                                {"scale", Json::object({{"domain", variant_order}})}});
    auto x_title = "Change against the base (% of the base value)";
    auto encode = [&](Json e) {
        e.set("y", y);
        if (compared > 1) e.set("yOffset", offset);
        return e;
    };
    auto tooltip = Json::array({tip("row", "KPI"), tip("variant", "Variant"), tip("base", "Base"),
                                tip("value", "Variant"), tip("diff", "Difference"),
                                tip("ci", "95% CI (paired)"), tip("verdict", "Reading")});
    std::vector<Json> layers;
    layers.push_back(Json::object({
        {"data", Json::object({{"values", Json::array({Json::object()})}})},
        {"mark", Json::object({{"type", "rule"}, {"color", "#555"}})},
        {"encoding", Json::object({{"x", Json::object({{"datum", 0}, {"type", "quantitative"}})}})},
    }));
    if (v.any_ci)
        layers.push_back(Json::object({
            {"mark", Json::object({{"type", "rule"}, {"strokeWidth", 2}})},
            {"encoding",
             encode(Json::object(
                 {{"x",
                   Json::object({{"field", "low"}, {"type", "quantitative"}, {"title", x_title}})},
                  {"x2", Json::object({{"field", "high"}})},
                  {"color", chart::colour(p.variants, "variant", "Variant")},
                  {"tooltip", tooltip}}))},
        }));
    layers.push_back(Json::object({
        {"mark", Json::object({{"type", "point"}, {"filled", true}, {"size", 60}})},
        {"encoding",
         encode(Json::object(
             {{"x", Json::object({{"field", "change"},
                                  {"type", "quantitative"},
                                  {"title", x_title},
                                  {"axis", Json::object({{"format", "+.0%"}})}})},
              {"color", chart::colour(p.variants, "variant", "Variant")},
              {"opacity",
               Json::object(
                   {{"field", "clear"},
                    {"type", "ordinal"},
                    {"title", "95% CI of the difference"},
                    {"scale", Json::object({{"domain", Json::array({"CI excludes 0",
                                                                    "CI includes 0 (or none)"})},
                                            {"range", Json::array({1.0, 0.35})}})}})},
              {"tooltip", tooltip}}))},
    }));
    return layers;
}

}  // namespace

std::optional<Chart> comparison_chart(const ReportData& d, const Palette& p) {
    std::size_t compared = 0;
    Json variant_order;
    for (const auto& v : d.variants)
        if (!v.base) ++compared, variant_order.push(v.name);
    const ComparisonValues v = comparison_values(d, compared);
    if (v.values.size() == 0) return std::nullopt;
    auto unit = Json::object({
        {"data", Json::object({{"values", v.values}})},
        {"width", chart::full_width - 330},
        // With yOffset the step is per variant within a row.
        {"height", Json::object({{"step", compared > 1 ? 12 : 20}})},
        {"layer", Json::array(comparison_layers(p, v, compared, variant_order))},
        {"config", chart::config()},
    });
    std::string caption =
        "Each row: the variant minus the base, paired replication by replication (common random "
        "numbers), as a share of the base value. Whiskers: the 95% confidence interval of the "
        "paired difference; a faded dot means the interval includes zero, so the difference is "
        "not distinguishable from noise. Hover for the values with units.";
    if (!v.any_ci) caption += " One replication per variant: no intervals.";
    return Chart{"comparison", "Differences against the base", caption, unit};
}

namespace {

// The heatmap's cells: one per headline KPI and sweep point, with the rows in first-seen
// order and the largest harm, which sets the colour scale's symmetric domain.
struct SweepCells {
    Json values, rows;
    double extreme = 0.0;
};

Json sweep_cell(const ReportData& d, const Comparison& c, const std::string& label, double relative,
                double harm) {
    const KpiInfo info = kpi_info(c.kpi);
    std::string parameters;
    for (const auto& p : d.variant(c.variant)->parameters)
        parameters += (parameters.empty() ? "" : ", ") + p.name + " = " + p.value;
    return Json::object({
        {"row", label},
        {"variant", c.variant},
        {"harm", harm},
        {"change", relative},
        {"parameters", parameters},
        {"value", format_value(c.variant_mean, info.unit, d.unit_for(c.product, c.node))},
        {"base", format_value(c.base_mean, info.unit, d.unit_for(c.product, c.node))},
    });
}

SweepCells sweep_cells(const ReportData& d) {
    SweepCells cells;
    std::vector<std::string> seen;
    for (const Comparison* c : headline_comparisons(d)) {
        if (c->base_mean == 0.0 || !c->buyer.empty() || !d.variant(c->variant)) continue;
        const std::string label = row_label(*c);
        if (std::find(seen.begin(), seen.end(), label) == seen.end()) {
            seen.push_back(label);
            cells.rows.push(label);
        }
        const double relative = c->diff_mean / std::fabs(c->base_mean);
        const double harm = harm_sign(kpi_info(c->kpi)) * relative;
        cells.extreme = std::max(cells.extreme, std::fabs(harm));
        cells.values.push(sweep_cell(d, *c, label, relative, harm));
    }
    return cells;
}

// The coloured cells: harm on a red-blue scale, with the tooltip.
Json sweep_rect_layer(const Json& x, const Json& y, double extreme) {
    return Json::object({
        {"mark", Json::object({{"type", "rect"}})},
        {"encoding",
         Json::object(
             {{"x", x},
              {"y", y},
              {"color",
               Json::object(
                   {{"field", "harm"},
                    {"type", "quantitative"},
                    {"title", "Change against the base (red: worse, blue: better)"},
                    {"scale", Json::object({{"scheme", "redblue"},
                                            {"reverse", true},
                                            {"domain", Json::array({-extreme, extreme})}})},
                    {"legend", Json::object({{"format", "+.0%"}, {"gradientLength", 220}})}})},
              {"tooltip", Json::array({tip("row", "KPI"), tip("variant", "Variant"),
                                       tip("parameters", "Parameters"), tip("value", "Value"),
                                       tip("base", "Base"), tip("change", "Change", "+.1%")})}})},
    });
}

// The change printed in each cell.
Json sweep_text_layer(const Json& x, const Json& y) {
    return Json::object({
        {"mark", Json::object({{"type", "text"}, {"fontSize", 10}})},
        {"encoding", Json::object({{"x", x},
                                   {"y", y},
                                   {"text", Json::object({{"field", "change"},
                                                          {"type", "quantitative"},
                                                          {"format", "+.0%"}})}})},
    });
}

Json sweep_spec(const ReportData& d, const SweepCells& cells) {
    Json columns;
    for (const auto& v : d.variants) columns.push(v.name);
    const double extreme = std::max(cells.extreme, 0.01);
    auto x = Json::object({{"field", "variant"},
                           {"type", "nominal"},
                           {"sort", columns},
                           {"title", "Sweep point (variant)"},
                           {"axis", Json::object({{"labelAngle", -30}, {"labelLimit", 160}})}});
    auto y = Json::object({{"field", "row"},
                           {"type", "nominal"},
                           {"sort", cells.rows},
                           {"title", nullptr},
                           {"axis", Json::object({{"labelLimit", 330}})}});
    return Json::object({
        {"data", Json::object({{"values", cells.values}})},
        {"width", Json::object({{"step", 64}})},
        {"height", Json::object({{"step", 20}})},
        {"layer", Json::array({sweep_rect_layer(x, y, extreme), sweep_text_layer(x, y)})},
        {"config", chart::config()},
    });
}

}  // namespace

std::optional<Chart> sweep_chart(const ReportData& d, const Palette&) {
    if (d.experiment.kind != "sweep") return std::nullopt;
    const SweepCells cells = sweep_cells(d);
    if (cells.values.size() == 0) return std::nullopt;
    return Chart{
        "sweep", "Sweep: each point against the base",
        "Each cell: the change of a KPI at one sweep point against the base, as a share of "
        "the base value. Red: worse; blue: better (for fill rate and throughput a fall is "
        "worse). The parameter values are in the sweep table below.",
        sweep_spec(d, cells)};
}

}  // namespace memchain::report
