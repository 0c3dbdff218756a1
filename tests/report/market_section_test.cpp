#include "tools/report/market_section.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "model/record/sqlite.hpp"
#include "report/fixture_db.hpp"
#include "temp_dir.hpp"
#include "tools/report/html_writer.hpp"
#include "tools/report/report_data.hpp"

using namespace memchain::report;
using memchain::testing::FixtureOptions;
using memchain::testing::TempDir;
using memchain::testing::write_fixture_db;

namespace {

// The fixture's compare experiment (baseline and tsv-fire, replications 1 to 3) with its market
// rows (fixture_db.cpp, add_markets).
std::string market_db(const TempDir& tmp) {
    const auto path = tmp.file("runs.db");
    FixtureOptions o;
    o.markets = true;
    write_fixture_db(path, o);
    return path;
}

constexpr double t975_df2 = 4.302653;  // Student's t, 97.5th percentile, 2 degrees of freedom

const MarketData::Price* price(const MarketData& m, const std::string& variant, double day) {
    for (const auto& p : m.prices)
        if (p.variant == variant && p.day == day) return &p;
    return nullptr;
}

const MarketData::Revenue* revenue(const MarketData& m, const std::string& variant,
                                   const std::string& owner, int year) {
    for (const auto& r : m.revenue)
        if (r.variant == variant && r.owner == owner && r.year == year) return &r;
    return nullptr;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("read_market_data: prices with 95% intervals, revenue and margin per year") {
        TempDir tmp;
        const ReportData d = load_report_data(market_db(tmp));
        const MarketData& m = d.markets;
        REQUIRE(m.prices.size() == 2 * 52);  // weekly over 364 days, two variants

        const auto* day7 = price(m, "baseline", 7.0);
        REQUIRE(day7 != nullptr);
        CHECK(day7->n == 3);
        CHECK(day7->spot == doctest::Approx(420.0));
        REQUIRE(day7->spot_half_width);
        CHECK(*day7->spot_half_width == doctest::Approx(t975_df2 * 10.0 / std::sqrt(3.0)));
        CHECK(day7->contract == doctest::Approx(380.0));
        CHECK(day7->contract_half_width.value_or(-1.0) == doctest::Approx(0.0));
        CHECK(price(m, "tsv-fire", 7.0)->spot == doctest::Approx(420.0));
        CHECK(price(m, "tsv-fire", 63.0)->spot == doctest::Approx(470.0));  // during the fire
        CHECK(price(m, "baseline", 0.0)->spot == doctest::Approx(400.0));

        const auto* hynix = revenue(m, "baseline", "SK hynix", 2026);
        REQUIRE(hynix != nullptr);
        CHECK(hynix->revenue == doctest::Approx(600.0));
        REQUIRE(hynix->revenue_half_width);
        CHECK(*hynix->revenue_half_width == doctest::Approx(t975_df2 * 30.0 / std::sqrt(3.0)));
        CHECK(hynix->margin == doctest::Approx(200.0));
        CHECK(revenue(m, "baseline", "SK hynix", 2027)->revenue == doctest::Approx(1000.0));
        CHECK(revenue(m, "baseline", "Samsung", 2026)->margin == doctest::Approx(100.0));
        CHECK(revenue(m, "baseline", "Samsung", 2027) == nullptr);
    }

    TEST_CASE("market_section: prices, revenue per owner and year, and shares by value") {
        TempDir tmp;
        const std::string page = write_report_html(load_report_data(market_db(tmp)), "9.9.9-test");
        CHECK(page.find("<a href=\"#markets\">Prices and revenue</a>") != std::string::npos);
        const auto at = page.find("<section id=\"markets\">");
        REQUIRE(at != std::string::npos);
        const std::string section = page.substr(at, page.find("</section>", at) - at);
        CHECK(section.find("id=\"chart-market-prices\"") != std::string::npos);
        CHECK(section.find("id=\"chart-market-revenue\"") != std::string::npos);
        CHECK(page.find("id=\"spec-market-prices\"") != std::string::npos);
        // A row per owner and product, revenue and margin per year: SK hynix 600 ± 74.52 with a
        // margin of 200 in 2026, 1,000 at no cost in 2027; Samsung 400 (margin 100), none in 2027.
        CHECK(section.find("<th class=\"num\">Revenue 2026</th><th class=\"num\">Margin "
                           "2026</th><th class=\"num\">Revenue 2027</th>") != std::string::npos);
        CHECK(section.find("<td>SK hynix</td><td>HBM3E 12-Hi</td><td class=\"num\">$600 ± "
                           "$74.52</td><td class=\"num\">$200 (33.3%)</td><td "
                           "class=\"num\">$1,000 ± $0.00</td><td class=\"num\">$1,000 "
                           "(100.0%)</td>") != std::string::npos);
        CHECK(section.find("<td>Samsung</td><td>HBM3E 12-Hi</td><td class=\"num\">$400 ± "
                           "$0.00</td><td class=\"num\">$100 (25.0%)</td><td "
                           "class=\"num\">–</td><td class=\"num\">–</td>") != std::string::npos);
        // Over the run SK hynix was paid 1,600 of the product's 2,000 in every variant.
        CHECK(section.find("<td>SK hynix</td><td class=\"num\">$1,600</td><td "
                           "class=\"num\">80.0%</td>") != std::string::npos);
        CHECK(section.find("<td>Samsung</td><td class=\"num\">$400</td><td "
                           "class=\"num\">20.0%</td>") != std::string::npos);
        CHECK(section.find("<tr class=\"group\"><th colspan=\"6\">tsv-fire</th></tr>") !=
              std::string::npos);
    }

    TEST_CASE("market_section: absent without market rows and in a file from before markets") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        write_fixture_db(path);
        CHECK(load_report_data(path).markets.empty());
        {
            memchain::sqlite::Database db(path);
            db.exec(
                "DROP VIEW revenue_summary; DROP VIEW revenue_by_year; "
                "DROP VIEW market_price_summary; DROP VIEW market_prices; DROP TABLE revenue; "
                "DROP TABLE market_samples; UPDATE meta SET value = '3' WHERE key = "
                "'schema_version'; PRAGMA user_version = 3;");
        }
        const ReportData d = load_report_data(path);
        CHECK(d.markets.empty());
        const std::string page = write_report_html(d, "9.9.9-test");
        CHECK(page.find("id=\"markets\"") == std::string::npos);
        CHECK(page.find("Prices and revenue") == std::string::npos);
        CHECK(page.find("<section id=\"kpis\">") != std::string::npos);
    }

    TEST_CASE("format_usd: dollars, millions and billions") {
        CHECK(format_usd(3.2) == "$3.20");
        CHECK(format_usd(12400.4) == "$12,400");
        CHECK(format_usd(45.6e6) == "$45.6 M");
        CHECK(format_usd(1.234e9) == "$1.23 bn");
    }
}
