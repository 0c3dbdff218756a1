#include "tools/report/market_section.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "model/record/sqlite.hpp"
#include "tools/report/chart_common.hpp"
#include "tools/report/format.hpp"
#include "tools/report/html.hpp"
#include "tools/report/page_sections.hpp"

namespace memchain::report {

namespace {

bool has_relation(sqlite::Database& db, const char* name) {
    auto st = db.prepare(
        "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?");
    st.bind(1, name);
    return st.step() && st.column_int(0) > 0;
}

std::optional<double> optional_double(const sqlite::Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.column_double(column);
}

}  // namespace

std::string MarketData::unit_of(const std::string& product) const {
    for (const auto& [name, unit] : units)
        if (name == product) return unit;
    return "unit";
}

MarketData read_market_data(sqlite::Database& db, std::int64_t experiment_id) {
    MarketData out;
    if (!has_relation(db, "market_price_summary") || !has_relation(db, "revenue_summary"))
        return out;
    auto p = db.prepare(
        "SELECT variant, product, day, n, spot_mean, spot_ci95_half_width, contract_mean, "
        "contract_ci95_half_width FROM market_price_summary WHERE experiment_id = ? "
        "ORDER BY variant, product, day");
    p.bind(1, experiment_id);
    while (p.step())
        out.prices.push_back({p.column_text(0), p.column_text(1), p.column_double(2),
                              static_cast<int>(p.column_int(3)), p.column_double(4),
                              optional_double(p, 5), p.column_double(6), optional_double(p, 7)});
    auto r = db.prepare(
        "SELECT variant, owner, product, CAST(year AS INTEGER), n, revenue_mean, "
        "revenue_ci95_half_width, margin_mean FROM revenue_summary WHERE experiment_id = ? "
        "ORDER BY variant, product, owner, year");
    r.bind(1, experiment_id);
    while (r.step())
        out.revenue.push_back({r.column_text(0), r.column_text(1), r.column_text(2),
                               static_cast<int>(r.column_int(3)), static_cast<int>(r.column_int(4)),
                               r.column_double(5), optional_double(r, 6), r.column_double(7)});
    if (out.empty() || !has_relation(db, "products")) return out;
    auto u = db.prepare(
        "SELECT DISTINCT p.product, p.unit FROM products p JOIN runs r ON r.config_hash = "
        "p.config_hash WHERE r.experiment_id = ? ORDER BY p.product");
    u.bind(1, experiment_id);
    while (u.step()) out.units.emplace_back(u.column_text(0), u.column_text(1));
    return out;
}

std::string format_usd(double usd) {
    const double size = std::abs(usd);
    std::string out = "$";
    if (size >= 1e9)
        out += format_fixed(usd / 1e9, 2) + " bn";
    else if (size >= 1e6)
        out += format_fixed(usd / 1e6, 1) + " M";
    else
        out += format_fixed(usd, size >= 100.0 ? 0 : 2);
    return out;
}

namespace page {

namespace {

using chart::tip;

constexpr std::array<const char*, 10> owner_colours = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd",
                                                       "#8c564b", "#e377c2", "#17becf", "#bcbd22",
                                                       "#7f7f7f", "#d62728"};

ColourScale owner_scale(const MarketData& m) {
    std::set<std::string> owners;
    for (const auto& r : m.revenue) owners.insert(r.owner);
    std::vector<std::string> sorted(owners.begin(), owners.end());
    std::sort(sorted.begin(), sorted.end(),
              [](const std::string& a, const std::string& b) { return natural_less(a, b); });
    ColourScale out;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        out.domain.push_back(sorted[i]);
        out.range.push_back(owner_colours[i % owner_colours.size()]);
    }
    return out;
}

// Spot (solid) and contract (dashed) price per product, one colour per variant, each with its
// 95% band across replications.
std::optional<Chart> price_chart(const ReportData& d, const Palette& p, const MarketData& m) {
    std::vector<std::string> products;
    for (const auto& x : m.prices)
        if (std::find(products.begin(), products.end(), x.product) == products.end())
            products.push_back(x.product);
    bool bands = false;
    Json panels;
    for (const auto& product : products) {
        Json values;
        for (const auto& x : m.prices) {
            if (x.product != product) continue;
            const auto add = [&](const char* series, double mean, std::optional<double> half) {
                bands = bands || half.has_value();
                values.push(Json::object({{"date", chart_date(d.start_date, x.day)},
                                          {"when", pretty_date(d.start_date, x.day)},
                                          {"variant", x.variant},
                                          {"series", series},
                                          {"mean", mean},
                                          {"low", mean - half.value_or(0.0)},
                                          {"high", mean + half.value_or(0.0)},
                                          {"n", x.n}}));
            };
            add("spot", x.spot, x.spot_half_width);
            add("contract", x.contract, x.contract_half_width);
        }
        const std::string y_title = "Price (USD per " + singular(m.unit_of(product)) + ")";
        const auto x_scale = chart::time_encoding(d, "date");
        const auto x_plain = Json::object({{"field", "date"}, {"type", "temporal"}});
        const auto series = Json::object(
            {{"field", "series"},
             {"type", "nominal"},
             {"title", "Price"},
             {"scale",
              Json::object({{"domain", Json::array({"spot", "contract"})},
                            {"range", Json::array({Json::array({1, 0}), Json::array({5, 3})})}})}});
        std::vector<Json> layers;
        if (bands)
            layers.push_back(
                chart::band_layer(x_scale, y_title, chart::colour(p.variants, "variant", "Variant"),
                                  0.15, Json::object({{"field", "series"}, {"type", "nominal"}})));
        auto tooltip = Json::array({tip("when", "Date"), tip("variant", "Variant"),
                                    tip("series", "Price"), tip("mean", "Mean (USD)", ",.2f")});
        if (bands) {
            tooltip.push(tip("low", "95% CI low", ",.2f"));
            tooltip.push(tip("high", "95% CI high", ",.2f"));
            tooltip.push(tip("n", "Replications"));
        }
        layers.push_back(Json::object({
            {"mark", Json::object({{"type", "line"}, {"strokeWidth", 2}, {"clip", true}})},
            {"encoding", Json::object({{"x", bands ? x_plain : x_scale},
                                       {"y", Json::object({{"field", "mean"},
                                                           {"type", "quantitative"},
                                                           {"title", y_title}})},
                                       {"color", chart::colour(p.variants, "variant", "Variant")},
                                       {"strokeDash", series},
                                       {"tooltip", tooltip}})},
        }));
        for (auto& layer : chart::shock_layers(d)) layers.push_back(std::move(layer));
        auto panel = chart::layered(std::move(layers), chart::full_width, 180, product);
        panel.set("data", Json::object({{"values", values}}));
        panels.push(std::move(panel));
    }
    if (panels.size() == 0) return std::nullopt;
    return Chart{"market-prices", "Spot and contract price by product",
                 "Solid: spot price; dashed: contract price; in USD per unit of each product. "
                 "One colour per variant: the mean across replications" +
                     std::string(bands ? ", with its 95% confidence band." : ".") +
                     " Dashed red lines and shading: shocks.",
                 Json::object({{"vconcat", panels}, {"config", chart::config()}})};
}

// Revenue per owner and calendar year, summed over products, stacked; a panel per variant.
std::optional<Chart> revenue_chart(const ReportData& d, const MarketData& m,
                                   const ColourScale& owners) {
    const auto variants = chart::panel_variants(d);
    const int columns = static_cast<int>(variants.size());
    const int width = (chart::full_width - 26 * (columns - 1)) / std::max(1, columns);
    // The axis counts in USD, millions or billions, by the largest year's revenue.
    std::map<std::tuple<std::string, int>, double> year_totals;
    for (const auto& r : m.revenue) year_totals[{r.variant, r.year}] += r.revenue;
    double largest = 0.0;
    for (const auto& [key, total] : year_totals) largest = std::max(largest, total);
    const double divisor = largest >= 1e9 ? 1e9 : largest >= 1e6 ? 1e6 : 1.0;
    const std::string y_title = largest >= 1e9   ? "Revenue (billion USD)"
                                : largest >= 1e6 ? "Revenue (million USD)"
                                                 : "Revenue (USD)";
    Json panels;
    for (const Variant* v : variants) {
        std::map<std::pair<int, std::string>, double> by_owner_year;
        for (const auto& r : m.revenue)
            if (r.variant == v->name) by_owner_year[{r.year, r.owner}] += r.revenue;
        if (by_owner_year.empty()) continue;
        Json values;
        for (const auto& [key, revenue] : by_owner_year)
            values.push(Json::object({{"year", std::to_string(key.first)},
                                      {"owner", key.second},
                                      {"revenue", revenue / divisor},
                                      {"usd", revenue}}));
        auto panel = Json::object({
            {"width", width},
            {"height", 180},
            {"title", v->name},
            {"data", Json::object({{"values", values}})},
            {"mark", Json::object({{"type", "bar"}})},
            {"encoding",
             Json::object({{"x", Json::object({{"field", "year"},
                                               {"type", "ordinal"},
                                               {"title", "Calendar year"},
                                               {"axis", Json::object({{"labelAngle", 0}})}})},
                           {"y", Json::object({{"field", "revenue"},
                                               {"type", "quantitative"},
                                               {"aggregate", "sum"},
                                               {"title", y_title}})},
                           {"color", chart::colour(owners, "owner", "Owner")},
                           {"tooltip", Json::array({tip("owner", "Owner"), tip("year", "Year"),
                                                    tip("usd", "Revenue (USD)", "$,.0f")})}})},
        });
        panels.push(std::move(panel));
    }
    if (panels.size() == 0) return std::nullopt;
    return Chart{"market-revenue", "Revenue by owner and year",
                 "What each owner's sellers were paid per calendar year (units delivered times "
                 "the price in force), summed over its products; the mean across replications.",
                 Json::object({{"hconcat", panels}, {"config", chart::config()}})};
}

// A row per owner and product, a revenue and a margin column per calendar year.
std::string revenue_table(const Context& c, const std::vector<const Variant*>& variants) {
    const MarketData& m = c.data.markets;
    std::set<int> years;
    for (const auto& r : m.revenue) years.insert(r.year);
    std::vector<std::string> headers = {"Owner", "Product"};
    std::vector<bool> numeric = {false, false};
    for (const int year : years) {
        headers.push_back("Revenue " + std::to_string(year));
        headers.push_back("Margin " + std::to_string(year));
        numeric.insert(numeric.end(), {true, true});
    }
    HtmlTable table(headers, numeric, "market-revenue");
    for (const Variant* v : variants) {
        // (product, owner) in the order of the rows: product, then most revenue first.
        std::map<std::pair<std::string, std::string>, std::map<int, const MarketData::Revenue*>>
            cells;
        std::map<std::pair<std::string, std::string>, double> totals;
        for (const auto& r : m.revenue) {
            if (r.variant != v->name) continue;
            cells[{r.product, r.owner}][r.year] = &r;
            totals[{r.product, r.owner}] += r.revenue;
        }
        if (cells.empty()) continue;
        std::vector<std::pair<std::string, std::string>> keys;
        for (const auto& [key, total] : totals) keys.push_back(key);
        std::stable_sort(keys.begin(), keys.end(), [&](const auto& a, const auto& b) {
            if (a.first != b.first) return a.first < b.first;
            return totals[a] > totals[b];
        });
        if (variants.size() > 1) table.group(v->name);
        for (const auto& key : keys) {
            std::vector<std::string> row = {html_escape(key.second), html_escape(key.first)};
            for (const int year : years) {
                const auto it = cells[key].find(year);
                if (it == cells[key].end()) {
                    row.insert(row.end(), {"–", "–"});
                    continue;
                }
                const auto& r = *it->second;
                row.push_back(
                    format_usd(r.revenue) +
                    (r.revenue_half_width ? " ± " + format_usd(*r.revenue_half_width) : ""));
                row.push_back(format_usd(r.margin) +
                              (r.revenue > 0.0
                                   ? " (" + format_fixed(100.0 * r.margin / r.revenue, 1) + "%)"
                                   : ""));
            }
            table.row(std::move(row));
        }
    }
    return table.html();
}

// Each owner's share of a product's revenue over the run: its mean revenue over the sum of
// every owner's mean revenue.
std::string share_table(const Context& c, const std::vector<const Variant*>& variants) {
    const MarketData& m = c.data.markets;
    HtmlTable table({"Product", "Owner", "Revenue over the run", "Share by value"},
                    {false, false, true, true}, "market-share");
    for (const Variant* v : variants) {
        std::map<std::string, std::map<std::string, double>> by_product;
        for (const auto& r : m.revenue)
            if (r.variant == v->name) by_product[r.product][r.owner] += r.revenue;
        if (by_product.empty()) continue;
        if (variants.size() > 1) table.group(v->name);
        for (const auto& [product, owners] : by_product) {
            double total = 0.0;
            for (const auto& [owner, revenue] : owners) total += revenue;
            std::vector<std::pair<std::string, double>> sorted(owners.begin(), owners.end());
            std::stable_sort(sorted.begin(), sorted.end(),
                             [](const auto& a, const auto& b) { return a.second > b.second; });
            for (const auto& [owner, revenue] : sorted)
                table.row({html_escape(product), html_escape(owner), format_usd(revenue),
                           total > 0.0 ? format_fixed(100.0 * revenue / total, 1) + "%" : "–"});
        }
    }
    return table.html();
}

}  // namespace

std::string market_section(Context& c) {
    const MarketData& m = c.data.markets;
    if (m.empty()) return "";
    const auto variants = chart::panel_variants(c.data);
    std::string out = "<section id=\"markets\">\n<h2>Prices and revenue</h2>\n";
    out += figure(c, price_chart(c.data, c.palette, m), "No market prices were recorded.");
    if (m.revenue.empty()) return out + "<p class=\"note\">No seller was paid.</p>\n</section>\n";
    const ColourScale owners = owner_scale(m);
    out += figure(c, revenue_chart(c.data, m, owners), "No revenue was recorded.");
    out += "<h3>Revenue and margin by owner and year</h3>\n" + revenue_table(c, variants);
    out +=
        "<p class=\"note\">Means across replications, in USD; the 95% interval is the "
        "revenue's across replications. Margin: revenue minus cost at the market's cash cost "
        "per unit.</p>\n";
    out += "<h3>Market share by value</h3>\n" + share_table(c, variants);
    out +=
        "<p class=\"note\">An owner's mean revenue from a product over the whole run, as a "
        "share of every owner's.</p>\n";
    if (variants.size() < c.data.variants.size())
        out += "<p class=\"note\">The first " + std::to_string(variants.size()) +
               " variants are shown; the database holds every variant's rows.</p>\n";
    return out + "</section>\n";
}

}  // namespace page

}  // namespace memchain::report
