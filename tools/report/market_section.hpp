#pragma once
// The report's "Prices and revenue" section, for experiments whose products have markets
// (schema v4): spot and contract price per product over calendar time, the mean across
// replications with its 95% confidence band (market_price_summary); revenue and margin per
// owner, product and calendar year (revenue_summary); and each owner's share of a product's
// revenue over the run. Internal to tools/report.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace memchain::sqlite {
class Database;
}

namespace memchain::report {

struct MarketData {
    // One row of market_price_summary: the mean across completed replications and the 95%
    // confidence half width (none with one replication).
    struct Price {
        std::string variant;
        std::string product;
        double day = 0.0;
        int n = 0;
        double spot = 0.0;
        std::optional<double> spot_half_width;
        double contract = 0.0;
        std::optional<double> contract_half_width;
    };
    // One row of revenue_summary, in USD: means across the replications with rows that year.
    struct Revenue {
        std::string variant;
        std::string owner;
        std::string product;
        int year = 0;
        int n = 0;
        double revenue = 0.0;
        std::optional<double> revenue_half_width;
        double margin = 0.0;  // revenue minus cost at the market's cash cost
    };
    std::vector<Price> prices;                               // by variant, product, day
    std::vector<Revenue> revenue;                            // by variant, product, owner, year
    std::vector<std::pair<std::string, std::string>> units;  // product, unit ("GB", "stack")
    [[nodiscard]] bool empty() const { return prices.empty() && revenue.empty(); }
    // "GB" for a product recorded in `products`, else "unit".
    [[nodiscard]] std::string unit_of(const std::string& product) const;
};

// The market rows of the experiment's completed runs; empty when it has none or the file
// predates markets (schema v1 to v3).
[[nodiscard]] MarketData read_market_data(sqlite::Database& db, std::int64_t experiment_id);

// "$1.23 bn", "$45.6 M", "$12,400", "$3.20": money for a table cell or a sentence.
[[nodiscard]] std::string format_usd(double usd);

namespace page {
struct Context;
// The section (id "markets"); "" when the experiment has no market rows.
[[nodiscard]] std::string market_section(Context& c);
}  // namespace page

}  // namespace memchain::report
