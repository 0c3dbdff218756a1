#include "tools/report/html_writer.hpp"

#include "tools/report/assets.hpp"
#include "tools/report/format.hpp"
#include "tools/report/html.hpp"
#include "tools/report/page_sections.hpp"

namespace memchain::report {

namespace {

std::string notices(const ReportData& d) {
    std::vector<std::string> items;
    const auto incomplete = d.incomplete_runs();
    if (!incomplete.empty()) {
        std::string text = count_of(static_cast<long long>(incomplete.size()), "run") +
                           " of this experiment did not complete (";
        int failed = 0, interrupted = 0, running = 0;
        for (const auto* r : incomplete)
            (r->status == "failed" ? failed : r->status == "interrupted" ? interrupted : running)++;
        std::string parts;
        if (failed) parts += std::to_string(failed) + " failed";
        if (interrupted)
            parts += (parts.empty() ? "" : ", ") + std::to_string(interrupted) + " interrupted";
        if (running)
            parts += (parts.empty() ? "" : ", ") + std::to_string(running) + " still running";
        items.push_back(html_escape(text + parts + "). Only completed runs are used.") +
                        " <a href=\"#runs\">See the runs.</a>");
    }
    if (d.variants.empty())
        items.push_back("No run of this experiment completed: there is nothing to chart.");
    else if (d.max_replications() == 1)
        items.push_back(
            "One replication per variant: no bands or confidence intervals. Treat "
            "differences as indicative.");
    if (!d.variants.empty() && !d.has_orders())
        items.push_back(
            "The runs kept summary detail (no order rows): order lead times by month "
            "are not available; KPI tables still are.");
    if (d.mixed_start_dates)
        items.push_back(
            "The completed runs start on different dates; charts place every run on the "
            "calendar of the earliest (" +
            html_escape(d.start_date.to_string()) + ").");
    if (items.empty()) return "";
    std::string out = "<aside class=\"notices\" aria-label=\"Notes on the data\"><ul>\n";
    for (const auto& item : items) out += "<li>" + item + "</li>\n";
    return out + "</ul></aside>\n";
}

std::string spec_scripts(const std::vector<Chart>& charts) {
    std::string out;
    for (const auto& chart : charts) {
        // JSON from Json::dump escapes '<', '>' and '&', so the text cannot end this element.
        out += "<script type=\"application/json\" id=\"spec-" + chart.id + "\">";
        chart.spec.dump(out);
        out += "</script>\n";
    }
    return out;
}

using Toc = std::vector<std::pair<std::string, std::string>>;

// The table of contents: (anchor, title) of each section the page holds.
Toc table_of_contents(const ReportData& d) {
    if (d.variants.empty()) return {{"summary", "Summary"}, {"runs", "Runs and reproducibility"}};
    Toc toc = {{"summary", "Summary"}};
    if (!d.probe.empty()) toc.emplace_back("probe", "Where the bottleneck moves next");
    toc.insert(toc.end(), {{"lead-times", "Lead times"},
                           {"backlog", "Backlog and fill rate"},
                           {"utilization", "Utilization"},
                           {"bottlenecks", "Bottlenecks"}});
    if (!d.markets.empty()) toc.emplace_back("markets", "Prices and revenue");
    if (d.variants.size() > 1) toc.emplace_back("comparison", "Scenario comparison");
    toc.emplace_back("kpis", "KPI tables");
    toc.emplace_back("runs", "Runs and reproducibility");
    return toc;
}

// The sections in page order; they add their charts to c.charts.
std::string body_sections(page::Context& c, const std::string& memchain_version) {
    const ReportData& d = c.data;
    std::string body;
    body += page::summary_section(c);
    if (!d.variants.empty()) {
        body += page::probe_section(c);
        body += page::lead_time_section(c);
        body += page::backlog_section(c);
        body += page::utilization_section(c);
        body += page::bottleneck_section(c);
        body += page::market_section(c);
        if (d.variants.size() > 1) body += page::comparison_section(c);
        body += page::kpi_section(c);
    }
    body += page::runs_section(c, memchain_version);
    return body;
}

// From the doctype to the open <body>: the title, the generator and the inlined style sheet.
std::string html_head(const std::string& title, const std::string& memchain_version) {
    std::string out =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"memchain " +
        html_escape(memchain_version) +
        "\">\n"
        "<title>" +
        html_escape(title) + " — memchain report</title>\n<style>\n";
    out += assets::report_css();
    out += "</style>\n</head>\n<body>\n";
    return out;
}

// The page header: kicker, title and the lede with the simulated span and the database.
std::string page_header(const ReportData& d, const std::string& title) {
    std::string out = "<header class=\"page-header\">\n";
    out += "<p class=\"kicker\">memchain report · experiment " + std::to_string(d.experiment.id) +
           " · " + html_escape(d.experiment.kind) + "</p>\n";
    out += "<h1>" + html_escape(title) + "</h1>\n<p class=\"lede\">";
    if (!d.variants.empty()) {
        out += html_escape("Simulated " + pretty_date(d.start_date, 0.0) + " to " +
                           pretty_date(d.start_date, d.horizon_days) + " · " +
                           count_of(static_cast<long long>(d.variants.size()), "variant") + " · " +
                           count_of(d.max_replications(), "replication") +
                           (d.variants.size() > 1 ? " each" : ""));
        out += " · ";
    }
    out += "<code>" + html_escape(d.db_path) + "</code></p>\n</header>\n";
    return out;
}

std::string toc_nav(const Toc& toc) {
    std::string out = "<nav class=\"toc\" aria-label=\"Contents\"><ol>\n";
    for (const auto& [id, name] : toc)
        out += "<li><a href=\"#" + id + "\">" + html_escape(name) + "</a></li>\n";
    return out + "</ol></nav>\n";
}

// The chart specs and the inlined scripts that draw them, then the end of the page.
std::string page_scripts(const std::vector<Chart>& charts) {
    std::string out = spec_scripts(charts);
    for (const auto js : {assets::vega_js(), assets::vega_lite_js(), assets::vega_embed_js(),
                          assets::report_js()}) {
        out += "<script>";
        out += js;
        out += "</script>\n";
    }
    return out + "</body>\n</html>\n";
}

}  // namespace

std::string write_report_html(const ReportData& d, const std::string& memchain_version) {
    const Palette palette = make_palette(d);
    const Summary summary = summarize(d);
    page::Context c{d, palette, summary, {}};
    const std::string body = body_sections(c, memchain_version);
    const std::string title = d.experiment.label.empty()
                                  ? "Experiment " + std::to_string(d.experiment.id)
                                  : d.experiment.label;
    std::string out;
    out.reserve(1 << 21);
    out += html_head(title, memchain_version);
    out += page_header(d, title);
    out += toc_nav(table_of_contents(d));
    out += notices(d);
    out +=
        "<noscript><p class=\"notices\">Charts need JavaScript; the tables and text below do "
        "not.</p></noscript>\n";
    out += "<main>\n" + body + "</main>\n";
    out += "<footer>Written by memchain " + html_escape(memchain_version) + " from <code>" +
           html_escape(d.db_path) + "</code>, experiment " + std::to_string(d.experiment.id) +
           ". Self-contained: opens without a network.</footer>\n";
    out += page_scripts(c.charts);
    return out;
}

}  // namespace memchain::report
