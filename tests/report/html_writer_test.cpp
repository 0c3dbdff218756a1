#include "tools/report/html_writer.hpp"

#include <doctest/doctest.h>

#include "report/fixture_db.hpp"
#include "temp_dir.hpp"
#include "tools/report/html.hpp"

using namespace memchain::report;
using memchain::testing::FixtureOptions;
using memchain::testing::TempDir;
using memchain::testing::write_fixture_db;

namespace {

std::string page_for(const FixtureOptions& o) {
    TempDir tmp;
    const auto path = tmp.file("runs.db");
    write_fixture_db(path, o);
    return write_report_html(load_report_data(path), "9.9.9-test");
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The page without the contents of its <script> elements: the markup a browser would act on.
std::string markup_of(const std::string& page) {
    std::string out;
    std::size_t at = 0;
    for (;;) {
        const auto open = page.find("<script", at);
        if (open == std::string::npos) break;
        const auto body = page.find('>', open) + 1;
        out += page.substr(at, body - at);
        at = page.find("</script>", body);
        if (at == std::string::npos) return out;
    }
    return out + page.substr(at);
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("html_escape: makes text inert in content and attributes") {
        CHECK(html_escape("a < b & \"c\" > 'd'") ==
              "a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39;");
        CHECK(html_escape("</script>") == "&lt;/script&gt;");
    }

    TEST_CASE("write_report_html: hostile names cannot break the page") {
        FixtureOptions o;
        o.hostile_names = true;
        const std::string page = page_for(o);
        // Every <script> the page opens is one it closes itself: names never close one.
        CHECK(count(page, "<script") == count(page, "</script>"));
        CHECK(page.find("<script>alert(1)") == std::string::npos);
        CHECK(page.find("Hyperscaler &quot;B&quot; &lt;b&gt;&amp;amp;&lt;/script&gt;") !=
              std::string::npos);
        CHECK(page.find("GPU &lt;module&gt; &amp; &quot;co&quot;") != std::string::npos);
        // Inside the JSON specifications, '<', '>' and '&' only appear escaped.
        const std::string open = "<script type=\"application/json\" id=\"spec-";
        std::size_t specs = 0;
        for (auto at = page.find(open); at != std::string::npos; at = page.find(open, at + 1)) {
            ++specs;
            const auto start = page.find('>', at) + 1;
            const auto end = page.find("</script>", start);
            REQUIRE(end != std::string::npos);
            const std::string json = page.substr(start, end - start);
            CHECK(json.find('<') == std::string::npos);
            CHECK(json.find('&') == std::string::npos);
            CHECK(json.find('>') == std::string::npos);
        }
        CHECK(specs >= 8);
        CHECK(page.find("\\u003c/script\\u003e") != std::string::npos);
    }

    TEST_CASE("write_report_html: one file that fetches nothing") {
        const std::string page = page_for({});
        CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
        const std::string markup = markup_of(page);
        CHECK(markup.size() < page.size() / 2);  // the inlined libraries are most of the page
        CHECK(markup.find("<link") == std::string::npos);
        CHECK(markup.find("@import") == std::string::npos);
        CHECK(markup.find("src=") == std::string::npos);
        CHECK(markup.find("href=\"http") == std::string::npos);
        CHECK(markup.find("url(") == std::string::npos);
        CHECK(markup.find("<iframe") == std::string::npos);
        CHECK(page.find("vegaEmbed") != std::string::npos);  // the libraries are inlined
        for (const char* id : {"summary", "lead-times", "backlog", "utilization", "bottlenecks",
                               "comparison", "kpis", "runs"}) {
            CAPTURE(id);
            CHECK(page.find(std::string("<section id=\"") + id + "\">") != std::string::npos);
        }
        for (const char* chart :
             {"quoted-lead-time", "order-lead-time", "backlog", "fill-rate", "utilization",
              "bottleneck-timeline", "bottleneck-share", "comparison"}) {
            CAPTURE(chart);
            CHECK(page.find(std::string("id=\"chart-") + chart + "\"") != std::string::npos);
        }
        CHECK(page.find("hyperscaler-b</strong> was hit hardest") != std::string::npos);
        CHECK(page.find("9.9.9-test") != std::string::npos);
        CHECK(page.find("2 Mar 2026") != std::string::npos);  // the shock's start as a date
    }

    TEST_CASE("write_report_html: says what the data lacks, and lists incomplete runs") {
        FixtureOptions o;
        o.orders = false;
        o.shocks = false;
        o.replications = 1;
        o.failed_runs = true;
        const std::string page = page_for(o);
        CHECK(page.find("One replication per variant") != std::string::npos);
        CHECK(page.find("summary detail") != std::string::npos);
        CHECK(page.find("No shocks were recorded") != std::string::npos);
        CHECK(page.find("2 runs of this experiment did not complete (1 failed, 1 interrupted)") !=
              std::string::npos);
        CHECK(page.find("found negative stock on day 71.5") != std::string::npos);
        CHECK(page.find("id=\"chart-order-lead-time\"") == std::string::npos);
    }

    TEST_CASE("write_report_html: expansions a rule committed make one line per node") {
        FixtureOptions o;
        o.expansions = true;
        const std::string page = page_for(o);
        // Two variants x three replications x two commitments, arriving from day 207 (the
        // first replication of the compare) to day 321 (its third): one line, not twelve.
        CHECK(page.find(" expansion 1</strong>") == std::string::npos);
        CHECK(page.find("12 capacity expansions committed by its expansion rule across the runs, "
                        "arriving from <strong>31 Jul 2026</strong> to <strong>22 Nov "
                        "2026</strong>") != std::string::npos);
    }

    TEST_CASE("write_report_html: a sweep gets its table and heatmap; many nodes group by stage") {
        FixtureOptions o;
        o.sweep = true;
        o.replications = 2;
        o.extra_nodes = 24;
        const std::string page = page_for(o);
        CHECK(page.find("id=\"chart-sweep\"") != std::string::npos);
        CHECK(page.find("<h3>Sweep points</h3>") != std::string::npos);
        CHECK(page.find("tsv_capacity_loss") != std::string::npos);
        CHECK(page.find("Stage: Optics") != std::string::npos);
        CHECK(page.find("Per node — stage DC power") != std::string::npos);
    }

    TEST_CASE("write_report_html: the summary leads; tables of the appendix collapse with a CSV") {
        const std::string page = page_for({});
        const auto summary = page.find("<section id=\"summary\">");
        const auto headline = page.find("<table class=\"headline\">");
        const auto lead_times = page.find("<section id=\"lead-times\">");
        REQUIRE(headline != std::string::npos);
        CHECK(summary < headline);
        CHECK(headline < lead_times);
        // Every KPI in one collapsed table, downloadable as the CSV kpi_summary gives.
        const auto every = page.find("<details class=\"appendix-table\"><summary>Table: every KPI");
        REQUIRE(every != std::string::npos);
        const auto csv =
            page.find("download=\"kpis.csv\" href=\"data:text/csv;charset=utf-8,", every);
        REQUIRE(csv != std::string::npos);
        CHECK(page.find("variant%2Ckpi%2Cproduct%2Cbuyer%2Cnode%2Cn%2Cmean%2Cci95_half_width",
                        csv) == page.find("variant%2Ckpi", csv));
        CHECK(count(markup_of(page), "<details class=\"appendix-table\">") >= 3);
    }

    TEST_CASE("write_report_html: a chart of many stacked panels becomes figures of two") {
        // A sweep of four variants: the utilization heatmaps (one panel per variant) split in two.
        FixtureOptions o;
        o.sweep = true;
        o.replications = 2;
        const std::string page = page_for(o);
        CHECK(page.find("id=\"figure-utilization\"") != std::string::npos);
        CHECK(page.find("id=\"figure-utilization-2\"") != std::string::npos);
        CHECK(page.find("id=\"figure-utilization-3\"") == std::string::npos);
        CHECK(page.find("Utilization by stage (2 of 2)") != std::string::npos);
    }
}  // TEST_SUITE
