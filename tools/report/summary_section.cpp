// The executive summary: what happened, peaks and recovery, who was hurt, where the bottleneck
// went, the largest effects, and how sure the numbers are.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "tools/report/format.hpp"
#include "tools/report/headline.hpp"
#include "tools/report/html.hpp"
#include "tools/report/page_sections.hpp"

namespace memchain::report::page {

namespace {

std::string b(const std::string& text) {
    return "<strong>" + html_escape(text) + "</strong>";
}

std::string date(const Context& c, double day) {
    return pretty_date(c.data.start_date, day);
}

std::string node_chip(const Context& c, const std::string& node) {
    return "<span class=\"chip node\" style=\"--chip:" + c.palette.nodes.of(node) + "\">" +
           html_escape(node) + "</span>";
}

std::string overview(const Context& c) {
    const ReportData& d = c.data;
    std::string out = "<p class=\"overview\">";
    const std::string span = "over " + format_duration(d.horizon_days) + " from " + date(c, 0.0) +
                             " to " + date(c, d.horizon_days);
    if (d.variants.size() == 1) {
        out += "This experiment ran one variant, " + variant_chip(c, d.variants.front().name) +
               " (scenario " + b(d.variants.front().scenario) + "), " + html_escape(span);
    } else {
        out += "This " + html_escape(d.experiment.kind) + " experiment holds " +
               std::to_string(d.variants.size()) + " variants, ";
        for (std::size_t i = 0; i < d.variants.size(); ++i) {
            if (i) out += i + 1 == d.variants.size() ? " and " : ", ";
            out += variant_chip(c, d.variants[i].name);
            if (d.variants[i].base) out += " (the base every other is compared with)";
        }
        out += ", " + html_escape(span);
    }
    const int reps = d.max_replications();
    out += ", with " + html_escape(count_of(reps, "completed replication")) +
           (d.variants.size() > 1 ? " per variant" : "") + ".</p>\n";
    return out;
}

// A headline figure for a table cell: three significant figures past a million ("5.47 M"),
// shares in percent and their changes in percentage points.
std::string figure_text(double value, Unit unit, bool change) {
    const double size = std::fabs(value);
    const std::string sign = change ? (value < 0 ? "−" : "+") : (value < 0 ? "−" : "");
    if (unit == Unit::Share) return sign + format_fixed(size * 100.0, 1) + (change ? " pp" : "%");
    if (size >= 1e9) return sign + format_fixed(size / 1e9, 2) + " bn";
    if (size >= 1e6) return sign + format_fixed(size / 1e6, 2) + " M";
    return sign + format_number(size, unit == Unit::Share ? Unit::Plain : unit);
}

// The plain mark of a change: worse, better, different, or within noise.
std::string mark(const HeadlineChange& x, Worse worse) {
    if (x.n < 2) return "<span class=\"reading noise\">one replication</span>";
    if (x.diff == 0.0 && x.low == 0.0 && x.high == 0.0)
        return "<span class=\"reading noise\">unchanged</span>";
    if (!x.distinguishable()) return "<span class=\"reading noise\">within noise</span>";
    if (worse == Worse::Neither) return "<span class=\"reading\">different</span>";
    const bool bad = (worse == Worse::Up) == (x.diff > 0.0);
    return bad ? "<span class=\"reading worse\">worse</span>"
               : "<span class=\"reading better\">better</span>";
}

std::string change_cell(const HeadlineChange& x, const HeadlineRow& row) {
    std::string out = "<span class=\"change\">" +
                      html_escape(figure_text(x.diff, row.format, true)) + "</span> " +
                      mark(x, row.worse);
    if (x.n > 1)
        out += "<br><span class=\"ci\">" + html_escape(figure_text(x.low, row.format, true)) +
               " to " + html_escape(figure_text(x.high, row.format, true)) + "</span>";
    return out;
}

std::string value_cell(const HeadlineRow& row) {
    std::string out = html_escape(figure_text(row.value, row.format, false));
    if (row.half_width)
        out += " <span class=\"ci\">± " +
               html_escape(row.format == Unit::Share
                               ? format_fixed(*row.half_width * 100.0, 1) + " pp"
                               : figure_text(*row.half_width, row.format, false)) +
               "</span>";
    return out;
}

// Variants with a column in the headline tables; a sweep's further points are in its heatmap.
constexpr std::size_t max_headline_variants = 3;

std::string headline_table(const Context& c, const std::vector<HeadlineRow>& rows,
                           const std::string& first_header) {
    const Variant* base = c.data.base();
    std::vector<const Variant*> others;
    for (const auto& v : c.data.variants)
        if (base && &v != base && others.size() < max_headline_variants) others.push_back(&v);
    std::vector<std::string> headers = {first_header, "Unit",
                                        base && !others.empty() ? "Base: " + base->name : "Value"};
    std::vector<bool> numeric = {false, false, true};
    for (const Variant* v : others) {
        headers.push_back("Change under " + v->name);
        numeric.push_back(true);
    }
    HtmlTable table(headers, numeric, "headline");
    for (const auto& row : rows) {
        std::vector<std::string> cells = {html_escape(row.label), html_escape(row.unit),
                                          value_cell(row)};
        for (const Variant* v : others) {
            const auto it =
                std::find_if(row.changes.begin(), row.changes.end(),
                             [&](const HeadlineChange& x) { return x.variant == v->name; });
            cells.push_back(it == row.changes.end() ? "<span class=\"missing\">–</span>"
                                                    : change_cell(*it, row));
        }
        table.row(std::move(cells));
    }
    return table.html();
}

// What the experiment asked, in its headline measures: for a comparison each variant's change
// against the base with its interval and a plain mark; for a run the values.
std::string answer(const Context& c, const Headline& h) {
    if (h.empty()) return "";
    const bool compare = c.data.base() && c.data.variants.size() > 1;
    std::string out = "<h3>" +
                      std::string(compare ? "Effect of each variant on the headline measures"
                                          : "The headline measures") +
                      "</h3>\n";
    // In a comparison, a seller's revenue and a buyer's units short stay on this page only when
    // some variant moved them beyond the runs' noise and by 2% or more; the rest are named in
    // one line.
    const auto [measures, quiet_sellers] =
        compare ? split_unmoved(
                      h.measures,
                      [](const HeadlineRow& r) { return r.kpi == "revenue" && !r.node.empty(); })
                : std::pair{h.measures, std::vector<HeadlineRow>{}};
    if (!measures.empty()) out += headline_table(c, measures, "Measure");
    if (!quiet_sellers.empty())
        out += "<p class=\"note\">Revenue within noise or within 2% under every variant: " +
               names_by_product(quiet_sellers) +
               " (<a href=\"#markets\">Prices and revenue</a>).</p>\n";
    const auto [buyers, quiet_buyers] =
        compare ? split_unmoved(h.buyers, [](const HeadlineRow&) { return true; })
                : std::pair{h.buyers, std::vector<HeadlineRow>{}};
    if (!h.buyers.empty()) out += "<h3>Units short per buyer</h3>\n";
    if (!buyers.empty()) out += headline_table(c, buyers, "Buyer and product");
    if (!quiet_buyers.empty())
        out += "<p class=\"note\">Units short within noise or within 2% under every variant: " +
               names_by_product(quiet_buyers) + ".</p>\n";
    out += "<p class=\"note\">";
    if (c.data.variants.size() > max_headline_variants + 1)
        out += "The first " + std::to_string(max_headline_variants) + " of " +
               std::to_string(c.data.variants.size() - 1) +
               " variants are shown; the <a href=\"#comparison\">scenario comparison</a> holds "
               "all. ";
    if (compare)
        out +=
            "Each change is the variant's value minus the base's, paired replication by "
            "replication, with its 95% confidence interval below it; “worse” or “better” only "
            "when that interval excludes zero, “within noise” when it does not. ";
    else
        out += "Means across replications; ± is the half width of the 95% confidence interval. ";
    out +=
        "Products are those end buyers order; parts ordered by other stages (dies, wafers, "
        "stacks) are in the appendix. Short: ordered but not delivered by the end of the run. "
        "M: millions.</p>\n";
    return out;
}

// One scheduled shock as a finding: what, where, how large and when; the variants that had
// it when not all did.
std::string shock_line(const Context& c, const Shock& s, const std::set<std::string>& variants) {
    std::string out = "<li>" + b(s.name);
    if (variants.size() < c.data.variants.size()) {
        out += " (in ";
        bool first = true;
        for (const auto& v : variants) {
            out += (first ? "" : ", ") + variant_chip(c, v);
            first = false;
        }
        out += ")";
    }
    std::string kind = s.kind;
    std::replace(kind.begin(), kind.end(), '_', ' ');
    if (!s.description.empty())
        out += ": " + html_escape(s.description) + ". " + html_escape(kind);
    else
        out += ": " + html_escape(kind);
    out += " at " + b(s.target);
    const std::string size = shock_size(s.kind, s.magnitude, c.data.target_unit(s));
    if (size != "–") out += ", " + html_escape(size);
    out += ", from " + b(date(c, s.start_day));
    if (s.end_day)
        out += " to " + b(date(c, *s.end_day)) + " (" +
               html_escape(format_duration(*s.end_day - s.start_day)) + ")";
    else
        out += ", open-ended";
    return out + ".</li>\n";
}

std::string what_happened(const Context& c) {
    const ReportData& d = c.data;
    std::string out = "<h3>What happened</h3>\n";
    if (d.shocks.empty()) {
        out += "<p>No shocks were recorded in this experiment";
        out += d.variants.size() > 1
                   ? ": the variants differ only in their scenario settings.</p>\n"
                   : ".</p>\n";
        return out;
    }
    struct Row {
        const Shock* shock;
        std::set<std::string> variants;
    };
    std::map<std::tuple<std::string, double, double, bool>, Row> rows;
    // Expansions and cuts a node's rule committed during the runs (engine/expansion.hpp,
    // engine/cut.hpp: "committed on day ..."): their days differ by replication, so they make
    // one line per node and kind, not one per replication and commitment.
    struct Decided {
        int commitments = 0;
        double first_day = 0.0;
        double last_day = 0.0;
    };
    std::map<std::pair<std::string, std::string>, Decided> decided;  // by target and kind
    int random = 0;
    for (const auto& s : d.shocks) {
        if (s.random) {
            random += s.runs;
        } else if (s.rule_committed()) {
            auto [it, fresh] = decided.try_emplace({s.target, s.kind});
            Decided& x = it->second;
            x.first_day = fresh ? s.start_day : std::min(x.first_day, s.start_day);
            x.last_day = fresh ? s.start_day : std::max(x.last_day, s.start_day);
            x.commitments += s.runs;
        } else {
            auto& r = rows[{s.name, s.start_day, s.end_day.value_or(-1.0), s.random}];
            r.shock = &s;
            r.variants.insert(s.variant);
        }
    }
    if (!rows.empty() || !decided.empty()) {
        out += "<ul class=\"findings\">\n";
        for (const auto& [key, r] : rows) out += shock_line(c, *r.shock, r.variants);
        for (const auto& [key, x] : decided) {
            const bool cut = key.second == "capacity_cut";
            out +=
                "<li>" + b(key.first) + ": " +
                html_escape(count_of(x.commitments, cut ? "capacity cut" : "capacity expansion")) +
                (cut ? " committed by its cut rule across the runs, taking effect from "
                     : " committed by its expansion rule across the runs, arriving from ") +
                b(date(c, x.first_day)) + " to " + b(date(c, x.last_day)) +
                " (each in the shocks table).</li>\n";
        }
        out += "</ul>\n";
    }
    if (random > 0)
        out += "<p>" + html_escape(count_of(random, "random disruption")) +
               " (failures and repairs drawn at random) occurred across the replications; they "
               "are listed under <a href=\"#runs\">Runs</a>.</p>\n";
    return out;
}

std::string recovery_cell(const Context& c, const PeakFinding& f) {
    switch (f.recovery) {
    case Recovery::NotApplicable: return "–";
    case Recovery::NotRecovered:
        return "not by the end of the run (" + html_escape(date(c, c.data.horizon_days)) + ")" +
               (f.pairs > 1 ? "<br><span class=\"ci\">in none of " + std::to_string(f.pairs) +
                                  " replications</span>"
                            : std::string());
    case Recovery::Recovered: break;
    }
    // Some replications still outside the band at the end: their times, and so the mean, are
    // lower bounds.
    const bool censored = f.not_recovered > 0;
    std::string out = (censored ? "≥ " : "after ") + html_escape(format_duration(*f.recovery_days));
    out += " (" + std::string(censored ? "≥ " : "") +
           html_escape(date(c, *f.shock_day + *f.recovery_days)) + ")";
    if (censored)
        out += "<br><span class=\"ci\">not recovered in " + std::to_string(f.not_recovered) +
               " of " + std::to_string(f.pairs) + " replications</span>";
    if (f.recovery_ci_low && f.recovery_ci_high) {
        const std::string low = format_fixed(*f.recovery_ci_low, 0);
        const std::string high = format_fixed(*f.recovery_ci_high, 0);
        out += "<br><span class=\"ci\">" +
               (low == high ? std::string("the same in every replication")
                            : "95% CI " + html_escape(low) + "–" + html_escape(high) + " days") +
               "</span>";
    }
    return out;
}

// A quote while deliveries have nearly stopped divides the backlog by almost nothing: past a
// year it is shown as "over a year", and flagged either way.
constexpr double quote_cap_days = 365.0;

std::string peak_text(const PeakFinding& f) {
    if (f.throughput_near_zero && f.peak_days > quote_cap_days)
        return "over " + format_value(quote_cap_days, Unit::Days);
    return format_value(f.peak_days, Unit::Days);
}

std::string peak_cell(const PeakFinding& f) {
    std::string out = html_escape(peak_text(f));
    if (f.throughput_near_zero)
        out += "<br><span class=\"ci\">deliveries had nearly stopped</span>";
    if (!f.distinguishable) out += "<br><span class=\"ci\">within run-to-run noise</span>";
    return out;
}

// Key products only (intermediate parts are in the appendix's charts), and against a base
// only the variants: the base's own row has nothing to compare with.
std::vector<PeakFinding> key_peaks(const Context& c, const std::vector<std::string>& key_products) {
    const ReportData& d = c.data;
    std::vector<PeakFinding> found;
    const bool vs_base = d.base() && d.variants.size() > 1;
    for (const auto& f : c.summary.peaks) {
        const bool key = key_products.empty() || std::find(key_products.begin(), key_products.end(),
                                                           f.product) != key_products.end();
        const bool base_row = vs_base && d.base()->name == f.variant;
        if (key && !base_row) found.push_back(f);
    }
    return found;
}

// The headline: the largest rise over the reference (the base, or the level before the shock).
std::string largest_rise(const Context& c, const std::vector<PeakFinding>& found) {
    const ReportData& d = c.data;
    const PeakFinding* top = nullptr;
    for (const auto& f : found) {
        if (!f.reference_days || !f.distinguishable) continue;
        if (!top || f.peak_days - *f.reference_days > top->peak_days - *top->reference_days)
            top = &f;
    }
    if (!top || top->peak_days <= *top->reference_days) {
        if (!d.base() || d.variants.size() <= 1) return "";
        return "<p class=\"headline\">No variant's quoted lead time rose above the base's by "
               "more than the spread between replications.</p>\n";
    }
    const Variant* base = d.base();
    const bool against_base = base && base->name != top->variant;
    std::string out =
        "<p class=\"headline\">The largest rise: the quoted lead time of " + b(top->product);
    if (d.variants.size() > 1) out += " under " + variant_chip(c, top->variant);
    out += " peaked at " + b(peak_text(*top)) + " on " + b(date(c, top->peak_day)) + ", against " +
           html_escape(format_value(*top->reference_days, Unit::Days)) +
           (against_base ? " in the base at that date" : " before the shock");
    if (top->recovery == Recovery::Recovered && top->not_recovered == 0)
        out += "; it was back to " + std::string(against_base ? "the base's level" : "that level") +
               " " + html_escape(format_duration(*top->recovery_days)) +
               " after the shock began, on " + b(date(c, *top->shock_day + *top->recovery_days));
    else if (top->recovery == Recovery::Recovered)
        out += "; it had not come back in " + b(std::to_string(top->not_recovered)) + " of " +
               std::to_string(top->pairs) + " replications by the end of the run, so its " +
               "recovery took at least " + html_escape(format_duration(*top->recovery_days)) +
               " on average";
    else if (top->recovery == Recovery::NotRecovered)
        out += "; it had not recovered by the end of the run";
    return out + ".</p>\n";
}

// What the table's columns mean, and where the recovery times come from.
std::string peaks_note(const std::vector<PeakFinding>& found) {
    std::string out =
        "<p class=\"note\">Peak: the highest mean across replications of the quoted lead time "
        "(backlog ÷ recent throughput), from the first shock on where a variant has one. "
        "Against a base, only days on which the variant's 10th–90th percentile band lies "
        "wholly above the base's count, and a peak whose recorded difference has a 95% interval "
        "that includes zero is marked as within run-to-run noise. A quote at a throughput below "
        "a tenth of the usual is flagged and shown as over a year past 365 days. "
        "Reference: the base's value on the same date, or, "
        "without a base, the mean before the first shock. Back to the reference: the time from "
        "the first harmful shock (not a capacity expansion, a capacity cut or demand relief) until "
        "the quoted "
        "lead time returned to within 5% (or 2 days) of the reference and stayed there";
    bool engine = false;
    for (const auto& f : found) engine = engine || f.recovery_from_engine;
    if (engine)
        out +=
            "; with a comparison, the recovery time recorded with the runs, whose band also "
            "allows twice the base's run-to-run spread (≥ marks a lower bound: some "
            "replications had not come back by the end)";
    return out + ".</p>\n";
}

std::string peaks(const Context& c, const std::vector<std::string>& key_products) {
    const ReportData& d = c.data;
    const std::vector<PeakFinding> found = key_peaks(c, key_products);
    std::string out = "<h3>Lead times: peak and recovery</h3>\n";
    if (found.empty()) return out + "<p>No quoted lead times were recorded.</p>\n";
    out += largest_rise(c, found);
    HtmlTable table({"Product", "Variant", "Peak quoted lead time", "On", "Reference then",
                     "Back to the reference"},
                    {false, false, true, false, true, false});
    for (const auto& f : found) {
        table.row(
            {html_escape(f.product), variant_chip(c, f.variant), peak_cell(f),
             html_escape(date(c, f.peak_day)),
             f.reference_days ? html_escape(format_value(*f.reference_days, Unit::Days)) : "–",
             recovery_cell(c, f)});
    }
    // In a comparison where no peak stands out from the noise, the table is detail, not
    // headline: it stays one click away, and closed on paper.
    bool any_distinguishable = false;
    for (const auto& f : found) any_distinguishable = any_distinguishable || f.distinguishable;
    const bool collapse = d.base() && d.variants.size() > 1 && !any_distinguishable;
    if (collapse)
        out +=
            "<details class=\"appendix-table\"><summary>Each product's peak and recovery "
            "(all within run-to-run noise)</summary>\n";
    out += table.html() + peaks_note(found);
    if (collapse) out += "</details>\n";
    return out;
}

// Per variant, the end buyer whose units short rose most against the base's, relative to what
// it was short in the base, among the rises whose interval excludes zero; none otherwise.
std::string hurt_by_shortage(const Context& c, const Headline& h) {
    std::string out;
    for (const auto& v : c.data.variants) {
        const HeadlineRow* worst = nullptr;
        const HeadlineChange* change = nullptr;
        for (const auto& row : h.buyers) {
            if (row.kpi != "units_short") continue;
            for (const auto& x : row.changes) {
                if (x.variant != v.name || !x.distinguishable() || x.diff <= 0.0) continue;
                const auto relative = [](const HeadlineRow& r, const HeadlineChange& y) {
                    return y.diff / std::max(std::fabs(r.value), 1.0);
                };
                if (!worst || relative(row, x) > relative(*worst, *change))
                    worst = &row, change = &x;
            }
        }
        if (!worst) continue;
        out += "<li>Under " + variant_chip(c, v.name) + ", " + b(worst->buyer) +
               " was hurt most: " + b(figure_text(change->diff, worst->format, false)) + " more " +
               html_escape(worst->unit) + " short (" + html_escape(worst->product) +
               ", ordered but not delivered by the end of the run; 95% CI " +
               html_escape(figure_text(change->low, worst->format, true)) + " to " +
               html_escape(figure_text(change->high, worst->format, true)) + "), against " +
               html_escape(figure_text(worst->value, worst->format, false)) +
               " in the base.</li>\n";
    }
    return out;
}

std::string who_was_hurt(const Context& c, const Headline& h) {
    const ReportData& d = c.data;
    std::string out = "<h3>Who was hurt most</h3>\n";
    if (c.summary.worst_buyers.empty())
        return out + "<p>No lead times per buyer were recorded.</p>\n";
    out += "<ul class=\"findings\">\n" + hurt_by_shortage(c, h);
    for (const auto& w : c.summary.worst_buyers) {
        const std::string scope = w.product.empty() ? "" : " for " + w.product;
        out += "<li>";
        if (w.change_days && !w.distinguishable) {
            out += "Under " + variant_chip(c, w.variant) +
                   ", no buyer's mean order lead time rose by more than the noise between "
                   "replications (the largest change: " +
                   b(w.buyer) + html_escape(scope) + ", " +
                   html_escape(format_change(*w.change_days, Unit::Days));
            if (w.change_ci_low && w.change_ci_high)
                out += ", 95% CI " + html_escape(format_change(*w.change_ci_low, Unit::Days)) +
                       " to " + html_escape(format_change(*w.change_ci_high, Unit::Days));
            out += ")";
        } else if (w.change_days) {
            out += "Under " + variant_chip(c, w.variant) + ", " + b(w.buyer) +
                   " was hit hardest: its mean order lead time" + html_escape(scope) +
                   (*w.change_days >= 0 ? " rose by " : " fell by ") +
                   b(format_value(std::fabs(*w.change_days), Unit::Days));
            if (w.change_ci_low && w.change_ci_high)
                out += " (95% CI " + html_escape(format_change(*w.change_ci_low, Unit::Days)) +
                       " to " + html_escape(format_change(*w.change_ci_high, Unit::Days)) + ")";
            if (w.base_lead_time_days)
                out += ", from " + html_escape(format_value(*w.base_lead_time_days, Unit::Days)) +
                       " to " + html_escape(format_value(w.lead_time_days, Unit::Days));
            if (w.fill_rate && w.fill_rate_change) {
                if (std::fabs(*w.fill_rate_change) < 0.0005)
                    out += "; its fill rate was unchanged at " +
                           html_escape(format_value(*w.fill_rate, Unit::Share));
                else
                    out += "; its fill rate " +
                           std::string(*w.fill_rate_change < 0 ? "fell" : "rose") + " by " +
                           html_escape(format_fixed(std::fabs(*w.fill_rate_change) * 100.0, 1)) +
                           " percentage points to " +
                           html_escape(format_value(*w.fill_rate, Unit::Share));
            }
        } else {
            out += "Longest waits: " + b(w.buyer) + ", with a mean order lead time" +
                   html_escape(scope) + " of " + b(format_value(w.lead_time_days, Unit::Days));
            if (w.fill_rate)
                out +=
                    " and a fill rate of " + html_escape(format_value(*w.fill_rate, Unit::Share));
        }
        out += ".</li>\n";
    }
    out += "</ul>\n";
    if (!d.has_orders())
        out +=
            "<p class=\"note\">The runs kept summary detail only (no order rows): figures per "
            "buyer come from the KPIs recorded with each run.</p>\n";
    return out;
}

std::string bottlenecks(const Context& c) {
    std::string out = "<h3>Where the bottleneck went</h3>\n";
    if (c.summary.sequences.empty()) return out + "<p>No bottleneck periods were recorded.</p>\n";
    out += "<ul class=\"findings sequence\">\n";
    for (const auto& s : c.summary.sequences) {
        out += "<li>";
        if (c.data.variants.size() > 1) out += variant_chip(c, s.variant) + ": ";
        if (s.steps.size() == 1)
            out += node_chip(c, s.steps.front().node) + " bound for the whole run";
        for (std::size_t i = 0; s.steps.size() > 1 && i < s.steps.size(); ++i) {
            const auto& step = s.steps[i];
            if (i) out += " <span class=\"arrow\">→</span> ";
            out += node_chip(c, step.node) + " <span class=\"when\">" +
                   html_escape(date(c, step.start_day)) + " – " +
                   html_escape(date(c, step.end_day)) + "</span>";
            if (step.sole_share < 0.5) out += " <span class=\"ci\">(mostly shifting)</span>";
            if (step.agreement < 0.95 && s.replications > 1)
                out += " <span class=\"ci\">(agreement " +
                       html_escape(format_fixed(step.agreement * 100.0, 0)) + "%)</span>";
        }
        out += ".</li>\n";
    }
    out +=
        "</ul>\n<p class=\"note\">The bottleneck on each day is the node that limited output in "
        "most replications (active period method); episodes shorter than " +
        html_escape(format_duration(std::max(3.0, 0.02 * c.data.horizon_days))) +
        " are folded into their neighbours. Agreement, where shown, is how often the "
        "replications name that node during the episode. See the <a "
        "href=\"#bottlenecks\">bottleneck timeline</a> for "
        "each replication, with sole and shifting periods.</p>\n";
    return out;
}

std::string how_sure(const Context& c) {
    const ReportData& d = c.data;
    std::string out = "<h3>How sure are we</h3>\n<p>";
    const int reps = d.max_replications();
    if (reps > 1) {
        out += "Each variant ran " + html_escape(count_of(reps, "replication")) +
               (d.variants.size() > 1 ? " with common random numbers, so differences between "
                                        "variants are paired replication by replication. "
                                      : ". ");
        out +=
            "Shaded bands on charts span the 10th to the 90th percentile across replications; "
            "“±” in tables is the half width of the 95% confidence interval of the mean "
            "(Student t)";
        out += d.comparisons.empty() ? "." : "; differences carry paired 95% confidence intervals.";
    } else {
        out +=
            "<strong>One replication per variant:</strong> there are no bands and no confidence "
            "intervals, so a difference between variants may be chance. Run more replications "
            "(<code>--replications</code>) before relying on it.";
    }
    out += "</p>\n";
    const auto incomplete = d.incomplete_runs();
    if (!incomplete.empty())
        out += "<p class=\"warning-inline\">" +
               html_escape(count_of(static_cast<long long>(incomplete.size()), "run")) +
               " did not complete (failed, interrupted or still running) and " +
               (incomplete.size() == 1 ? "is" : "are") +
               " left out of every figure; see <a href=\"#runs\">Runs</a>.</p>\n";
    return out;
}

}  // namespace

std::string summary_section(Context& c) {
    std::string out = "<section id=\"summary\">\n<h2>Summary</h2>\n";
    if (c.data.variants.empty())
        return out +
               "<p>No run of this experiment completed, so there is nothing to summarise. "
               "The runs and their errors are listed under <a href=\"#runs\">Runs</a>.</p>\n"
               "</section>\n";
    const Headline h = headline(c.data);
    out += overview(c);
    out += answer(c, h);
    out += who_was_hurt(c, h);
    out += what_happened(c);
    out += peaks(c, h.products);
    out += bottlenecks(c);
    out += how_sure(c);
    return out + "</section>\n";
}

}  // namespace memchain::report::page
