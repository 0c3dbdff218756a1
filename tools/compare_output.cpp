#include "tools/compare_output.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "tools/run_support.hpp"
#include "tools/table.hpp"

namespace memchain::tools {

namespace {

std::string signed_number(double value) {
    const std::string text = format_number(value, 4);
    return value > 0.0 && text != "0" ? "+" + text : text;
}

std::string interval_text(double low, double high) {
    // Appended piece by piece: g++ 12 warns (-Wrestrict, falsely) on the chained operator+.
    std::string text = "[";
    text += format_number(low, 4);
    text += ", ";
    text += format_number(high, 4);
    text += "]";
    return text;
}

std::string interval(const sim::ConfidenceInterval& ci) {
    if (!std::isfinite(ci.half_width)) return "-";
    return interval_text(ci.low(), ci.high());
}

std::string scope(const model::KpiDifference& d) {
    if (!d.node.empty()) return d.node;
    if (!d.buyer.empty()) return d.product + " / " + d.buyer;
    return d.product.empty() ? "(all)" : d.product;
}

std::size_t variant_index(const model::ExperimentSpec& spec, const std::string& name) {
    for (std::size_t i = 0; i < spec.variants.size(); ++i)
        if (spec.variants[i].name == name) return i;
    return spec.variants.size();
}

bool is_recovery(const model::KpiDifference& d) {
    return d.kpi == "recovery_days" || d.kpi == "recovered_share";
}

// A market's KPIs for the product as a whole (model/engine/market.cpp add_kpis): its rank in the
// prices-and-revenue table, or -1 for other KPIs and the per-seller rows.
int market_rank(const model::KpiDifference& d) {
    static const char* order[] = {"spot_price_mean",       "spot_price_peak",
                                  "spot_price_shock_peak", "spot_price_shock_end",
                                  "contract_price_mean",   "revenue"};
    if (!d.node.empty() || !d.buyer.empty()) return -1;
    const auto at = std::find(std::begin(order), std::end(order), d.kpi);
    return at == std::end(order) ? -1 : static_cast<int>(at - std::begin(order));
}

void print_market_table(std::ostream& out, const CompareReport& r) {
    std::vector<const model::KpiDifference*> rows;
    for (const auto& d : *r.differences)
        if (market_rank(d) >= 0) rows.push_back(&d);
    if (rows.empty()) return;
    std::stable_sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
        const auto va = variant_index(*r.spec, a->variant), vb = variant_index(*r.spec, b->variant);
        if (va != vb) return va < vb;
        if (a->product != b->product) return a->product < b->product;
        return market_rank(*a) < market_rank(*b);
    });
    out << "\n";
    print_wrapped(out,
                  "prices and revenue per product (USD; per-seller revenue, margin and share: "
                  "--all), paired differences, variant - base");
    // As in the table of differences: the difference, its interval and its mark stay together.
    Table t({"variant", "product", "kpi", "difference", "paired 95% CI", "excludes 0", "base",
             "variant"});
    t.keep_together(3, 5);
    t.keep_together(6, 7);
    for (const auto* d : rows) {
        const bool clear = std::isfinite(d->paired.half_width) &&
                           (d->paired.low() > 0.0 || d->paired.high() < 0.0);
        // The peak of a shock's price response says when: the day it was largest.
        const std::string kpi = d->day ? d->kpi + " (" +
                                             (r.spec->variants.front().scenario->start +
                                              static_cast<long>(std::floor(*d->day)))
                                                 .to_string() +
                                             ")"
                                       : d->kpi;
        t.add({d->variant, d->product, kpi, signed_number(d->paired.mean), interval(d->paired),
               clear ? "yes" : "no", format_number(d->base_mean, 4),
               format_number(d->variant_mean, 4)});
    }
    t.print(out, "  ", terminal_width, 3);
}

void print_json(std::ostream& out, const CompareReport& r) {
    const auto& spec = *r.spec;
    const auto& outcome = *r.outcome;
    JsonWriter w(out);
    w.begin_object();
    w.key("kind").value("compare");
    write_experiment_json(w, r.database, spec.seed, spec.replications, outcome);
    w.key("confidence_level").value(0.95);
    w.key("recovery_definition").value(recovery_definition());
    w.key("variants").begin_array();
    for (std::size_t v = 0; v < spec.variants.size(); ++v) {
        const std::size_t completed = outcome.completed(v);
        w.begin_object();
        w.key("name").value(spec.variants[v].name);
        w.key("scenario").value(spec.variants[v].scenario->name);
        w.key("path").value(spec.variants[v].scenario->path);
        w.key("base").value(v == 0);
        w.key("completed").value(static_cast<std::int64_t>(completed));
        w.end_object();
    }
    w.end_array();
    w.key("comparisons").begin_array();
    for (const auto& d : *r.differences) {
        w.begin_object();
        w.key("variant").value(d.variant);
        w.key("kpi").value(d.kpi);
        w.key("product").value(d.product);
        w.key("buyer").value(d.buyer);
        w.key("node").value(d.node);
        w.key("n").value(static_cast<std::int64_t>(d.paired.n));
        w.key("base_mean").value(d.base_mean);
        w.key("variant_mean").value(d.variant_mean);
        w.key("diff_mean").value(d.paired.mean);
        const model::ComparisonRow row = d.to_row();  // a share's interval is Wilson's
        w.key("diff_ci").begin_array().value(row.diff_ci_low).value(row.diff_ci_high).end_array();
        w.key("unpaired_ci")
            .begin_array()
            .value(row.unpaired_ci_low)
            .value(row.unpaired_ci_high)
            .end_array();
        if (d.kpi == "recovery_days") w.key("censored").value(d.censored);
        if (d.day) w.key("day").value(*d.day);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    out << "\n";
}

}  // namespace

const char* recovery_definition() {
    return "recovery_days, per replication and product: t0 is the earliest start of a shock "
           "the variant had and the base did not (same replication); from t0 on, the variant's "
           "quoted lead time (backlog / recent throughput, product_samples) is compared with the "
           "base's on each sample day; recovery_days is the first sample day from which it stays "
           "within max(5% of the base's, 1 day, twice the base's run-to-run standard deviation) to "
           "the end of the run, minus t0; shocks that add capacity or relieve demand start no "
           "recovery. A variant still "
           "outside on the last sample has not recovered: its value is censored at the horizon "
           "(a lower bound) and recovered_share counts the share that did recover, with a Wilson "
           "interval; a recovery time's t interval is cut at zero. Replications "
           "in which the variant had no shock of its own have no recovery time.";
}

bool is_headline_kpi(const std::string& kpi) {
    static const char* headline[] = {"lead_time_mean_days",
                                     "lead_time_p90_days",
                                     "fill_rate",
                                     "backlog_peak",
                                     "throughput_per_day",
                                     "quoted_lead_time_mean_days",
                                     "quoted_lead_time_peak_days",
                                     "bottleneck_sole_share"};
    return std::find(std::begin(headline), std::end(headline), kpi) != std::end(headline);
}

std::vector<const model::KpiDifference*> table_rows(const CompareReport& r) {
    // A buyer's row that repeats its product's total (the product's only buyer) says nothing new.
    auto repeats_total = [&](const model::KpiDifference& d) {
        if (d.buyer.empty()) return false;
        return std::any_of(r.differences->begin(), r.differences->end(), [&](const auto& t) {
            return t.buyer.empty() && t.node.empty() && t.variant == d.variant && t.kpi == d.kpi &&
                   t.product == d.product && t.base_mean == d.base_mean &&
                   t.variant_mean == d.variant_mean && t.paired.mean == d.paired.mean &&
                   t.paired.half_width == d.paired.half_width &&
                   t.unpaired.half_width == d.unpaired.half_width;
        });
    };
    std::vector<const model::KpiDifference*> rows;
    for (const auto& d : *r.differences)
        if (!is_recovery(d) && (r.all_kpis || is_headline_kpi(d.kpi)) && !repeats_total(d))
            rows.push_back(&d);
    std::stable_sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
        const double ea = a->effect_size(), eb = b->effect_size();
        if (ea != eb) return ea > eb;
        return variant_index(*r.spec, a->variant) < variant_index(*r.spec, b->variant);
    });
    if (r.top > 0 && rows.size() > r.top) rows.resize(r.top);
    return rows;
}

namespace {

// The experiment in one line, and each failed run.
void print_compare_heading(std::ostream& out, const CompareReport& r) {
    const auto& spec = *r.spec;
    const auto& outcome = *r.outcome;
    std::ostringstream head;
    head << "compare " << spec.variants.front().name << " (base)";
    for (std::size_t v = 1; v < spec.variants.size(); ++v) head << " vs " << spec.variants[v].name;
    head << ": " << spec.replications << " replications each on common random numbers (seed "
         << spec.seed << "), " << outcome.completed() << "/" << outcome.runs.size()
         << " runs completed, " << format_number(static_cast<double>(outcome.events), 4)
         << " events in " << format_number(outcome.wall_seconds, 3) << " s";
    print_wrapped(out, head.str());
    for (const auto& run : outcome.runs)
        if (run.status == model::RunStatus::Failed) {
            out << "  ";
            print_wrapped(out,
                          spec.variants[run.variant].name + " replication " +
                              std::to_string(run.replication) + " failed: " + run.error,
                          terminal_width - 2, "    ");
        }
}

// The paired differences, largest effects first, up to --top.
void print_differences(std::ostream& out, const CompareReport& r) {
    const auto rows = table_rows(r);
    CompareReport everything = r;
    everything.top = 0;
    const std::size_t shown_pool = table_rows(everything).size();
    if (rows.empty()) {
        out << "\nno KPI was observed in two or more replications of both scenarios\n";
        return;
    }
    out << "\n";
    print_wrapped(out,
                  "paired differences, variant - base, largest effects first (relative "
                  "change; for fractions, points); mean over replications, 95% CI of the "
                  "paired difference and, for contrast, unpaired");
    // The difference, its interval and the mark first and together: when long node names
    // make the table wider than a terminal, they fill the first block and the means and the
    // unpaired interval follow in a second, each block repeating which row it is.
    Table t({"variant", "kpi", "for", "difference", "paired 95% CI", "excludes 0", "base",
             "variant", "unpaired 95% CI"});
    for (const auto* d : rows) {
        const bool clear = std::isfinite(d->paired.half_width) &&
                           (d->paired.low() > 0.0 || d->paired.high() < 0.0);
        t.add({d->variant, d->kpi, scope(*d), signed_number(d->paired.mean), interval(d->paired),
               clear ? "yes" : "no", format_number(d->base_mean, 4),
               format_number(d->variant_mean, 4), interval(d->unpaired)});
    }
    t.keep_together(3, 5);
    t.keep_together(6, 8);
    t.print(out, "  ", terminal_width, 3);
    if (rows.size() < shown_pool)
        out << "  ... " << shown_pool - rows.size() << " more (--top 0 shows all"
            << (r.all_kpis ? "" : ", --all every KPI") << ", --json everything)\n";
}

void print_recovery(std::ostream& out, const CompareReport& r) {
    Table recovery({"variant", "product", "recovered", "recovery days", "95% CI"});
    for (const auto& d : *r.differences) {
        if (d.kpi != "recovery_days") continue;
        // A censored replication counts the horizon, a lower bound: the mean is then one too,
        // and an interval around it would read as exact, so none is shown.
        const auto n = std::to_string(d.paired.n);
        if (d.censored > 0)
            recovery.add(
                {d.variant, d.product,
                 std::to_string(d.paired.n - static_cast<std::size_t>(d.censored)) + "/" + n,
                 "≥ " + format_number(d.paired.mean, 4),
                 "none: not recovered in " + std::to_string(d.censored) + " of " + n});
        else {
            const model::ComparisonRow row = d.to_row();  // its interval cut at zero
            recovery.add({d.variant, d.product, n + "/" + n, format_number(d.paired.mean, 4),
                          std::isfinite(d.paired.half_width)
                              ? interval_text(row.diff_ci_low, row.diff_ci_high)
                              : "-"});
        }
    }
    if (recovery.empty()) return;
    out << "\n";
    print_wrapped(out,
                  "time for the quoted lead time to come back within max(5%, 1 day, 2 sd of "
                  "the base's own spread) of the base's after the variant's own first "
                  "harmful shock; ≥ marks a lower bound, where some replications had not "
                  "recovered by the end (see --help)");
    recovery.print(out, "  ", terminal_width, 2);
}

}  // namespace

void print_comparison(std::ostream& out, const CompareReport& r, bool json) {
    if (json) {
        print_json(out, r);
        return;
    }
    print_compare_heading(out, r);
    print_differences(out, r);
    print_market_table(out, r);
    print_recovery(out, r);
    print_recorded_in(out, r.database, r.outcome->experiment_id);
}

}  // namespace memchain::tools
