#include "tools/report/headline.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "model/experiment/comparison.hpp"
#include "tools/report/html.hpp"

namespace memchain::report {

namespace {

struct Measure {
    const char* kpi;
    const char* label;  // after the product's name
    Unit format;
    Worse worse;
};

// The order a reviewer reads them in: how much arrived, how much did not, how long it took.
constexpr Measure product_measures[] = {
    {"units_delivered", "delivered", Unit::Units, Worse::Down},
    {"units_short", "short (ordered, not delivered)", Unit::Units, Worse::Up},
    {"fill_rate", "fill rate", Unit::Share, Worse::Down},
    {"lead_time_p50_days", "order lead time, median", Unit::Days, Worse::Up},
    {"lead_time_p90_days", "order lead time, 90th percentile", Unit::Days, Worse::Up},
};

HeadlineRow make_row(std::string label, std::string unit, Unit format, Worse worse, std::string kpi,
                     std::string product, std::string buyer = "", std::string node = "") {
    HeadlineRow row;
    row.label = std::move(label);
    row.unit = std::move(unit);
    row.format = format;
    row.worse = worse;
    row.kpi = std::move(kpi);
    row.product = std::move(product);
    row.buyer = std::move(buyer);
    row.node = std::move(node);
    return row;
}

std::string unit_word(const ReportData& d, const std::string& product, Unit format) {
    return unit_name(format, d.unit_of(product));
}

// A row from kpi_summary (the base's or the only variant's) and comparisons (every other
// variant's); nullopt when the base has no such KPI.
std::optional<HeadlineRow> recorded_row(const ReportData& d, HeadlineRow row) {
    const Variant* base = d.base() ? d.base() : &d.variants.front();
    const KpiStat* k = d.kpi(base->name, row.kpi, row.product, row.buyer, row.node);
    if (!k) return std::nullopt;
    row.value = k->mean;
    row.half_width = k->ci95_half_width;
    for (const auto& v : d.variants) {
        if (&v == base) continue;
        const Comparison* x = d.comparison(v.name, row.kpi, row.product, row.buyer, row.node);
        if (!x) continue;
        row.changes.push_back(
            {v.name, x->variant_mean, x->diff_mean, x->diff_ci_low, x->diff_ci_high, x->n});
    }
    return row;
}

std::vector<double> by_replication(const ReportData& d, const Variant& v) {
    std::map<int, double> values;
    for (const auto& run : d.runs) {
        const auto it = d.installed_by_run.find(run.id);
        if (run.variant == v.name && run.status == "completed" && it != d.installed_by_run.end())
            values[run.replication] = it->second;
    }
    std::vector<double> out;
    for (const auto& [replication, value] : values) out.push_back(value);
    return out;
}

// Units installed: summed over the pools per run, then paired replication by replication.
std::optional<HeadlineRow> installed_row(const ReportData& d) {
    if (d.installed_by_run.empty() || d.variants.empty()) return std::nullopt;
    const Variant* base = d.base() ? d.base() : &d.variants.front();
    const auto base_values = by_replication(d, *base);
    if (base_values.empty()) return std::nullopt;
    HeadlineRow row;
    row.label = (d.installed_product.empty() ? std::string("units") : d.installed_product) +
                " installed (reached data-centre power)";
    row.unit = unit_word(d, d.installed_product, Unit::Units);
    row.format = Unit::Units;
    row.worse = Worse::Down;
    row.kpi = "absorbed_units";
    sim::RunningStats stats;
    for (double x : base_values) stats.add(x);
    row.value = stats.mean();
    if (base_values.size() > 1) row.half_width = sim::confidence_interval(stats).half_width;
    for (const auto& v : d.variants) {
        if (&v == base) continue;
        const auto values = by_replication(d, v);
        if (values.size() != base_values.size()) continue;
        const auto ci = model::paired_difference(base_values, values);
        double mean = 0.0;
        for (double x : values) mean += x / static_cast<double>(values.size());
        row.changes.push_back(
            {v.name, mean, ci.mean, ci.low(), ci.high(), static_cast<int>(values.size())});
    }
    return row;
}

bool is_end_buyer(const ReportData& d, const std::string& name) {
    const Node* n = d.node(name);
    return n && n->block == "buyer";
}

}  // namespace

std::vector<std::string> delivered_products(const ReportData& d) {
    std::set<std::string> ordered;
    for (const auto& k : d.kpis)
        if (k.kpi == "units_ordered" && !k.buyer.empty() && is_end_buyer(d, k.buyer))
            ordered.insert(k.product);
    std::vector<std::string> out;
    for (const auto& p : d.products)
        if (ordered.count(p)) out.push_back(p);
    for (const auto& p : ordered)
        if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    return out;
}

Headline headline(const ReportData& d) {
    Headline h;
    if (d.variants.empty()) return h;
    h.products = delivered_products(d);
    for (const auto& product : h.products)
        for (const auto& m : product_measures) {
            HeadlineRow row = make_row(product + " " + m.label, unit_word(d, product, m.format),
                                       m.format, m.worse, m.kpi, product);
            if (auto r = recorded_row(d, std::move(row))) h.measures.push_back(std::move(*r));
        }
    if (auto installed = installed_row(d)) h.measures.push_back(std::move(*installed));

    // Markets: each product's mean spot price and its revenue, total and per seller.
    std::set<std::string> traded;
    for (const auto& k : d.kpis)
        if (k.kpi == "spot_price_mean") traded.insert(k.product);
    for (const auto& product : traded) {
        const std::string per = unit_word(d, product, Unit::UsdPerUnit);
        HeadlineRow price = make_row(product + " spot price, mean", per, Unit::Plain, Worse::Up,
                                     "spot_price_mean", product);
        if (auto r = recorded_row(d, std::move(price))) h.measures.push_back(std::move(*r));
        HeadlineRow shock = make_row(product + " spot price at the shock's height", per,
                                     Unit::Plain, Worse::Up, "spot_price_shock_peak", product);
        // Only compare records the shock's response, and only for variants with a shock.
        for (const auto& v : d.variants)
            if (const Comparison* x = d.comparison(v.name, shock.kpi, product)) {
                shock.value = x->base_mean;
                shock.changes.push_back(
                    {v.name, x->variant_mean, x->diff_mean, x->diff_ci_low, x->diff_ci_high, x->n});
            }
        if (!shock.changes.empty()) h.measures.push_back(std::move(shock));
        std::vector<std::string> sellers;
        for (const auto& k : d.kpis)
            if (k.kpi == "revenue" && k.product == product && !k.node.empty() &&
                std::find(sellers.begin(), sellers.end(), k.node) == sellers.end())
                sellers.push_back(k.node);
        for (const auto& seller : sellers) {
            const Node* n = d.node(seller);
            const std::string maker = n && !n->owner.empty() ? n->owner : seller;
            HeadlineRow revenue = make_row(product + " revenue, " + maker, "USD", Unit::Plain,
                                           Worse::Neither, "revenue", product, "", seller);
            if (auto r = recorded_row(d, std::move(revenue))) h.measures.push_back(std::move(*r));
        }
    }

    for (const auto& product : h.products)
        for (const auto& buyer : d.buyers) {
            if (!is_end_buyer(d, buyer)) continue;
            const Measure& m = product_measures[1];
            HeadlineRow row = make_row(buyer + ", " + product, unit_word(d, product, m.format),
                                       m.format, m.worse, m.kpi, product, buyer);
            if (auto r = recorded_row(d, std::move(row))) h.buyers.push_back(std::move(*r));
        }
    return h;
}

std::pair<std::vector<HeadlineRow>, std::vector<HeadlineRow>> split_unmoved(
    const std::vector<HeadlineRow>& rows, const std::function<bool(const HeadlineRow&)>& foldable) {
    std::pair<std::vector<HeadlineRow>, std::vector<HeadlineRow>> out;
    for (const auto& row : rows) {
        const bool measured =
            !row.changes.empty() && std::all_of(row.changes.begin(), row.changes.end(),
                                                [](const HeadlineChange& x) { return x.n > 1; });
        const bool moved =
            std::any_of(row.changes.begin(), row.changes.end(), [&](const HeadlineChange& x) {
                return x.distinguishable() &&
                       std::abs(x.diff) >= material_share * std::abs(row.value);
            });
        (foldable(row) && measured && !moved ? out.second : out.first).push_back(row);
    }
    return out;
}

std::string names_by_product(const std::vector<HeadlineRow>& rows) {
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    for (const auto& row : rows) {
        const auto comma = row.label.rfind(", ");
        const std::string name = !row.buyer.empty()           ? row.buyer
                                 : comma == std::string::npos ? row.label
                                                              : row.label.substr(comma + 2);
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const auto& g) { return g.first == row.product; });
        if (it == groups.end()) it = groups.insert(groups.end(), {row.product, {}});
        it->second.push_back(html_escape(name));
    }
    std::string out;
    for (const auto& [product, names] : groups) {
        out += (out.empty() ? "" : "; ") + html_escape(product) + ": ";
        for (std::size_t i = 0; i < names.size(); ++i)
            out += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    }
    return out;
}

}  // namespace memchain::report
