#include "tools/report/probe_section.hpp"

#include <algorithm>

#include "model/record/sqlite.hpp"
#include "tools/report/format.hpp"
#include "tools/report/html.hpp"
#include "tools/report/page_sections.hpp"

namespace memchain::report {

namespace {

bool has_table(sqlite::Database& db, const char* name) {
    auto st = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
    st.bind(1, name);
    return st.step() && st.column_int(0) > 0;
}

std::optional<std::string> optional_text(const sqlite::Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.column_text(column);
}

std::string number(double v) {
    return format_fixed(v, std::abs(v) >= 100.0 ? 0 : 1);
}

// The node the active-period method names most often in the base: the largest mean sole share.
std::string detector_choice(const ReportData& d) {
    const Variant* base = d.base();
    if (base == nullptr) return "";
    const KpiStat* best = nullptr;
    for (const KpiStat& k : d.kpis)
        if (k.variant == base->name && k.kpi == "bottleneck_sole_share" &&
            (best == nullptr || k.mean > best->mean))
            best = &k;
    return best != nullptr && best->mean > 0.0 ? best->node : "";
}

// Per product chain (policy/chains.hpp; the chain_bottleneck_sole_share KPIs of the base), the
// node the chain's own detector names most often and the best-ranked candidate among the
// chain's nodes whose gain lies above zero with confidence; a sentence each, saying where the
// two methods disagree. Empty when the network is one chain.
std::string chain_comparison(const ReportData& d, const ProbeData& p) {
    const Variant* base = d.base();
    if (base == nullptr) return "";
    struct Chain {
        std::string detected;
        double share = 0.0;
        std::vector<std::string> nodes;
    };
    std::vector<std::pair<std::string, Chain>> chains;  // by end product, in KPI order
    for (const KpiStat& k : d.kpis) {
        if (k.variant != base->name || k.kpi != "chain_bottleneck_sole_share") continue;
        auto it = std::find_if(chains.begin(), chains.end(),
                               [&](const auto& c) { return c.first == k.product; });
        if (it == chains.end()) it = chains.insert(chains.end(), {k.product, Chain{}});
        Chain& chain = it->second;
        chain.nodes.push_back(k.node);
        if (k.mean > chain.share) {
            chain.detected = k.node;
            chain.share = k.mean;
        }
    }
    if (chains.size() < 2) return "";
    std::string items;
    for (const auto& [product, chain] : chains) {
        const ProbeData::Candidate* measured = nullptr;
        for (const auto& x : p.candidates) {
            if (!(x.low > 0.0)) continue;
            const std::string nodes = "," + x.nodes + ",";
            for (const auto& n : chain.nodes)
                if (nodes.find("," + n + ",") != std::string::npos) measured = &x;
            if (measured != nullptr) break;
        }
        std::string item = "<li><strong>" + html_escape(product) + "</strong> chain: ";
        item += chain.detected.empty()
                    ? "no node is ever its bottleneck"
                    : "the active period method names " + html_escape(chain.detected) + " (" +
                          format_fixed(100.0 * chain.share, 0) + "% of the time)";
        if (measured == nullptr)
            item +=
                "; no relief of its constraints raises " + html_escape(p.kpi) + " with confidence.";
        else if (("," + measured->nodes + ",").find("," + chain.detected + ",") !=
                 std::string::npos)
            item +=
                ", and so does the probe (its first constraint in the chain): the two "
                "methods agree.";
        else
            item += ", but the probe's first constraint in the chain is " +
                    html_escape(measured->name) + ": <strong>the two methods disagree</strong>.";
        items += item + "</li>\n";
    }
    return "<h3>Per product chain</h3>\n<p>Each chain (the nodes that make one end product) has "
           "its own active-period detector; the probe's choice in a chain is its best-ranked "
           "constraint whose gain lies above zero.</p>\n<ul>\n" +
           items + "</ul>\n";
}

}  // namespace

ProbeData read_probe_data(sqlite::Database& db, std::int64_t experiment_id) {
    ProbeData out;
    if (!has_table(db, "probe_candidates")) return out;
    auto c = db.prepare(
        "SELECT rank, candidate, nodes, gain_mean, gain_ci_low, gain_ci_high, gain_per_relief, "
        "utilization, binds_from, kpi, relief FROM probe_candidates WHERE experiment_id = ? AND "
        "round = 0 ORDER BY rank");
    c.bind(1, experiment_id);
    while (c.step()) {
        ProbeData::Candidate x;
        x.rank = static_cast<int>(c.column_int(0));
        x.name = c.column_text(1);
        x.nodes = c.column_text(2);
        x.gain = c.column_double(3);
        x.low = c.column_double(4);
        x.high = c.column_double(5);
        x.per_relief = c.column_double(6);
        x.utilization = c.column_double(7);
        x.binds_from = optional_text(c, 8);
        out.kpi = c.column_text(9);
        out.relief = c.column_double(10);
        out.candidates.push_back(std::move(x));
    }
    // Per year, the candidate with the largest gain (ties: the better rank).
    auto y = db.prepare(
        "SELECT y.year, y.base_mean, y.candidate, y.gain_mean FROM probe_years y JOIN "
        "probe_candidates c ON c.experiment_id = y.experiment_id AND c.round = y.round AND "
        "c.candidate = y.candidate WHERE y.experiment_id = ? AND y.round = 0 "
        "ORDER BY y.year, y.gain_mean DESC, c.rank");
    y.bind(1, experiment_id);
    while (y.step()) {
        const int year = static_cast<int>(y.column_int(0));
        if (!out.years.empty() && out.years.back().year == year) continue;
        const double gain = y.column_double(3);
        out.years.push_back({year, y.column_double(1), gain > 0.0 ? y.column_text(2) : "",
                             gain > 0.0 ? gain : 0.0});
    }
    if (has_table(db, "knockouts")) {
        auto k = db.prepare(
            "SELECT rank, candidate, lost_mean, lost_ci_low, lost_ci_high, tts_days, tts_censored, "
            "ttr_days, ttr_censored, start, duration_days, kpi FROM knockouts WHERE "
            "experiment_id = ? ORDER BY rank");
        k.bind(1, experiment_id);
        while (k.step()) {
            out.knockouts.push_back({static_cast<int>(k.column_int(0)), k.column_text(1),
                                     k.column_double(2), k.column_double(3), k.column_double(4),
                                     k.column_double(5), k.column_double(7), k.column_int(6) > 0,
                                     k.column_int(8) > 0});
            out.knockout_start = k.column_text(9);
            out.knockout_days = k.column_double(10);
            out.kpi = k.column_text(11);
        }
    }
    auto has_lift =
        db.prepare("SELECT count(*) FROM pragma_table_info('ladder_steps') WHERE name = 'lift'");
    has_lift.step();
    auto s = db.prepare(std::string("SELECT step, candidate, output_before, gain_mean, "
                                    "gain_ci_low, gain_ci_high, binds_from, ") +
                        (has_lift.column_int(0) > 0 ? "lift" : "NULL") +
                        " FROM ladder_steps WHERE experiment_id = ? ORDER BY step");
    s.bind(1, experiment_id);
    while (s.step()) {
        ProbeData::Step step{static_cast<int>(s.column_int(0)),
                             s.column_text(1),
                             s.column_double(2),
                             s.column_double(3),
                             s.column_double(4),
                             s.column_double(5),
                             optional_text(s, 6),
                             std::nullopt};
        if (!s.is_null(7)) step.lift = s.column_double(7);
        out.steps.push_back(std::move(step));
    }
    return out;
}

namespace page {

namespace {

std::string knockout_part(const ProbeData& p) {
    auto days = [](double d, bool censored) { return (censored ? "≥ " : "") + format_fixed(d, 0); };
    HtmlTable table(
        {"Rank", "Knocked out", "Output lost", "95% CI", "Time to survive", "Time to recover"},
        {true, false, true, true, true, true}, "knockouts");
    for (const auto& k : p.knockouts) {
        if (k.rank > 15) break;
        table.row({std::to_string(k.rank), html_escape(k.name), number(k.lost),
                   number(k.low) + " to " + number(k.high), days(k.tts, k.tts_censored) + " d",
                   days(k.ttr, k.ttr_censored) + " d"});
    }
    return "<h3>Resilience: what each knockout costs</h3>\n<p>Each constraint lost all its "
           "capacity for " +
           format_fixed(p.knockout_days, 0) + " days from " + html_escape(p.knockout_start) +
           ", on the same random numbers as the base. Output lost: " + html_escape(p.kpi) +
           ", base minus knockout. Time to survive: until output first falls behind the base's; "
           "time to recover: until it is back on the base's pace (≥: not within the "
           "horizon).</p>\n" +
           table.html();
}

}  // namespace

std::string probe_section(Context& c) {
    const ProbeData& p = c.data.probe;
    if (p.empty()) return "";
    if (p.candidates.empty())
        return "<section id=\"probe\">\n<h2>Where the bottleneck moves next</h2>\n" +
               knockout_part(p) + "</section>\n";
    std::string out =
        "<section id=\"probe\">\n<h2>Where the bottleneck moves next</h2>\n<p>Each constraint's "
        "capacity was raised by " +
        format_fixed(100.0 * p.relief, 0) + "% in turn, on the same random numbers as the base; " +
        "the gain is the paired change of " + html_escape(p.kpi) +
        " with its 95% interval. The bottleneck is the constraint whose relief raises output "
        "most.</p>\n";
    HtmlTable ranking(
        {"Rank", "Constraint", "Gain", "95% CI", "Per +100%", "Binds from", "Utilization"},
        {true, false, true, true, true, false, true}, "probe");
    for (const auto& x : p.candidates) {
        if (x.rank > 15) break;
        ranking.row({std::to_string(x.rank), html_escape(x.name), number(x.gain),
                     number(x.low) + " to " + number(x.high), number(x.per_relief),
                     html_escape(x.binds_from.value_or("–")),
                     format_fixed(100.0 * x.utilization, 0) + "%"});
    }
    out += "<h3>What limits output</h3>\n" + ranking.html();
    if (!p.years.empty()) {
        HtmlTable years({"Year", "Output", "Limited by", "Gain"}, {true, true, false, true});
        for (const auto& y : p.years)
            years.row({std::to_string(y.year), number(y.base),
                       y.candidate.empty() ? "no relief raises it" : html_escape(y.candidate),
                       number(y.gain)});
        out += "<h3>Which constraint limits each year's output</h3>\n" + years.html();
    }
    if (!p.steps.empty()) {
        HtmlTable ladder(
            {"Step", "Constraint lifted", "Lift", "Binds from", "Output before", "Gain", "95% CI"},
            {true, false, true, false, true, true, true});
        for (const auto& s : p.steps)
            ladder.row({std::to_string(s.step), html_escape(s.name),
                        s.lift ? "×" + format_fixed(*s.lift, *s.lift < 10.0 ? 1 : 0) : "–",
                        html_escape(s.binds_from.value_or("–")), number(s.before), number(s.gain),
                        number(s.low) + " to " + number(s.high)});
        out += "<h3>The ladder</h3>\n" + ladder.html() +
               "<p class=\"note\">Each step lifts its constraint as far as output follows (the "
               "largest of 1 + relief, 1.5, 2, 3, 5 and 10 times its capacity whose gain is above "
               "zero with confidence and not below the best lower bound) and probes again; its "
               "gain is the output with the constraint lifted minus the output before.</p>\n";
    }
    const std::string detected = detector_choice(c.data);
    const auto& top = p.candidates.front();
    const std::string nodes = "," + top.nodes + ",";
    if (!detected.empty() && nodes.find("," + detected + ",") == std::string::npos)
        out +=
            "<p class=\"note\"><strong>The two methods disagree.</strong> The active period "
            "method names " +
            html_escape(detected) + " most often (largest sole share), but relieving " +
            html_escape(top.name) +
            " raises output most. The probe measures what relief is worth; the states show "
            "which station is busiest.</p>\n";
    else if (!detected.empty())
        out += "<p class=\"note\">The active period method agrees: it names " +
               html_escape(detected) + " most often.</p>\n";
    return out + chain_comparison(c.data, p) + "</section>\n";
}

}  // namespace page

}  // namespace memchain::report
