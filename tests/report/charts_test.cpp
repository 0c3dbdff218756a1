#include "tools/report/charts.hpp"

#include <doctest/doctest.h>

#include "tools/report/chart_common.hpp"

#include "report/fixture_db.hpp"
#include "temp_dir.hpp"

using namespace memchain::report;
using memchain::testing::TempDir;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// A run from 2026-01-01 of one variant, the base, with one run.
ReportData one_variant(const std::string& name, double horizon_days) {
    ReportData d;
    d.start_date = *memchain::model::Date::parse("2026-01-01");
    d.horizon_days = horizon_days;
    Variant v;
    v.name = name;
    v.base = true;
    v.runs = {1};
    d.variants.push_back(v);
    return d;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("charts: expansions a rule committed make one mark per commitment, not per run") {
        // Three replications each commit twice, on days of their own: the first commitment
        // arrives on days 200, 210 and 190, the second on 400, 380 and 420. The chart draws two
        // marks, each a band from the earliest to the latest arrival.
        ReportData d = one_variant("baseline", 730.0);
        const double arrivals[3][2] = {{200.0, 400.0}, {210.0, 380.0}, {190.0, 420.0}};
        for (const auto& run : arrivals)
            for (int n = 1; n <= 2; ++n)
                d.shocks.push_back({"baseline", "power_us expansion " + std::to_string(n),
                                    "capacity_expansion", "power_us", run[n - 1], std::nullopt,
                                    1000.0, false,
                                    "committed on day 1 after utilization >= 0.98 for 28 days", 1});
        // A scheduled shock beside them keeps its own mark.
        d.shocks.push_back(
            {"baseline", "tsv-fire", "outage", "tsv", 50.0, 80.0, 0.3, false, "", 3});
        const auto layers = chart::shock_layers(d);
        REQUIRE_FALSE(layers.empty());
        const std::string spec = layers.front().dump();
        CHECK(count(spec, R"("shock":"power_us expansion 1")") == 1);
        CHECK(count(spec, R"("shock":"power_us expansion 2")") == 1);
        CHECK(count(spec, R"("shock":"tsv-fire")") == 1);
        // Day 190 is 2026-07-10 and day 210 2026-07-30; day 380 2027-01-16, day 420 2027-02-25.
        CHECK(
            spec.find(R"("date":"2026-07-10","end":"2026-07-30","shock":"power_us expansion 1")") !=
            std::string::npos);
        CHECK(
            spec.find(R"("date":"2027-01-16","end":"2027-02-25","shock":"power_us expansion 2")") !=
            std::string::npos);
    }

    TEST_CASE("charts: time axes in UTC over the whole run, units in titles, shocks marked") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        memchain::testing::write_fixture_db(path);
        const ReportData d = load_report_data(path);
        const Palette p = make_palette(d);
        const auto quoted = quoted_lead_time_chart(d, p);
        REQUIRE(quoted);
        const std::string spec = quoted->spec.dump();
        CHECK(spec.find(R"x("title":"Quoted lead time (days)")x") != std::string::npos);
        CHECK(spec.find(R"("scale":{"type":"utc","domain":[1767571200000,1799020800000]})") !=
              std::string::npos);  // 2026-01-05 to 2027-01-04, UTC midnight
        CHECK(spec.find(R"("shock":"tsv-fire")") != std::string::npos);
        CHECK(spec.find(R"("date":"2026-03-02")") != std::string::npos);  // the shock's start
        // The base is dark grey, the variant keeps its colour on every chart.
        CHECK(spec.find(R"("domain":["baseline","tsv-fire"],"range":["#4d4d4d","#e15759"])") !=
              std::string::npos);
        for (const auto& chart : {backlog_chart(d, p), utilization_chart(d, p),
                                  bottleneck_timeline_chart(d, p), order_lead_time_chart(d, p)}) {
            REQUIRE(chart);
            CAPTURE(chart->id);
            CHECK(chart->spec.dump().find(R"("type":"temporal")") != std::string::npos);
            CHECK_FALSE(chart->caption.empty());
        }
        CHECK_FALSE(sweep_chart(d, p));  // not a sweep
    }

    TEST_CASE("charts: each backlog panel's axis names its product's unit") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        memchain::testing::write_fixture_db(path);
        ReportData d = load_report_data(path);
        REQUIRE(d.products.size() == 2);
        d.product_units = {{d.products[0], "accelerators"}};  // the second product's unit unknown
        const auto backlog = backlog_chart(d, make_palette(d));
        REQUIRE(backlog);
        const std::string spec = backlog->spec.dump();
        CHECK(count(spec, R"x("title":"Backlog (accelerators)")x") >= 1);
        CHECK(count(spec, R"x("title":"Backlog (units)")x") >= 1);  // what the file does not say
        CHECK(spec.find("\"title\":\"" + d.products[0] + "\"") != std::string::npos);
        // Quoted lead times keep their one unit.
        const std::string quoted = quoted_lead_time_chart(d, make_palette(d))->spec.dump();
        CHECK(count(quoted, R"x("title":"Quoted lead time (days)")x") >= 2);
    }

    TEST_CASE("charts: each product's order lead times carry a legend of their own buyers") {
        ReportData d = one_variant("base", 365.0);
        d.products = {"chip", "wafer"};
        d.buyers = {"a", "b", "c"};
        for (const auto& [product, buyer] : std::vector<std::pair<std::string, std::string>>{
                 {"chip", "a"}, {"chip", "b"}, {"wafer", "c"}}) {
            OrderMonth m;
            m.variant = "base";
            m.product = product;
            m.buyer = buyer;
            m.month = "2026-03-01";
            m.orders = 1;
            d.order_months.push_back(m);
        }
        const Palette p = make_palette(d);
        const auto chart = order_lead_time_chart(d, p);
        REQUIRE(chart);
        const std::string spec = chart->spec.dump();
        // The chip row lists a and b, the wafer row c alone, each in the page's colours.
        CHECK(count(spec, "\"domain\":[\"a\",\"b\"],\"range\":[\"" + p.buyers.of("a") + "\",\"" +
                              p.buyers.of("b") + "\"]") >= 1);
        CHECK(count(spec, "\"domain\":[\"c\"],\"range\":[\"" + p.buyers.of("c") + "\"]") >= 1);
        CHECK(count(spec, "\"domain\":[\"a\",\"b\",\"c\"]") == 0);  // no page-wide legend
        CHECK(spec.find(R"("resolve":{"scale":{"color":"independent","strokeDash":"independent"},)"
                        R"("legend":{"color":"independent","strokeDash":"independent"}})") !=
              std::string::npos);
        CHECK(spec.find("strokeDash\":{\"field") == std::string::npos);  // few buyers: all solid
    }

    TEST_CASE("charts: a flickering bottleneck is drawn at pixel resolution, and says so") {
        ReportData d = one_variant("v", 1000.0);
        // 2-day periods of a, each followed by a 0.1-day sliver of b: 1000 periods.
        for (double day = 0.0; day < 1000.0; day += 2.0) {
            d.bottleneck_spans.push_back({"v", 1, "a", day, day + 1.9, false});
            d.bottleneck_spans.push_back({"v", 1, "b", day + 1.9, day + 2.0, false});
        }
        const auto chart = bottleneck_timeline_chart(d, make_palette(d));
        REQUIRE(chart);
        const std::string spec = chart->spec.dump();
        CHECK(count(spec, R"("node":"b")") == 0);
        CHECK(count(spec, R"("node":"a")") == 1);  // one joined bar
        CHECK(chart->caption.find("500 periods shorter than a pixel") != std::string::npos);

        d.bottleneck_spans.resize(20);  // few periods: every one is drawn as recorded
        const std::string few = bottleneck_timeline_chart(d, make_palette(d))->spec.dump();
        CHECK(count(few, R"("node":"b")") == 10);
    }
}  // TEST_SUITE
