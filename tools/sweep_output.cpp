#include "tools/sweep_output.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "tools/run_support.hpp"
#include "tools/summary.hpp"
#include "tools/table.hpp"

namespace memchain::tools {

namespace {

std::string with_ci(const sim::RunningStats& s) {
    std::string text = format_number(s.mean(), 4);
    if (s.count() > 1) text += " ±" + format_number(sim::confidence_interval(s).half_width, 2);
    return text;
}

KpiKey key_of(const SweepColumn& c) {
    return {c.kpi, c.product, c.buyer, c.node};
}

// The node with the largest mean sole-bottleneck share at one point, and that share.
std::pair<std::string, double> main_bottleneck(const std::map<KpiKey, sim::RunningStats>& stats) {
    std::pair<std::string, double> best{"", 0.0};
    for (const auto& [key, s] : stats)
        if (std::get<0>(key) == "bottleneck_sole_share" && s.mean() > best.second)
            best = {std::get<3>(key), s.mean()};
    return best;
}

void print_json(std::ostream& out, const SweepReport& r) {
    const auto& spec = *r.spec;
    const auto& outcome = *r.outcome;
    JsonWriter w(out);
    w.begin_object();
    w.key("kind").value("sweep");
    w.key("scenario").value(spec.label);
    write_experiment_json(w, r.database, spec.seed, spec.replications, outcome);
    w.key("parameters").begin_array();
    for (const auto& axis : *r.axes) w.value(axis.path);
    w.end_array();
    w.key("columns").begin_array();
    for (const auto& c : *r.columns) {
        w.begin_object();
        w.key("kpi").value(c.kpi).key("product").value(c.product);
        w.key("buyer").value(c.buyer).key("node").value(c.node);
        w.end_object();
    }
    w.end_array();
    w.key("points").begin_array();
    for (std::size_t v = 0; v < spec.variants.size(); ++v) {
        const auto stats = kpi_stats(outcome, v);
        const auto& point = (*r.points)[v];
        const std::size_t completed = outcome.completed(v);
        w.begin_object();
        w.key("name").value(spec.variants[v].name);
        w.key("parameters").begin_object();
        for (std::size_t a = 0; a < r.axes->size(); ++a)
            w.key((*r.axes)[a].path).value(point.values[a]);
        w.end_object();
        w.key("completed").value(static_cast<std::int64_t>(completed));
        const auto [node, share] = main_bottleneck(stats);
        w.key("bottleneck");
        if (node.empty()) {
            w.null();
        } else {
            w.begin_object().key("node").value(node).key("sole_share").value(share).end_object();
        }
        w.key("kpis").begin_array();
        for (const auto& [key, s] : stats) {
            w.begin_object();
            w.key("kpi").value(std::get<0>(key)).key("product").value(std::get<1>(key));
            w.key("buyer").value(std::get<2>(key)).key("node").value(std::get<3>(key));
            w.key("n").value(static_cast<std::int64_t>(s.count()));
            w.key("mean").value(s.mean());
            if (s.count() > 1)
                w.key("ci95_half_width").value(sim::confidence_interval(s).half_width);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("comparisons_against").value(spec.variants.front().name);
    w.key("comparisons").begin_array();
    for (const auto& d : *r.differences) {
        w.begin_object();
        w.key("variant").value(d.variant).key("kpi").value(d.kpi);
        w.key("product").value(d.product).key("buyer").value(d.buyer).key("node").value(d.node);
        w.key("n").value(static_cast<std::int64_t>(d.paired.n));
        w.key("base_mean").value(d.base_mean).key("variant_mean").value(d.variant_mean);
        w.key("diff_mean").value(d.paired.mean);
        const model::ComparisonRow row = d.to_row();  // a share's interval is Wilson's
        w.key("diff_ci").begin_array().value(row.diff_ci_low).value(row.diff_ci_high);
        w.end_array();
        w.key("unpaired_ci").begin_array().value(row.unpaired_ci_low).value(row.unpaired_ci_high);
        w.end_array();
        if (d.kpi == "recovery_days") w.key("censored").value(d.censored);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    out << "\n";
}

}  // namespace

std::string SweepColumn::label() const {
    std::string scope;
    for (const std::string* part : {&product, &buyer, &node})
        if (!part->empty()) scope += (scope.empty() ? "" : "/") + *part;
    return scope.empty() ? kpi : kpi + " " + scope;
}

std::vector<SweepColumn> sweep_columns(const model::ExperimentOutcome& outcome,
                                       const std::vector<std::string>& requested,
                                       std::vector<std::string>* unobserved) {
    std::set<KpiKey> observed;
    std::set<std::string> buyer_products;
    for (const auto& run : outcome.runs) {
        if (run.status != model::RunStatus::Completed) continue;
        for (const auto& k : run.kpis) observed.insert({k.name, k.product, k.buyer, k.node});
        for (const auto& n : run.nodes)
            if (n.block == "buyer") buyer_products.insert(n.product);
    }
    // End products: what buyers order, when it shows in the KPIs; else every ordered product.
    std::vector<std::string> end_products;
    for (const auto& p : buyer_products)
        if (observed.count({"units_ordered", p, "", ""})) end_products.push_back(p);
    if (end_products.empty())
        for (const auto& key : observed)
            if (std::get<0>(key) == "units_ordered" && std::get<2>(key).empty())
                end_products.push_back(std::get<1>(key));

    std::vector<SweepColumn> columns;
    auto add_for_end_products = [&](const std::string& kpi, std::size_t at_most) {
        std::size_t added = 0;
        for (const auto& p : end_products) {
            if (added == at_most) break;
            if (!observed.count({kpi, p, "", ""})) continue;
            columns.push_back({kpi, p, "", ""});
            ++added;
        }
        return added;
    };
    if (requested.empty()) {
        for (const char* kpi :
             {"lead_time_mean_days", "lead_time_p90_days", "fill_rate", "backlog_peak"})
            add_for_end_products(kpi, 2);
        return columns;
    }
    for (const std::string& text : requested) {
        const auto at = text.find('@');
        const std::string kpi = text.substr(0, at);
        if (at == std::string::npos) {
            if (observed.count({kpi, "", "", ""})) {
                columns.push_back({kpi, "", "", ""});
                continue;
            }
            if (add_for_end_products(kpi, end_products.size()) == 0) {
                columns.push_back({kpi, "", "", ""});
                if (unobserved) unobserved->push_back(text);
            }
            continue;
        }
        const std::string where = text.substr(at + 1);
        // The key naming `where` with the fewest other scopes: product totals before per-buyer.
        const KpiKey* best = nullptr;
        int best_scopes = 4;
        for (const auto& key : observed) {
            if (std::get<0>(key) != kpi) continue;
            const auto& [name, product, buyer, node] = key;
            if (product != where && buyer != where && node != where) continue;
            const int scopes = !product.empty() + !buyer.empty() + !node.empty();
            if (scopes < best_scopes) {
                best = &key;
                best_scopes = scopes;
            }
        }
        if (!best) {
            columns.push_back({kpi, where, "", ""});
            if (unobserved) unobserved->push_back(text);
            continue;
        }
        columns.push_back(
            {std::get<0>(*best), std::get<1>(*best), std::get<2>(*best), std::get<3>(*best)});
    }
    return columns;
}

void print_sweep(std::ostream& out, const SweepReport& r, bool json) {
    if (json) {
        print_json(out, r);
        return;
    }
    const auto& spec = *r.spec;
    const auto& outcome = *r.outcome;
    const auto& axes = *r.axes;
    const std::size_t completed = outcome.completed();
    out << "sweep " << spec.label << ": " << spec.variants.size() << " points x "
        << spec.replications << " replications on common random numbers (seed " << spec.seed
        << "), " << completed << "/" << outcome.runs.size() << " runs completed, "
        << format_number(static_cast<double>(outcome.events), 4) << " events in "
        << format_number(outcome.wall_seconds, 3) << " s\n";
    for (const auto& run : outcome.runs)
        if (run.status == model::RunStatus::Failed)
            out << "  " << spec.variants[run.variant].name << " replication " << run.replication
                << " failed: " << run.error << "\n";

    std::vector<std::map<KpiKey, sim::RunningStats>> stats;
    for (std::size_t v = 0; v < spec.variants.size(); ++v) stats.push_back(kpi_stats(outcome, v));

    out << "\npoints (mean" << (spec.replications > 1 ? " ± 95% CI" : "")
        << " across replications)\n";
    std::vector<std::string> header;
    for (const auto& axis : axes) header.push_back(axis.path);
    for (const auto& c : *r.columns) header.push_back(c.label());
    header.push_back("main bottleneck (sole share)");
    Table table(header);
    for (std::size_t v = 0; v < spec.variants.size(); ++v) {
        std::vector<std::string> row;
        for (double value : (*r.points)[v].values) row.push_back(model::format_sweep_value(value));
        for (const auto& c : *r.columns) {
            const auto it = stats[v].find(key_of(c));
            row.push_back(it == stats[v].end() ? "-" : with_ci(it->second));
        }
        const auto [node, share] = main_bottleneck(stats[v]);
        row.push_back(node.empty() ? "-" : node + " (" + format_number(100.0 * share, 3) + "%)");
        table.add(std::move(row));
    }
    table.print(out, "  ", terminal_width, axes.size());

    if (axes.size() == 2 && !r.columns->empty()) {
        const SweepColumn& headline = r.columns->front();
        const auto rows = axes[0].values(), cols = axes[1].values();
        out << "\n"
            << headline.label() << " (mean): " << axes[0].path << " down, " << axes[1].path
            << " across\n";
        std::vector<std::string> grid_header = {""};
        for (double c : cols) grid_header.push_back(model::format_sweep_value(c));
        Table grid(grid_header);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            std::vector<std::string> row = {model::format_sweep_value(rows[i])};
            for (std::size_t j = 0; j < cols.size(); ++j) {
                const std::size_t v = i * cols.size() + j;
                const auto it = v < stats.size() ? stats[v].find(key_of(headline)) : stats[0].end();
                row.push_back(v < stats.size() && it != stats[v].end()
                                  ? format_number(it->second.mean(), 4)
                                  : "-");
            }
            grid.add(std::move(row));
        }
        grid.print(out, "  ", terminal_width, 1);
    }
    print_recorded_in(out, r.database, outcome.experiment_id,
                      r.differences->empty() ? "" : "comparisons against the first point");
}

}  // namespace memchain::tools
