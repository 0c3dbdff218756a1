// Lead time, backlog and fill-rate charts.

#include "tools/report/charts.hpp"

#include <algorithm>
#include <functional>

#include "tools/report/chart_common.hpp"
#include "tools/report/format.hpp"

namespace memchain::report {

namespace {

using chart::tip;

std::string band_note(const ReportData& d) {
    if (d.max_replications() > 1)
        return " The shaded band spans the 10th to the 90th percentile across replications.";
    return " One replication only: no band across replications.";
}

// A per-product panel of a quantity over time, one line per variant with its band; each panel's
// y axis titled by `y_title` of its product (so that it can name the product's unit).
std::optional<Chart> product_series(
    const ReportData& d, const Palette& p, std::string id, std::string title, std::string caption,
    const std::function<std::string(const std::string&)>& y_title, const std::string& number_format,
    const std::function<std::optional<Band>(const ProductPoint&)>& get) {
    const bool bands = d.max_replications() > 1;
    Json panels;
    for (const auto& product : d.products) {
        Json values;
        for (const auto& point : d.product_points) {
            if (point.product != product) continue;
            const auto band = get(point);
            if (!band || band->n == 0) continue;
            values.push(Json::object({{"date", chart_date(d.start_date, point.day)},
                                      {"when", pretty_date(d.start_date, point.day)},
                                      {"variant", point.variant},
                                      {"mean", band->mean},
                                      {"low", band->low},
                                      {"high", band->high},
                                      {"n", band->n}}));
        }
        if (values.size() == 0) continue;
        // The first layer carries the scale's domain; repeating it in other layers makes Vega-Lite
        // warn about conflicting domains.
        const auto x_scale = chart::time_encoding(d, "date");
        const auto x_plain = Json::object({{"field", "date"}, {"type", "temporal"}});
        const auto& x = bands ? x_scale : x_plain;
        std::vector<Json> layers;
        if (bands)
            layers.push_back(chart::band_layer(
                x, y_title(product), chart::colour(p.variants, "variant", "Variant"), 0.18));
        auto tooltip = Json::array(
            {tip("when", "Date"), tip("variant", "Variant"), tip("mean", "Mean", number_format)});
        if (bands) {
            tooltip.push(tip("low", "10th percentile", number_format));
            tooltip.push(tip("high", "90th percentile", number_format));
            tooltip.push(tip("n", "Replications"));
        }
        // Daily samples over years would bury the line under its points: keep them small
        // there (they carry the tooltips).
        const bool dense = values.size() > 150 * std::max<std::size_t>(1, d.variants.size());
        layers.push_back(Json::object({
            {"mark",
             Json::object({{"type", "line"},
                           {"strokeWidth", 2},
                           {"clip", true},
                           {"point", Json::object({{"size", dense ? 4 : 16}, {"filled", true}})}})},
            {"encoding", Json::object({{"x", bands ? x_plain : x_scale},
                                       {"y", Json::object({{"field", "mean"},
                                                           {"type", "quantitative"},
                                                           {"title", y_title(product)}})},
                                       {"color", chart::colour(p.variants, "variant", "Variant")},
                                       {"tooltip", tooltip}})},
        }));
        for (auto& layer : chart::shock_layers(d)) layers.push_back(std::move(layer));
        auto panel = chart::layered(std::move(layers), chart::full_width, 180, product);
        panel.set("data", Json::object({{"values", values}}));
        panels.push(std::move(panel));
    }
    if (panels.size() == 0) return std::nullopt;
    auto spec = Json::object({{"vconcat", panels}, {"config", chart::config()}});
    return Chart{std::move(id), std::move(title), std::move(caption) + band_note(d), spec};
}

}  // namespace

std::optional<Chart> quoted_lead_time_chart(const ReportData& d, const Palette& p) {
    return product_series(
        d, p, "quoted-lead-time", "Quoted lead time by product",
        "The lead time a supplier would quote for a new order: backlog divided by recent "
        "throughput, in days. One line per variant: the mean across replications. Dashed red "
        "lines and shading: shocks.",
        [](const std::string&) { return std::string("Quoted lead time (days)"); }, ".1f",
        [](const ProductPoint& pt) { return pt.quoted_lead_time_days; });
}

std::optional<Chart> backlog_chart(const ReportData& d, const Palette& p) {
    return product_series(
        d, p, "backlog", "Backlog by product",
        "Ordered but not yet delivered, in each product's own unit (its axis names it). One line "
        "per variant: the mean across replications.",
        [&d](const std::string& product) { return "Backlog (" + d.unit_of(product) + ")"; }, ",.0f",
        [](const ProductPoint& pt) -> std::optional<Band> { return pt.backlog; });
}

namespace {

// The buyers of `product` that the drawn variants' panels show, in the order they appear.
std::vector<std::string> drawn_buyers(const ReportData& d,
                                      const std::vector<const Variant*>& variants,
                                      const std::string& product) {
    std::vector<std::string> buyers;
    for (const auto& m : d.order_months)
        if (m.product == product &&
            std::any_of(variants.begin(), variants.end(),
                        [&](const Variant* v) { return v->name == m.variant; }) &&
            std::find(buyers.begin(), buyers.end(), m.buyer) == buyers.end())
            buyers.push_back(m.buyer);
    return buyers;
}

Json lead_time_values(const ReportData& d, const Variant& v, const std::string& product) {
    Json values;
    for (const auto& m : d.order_months) {
        if (m.product != product || m.variant != v.name) continue;
        // Drawn mid-month, kept inside the run so the first and last months show.
        const auto month = model::Date::parse(m.month.substr(0, 8) + "15");
        const double day =
            month ? std::clamp(static_cast<double>(*month - d.start_date), 0.0, d.horizon_days)
                  : 0.0;
        values.push(Json::object({
            {"date", chart_date(d.start_date, day)},
            {"when", month_label(m.month)},
            {"buyer", m.buyer},
            {"mean", m.mean_lead_time_days},
            {"low", m.replication_means.low},
            {"high", m.replication_means.high},
            {"orders", m.orders},
        }));
    }
    return values;
}

// One panel's layers: the band across replications (with more than one), the buyers' lines
// and the shocks.
std::vector<Json> lead_time_layers(const ReportData& d, const Variant& v, bool bands,
                                   const Json& colour, const Json& dash) {
    const auto x_scale = chart::time_encoding(d, "date", "Completion month");
    const auto x_plain = Json::object({{"field", "date"}, {"type", "temporal"}});
    const auto& x = bands ? x_scale : x_plain;
    const std::string y_title = "Order lead time (days)";
    std::vector<Json> layers;
    if (bands)
        layers.push_back(Json::object({
            {"mark", Json::object({{"type", "area"}, {"opacity", 0.15}, {"clip", true}})},
            {"encoding", Json::object({{"x", x},
                                       {"y", Json::object({{"field", "low"},
                                                           {"type", "quantitative"},
                                                           {"title", y_title}})},
                                       {"y2", Json::object({{"field", "high"}})},
                                       {"color", colour}})},
        }));
    auto tooltip =
        Json::array({tip("when", "Completed in"), tip("buyer", "Buyer"),
                     tip("mean", "Mean lead time (days)", ".1f"), tip("orders", "Orders")});
    if (bands) {
        tooltip.push(tip("low", "10th pct. of replication means", ".1f"));
        tooltip.push(tip("high", "90th pct. of replication means", ".1f"));
    }
    auto line = Json::object(
        {{"x", bands ? x_plain : x_scale},
         {"y", Json::object({{"field", "mean"}, {"type", "quantitative"}, {"title", y_title}})},
         {"color", colour},
         {"tooltip", tooltip}});
    if (!dash.is_null()) line.set("strokeDash", dash);
    layers.push_back(Json::object({
        {"mark", Json::object({{"type", "line"},
                               {"strokeWidth", 2},
                               {"clip", true},
                               {"point", Json::object({{"size", 26}, {"filled", true}})}})},
        {"encoding", std::move(line)},
    }));
    for (auto& layer : chart::shock_layers(d, v.name)) layers.push_back(std::move(layer));
    return layers;
}

std::string lead_time_caption(const ReportData& d, bool bands, std::size_t variants_drawn) {
    std::string caption =
        "Orders grouped by the month their last unit arrived: the mean time from placing the "
        "order to its full delivery, in days, per buyer. Orders still open at the end of the run "
        "are not included. Each product's legend names the buyers its panels draw; a buyer keeps "
        "one colour on every panel, and no two buyers of one product share a colour (past "
        "twenty, a dash tells them apart).";
    if (bands)
        caption +=
            " The shaded band spans the 10th to the 90th percentile of the replications' "
            "monthly means.";
    else
        caption += " One replication only: no band across replications.";
    if (d.variants.size() > variants_drawn)
        caption += " Only the first " + std::to_string(variants_drawn) + " of " +
                   std::to_string(d.variants.size()) +
                   " variants are drawn; the tables below hold all.";
    return caption;
}

}  // namespace

std::optional<Chart> order_lead_time_chart(const ReportData& d, const Palette& p) {
    if (d.order_months.empty()) return std::nullopt;
    const auto variants = chart::panel_variants(d);
    const bool bands = d.max_replications() > 1;
    const int columns = static_cast<int>(variants.size());
    const int width = (chart::full_width - 26 * (columns - 1)) / columns;
    Json rows;
    for (const auto& product : d.products) {
        // The row's legend lists the buyers its panels draw, and no more.
        const std::vector<std::string> buyers = drawn_buyers(d, variants, product);
        const Json colour = chart::colour(p.buyers, buyers, "buyer", "Buyer");
        const Json dash = chart::dash(p.buyers, buyers, "buyer", "Buyer");
        Json cells;
        for (const Variant* v : variants) {
            Json values = lead_time_values(d, *v, product);
            if (values.size() == 0) continue;
            const std::string title = columns > 1 ? product + " — " + v->name : product;
            auto cell =
                chart::layered(lead_time_layers(d, *v, bands, colour, dash), width, 170, title);
            cell.set("data", Json::object({{"values", values}}));
            cells.push(std::move(cell));
        }
        if (cells.size() == 0) continue;
        rows.push(Json::object(
            {{"hconcat", cells},
             {"resolve", Json::object({{"scale", Json::object({{"y", "shared"}})}})}}));
    }
    if (rows.size() == 0) return std::nullopt;
    // Each product's row has its own buyers, so its own colour scale and legend.
    const auto own = Json::object({{"color", "independent"}, {"strokeDash", "independent"}});
    auto spec = Json::object({{"vconcat", rows},
                              {"resolve", Json::object({{"scale", own}, {"legend", own}})},
                              {"config", chart::config()}});
    return Chart{"order-lead-time", "Order lead times by completion month",
                 lead_time_caption(d, bands, variants.size()), spec};
}

namespace {

// The fill rates drawn: buyer totals when written, else each product of each buyer; only end
// buyers (block `buyer`) when the network names them (a stage's orders are in the KPI tables).
std::vector<const KpiStat*> fill_rate_rows(const ReportData& d) {
    bool any_end_buyer = false;
    for (const auto& n : d.nodes) any_end_buyer = any_end_buyer || n.block == "buyer";
    const auto shown = [&](const std::string& buyer) {
        const Node* n = d.node(buyer);
        return !any_end_buyer || (n && n->block == "buyer");
    };
    std::vector<const KpiStat*> rows;
    for (const bool totals : {true, false}) {
        for (const auto& k : d.kpis)
            if (k.kpi == "fill_rate" && !k.buyer.empty() && k.product.empty() == totals &&
                d.variant(k.variant) && shown(k.buyer))
                rows.push_back(&k);
        if (!rows.empty()) break;
    }
    return rows;
}

// The bars, the whiskers (with more than one replication) and the labels.
std::vector<Json> fill_rate_layers(const ReportData& d, const Palette& p, const Json& order) {
    Json variant_order;
    for (const auto& v : d.variants) variant_order.push(v.name);
    const bool several = d.variants.size() > 1;
    auto y = Json::object({{"field", "who"},
                           {"type", "nominal"},
                           {"title", nullptr},
                           {"sort", order},
                           {"axis", Json::object({{"labelLimit", 280}})}});
    auto y_offset = Json::object({{"field", "variant"},
                                  {"type", "nominal"},
                                  {"scale", Json::object({{"domain", variant_order}})}});
    auto x = Json::object({{"field", "mean"},
                           {"type", "quantitative"},
                           {"title", "Fill rate (% of units on time)"},
                           {"scale", Json::object({{"domain", Json::array({0, 1})}})},
                           {"axis", Json::object({{"format", "%"}})}});
    auto encoding = [&](Json e) {
        e.set("y", y);
        if (several) e.set("yOffset", y_offset);
        return e;
    };
    auto tooltip =
        Json::array({tip("who", "Buyer"), tip("variant", "Variant"), tip("label", "Fill rate"),
                     tip("ci", "95% CI"), tip("n", "Replications")});
    std::vector<Json> layers;
    layers.push_back(Json::object({
        {"mark", Json::object({{"type", "bar"}, {"opacity", 0.85}})},
        {"encoding",
         encoding(Json::object({{"x", x},
                                {"color", chart::colour(p.variants, "variant", "Variant")},
                                {"tooltip", tooltip}}))},
    }));
    if (d.max_replications() > 1)
        layers.push_back(Json::object({
            {"mark", Json::object({{"type", "rule"}, {"color", "#222"}, {"strokeWidth", 1.5}})},
            {"encoding", encoding(Json::object(
                             {{"x", Json::object({{"field", "low"}, {"type", "quantitative"}})},
                              {"x2", Json::object({{"field", "high"}})}}))},
        }));
    layers.push_back(Json::object({
        {"mark", Json::object({{"type", "text"},
                               {"align", "left"},
                               {"dx", 6},
                               {"fontSize", 10},
                               {"color", "#222"}})},
        {"encoding",
         encoding(Json::object({{"x", Json::object({{"field", "high"}, {"type", "quantitative"}})},
                                {"text", Json::object({{"field", "label"}})}}))},
    }));
    return layers;
}

}  // namespace

std::optional<Chart> fill_rate_chart(const ReportData& d, const Palette& p) {
    const std::vector<const KpiStat*> rows = fill_rate_rows(d);
    if (rows.empty()) return std::nullopt;
    Json values, order;
    std::vector<std::string> seen;
    for (const auto* k : rows) {
        const std::string who = k->product.empty() ? k->buyer : k->product + ", " + k->buyer;
        if (std::find(seen.begin(), seen.end(), who) == seen.end()) seen.push_back(who);
        const double half = k->ci95_half_width.value_or(0.0);
        values.push(Json::object({
            {"who", who},
            {"variant", k->variant},
            {"mean", k->mean},
            {"low", std::max(0.0, k->mean - half)},
            {"high", std::min(1.0, k->mean + half)},
            {"label", format_number(k->mean, Unit::Share)},
            {"ci", k->ci95_half_width ? "±" + format_fixed(half * 100.0, 1) + " pp"
                                      : "n/a (one replication)"},
            {"n", k->n},
        }));
    }
    std::sort(seen.begin(), seen.end());
    for (const auto& s : seen) order.push(s);
    const int per_row = d.variants.size() > 1 ? 14 : 22;  // with yOffset, the step is per variant
    auto spec = Json::object({
        {"data", Json::object({{"values", values}})},
        {"width", chart::full_width - 180},
        {"height", Json::object({{"step", per_row}})},
        {"layer", Json::array(fill_rate_layers(d, p, order))},
        {"config", chart::config()},
    });
    std::string caption =
        "Fill rate as recorded with the runs: the share of ordered units that arrived by their due "
        "date (for a buyer that keeps stock, the share of its end demand served from stock).";
    caption += d.max_replications() > 1
                   ? " Black whiskers: 95% confidence interval across replications."
                   : " One replication only: no confidence interval.";
    return Chart{"fill-rate", "Fill rate by buyer", caption, spec};
}

}  // namespace memchain::report
