#include "tools/summary.hpp"

#include <algorithm>
#include <cmath>

#include "model/policy/chains.hpp"
#include "model/scenario/calendar.hpp"
#include "tools/run_support.hpp"
#include "tools/table.hpp"

namespace memchain::tools {

std::map<KpiKey, sim::RunningStats> kpi_stats(const model::ExperimentOutcome& out,
                                              std::size_t variant) {
    std::map<KpiKey, sim::RunningStats> stats;
    for (const model::RunOutcome& run : out.runs) {
        if (run.variant != variant || run.status != model::RunStatus::Completed) continue;
        for (const model::Kpi& k : run.kpis)
            stats[{k.name, k.product, k.buyer, k.node}].add(k.value);
    }
    return stats;
}

std::vector<std::pair<double, std::string>> bottleneck_sequence(const model::RunOutcome& run,
                                                                double min_days) {
    std::vector<std::pair<double, std::string>> sequence;
    const auto& shifts = run.shifts;
    for (std::size_t i = 0; i < shifts.size(); ++i) {
        const double until =
            i + 1 < shifts.size() ? shifts[i + 1].day : std::numeric_limits<double>::infinity();
        if (until - shifts[i].day < min_days) continue;
        const auto node = static_cast<std::size_t>(shifts[i].to);
        const std::string name =
            node < run.nodes.size() ? run.nodes[node].name : std::to_string(node);
        if (!sequence.empty() && sequence.back().second == name) continue;
        sequence.emplace_back(shifts[i].day, name);
    }
    return sequence;
}

namespace {

std::string with_ci(const sim::RunningStats& s, int digits = 4) {
    std::string text = format_number(s.mean(), digits);
    if (s.count() > 1) {
        const auto ci = sim::confidence_interval(s);
        text += " ±" + format_number(ci.half_width, 2);
    }
    return text;
}

const sim::RunningStats* find(const std::map<KpiKey, sim::RunningStats>& stats,
                              const std::string& kpi, const std::string& product,
                              const std::string& buyer = "", const std::string& node = "") {
    const auto it = stats.find({kpi, product, buyer, node});
    return it == stats.end() ? nullptr : &it->second;
}

// Prices per market and revenue per seller (engine/market.hpp), from the KPIs; nothing for a
// scenario without markets.
void print_markets(std::ostream& out, const model::Scenario& scenario,
                   const std::map<KpiKey, sim::RunningStats>& stats, std::size_t completed) {
    std::vector<std::string> markets;
    for (const auto& [key, s] : stats)
        if (std::get<0>(key) == "spot_price_mean") markets.push_back(std::get<1>(key));
    if (markets.empty()) return;
    const std::string across = completed > 1 ? " ± 95% CI" : "";
    out << "\nmarkets (price per unit, mean" << across << " across replications)\n";
    Table prices({"product", "spot mean", "spot peak", "contract mean", "revenue"});
    for (const std::string& p : markets) {
        auto cell = [&](const char* kpi) {
            const auto* s = find(stats, kpi, p);
            return s ? with_ci(*s, 4) : std::string("-");
        };
        prices.add({p, cell("spot_price_mean"), cell("spot_price_peak"),
                    cell("contract_price_mean"), cell("revenue")});
    }
    prices.print(out);
    out << "\nrevenue by seller (after the warm-up, mean" << across << ")\n";
    Table sellers({"seller", "owner", "product", "revenue", "margin", "share"});
    for (const auto& [key, s] : stats) {
        const auto& [kpi, product, buyer, node] = key;
        if (kpi != "revenue" || node.empty()) continue;
        const model::Node* seller = scenario.find_node(node);
        const auto* margin = find(stats, "margin", product, "", node);
        const auto* share = find(stats, "revenue_share", product, "", node);
        sellers.add({node, seller ? seller->owner : "", product, with_ci(s, 4),
                     margin ? with_ci(*margin, 4) : "-",
                     share ? format_number(100.0 * share->mean(), 3) + "%" : "-"});
    }
    sellers.print(out);
}

// Per product chain (policy/chains.hpp): the node with the largest mean sole share in the
// chain's own detector, and the runner-up; nothing when the network is one chain.
void print_chain_bottlenecks(std::ostream& out, const model::Scenario& scenario,
                             const std::map<KpiKey, sim::RunningStats>& stats) {
    const auto chains = model::product_chains(scenario);
    if (chains.size() < 2) return;
    Table t({"chain", "bottleneck", "sole share", "next", "sole share"});
    for (const model::ProductChain& chain : chains) {
        std::vector<std::pair<std::string, double>> ranked;
        for (int i : chain.nodes) {
            const std::string& node = scenario.nodes[static_cast<std::size_t>(i)].name;
            if (const auto* s = find(stats, "chain_bottleneck_sole_share", chain.product, "", node))
                ranked.emplace_back(node, s->mean());
        }
        std::stable_sort(ranked.begin(), ranked.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        auto cell = [&](std::size_t i, bool share) -> std::string {
            if (i >= ranked.size() || ranked[i].second <= 0.0) return "-";
            return share ? format_number(100.0 * ranked[i].second, 3) + "%" : ranked[i].first;
        };
        t.add({chain.label(), cell(0, false), cell(0, true), cell(1, false), cell(1, true)});
    }
    out << "\nbottleneck per product chain (each chain's own active periods)\n";
    t.print(out);
}

using KpiStats = std::map<KpiKey, sim::RunningStats>;
using Sequence = std::vector<std::pair<double, std::string>>;

// What the summary shows, drawn once from the outcome: KPI statistics, the products ordered,
// the nodes by sole bottleneck share, and the first completed replication's bottleneck sequence.
struct SummaryFacts {
    KpiStats stats;
    std::vector<std::string> products;
    std::vector<std::pair<std::string, double>> sole;  // node, mean sole share
    const model::RunOutcome* first = nullptr;
    Sequence sequence;
};

SummaryFacts summary_facts(const model::ExperimentOutcome& outcome) {
    SummaryFacts f;
    f.stats = kpi_stats(outcome, 0);
    for (const auto& [key, s] : f.stats)
        if (std::get<0>(key) == "units_ordered" && std::get<2>(key).empty())
            f.products.push_back(std::get<1>(key));
    for (const auto& [key, s] : f.stats)
        if (std::get<0>(key) == "bottleneck_sole_share" && s.mean() > 0.0)
            f.sole.emplace_back(std::get<3>(key), s.mean());
    std::stable_sort(f.sole.begin(), f.sole.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& r : outcome.runs)
        if (r.status == model::RunStatus::Completed) {
            f.first = &r;
            break;
        }
    if (f.first) f.sequence = bottleneck_sequence(*f.first, 14.0);
    return f;
}

void write_kpis_json(JsonWriter& w, const KpiStats& stats) {
    w.key("kpis").begin_array();
    for (const auto& [key, s] : stats) {
        w.begin_object();
        w.key("kpi").value(std::get<0>(key));
        w.key("product").value(std::get<1>(key));
        w.key("buyer").value(std::get<2>(key));
        w.key("node").value(std::get<3>(key));
        w.key("n").value(static_cast<std::int64_t>(s.count()));
        w.key("mean").value(s.mean());
        if (s.count() > 1) w.key("ci95_half_width").value(sim::confidence_interval(s).half_width);
        w.end_object();
    }
    w.end_array();
}

void write_summary_json(std::ostream& out, const model::Scenario& scenario,
                        const model::ExperimentOutcome& outcome, const std::string& db,
                        std::uint64_t seed, const SummaryFacts& f) {
    JsonWriter w(out);
    w.begin_object();
    w.key("scenario").value(scenario.name);
    write_experiment_json(w, db, seed, static_cast<std::int64_t>(outcome.runs.size()), outcome);
    w.key("completed").value(static_cast<std::int64_t>(outcome.completed()));
    w.key("runs").begin_array();
    for (const auto& r : outcome.runs) {
        w.begin_object();
        w.key("replication").value(r.replication);
        w.key("run_id").value(static_cast<std::int64_t>(r.run_id));
        w.key("status").value(to_string(r.status));
        if (!r.error.empty()) w.key("error").value(r.error);
        w.end_object();
    }
    w.end_array();
    write_kpis_json(w, f.stats);
    w.key("bottleneck_sequence").begin_array();
    for (const auto& [day, node] : f.sequence) {
        w.begin_object();
        w.key("date").value(model::date_string(scenario.start, day));
        w.key("node").value(node);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    out << "\n";
}

void print_products(std::ostream& out, const SummaryFacts& f, std::size_t completed) {
    if (f.products.empty()) return;
    out << "\nproducts (mean" << (completed > 1 ? " ± 95% CI" : "") << " across replications)\n";
    Table t({"product", "delivered/day", "fill rate", "lead time mean (d)", "p50 (d)", "p90 (d)",
             "quoted peak (d)"});
    for (const std::string& p : f.products) {
        auto cell = [&](const char* kpi, int digits = 4) {
            const auto* s = find(f.stats, kpi, p);
            return s ? with_ci(*s, digits) : std::string("-");
        };
        t.add({p, cell("throughput_per_day"), cell("fill_rate", 3), cell("lead_time_mean_days"),
               cell("lead_time_p50_days"), cell("lead_time_p90_days"),
               cell("quoted_lead_time_peak_days")});
    }
    t.print(out);
}

// Buyers hurt most: by units short (ordered, not delivered by the end), as the report ranks
// them, the three largest of each product (units differ between products).
void print_buyers_hurt(std::ostream& out, const SummaryFacts& f) {
    std::vector<std::tuple<double, std::string, std::string>> hurt;  // short, buyer, product
    for (const auto& [key, s] : f.stats)
        if (std::get<0>(key) == "units_short" && !std::get<2>(key).empty())
            hurt.emplace_back(s.mean(), std::get<2>(key), std::get<1>(key));
    std::stable_sort(hurt.begin(), hurt.end(),
                     [](const auto& a, const auto& b) { return std::get<0>(a) > std::get<0>(b); });
    if (hurt.empty()) return;
    out << "\nbuyers hurt most (units short: ordered, not delivered by the end)\n";
    Table t({"buyer", "product", "units short", "lead time p90 (d)", "fill rate"});
    for (const std::string& p : f.products) {
        int listed = 0;
        for (const auto& [units_short, buyer, product] : hurt) {
            if (product != p || units_short <= 0.0 || listed == 3) continue;
            ++listed;
            const auto* p90 = find(f.stats, "lead_time_p90_days", product, buyer);
            const auto* fill = find(f.stats, "fill_rate", product, buyer);
            t.add({buyer, product, format_number(units_short),
                   p90 ? format_number(p90->mean()) : "-",
                   fill ? format_number(fill->mean(), 3) : "-"});
        }
    }
    t.print(out);
}

void print_bottlenecks(std::ostream& out, const model::Scenario& scenario, const SummaryFacts& f) {
    if (!f.sole.empty()) {
        out << "\nbottleneck share of time (sole)\n";
        Table t({"node", "sole share"});
        for (std::size_t i = 0; i < f.sole.size() && i < 6; ++i)
            t.add({f.sole[i].first, format_number(100.0 * f.sole[i].second, 3) + "%"});
        t.print(out);
    }
    print_chain_bottlenecks(out, scenario, f.stats);
    if (f.sequence.empty()) return;
    out << "\nbottleneck sequence (replication " << f.first->replication
        << ", spells of 14 days or more)\n";
    for (std::size_t i = 0; i < f.sequence.size() && i < 20; ++i)
        out << "  " << model::date_string(scenario.start, f.sequence[i].first) << "  "
            << f.sequence[i].second << "\n";
    if (f.sequence.size() > 20) out << "  ... " << f.sequence.size() - 20 << " more\n";
}

}  // namespace

void print_run_summary(std::ostream& out, const model::Scenario& scenario,
                       const model::ExperimentOutcome& outcome, const std::string& db,
                       std::uint64_t seed, bool json) {
    const SummaryFacts f = summary_facts(outcome);
    if (json) {
        write_summary_json(out, scenario, outcome, db, seed, f);
        return;
    }
    const std::size_t completed = outcome.completed();
    out << "scenario " << scenario.name << ": " << scenario.start.to_string() << " + "
        << format_number(scenario.horizon.to_days(), 4) << " days, seed " << seed << ", "
        << completed << "/" << outcome.runs.size() << " replications completed, "
        << format_number(static_cast<double>(outcome.events), 4) << " events in "
        << format_number(outcome.wall_seconds, 3) << " s\n";
    for (const auto& r : outcome.runs)
        if (r.status == model::RunStatus::Failed)
            out << "  replication " << r.replication << " failed: " << r.error << "\n";
    print_products(out, f, completed);
    print_markets(out, scenario, f.stats, completed);
    print_buyers_hurt(out, f);
    print_bottlenecks(out, scenario, f);
    print_recorded_in(out, db, outcome.experiment_id);
}

}  // namespace memchain::tools
