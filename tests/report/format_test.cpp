#include "tools/report/format.hpp"

#include <doctest/doctest.h>

using namespace memchain::report;
using memchain::model::Date;

TEST_SUITE("report") {
    TEST_CASE("format: run days map to calendar dates") {
        const Date start = *Date::parse("2026-01-05");
        CHECK(pretty_date(start, 0.0) == "5 Jan 2026");
        CHECK(pretty_date(start, 56.0) == "2 Mar 2026");
        CHECK(pretty_date(start, 56.9) == "2 Mar 2026");  // a fraction of a day stays on that day
        CHECK(pretty_date(start, 364.0) == "4 Jan 2027");
        CHECK(pretty_date(*Date::parse("2028-02-28"), 1.0) == "29 Feb 2028");
        CHECK(chart_date(start, 56.0) == "2026-03-02");
        CHECK(chart_date(start, 56.25) == "2026-03-02T06:00:00Z");
        CHECK(chart_date(start, 56.9999999) == "2026-03-03");
        CHECK(month_label("2026-03-01") == "Mar 2026");
    }

    TEST_CASE("format: numbers carry units and thousands separators") {
        CHECK(format_fixed(1234567.89, 0) == "1,234,568");
        CHECK(format_fixed(-1234.5, 1) == "-1,234.5");
        CHECK(format_fixed(-0.01, 1) == "0.0");
        CHECK(format_fixed(999.0, 0) == "999");
        CHECK(format_value(84.62, Unit::Days) == "84.6 days");
        CHECK(format_value(1.0, Unit::Days) == "1.0 day");
        CHECK(format_value(152.3, Unit::Days) == "152 days");
        CHECK(format_value(0.9321, Unit::Share) == "93.2%");
        CHECK(format_value(12400.0, Unit::Units) == "12,400 units");
        CHECK(format_value(1020.4, Unit::UnitsPerDay) == "1,020 units/day");
        CHECK(format_change(-0.031, Unit::Share) == "-3.1 pp");
        CHECK(format_change(23.44, Unit::Days) == "+23.4 days");
        CHECK(format_change(-5.0, Unit::Days) == "-5.0 days");
        CHECK(format_duration(42.0) == "6 weeks");
        CHECK(format_duration(10.0) == "10 days");
        CHECK(format_duration(1.0) == "1 day");
        CHECK(count_of(3, "replication") == "3 replications");
        CHECK(count_of(1, "replication") == "1 replication");
    }

    TEST_CASE("format: counts, rates and prices in the product's own unit") {
        CHECK(format_value(12400.0, Unit::Units, "stacks") == "12,400 stacks");
        CHECK(format_value(1020.4, Unit::UnitsPerDay, "GB") == "1,020 GB/day");
        CHECK(format_change(-1200.0, Unit::Units, "accelerators") == "-1,200 accelerators");
        CHECK(format_value(449.43, Unit::UsdPerUnit, "stacks") == "449 USD per stack");
        CHECK(format_value(3.465, Unit::UsdPerUnit, "GB") == "3.5 USD per GB");
        CHECK(format_change(15.42, Unit::UsdPerUnit, "dies") == "+15.4 USD per die");
        CHECK(format_value(8.737e10, Unit::Usd) == "87,370,000,000 USD");
        CHECK(unit_name(Unit::Units, "wafers") == "wafers");
        CHECK(unit_name(Unit::UnitsPerDay, "accelerators") == "accelerators/day");
        CHECK(unit_name(Unit::UsdPerUnit, "accelerators") == "USD per accelerator");
        CHECK(unit_name(Unit::Days, "stacks") == "days");
        CHECK(singular("dies") == "die");
        CHECK(singular("GB") == "GB");
        CHECK(singular("MW") == "MW");
        CHECK(singular("units") == "unit");
    }

    TEST_CASE("format: a shock's size reads as the scenario wrote it, not as a per-day rate") {
        CHECK(shock_size("capacity_loss", 0.3, "stacks") == "30% of capacity");
        CHECK(shock_size("capacity_loss", 0.125, "stacks") == "12.5% of capacity");
        CHECK(shock_size("capacity_cut", 0.15, "wafers") == "15% of capacity");
        CHECK(shock_size("yield_excursion", 0.2, "wafers") == "yield −20%");
        CHECK(shock_size("demand_surge", 0.2, "accelerators") == "+20% demand");
        CHECK(shock_size("demand_surge", -0.15, "accelerators") == "−15% demand");
        CHECK(shock_size("price", 0.5, "GB") == "+50% price");
        // 10,000 accelerators/month is recorded as 10000 / (365.25 / 12) = 328.54 a day.
        CHECK(shock_size("capacity_expansion", 10000.0 / (365.25 / 12.0), "accelerators") ==
              "+10,000 accelerators/month");
        CHECK(shock_size("outage", 1.0, "wafers") == "–");
        CHECK(shock_size("lane_closure", 0.0, "wafers") == "–");
    }

    TEST_CASE("format: KPI names read as words with a unit and a direction") {
        CHECK(kpi_info("lead_time_p90_days").label == "90th-percentile order lead time");
        CHECK(kpi_info("lead_time_p90_days").unit == Unit::Days);
        CHECK(kpi_info("fill_rate").worse == Worse::Down);
        CHECK(kpi_info("backlog_peak").worse == Worse::Up);
        CHECK(kpi_info("some_new_kpi").label == "some new kpi");
        // A shock's price response is a headline; a rising price is bad news for buyers.
        CHECK(kpi_info("spot_price_shock_peak").headline);
        CHECK(kpi_info("spot_price_shock_peak").worse == Worse::Up);
        CHECK_FALSE(kpi_info("revenue").headline);
        CHECK(scope_label("GPU module", "hyperscaler-a", "") == "GPU module, hyperscaler-a");
        CHECK(scope_label("", "hyperscaler-a", "") == "hyperscaler-a (all products)");
        CHECK(scope_label("", "", "") == "all products and buyers");
    }
}  // TEST_SUITE

TEST_SUITE("report") {
    TEST_CASE("natural_less: numbers inside names count as numbers") {
        CHECK(natural_less("fab-2", "fab-10"));
        CHECK_FALSE(natural_less("fab-10", "fab-2"));
        CHECK(natural_less("fab", "fab-1"));
        CHECK(natural_less("a9b", "a10a"));
        CHECK(natural_less("x007", "x8"));
        CHECK_FALSE(natural_less("same", "same"));
        CHECK(natural_less("Alpha", "beta"));  // plain byte order otherwise
    }
}  // TEST_SUITE
