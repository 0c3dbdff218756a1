#pragma once
// The measures the executive part of a report leads with, taken from the database as recorded
// (kpi_summary and comparisons, so every figure can be found there): for each product that end
// buyers order (blocks of kind `buyer`; dies and wafers that stations order stay out), units
// delivered and short, fill rate and the median and 90th-percentile order lead time; units
// installed (absorbed by data-centre power pools, summed per run); each market's mean spot
// price and revenue per seller; and per end buyer, units short (its fill rate is in the appendix).
//
// Against a base, each measure is the paired difference with its 95% interval, marked
// distinguishable from zero when that interval excludes zero. Without a base (a single run) it
// is the mean with its 95% half width.

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tools/report/format.hpp"
#include "tools/report/report_data.hpp"

namespace memchain::report {

// One variant's change of a measure against the base (paired over replications).
struct HeadlineChange {
    std::string variant;
    double value = 0.0;  // the variant's mean
    double diff = 0.0;
    double low = 0.0;  // 95% interval of the difference
    double high = 0.0;
    int n = 0;  // pairs
    // The interval excludes zero (needs two pairs or more).
    [[nodiscard]] bool distinguishable() const { return n > 1 && (low > 0.0 || high < 0.0); }
};

struct HeadlineRow {
    std::string label;  // "accelerator delivered"
    std::string unit;   // "accelerators", "GB", "days", "%", "USD"
    Unit format = Unit::Units;
    Worse worse = Worse::Neither;
    // Where the figure is in the database: kpis / comparisons rows (kpi, product, buyer, node),
    // or installed_by_run for units installed.
    std::string kpi, product, buyer, node;
    // The base's mean (or the only variant's), with its 95% half width when there are
    // replications to give one.
    double value = 0.0;
    std::optional<double> half_width;
    std::vector<HeadlineChange> changes;  // per non-base variant, in page order
};

struct Headline {
    std::vector<std::string> products;  // the products end buyers order, page order
    std::vector<HeadlineRow> measures;  // per product, then installed, then markets
    std::vector<HeadlineRow> buyers;    // units short per end buyer and product
    [[nodiscard]] bool empty() const { return measures.empty() && buyers.empty(); }
};

[[nodiscard]] Headline headline(const ReportData& data);

// In a comparison a row can be told in a word: the rows `foldable` picks that every variant
// measured over replications and none moved both beyond its paired interval and by at least
// `material_share` of the base's value (second), apart from the rest (first), each in order. A
// maker's revenue moved by 0.4% is real but not what a review decides on; 2% keeps a
// three-variant summary of the baseline's shocks within three printed pages.
inline constexpr double material_share = 0.02;
[[nodiscard]] std::pair<std::vector<HeadlineRow>, std::vector<HeadlineRow>> split_unmoved(
    const std::vector<HeadlineRow>& rows, const std::function<bool(const HeadlineRow&)>& foldable);

// The rows' names grouped by product, HTML-escaped: "accelerator: aws and google; dram_gb:
// cxmt". A row's name is its buyer or, for a seller's revenue, the maker its label ends with.
[[nodiscard]] std::string names_by_product(const std::vector<HeadlineRow>& rows);

// The end buyers' products: those ordered by a node of block `buyer`, in the data's order.
[[nodiscard]] std::vector<std::string> delivered_products(const ReportData& data);

}  // namespace memchain::report
