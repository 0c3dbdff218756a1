// The report's sections after the summary: lead times, backlog and fill rate, utilization,
// bottlenecks, scenario comparison, KPI tables, and the runs that produced it all.

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "tools/report/assets.hpp"
#include "tools/report/format.hpp"
#include "tools/report/html.hpp"
#include "tools/report/page_sections.hpp"

namespace memchain::report::page {

namespace {

struct KpiKey {
    std::string kpi, product, buyer, node;
    auto operator<=>(const KpiKey&) const = default;
};

int kpi_rank(const std::string& kpi) {
    static const char* order[] = {"lead_time_mean_days",
                                  "lead_time_p50_days",
                                  "lead_time_p90_days",
                                  "lead_time_p99_days",
                                  "fill_rate",
                                  "units_ordered",
                                  "units_delivered",
                                  "quoted_lead_time_mean_days",
                                  "quoted_lead_time_peak_days",
                                  "backlog_peak",
                                  "throughput_per_day",
                                  "utilization_mean",
                                  "active_share",
                                  "bottleneck_sole_share",
                                  "bottleneck_shifting_share",
                                  "output_units"};
    for (std::size_t i = 0; i < std::size(order); ++i)
        if (kpi == order[i]) return static_cast<int>(i);
    return static_cast<int>(std::size(order));
}

// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

std::string csv_number(double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", x);
    return text;
}

// The KPI rows of `keys` as a tidy CSV: one line per variant and KPI, the values as recorded in
// kpi_summary (full precision), so a reader can take the table into a spreadsheet.
std::string kpi_csv(const Context& c, const std::vector<KpiKey>& keys) {
    std::string out = "variant,kpi,product,buyer,node,n,mean,ci95_half_width\r\n";
    for (const auto& k : keys)
        for (const auto& v : c.data.variants) {
            const KpiStat* s = c.data.kpi(v.name, k.kpi, k.product, k.buyer, k.node);
            if (!s) continue;
            out += csv_field(v.name) + "," + csv_field(k.kpi) + "," + csv_field(k.product) + "," +
                   csv_field(k.buyer) + "," + csv_field(k.node) + "," + std::to_string(s->n) + "," +
                   csv_number(s->mean) + "," +
                   (s->ci95_half_width ? csv_number(*s->ci95_half_width) : std::string()) + "\r\n";
        }
    return out;
}

// A table of the appendix, collapsed under its title (closed in print too: the page prints the
// findings, the HTML holds the detail), with a CSV download when `csv` is given.
std::string collapsed(const std::string& title, const std::string& table_html,
                      const std::string& csv_name = "", const std::string& csv = "") {
    if (table_html.empty()) return "";
    std::string out =
        "<details class=\"appendix-table\"><summary>" + html_escape(title) + "</summary>\n";
    if (!csv.empty())
        out += "<p class=\"csv\"><a download=\"" + html_escape(csv_name) +
               "\" href=\"data:text/csv;charset=utf-8," + percent_encode(csv) + "\">Download " +
               html_escape(csv_name) + "</a></p>\n";
    return out + table_html + "</details>\n";
}

// Rows of KPIs (one per key) against the variants as columns.
std::string kpi_table(const Context& c, std::vector<KpiKey> keys, bool scope_column = true,
                      const std::vector<std::pair<std::string, std::vector<KpiKey>>>& groups = {}) {
    std::vector<std::string> headers;
    std::vector<bool> numeric;
    if (scope_column) headers.push_back("Scope"), numeric.push_back(false);
    headers.push_back("Measure");
    numeric.push_back(false);
    headers.push_back("Unit");
    numeric.push_back(false);
    for (const auto& v : c.data.variants) headers.push_back(v.name), numeric.push_back(true);
    HtmlTable table(headers, numeric, "kpi");
    auto add_rows = [&](const std::vector<KpiKey>& rows) {
        for (const auto& k : rows) {
            const KpiInfo info = kpi_info(k.kpi);
            std::vector<std::string> cells;
            if (scope_column) cells.push_back(html_escape(scope_label(k.product, k.buyer, k.node)));
            cells.push_back(html_escape(info.label));
            cells.push_back(html_escape(unit_name(info.unit, c.data.unit_for(k.product, k.node))));
            for (const auto& v : c.data.variants)
                cells.push_back(
                    kpi_cell(c.data.kpi(v.name, k.kpi, k.product, k.buyer, k.node), info.unit));
            table.row(std::move(cells));
        }
    };
    add_rows(keys);
    for (const auto& [title, rows] : groups) {
        if (rows.empty()) continue;
        table.group(title);
        add_rows(rows);
    }
    return table.html();
}

std::vector<KpiKey> keys_where(const Context& c, const std::function<bool(const KpiStat&)>& keep) {
    std::set<KpiKey> keys;
    for (const auto& k : c.data.kpis)
        if (c.data.variant(k.variant) && keep(k)) keys.insert({k.kpi, k.product, k.buyer, k.node});
    std::vector<KpiKey> out(keys.begin(), keys.end());
    std::stable_sort(out.begin(), out.end(), [](const KpiKey& a, const KpiKey& b) {
        return std::make_tuple(a.product, a.buyer, a.node, kpi_rank(a.kpi)) <
               std::make_tuple(b.product, b.buyer, b.node, kpi_rank(b.kpi));
    });
    return out;
}

// One row per node, grouped by stage: utilization, active share, sole-bottleneck share and
// output; with several variants, utilization and bottleneck share per variant, to keep the
// table on a page (the KPI tables hold the rest).
std::string node_table(const Context& c) {
    const auto& variants = c.data.variants;
    std::vector<std::string> metrics = {"utilization_mean", "active_share", "bottleneck_sole_share",
                                        "output_units"};
    if (variants.size() > 1) metrics = {"utilization_mean", "bottleneck_sole_share"};
    static const std::map<std::string, std::string> short_names = {
        {"utilization_mean", "Utilization"},
        {"active_share", "Active"},
        {"bottleneck_sole_share", "Sole bottleneck"},
        {"output_units", "Output"}};
    std::vector<std::string> headers = {"Node"};
    std::vector<bool> numeric = {false};
    for (const auto& m : metrics)
        for (const auto& v : variants) {
            headers.push_back(short_names.at(m) + (variants.size() > 1 ? " · " + v.name : ""));
            numeric.push_back(true);
        }
    HtmlTable table(headers, numeric, "kpi nodes");
    auto row = [&](const std::string& node) {
        std::vector<std::string> cells = {html_escape(node)};
        bool any = false;
        for (const auto& m : metrics)
            for (const auto& v : variants) {
                const KpiStat* k = c.data.kpi(v.name, m, "", "", node);
                any = any || k;
                std::string cell = kpi_cell(k, kpi_info(m).unit);
                // Nodes of one table make different products: each output names its unit.
                const Node* n = c.data.node(node);
                if (k && m == "output_units" && n)
                    cell += " " + html_escape(c.data.unit_of(n->product));
                cells.push_back(std::move(cell));
            }
        if (any) table.row(std::move(cells));
        return any;
    };
    std::set<std::string> placed;
    for (const auto& stage : c.data.stages) {
        table.group("Stage: " + stage.name);
        for (const auto& node : stage.nodes) {
            placed.insert(node);
            row(node);
        }
    }
    std::vector<std::string> others;
    for (const auto& k : c.data.kpis)
        if (!k.node.empty() && !placed.count(k.node) &&
            std::find(metrics.begin(), metrics.end(), k.kpi) != metrics.end() &&
            std::find(others.begin(), others.end(), k.node) == others.end())
            others.push_back(k.node);
    std::sort(others.begin(), others.end(),
              [](const std::string& a, const std::string& b) { return natural_less(a, b); });
    if (!others.empty()) table.group("Other nodes");
    for (const auto& node : others) row(node);
    return table.empty() ? std::string() : table.html();
}

std::string section_start(const std::string& id, const std::string& title) {
    return "<section id=\"" + id + "\">\n<h2>" + html_escape(title) + "</h2>\n";
}

// "+8.2 to +12.0 days": the unit once, at the end.
std::string ci_text(double low, double high, Unit unit, const std::string& counted) {
    const std::string from = format_change(low, unit, counted);
    const std::string to = format_change(high, unit, counted);
    const auto space = from.find(' ');
    return (space == std::string::npos ? from : from.substr(0, space)) + " to " + to;
}

// Worse, better or within noise, in words, for a paired comparison.
std::string reading(const Comparison& x) {
    if (x.n < 2) return "<span class=\"reading noise\">one replication</span>";
    if (x.diff_ci_low <= 0.0 && x.diff_ci_high >= 0.0)
        return "<span class=\"reading noise\">within noise</span>";
    const Worse worse = kpi_info(x.kpi).worse;
    if (worse == Worse::Neither) return "<span class=\"reading\">different</span>";
    const bool bad = (worse == Worse::Up) == (x.diff_mean > 0.0);
    return bad ? "<span class=\"reading worse\">worse</span>"
               : "<span class=\"reading better\">better</span>";
}

}  // namespace

std::string variant_chip(const Context& c, const std::string& variant) {
    return "<span class=\"chip\" style=\"--chip:" + c.palette.variants.of(variant) + "\">" +
           html_escape(variant) + "</span>";
}

std::string kpi_cell(const KpiStat* k, Unit unit) {
    if (!k) return "<span class=\"missing\">–</span>";
    std::string out = html_escape(format_number(k->mean, unit));
    if (k->ci95_half_width) {
        const double half = *k->ci95_half_width;
        const std::string text =
            unit == Unit::Share ? format_fixed(half * 100.0, 1) + " pp" : format_number(half, unit);
        out += " <span class=\"ci\">± " + html_escape(text) + "</span>";
    }
    return out;
}

namespace {

// A chart of stacked panels taller than a printed page goes onto the page as several figures of
// at most `per_figure` panels each, so that no figure crosses a page break.
constexpr std::size_t panels_per_figure = 2;

std::vector<Chart> split_panels(Chart chart) {
    const Json* panels = chart.spec.find("vconcat");
    if (!panels || !panels->items() || panels->size() <= panels_per_figure) return {chart};
    const auto& items = *panels->items();
    std::vector<Chart> out;
    for (std::size_t first = 0; first < items.size(); first += panels_per_figure) {
        Json::Array slice(items.begin() + static_cast<std::ptrdiff_t>(first),
                          items.begin() + static_cast<std::ptrdiff_t>(
                                              std::min(items.size(), first + panels_per_figure)));
        Json spec = Json::object();
        for (const auto& [key, value] : *chart.spec.members())
            spec.set(key, key == "vconcat" ? Json::array(slice) : value);
        const std::size_t part = first / panels_per_figure + 1;
        const std::size_t parts = (items.size() + panels_per_figure - 1) / panels_per_figure;
        Chart piece{part == 1 ? chart.id : chart.id + "-" + std::to_string(part),
                    chart.title + (parts > 1 ? " (" + std::to_string(part) + " of " +
                                                   std::to_string(parts) + ")"
                                             : std::string()),
                    part == parts ? chart.caption : std::string(), std::move(spec)};
        out.push_back(std::move(piece));
    }
    return out;
}

}  // namespace

std::string figure(Context& c, std::optional<Chart> chart, const std::string& missing_note) {
    if (!chart) return "<p class=\"note missing-chart\">" + html_escape(missing_note) + "</p>\n";
    std::string out;
    for (auto& piece : split_panels(std::move(*chart))) {
        const std::string& id = piece.id;
        out += "<figure class=\"chart-figure\" id=\"figure-" + id + "\">\n";
        out += "<h3>" + html_escape(piece.title) + "</h3>\n";
        out += "<div class=\"chart\" id=\"chart-" + id + "\" data-spec=\"spec-" + id +
               "\" role=\"img\" aria-label=\"" + html_escape(piece.title) + "\"></div>\n";
        if (!piece.caption.empty())
            out += "<figcaption>" + html_escape(piece.caption) + "</figcaption>\n";
        out += "</figure>\n";
        c.charts.push_back(std::move(piece));
    }
    return out;
}

std::string lead_time_section(Context& c) {
    std::string out = section_start("lead-times", "Lead times");
    out += figure(c, quoted_lead_time_chart(c.data, c.palette),
                  "No quoted lead times were recorded (the runs hold no product samples).");
    out += figure(
        c, order_lead_time_chart(c.data, c.palette),
        c.data.has_orders()
            ? "No order completed during the runs, so there are no order lead times by month."
            : "The runs kept summary detail only (no order rows), so order lead times by "
              "month cannot be drawn; the KPIs below still hold lead times per product "
              "and buyer.");
    if (!c.data.stage_times.empty()) {
        HtmlTable table(
            {"Variant", "Stage", "Lots", "Mean wait", "Mean processing", "Share waiting"},
            {false, false, true, true, true, true});
        for (const auto& t : c.data.stage_times) {
            const double total = t.wait_days + t.process_days;
            table.row(
                {variant_chip(c, t.variant), html_escape(t.stage),
                 html_escape(format_fixed(static_cast<double>(t.lots), 0)),
                 html_escape(format_value(t.wait_days, Unit::Days)),
                 html_escape(format_value(t.process_days, Unit::Days)),
                 html_escape(total > 0.0 ? format_number(t.wait_days / total, Unit::Share) : "–")});
        }
        out += "<h3>Where the time goes, stage by stage</h3>\n" + table.html();
        out +=
            "<p class=\"note\">From every lot's record at each stage (runs at detail "
            "<code>lots</code>): the mean wait from arriving to starting, and the mean processing "
            "time, over all lots of all replications.</p>\n";
    }
    const auto keys = keys_where(c, [](const KpiStat& k) {
        return !k.buyer.empty() &&
               (k.kpi == "lead_time_mean_days" || k.kpi == "lead_time_p90_days");
    });
    if (!keys.empty()) {
        out += collapsed("Table: order lead times per product and buyer", kpi_table(c, keys),
                         "order-lead-times.csv", kpi_csv(c, keys));
        out +=
            "<p class=\"note\">Mean and 90th percentile of order lead times (placed to fully "
            "delivered), averaged across replications; “±” is the 95% confidence interval.</p>\n";
    }
    return out + "</section>\n";
}

std::string backlog_section(Context& c) {
    std::string out = section_start("backlog", "Backlog and fill rate");
    out += figure(c, backlog_chart(c.data, c.palette), "No backlog was recorded.");
    out += figure(c, fill_rate_chart(c.data, c.palette), "No fill rate per buyer was recorded.");
    const auto keys = keys_where(c, [](const KpiStat& k) {
        return k.node.empty() &&
               (k.kpi == "fill_rate" || k.kpi == "units_ordered" || k.kpi == "units_delivered" ||
                k.kpi == "backlog_peak" || k.kpi == "throughput_per_day");
    });
    if (!keys.empty())
        out += collapsed("Table: volumes and fill rates", kpi_table(c, keys),
                         "volumes-and-fill-rates.csv", kpi_csv(c, keys));
    return out + "</section>\n";
}

std::string utilization_section(Context& c) {
    std::string out = section_start("utilization", "Utilization by stage");
    out += figure(c, utilization_chart(c.data, c.palette),
                  "No utilization samples were recorded for producing stages.");
    const std::string nodes = node_table(c);
    if (!nodes.empty()) {
        out += collapsed("Table: nodes, grouped by stage", nodes);
        out +=
            "<p class=\"note\">In the table, mean utilization: the busy share of the available "
            "capacity. "
            "Active: the share of time the node worked at its full available capacity or was "
            "down (active period method). Sole bottleneck: the share of the run it alone "
            "limited output. Means across replications.</p>\n";
    }
    return out + "</section>\n";
}

std::string bottleneck_section(Context& c) {
    std::string out = section_start("bottlenecks", "Bottlenecks");
    out += figure(c, bottleneck_timeline_chart(c.data, c.palette),
                  "No bottleneck periods were recorded.");
    if (!c.data.bottleneck_spans.empty())
        out +=
            "<div class=\"legend-box\"><span class=\"swatch sole\"></span><strong>Sole "
            "bottleneck</strong>: this node alone limited the chain's output. "
            "<span class=\"swatch shifting\"></span><strong>Shifting bottleneck</strong>: the "
            "constraint was moving from one node to the next and both were active at once. "
            "<span class=\"swatch tick\"></span><strong>Shift</strong>: the moment the "
            "bottleneck changed hands. Colours are per node and the same on every chart; nodes "
            "of one stage share a hue.</div>\n";
    out +=
        figure(c, bottleneck_share_chart(c.data, c.palette), "No bottleneck shares were recorded.");
    if (!c.data.starvation.empty()) {
        HtmlTable table({"Variant", "Assembly", "Missing input", "Days starved"},
                        {false, false, false, true});
        for (const auto& s : c.data.starvation)
            table.row({variant_chip(c, s.variant), html_escape(s.node), html_escape(s.input),
                       html_escape(format_fixed(s.days, 1))});
        out += collapsed("Table: assemblies starved of an input", table.html());
        out +=
            "<p class=\"note\">Days an assembly could not start for want of one input, per "
            "replication on average: the input that held it back when it was not the "
            "bottleneck itself.</p>\n";
    }
    if (!c.summary.sequences.empty()) {
        out += "<h3>Bottleneck sequence</h3>\n";
        HtmlTable table(
            {"Variant", "Node", "Stage", "From", "To", "Length", "Sole share", "Agreement"},
            {false, false, false, false, false, true, true, true});
        for (const auto& s : c.summary.sequences)
            for (const auto& step : s.steps) {
                const Node* node = c.data.node(step.node);
                table.row({variant_chip(c, s.variant), html_escape(step.node),
                           html_escape(node ? node->stage : ""),
                           html_escape(pretty_date(c.data.start_date, step.start_day)),
                           html_escape(pretty_date(c.data.start_date, step.end_day)),
                           html_escape(format_duration(step.end_day - step.start_day)),
                           html_escape(format_number(step.sole_share, Unit::Share)),
                           html_escape(format_number(step.agreement, Unit::Share))});
            }
        out += table.html();
        std::map<std::string, std::map<int, int>> shifts;
        for (const auto& s : c.data.bottleneck_shifts)
            if (s.from) ++shifts[s.variant][s.replication];
        if (!shifts.empty()) {
            out += "<p class=\"note\">Shifts per replication: ";
            bool first = true;
            for (const auto& [variant, per] : shifts) {
                int total = 0;
                for (const auto& [rep, n] : per) total += n;
                const Variant* v = c.data.variant(variant);
                const double mean = v ? static_cast<double>(total) / v->replications() : 0.0;
                out += (first ? "" : "; ") + html_escape(variant) + " " +
                       html_escape(format_fixed(mean, 1));
                first = false;
            }
            out += ".</p>\n";
        }
    }
    return out + "</section>\n";
}

namespace {

// The headline comparisons as a table: each row's paired difference, its interval and, in
// grey, the interval the same runs would give unpaired.
std::string comparison_table(Context& c, const std::vector<const Comparison*>& rows) {
    const ReportData& d = c.data;
    HtmlTable table(
        {"Measure", "Scope", "Variant", "Base", "Variant value", "Difference", "95% CI", "Reading"},
        {false, false, false, true, true, true, true, false}, "comparison");
    for (const Comparison* x : rows) {
        const KpiInfo info = kpi_info(x->kpi);
        const bool ci = x->n > 1;
        const std::string counted = d.unit_for(x->product, x->node);
        table.row({html_escape(info.label), html_escape(scope_label(x->product, x->buyer, x->node)),
                   variant_chip(c, x->variant),
                   html_escape(format_value(x->base_mean, info.unit, counted)),
                   html_escape(format_value(x->variant_mean, info.unit, counted)),
                   html_escape(format_change(x->diff_mean, info.unit, counted)),
                   ci ? html_escape(ci_text(x->diff_ci_low, x->diff_ci_high, info.unit, counted)) +
                            "<br><span class=\"ci\">unpaired " +
                            html_escape(ci_text(x->unpaired_ci_low, x->unpaired_ci_high, info.unit,
                                                counted)) +
                            "</span>"
                      : "–",
                   reading(*x)});
    }
    return collapsed("Table: paired differences", table.html());
}

// The sweep's parameter names, in the order the variants first name them.
std::vector<std::string> sweep_parameter_names(const ReportData& d) {
    std::vector<std::string> names;
    for (const auto& v : d.variants)
        for (const auto& p : v.parameters)
            if (std::find(names.begin(), names.end(), p.name) == names.end())
                names.push_back(p.name);
    return names;
}

// The KPIs the sweep table shows, as (kpi, product): each as a whole when recorded so, else
// per product.
std::vector<std::pair<std::string, std::string>> sweep_kpis(const ReportData& d) {
    static const char* columns[] = {"lead_time_mean_days", "fill_rate",
                                    "quoted_lead_time_peak_days", "backlog_peak"};
    std::vector<std::pair<std::string, std::string>> picked;
    for (const char* kpi : columns) {
        if (d.kpi(d.variants.front().name, kpi)) {
            picked.emplace_back(kpi, "");
            continue;
        }
        for (const auto& product : d.products)
            if (d.kpi(d.variants.front().name, kpi, product)) picked.emplace_back(kpi, product);
    }
    return picked;
}

// One row per sweep point: its parameter values, then the picked KPIs.
std::string sweep_points_table(Context& c) {
    const ReportData& d = c.data;
    const std::vector<std::string> names = sweep_parameter_names(d);
    const auto picked = sweep_kpis(d);
    std::vector<std::string> headers = {"Variant"};
    std::vector<bool> numeric = {false};
    for (const auto& n : names) headers.push_back(n), numeric.push_back(true);
    for (const auto& [kpi, product] : picked) {
        const KpiInfo info = kpi_info(kpi);
        headers.push_back(info.label + (product.empty() ? "" : " (" + product + ")") + ", " +
                          unit_name(info.unit, d.unit_for(product, "")));
        numeric.push_back(true);
    }
    HtmlTable table(headers, numeric, "sweep");
    for (const auto& v : d.variants) {
        std::vector<std::string> cells = {variant_chip(c, v.name)};
        for (const auto& n : names) {
            std::string value = "–";
            for (const auto& p : v.parameters)
                if (p.name == n) value = p.value;
            cells.push_back(html_escape(value));
        }
        for (const auto& [kpi, product] : picked)
            cells.push_back(kpi_cell(d.kpi(v.name, kpi, product), kpi_info(kpi).unit));
        table.row(std::move(cells));
    }
    return "<h3>Sweep points</h3>\n" + table.html();
}

}  // namespace

std::string comparison_section(Context& c) {
    const ReportData& d = c.data;
    std::string out = section_start("comparison", "Scenario comparison");
    out +=
        figure(c, comparison_chart(d, c.palette),
               "No comparisons were recorded for this experiment (the comparisons table holds no "
               "rows for it).");
    const auto rows = headline_comparisons(d, 24);
    if (!rows.empty()) {
        out += comparison_table(c, rows);
        if (rows.size() < d.comparisons.size())
            out +=
                "<p class=\"note\">The headline measures only; every recorded KPI is in the "
                "<a href=\"#kpis\">KPI tables</a>.</p>\n";
        out +=
            "<p class=\"note\">Difference: variant minus base, paired by replication. "
            "95% CI: of the paired difference; below it, in grey, the interval the same runs would "
            "give unpaired, without common random numbers. Reading: worse or better when the "
            "paired interval excludes zero, within noise when it does not.</p>\n";
    }
    if (d.experiment.kind == "sweep") {
        out += figure(c, sweep_chart(d, c.palette), "No comparisons were recorded for the sweep.");
        out += sweep_points_table(c);
    }
    return out + "</section>\n";
}

std::string kpi_section(Context& c) {
    std::string out = section_start("kpis", "KPI tables");
    if (c.data.kpis.empty()) return out + "<p>No KPIs were recorded.</p>\n</section>\n";
    out +=
        "<p class=\"note\">Every KPI recorded with the completed runs: the mean across "
        "replications" +
        std::string(c.data.max_replications() > 1 ? " and, after “±”, the half width of its 95% "
                                                    "confidence interval (Student t)."
                                                  : "; one replication, so no intervals.") +
        " Blank scopes are totals.</p>\n";
    std::vector<std::pair<std::string, std::vector<KpiKey>>> groups;
    groups.emplace_back("Totals", keys_where(c, [](const KpiStat& k) {
                            return k.product.empty() && k.buyer.empty() && k.node.empty();
                        }));
    groups.emplace_back("Per product", keys_where(c, [](const KpiStat& k) {
                            return !k.product.empty() && k.buyer.empty() && k.node.empty();
                        }));
    groups.emplace_back("Per buyer", keys_where(c, [](const KpiStat& k) {
                            return k.product.empty() && !k.buyer.empty() && k.node.empty();
                        }));
    groups.emplace_back("Per product and buyer", keys_where(c, [](const KpiStat& k) {
                            return !k.product.empty() && !k.buyer.empty() && k.node.empty();
                        }));
    std::set<std::string> placed;
    for (const auto& stage : c.data.stages) {
        std::set<std::string> members(stage.nodes.begin(), stage.nodes.end());
        auto keys = keys_where(c, [&](const KpiStat& k) { return members.count(k.node) > 0; });
        for (const auto& k : keys) placed.insert(k.node);
        groups.emplace_back("Per node — stage " + stage.name, std::move(keys));
    }
    groups.emplace_back("Per node — other", keys_where(c, [&](const KpiStat& k) {
                            return !k.node.empty() && !placed.count(k.node);
                        }));
    std::vector<KpiKey> all;
    for (const auto& [title, keys] : groups) all.insert(all.end(), keys.begin(), keys.end());
    out +=
        collapsed("Table: every KPI", kpi_table(c, {}, true, groups), "kpis.csv", kpi_csv(c, all));
    return out + "</section>\n";
}

namespace {

// The experiment's facts: its id and kind, command, seed, replications, database, versions.
std::string run_facts(const ReportData& d, const std::string& memchain_version) {
    const ExperimentRow& e = d.experiment;
    std::string others;
    for (auto id : d.experiment_ids)
        if (id != e.id) others += (others.empty() ? "" : ", ") + std::to_string(id);
    std::string libraries;
    for (const auto& l : assets::chart_libraries())
        libraries +=
            (libraries.empty() ? "" : ", ") + std::string(l.name) + " " + std::string(l.version);
    std::string out = "<dl class=\"facts\">\n";
    auto fact = [&](const std::string& term, const std::string& value_html) {
        out += "<dt>" + html_escape(term) + "</dt><dd>" + value_html + "</dd>\n";
    };
    fact("Experiment",
         html_escape(std::to_string(e.id) + " (" + e.kind + "): " + e.label) +
             (others.empty() ? ""
                             : "<br><span class=\"ci\">Other experiments in the "
                               "database: " +
                                   html_escape(others) + " (choose with --experiment)</span>"));
    fact("Command", "<code>" + html_escape(e.command) + "</code>");
    fact("Master seed", html_escape(std::to_string(e.master_seed)));
    fact("Replications", html_escape(std::to_string(e.replications) + " requested per variant"));
    fact("Created", html_escape(e.created_at));
    fact("Database", "<code>" + html_escape(d.db_path) + "</code>");
    fact("Simulated by",
         "memchain " + html_escape(d.memchain_version.empty() ? "(unknown)" : d.memchain_version));
    fact("Report by",
         "memchain " + html_escape(memchain_version) + ", charts by " + html_escape(libraries));
    return out + "</dl>\n";
}

std::string variants_table(Context& c) {
    const ReportData& d = c.data;
    if (d.variants.empty()) return "";
    HtmlTable variants({"Variant", "Scenario", "Config hash", "Parameters", "Completed", "Seeds"},
                       {false, false, false, false, true, false});
    for (const auto& v : d.variants) {
        std::string parameters, seeds;
        for (const auto& p : v.parameters)
            parameters += (parameters.empty() ? "" : ", ") + p.name + " = " + p.value;
        for (const auto& r : d.runs)
            if (r.variant == v.name && r.status == "completed")
                seeds += (seeds.empty() ? "" : ", ") + std::to_string(r.seed);
        variants.row({variant_chip(c, v.name) + (v.base ? " <span class=\"ci\">base</span>" : ""),
                      html_escape(v.scenario), "<code>" + html_escape(v.config_hash) + "</code>",
                      html_escape(parameters.empty() ? "–" : parameters),
                      html_escape(std::to_string(v.replications())), html_escape(seeds)});
    }
    return "<h3>Variants</h3>\n" + variants.html();
}

std::string shocks_table(Context& c) {
    const ReportData& d = c.data;
    if (d.shocks.empty()) return "";
    HtmlTable shocks(
        {"Shock", "Variant", "Kind", "Target", "From", "Until", "Size", "Origin", "Runs"},
        {false, false, false, false, false, false, true, false, true});
    for (const auto& s : d.shocks)
        shocks.row({html_escape(s.name), variant_chip(c, s.variant), html_escape(s.kind),
                    html_escape(s.target), html_escape(pretty_date(d.start_date, s.start_day)),
                    html_escape(s.end_day ? pretty_date(d.start_date, *s.end_day) : "open-ended"),
                    html_escape(shock_size(s.kind, s.magnitude, d.target_unit(s))),
                    html_escape(s.random ? "random" : "scheduled"),
                    html_escape(std::to_string(s.runs))});
    return "<h3>Shocks</h3>\n" + shocks.html();
}

// Every run, those that did not complete highlighted and counted above the table.
std::string runs_table(const ReportData& d) {
    HtmlTable runs({"Run", "Variant", "Replication", "Seed", "Status", "Events", "Wall time",
                    "Start", "Error"},
                   {true, false, true, true, false, true, true, false, false});
    for (const auto& r : d.runs)
        runs.row({html_escape(std::to_string(r.id)), html_escape(r.variant),
                  html_escape(std::to_string(r.replication)), html_escape(std::to_string(r.seed)),
                  "<span class=\"status " + html_escape(r.status) + "\">" + html_escape(r.status) +
                      "</span>",
                  r.events ? html_escape(format_fixed(static_cast<double>(*r.events), 0)) : "–",
                  r.wall_seconds ? html_escape(format_fixed(*r.wall_seconds, 2) + " s") : "–",
                  html_escape(r.start_date), html_escape(r.error)},
                 r.status == "completed" ? "" : "incomplete");
    std::string out = "<h3>Runs</h3>\n";
    const auto incomplete = d.incomplete_runs();
    if (!incomplete.empty())
        out += "<p class=\"warning-inline\">" +
               html_escape(count_of(static_cast<long long>(incomplete.size()), "run")) +
               " did not complete and " + (incomplete.size() == 1 ? "is" : "are") +
               " left out of every figure and table above (highlighted below).</p>\n";
    return out + runs.html();
}

std::string scenario_configs(const ReportData& d) {
    if (d.configs.empty()) return "";
    std::string out =
        "<h3>Scenario configurations</h3>\n<p class=\"note\">The resolved scenario text of "
        "each configuration (after <code>extends:</code> and <code>--set</code>), as "
        "recorded with the runs.</p>\n";
    for (const auto& config : d.configs)
        out += "<details class=\"config\"><summary><code>" + html_escape(config.hash) +
               "</code> — " + html_escape(config.scenario) + " (" + html_escape(config.path) +
               ")</summary>\n<pre>" + html_escape(config.text) + "</pre></details>\n";
    return out;
}

}  // namespace

std::string runs_section(Context& c, const std::string& memchain_version) {
    std::string out = section_start("runs", "Runs and reproducibility");
    out += run_facts(c.data, memchain_version);
    out += variants_table(c);
    out += shocks_table(c);
    out += runs_table(c.data);
    out += scenario_configs(c.data);
    return out + "</section>\n";
}

}  // namespace memchain::report::page
