#include "tools/report/summary.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <tuple>

namespace memchain::report {

namespace {

// Back to the reference: within 5% of it, or two days, whichever is wider.
bool near(double value, double reference) {
    return value <= reference + std::max(2.0, 0.05 * reference);
}

// The first shock of `variant` that hurts supply or demand: capacity expansions and demand
// relief (a negative demand surge) leave nothing to recover from, and a capacity cut is the
// makers' own answer to a glut (as model::is_harmful()).
std::optional<double> first_shock_day(const ReportData& data, const std::string& variant) {
    std::optional<double> first;
    for (const auto& s : data.shocks) {
        const bool relief = s.kind == "capacity_expansion" || s.kind == "capacity_cut" ||
                            (s.kind == "demand_surge" && s.magnitude < 0.0);
        if (s.variant == variant && !relief && (!first || s.start_day < *first))
            first = s.start_day;
    }
    return first;
}

// Quoted lead time and throughput bands of a variant's product by day.
struct DayBands {
    Band quoted;
    Band throughput;
};
std::map<double, DayBands> bands_of(const ReportData& data, const std::string& variant,
                                    const std::string& product) {
    std::map<double, DayBands> out;
    for (const auto& p : data.product_points)
        if (p.variant == variant && p.product == product && p.quoted_lead_time_days)
            out[p.day] = {*p.quoted_lead_time_days, p.throughput_per_day};
    return out;
}

// Whether the variant's throughput on `day` was below a tenth of its mean over the run.
bool throughput_near_zero(const std::map<double, DayBands>& bands, double day) {
    double sum = 0.0;
    for (const auto& [d, b] : bands) sum += b.throughput.mean;
    const auto at = bands.find(day);
    if (bands.empty() || at == bands.end()) return false;
    const double usual = sum / static_cast<double>(bands.size());
    return at->second.throughput.mean < 0.1 * usual;
}

// The first sample day from which `curve` stays near `reference(day)` to the end of the run.
template <class Reference>
std::optional<double> back_from(const std::vector<std::pair<double, double>>& curve, double after,
                                Reference reference) {
    std::optional<double> back;
    for (const auto& [day, value] : curve) {
        if (day < after) continue;
        const auto ref = reference(day);
        if (!ref) continue;
        if (!near(value, *ref))
            back.reset();
        else if (!back)
            back = day;
    }
    return back;
}

namespace {

// The highest point of `curve` from `from` on among the days `counts` accepts; false when none.
template <class Counts>
bool highest_point(const std::vector<std::pair<double, double>>& curve, double from,
                   const Counts& counts, PeakFinding& f) {
    bool found = false;
    for (const auto& [day, value] : curve) {
        if (day < from || (found && value <= f.peak_days) || !counts(day)) continue;
        f.peak_days = value;
        f.peak_day = day;
        found = true;
    }
    return found;
}

// The recovery the engine measured (KPI recovery_days), when the runs wrote it; false if not.
bool engine_recovery(const ReportData& data, const Variant& v, const std::string& product,
                     PeakFinding& f) {
    const Comparison* c = data.comparison(v.name, "recovery_days", product);
    if (!c) return false;
    f.recovery_from_engine = true;
    f.recovery_days = c->variant_mean;
    f.pairs = c->n;
    if (const Comparison* share = data.comparison(v.name, "recovered_share", product))
        f.not_recovered = static_cast<int>(std::lround(share->n * (1.0 - share->variant_mean)));
    else if (*f.shock_day + c->variant_mean >= data.horizon_days - 1e-9)
        f.not_recovered = c->n;
    // Censored values are lower bounds: an interval over them says nothing about the time.
    if (c->base_mean == 0.0 && c->n > 1 && f.not_recovered == 0) {
        f.recovery_ci_low = std::max(0.0, c->diff_ci_low);
        f.recovery_ci_high = c->diff_ci_high;
    }
    f.recovery = f.not_recovered >= f.pairs ? Recovery::NotRecovered : Recovery::Recovered;
    return true;
}

// The recovery read from the curves: back to the base's curve, or without a base to the
// level before the shock; nothing to say without either.
void curve_recovery(const std::vector<std::pair<double, double>>& curve,
                    const std::map<double, double>& base_curve, PeakFinding& f) {
    std::optional<double> back;
    if (!base_curve.empty()) {
        back = back_from(curve, *f.shock_day, [&](double day) -> std::optional<double> {
            const auto it = base_curve.find(day);
            if (it == base_curve.end()) return std::nullopt;
            return it->second;
        });
    } else if (f.reference_days) {
        const double level = *f.reference_days;
        back = back_from(curve, std::max(*f.shock_day, f.peak_day),
                         [&](double) -> std::optional<double> { return level; });
    } else {
        return;
    }
    if (back) {
        f.recovery = Recovery::Recovered;
        f.recovery_days = *back - *f.shock_day;
    } else {
        f.recovery = Recovery::NotRecovered;
    }
}

// The quoted lead time to compare the peak with: the base's on the peak's day, or without a
// base the mean before the shock.
void reference_level(const std::vector<std::pair<double, double>>& curve,
                     const std::map<double, double>& base_curve, PeakFinding& f) {
    if (!base_curve.empty()) {
        const auto at_peak = base_curve.find(f.peak_day);
        if (at_peak != base_curve.end()) f.reference_days = at_peak->second;
    } else if (f.shock_day) {
        double sum = 0.0;
        int n = 0;
        for (const auto& [day, value] : curve)
            if (day < *f.shock_day) sum += value, ++n;
        if (n > 0) f.reference_days = sum / n;
    }
}

}  // namespace

PeakFinding peak_finding(const ReportData& data, const Variant& v, const std::string& product) {
    PeakFinding f;
    f.variant = v.name;
    f.product = product;
    const auto curve = quoted_curve(data, v.name, product);
    f.shock_day = first_shock_day(data, v.name);
    const Variant* base = data.base();
    std::map<double, double> base_curve;
    if (base && base != &v)
        for (const auto& [day, value] : quoted_curve(data, base->name, product))
            base_curve[day] = value;
    const auto bands = bands_of(data, v.name, product);
    std::map<double, DayBands> base_bands;
    if (!base_curve.empty()) base_bands = bands_of(data, base->name, product);
    // Against a base, only days on which the whole band is above the base's count: a higher
    // mean inside the base's own spread is noise, however late it comes.
    const bool banded = !base_bands.empty() && v.replications() > 1 && base->replications() > 1;
    const auto above_base = [&](double day) {
        if (!banded) return true;
        const auto b = base_bands.find(day);
        const auto own = bands.find(day);
        return b != base_bands.end() && own != bands.end() &&
               own->second.quoted.low > b->second.quoted.high;
    };
    // With a shock, the peak that matters is the one it caused, not a start-up transient.
    const double from = f.shock_day.value_or(curve.front().first);
    if (!highest_point(curve, from, above_base, f)) {
        // Nothing above the noise: the plain highest mean, marked as such.
        f.distinguishable = false;
        highest_point(
            curve, from, [](double) { return true; }, f);
    }
    if (const Comparison* c = data.comparison(v.name, "quoted_lead_time_peak_days", product))
        if (c->n > 1 && c->diff_ci_low <= 0.0) f.distinguishable = false;
    f.throughput_near_zero = throughput_near_zero(bands, f.peak_day);
    reference_level(curve, base_curve, f);
    if (!f.shock_day) return f;  // nothing happened to recover from
    if (!engine_recovery(data, v, product, f)) curve_recovery(curve, base_curve, f);
    return f;
}

std::optional<BuyerImpact> worst_buyer(const ReportData& data, const Variant& v) {
    const Variant* base = data.base();
    const bool against_base = base && base != &v;
    std::optional<BuyerImpact> worst;
    // The end buyers (nodes of block `buyer`) when the network names them: a packaging line
    // waiting for stacks is a stage of the chain, not a customer.
    const auto end_buyer = [&](const std::string& name) {
        const Node* n = data.node(name);
        return n && n->block == "buyer";
    };
    bool any_end_buyer = false;
    for (const auto& n : data.nodes) any_end_buyer = any_end_buyer || n.block == "buyer";
    // Buyer totals when the engine wrote them, else each product of each buyer.
    for (const bool totals : {true, false}) {
        for (const auto& k : data.kpis) {
            if (k.variant != v.name || k.kpi != "lead_time_mean_days" || k.buyer.empty()) continue;
            if (totals != k.product.empty()) continue;
            if (any_end_buyer && !end_buyer(k.buyer)) continue;
            BuyerImpact b;
            b.variant = v.name;
            b.buyer = k.buyer;
            b.product = k.product;
            b.lead_time_days = k.mean;
            if (const auto* fill = data.kpi(v.name, "fill_rate", k.product, k.buyer))
                b.fill_rate = fill->mean;
            if (against_base) {
                if (const Comparison* c = data.comparison(v.name, k.kpi, k.product, k.buyer)) {
                    b.base_lead_time_days = c->base_mean;
                    b.change_days = c->diff_mean;
                    if (c->n > 1) {
                        b.change_ci_low = c->diff_ci_low;
                        b.change_ci_high = c->diff_ci_high;
                        b.distinguishable = c->diff_ci_low > 0.0;
                    }
                } else if (const auto* bk = data.kpi(base->name, k.kpi, k.product, k.buyer)) {
                    b.base_lead_time_days = bk->mean;
                    b.change_days = k.mean - bk->mean;
                }
                const auto* base_fill = data.kpi(base->name, "fill_rate", k.product, k.buyer);
                if (b.fill_rate && base_fill) b.fill_rate_change = *b.fill_rate - base_fill->mean;
            }
            const auto score = [&](const BuyerImpact& x) {
                return against_base ? x.change_days.value_or(-1e300) : x.lead_time_days;
            };
            const bool better =
                !worst || b.distinguishable > worst->distinguishable ||
                (b.distinguishable == worst->distinguishable && score(b) > score(*worst));
            if (better) worst = b;
        }
        if (worst) break;
    }
    return worst;
}

VariantEffects effects_of(const ReportData& data, const Variant& v) {
    VariantEffects out;
    out.variant = v.name;
    for (const auto& c : data.comparisons) {
        if (c.variant != v.name) continue;
        const KpiInfo info = kpi_info(c.kpi);
        if (!info.headline || c.base_mean == 0.0) continue;
        Effect e{c, info, c.diff_mean / std::fabs(c.base_mean),
                 c.n > 1 && (c.diff_ci_low > 0.0 || c.diff_ci_high < 0.0)};
        out.effects.push_back(std::move(e));
    }
    std::stable_sort(out.effects.begin(), out.effects.end(), [](const Effect& a, const Effect& b) {
        if (a.significant != b.significant) return a.significant;
        return std::fabs(a.relative) > std::fabs(b.relative);
    });
    if (out.effects.size() > 5) out.effects.resize(5);
    return out;
}

// Per node and time slot, across replications: how much of the slot the node was the
// bottleneck (a sole period counts 1, a shifting one is shared among the nodes shifting), and
// how much of that as the sole bottleneck. Nodes are numbered as they first appear.
struct SlotWeights {
    std::vector<std::string> names;
    std::vector<std::vector<double>> weight;  // [node][slot]
    std::vector<std::vector<double>> sole;
};

SlotWeights slot_weights(const std::map<int, std::vector<const BottleneckSpan*>>& by_replication,
                         double step, std::size_t slots) {
    SlotWeights w;
    auto index_of = [&](const std::string& name) {
        const auto it = std::find(w.names.begin(), w.names.end(), name);
        if (it != w.names.end()) return static_cast<int>(it - w.names.begin());
        w.names.push_back(name);
        return static_cast<int>(w.names.size() - 1);
    };
    for (const auto& [replication, spans] : by_replication) {
        std::vector<int> sole_at(slots, -1);
        std::vector<std::vector<int>> shifting_at(slots);
        for (const BottleneckSpan* s : spans) {
            const int node = index_of(s->node);
            const auto first =
                static_cast<std::size_t>(std::max(0.0, std::ceil(s->start_day / step - 0.5)));
            for (std::size_t i = first; i < slots; ++i) {
                const double t = (static_cast<double>(i) + 0.5) * step;
                if (t >= s->end_day) break;
                if (s->shifting)
                    shifting_at[i].push_back(node);
                else
                    sole_at[i] = node;
            }
        }
        while (w.weight.size() < w.names.size()) {
            w.weight.emplace_back(slots, 0.0);
            w.sole.emplace_back(slots, 0.0);
        }
        for (std::size_t i = 0; i < slots; ++i) {
            if (sole_at[i] >= 0) {
                w.weight[sole_at[i]][i] += 1.0;
                w.sole[sole_at[i]][i] += 1.0;
            } else {
                for (int node : shifting_at[i])
                    w.weight[node][i] += 1.0 / static_cast<double>(shifting_at[i].size());
            }
        }
    }
    return w;
}

struct SlotRun {
    int node;
    std::size_t from, to;  // slots [from, to)
};

// The node with the most weight in each slot (-1: none), in runs of equal slots.
std::vector<SlotRun> leading_runs(const SlotWeights& w, std::size_t slots) {
    std::vector<SlotRun> runs;
    for (std::size_t i = 0; i < slots; ++i) {
        int best = -1;
        double best_weight = 0.0;
        for (std::size_t n = 0; n < w.names.size(); ++n)
            if (w.weight[n][i] > best_weight + 1e-12)
                best = static_cast<int>(n), best_weight = w.weight[n][i];
        if (!runs.empty() && runs.back().node == best && runs.back().to == i)
            runs.back().to = i + 1;
        else
            runs.push_back({best, i, i + 1});
    }
    return runs;
}

// Folds the shortest run into its longer neighbour until every run lasts `min_slots` or more.
void fold_short_runs(std::vector<SlotRun>& runs, std::size_t min_slots) {
    auto merge_equal = [&] {
        std::vector<SlotRun> merged;
        for (const SlotRun& r : runs) {
            if (!merged.empty() && merged.back().node == r.node)
                merged.back().to = r.to;
            else
                merged.push_back(r);
        }
        runs = std::move(merged);
    };
    while (runs.size() > 1) {
        std::size_t shortest = 0;
        for (std::size_t i = 1; i < runs.size(); ++i)
            if (runs[i].to - runs[i].from < runs[shortest].to - runs[shortest].from) shortest = i;
        if (runs[shortest].to - runs[shortest].from >= min_slots) break;
        const bool has_before = shortest > 0;
        const bool has_after = shortest + 1 < runs.size();
        std::size_t into = has_before ? shortest - 1 : shortest + 1;
        if (has_before && has_after &&
            runs[shortest + 1].to - runs[shortest + 1].from >
                runs[shortest - 1].to - runs[shortest - 1].from)
            into = shortest + 1;
        runs[shortest].node = runs[into].node;
        merge_equal();
    }
}

}  // namespace

std::vector<std::pair<double, double>> quoted_curve(const ReportData& data,
                                                    const std::string& variant,
                                                    const std::string& product) {
    std::vector<std::pair<double, double>> curve;
    for (const auto& p : data.product_points)
        if (p.variant == variant && p.product == product && p.quoted_lead_time_days)
            curve.emplace_back(p.day, p.quoted_lead_time_days->mean);
    std::sort(curve.begin(), curve.end());
    return curve;
}

BottleneckSequence bottleneck_sequence(const ReportData& data, const std::string& variant,
                                       double min_days) {
    BottleneckSequence out;
    out.variant = variant;
    const Variant* v = data.variant(variant);
    if (!v || data.horizon_days <= 0.0) return out;
    out.replications = v->replications();

    const double step = std::max(1.0, data.horizon_days / 2000.0);
    const auto slots = static_cast<std::size_t>(std::ceil(data.horizon_days / step));
    std::map<int, std::vector<const BottleneckSpan*>> by_replication;
    for (const auto& s : data.bottleneck_spans)
        if (s.variant == variant) by_replication[s.replication].push_back(&s);
    if (by_replication.empty()) return out;
    const SlotWeights w = slot_weights(by_replication, step, slots);
    const double reps = static_cast<double>(by_replication.size());

    std::vector<SlotRun> runs = leading_runs(w, slots);
    fold_short_runs(runs, static_cast<std::size_t>(std::ceil(min_days / step)));
    for (const SlotRun& r : runs) {
        if (r.node < 0) continue;  // no bottleneck recorded then
        BottleneckStep s;
        s.node = w.names[r.node];
        s.start_day = static_cast<double>(r.from) * step;
        s.end_day = std::min(data.horizon_days, static_cast<double>(r.to) * step);
        double weight = 0.0, sole = 0.0;
        for (std::size_t i = r.from; i < r.to; ++i) {
            weight += w.weight[r.node][i];
            sole += w.sole[r.node][i];
        }
        s.agreement = weight / (reps * static_cast<double>(r.to - r.from));
        s.sole_share = weight > 0.0 ? sole / weight : 0.0;
        out.steps.push_back(s);
    }
    return out;
}

std::vector<const Comparison*> headline_comparisons(const ReportData& data,
                                                    std::size_t max_scopes) {
    static const char* order[] = {
        "lead_time_mean_days", "lead_time_p90_days",         "fill_rate",
        "recovery_days",       "quoted_lead_time_peak_days", "quoted_lead_time_mean_days",
        "backlog_peak",        "throughput_per_day",         "units_delivered"};
    auto rank_of_kpi = [&](const std::string& kpi) {
        for (std::size_t i = 0; i < std::size(order); ++i)
            if (kpi == order[i]) return static_cast<int>(i);
        return -1;
    };
    auto rank_of_scope = [](const Comparison& c) {
        if (!c.node.empty()) return 4;
        if (c.product.empty() && c.buyer.empty()) return 0;
        if (c.buyer.empty()) return 1;
        if (c.product.empty()) return 2;
        return 3;
    };
    auto rank_of_variant = [&](const std::string& name) {
        for (std::size_t i = 0; i < data.variants.size(); ++i)
            if (data.variants[i].name == name) return static_cast<int>(i);
        return static_cast<int>(data.variants.size());
    };
    std::vector<const Comparison*> rows;
    for (const auto& c : data.comparisons)
        if (rank_of_kpi(c.kpi) >= 0 && c.node.empty()) rows.push_back(&c);
    std::stable_sort(rows.begin(), rows.end(), [&](const Comparison* a, const Comparison* b) {
        return std::make_tuple(rank_of_kpi(a->kpi), rank_of_scope(*a), a->product, a->buyer,
                               rank_of_variant(a->variant)) <
               std::make_tuple(rank_of_kpi(b->kpi), rank_of_scope(*b), b->product, b->buyer,
                               rank_of_variant(b->variant));
    });
    std::vector<const Comparison*> out;
    std::size_t scopes = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const bool new_scope = i == 0 || rows[i]->kpi != rows[i - 1]->kpi ||
                               rows[i]->product != rows[i - 1]->product ||
                               rows[i]->buyer != rows[i - 1]->buyer;
        if (new_scope && ++scopes > max_scopes) break;
        out.push_back(rows[i]);
    }
    return out;
}

Summary summarize(const ReportData& data) {
    Summary s;
    const double min_days = std::max(3.0, 0.02 * data.horizon_days);
    for (const auto& v : data.variants) {
        for (const auto& product : data.products) {
            if (quoted_curve(data, v.name, product).empty()) continue;
            s.peaks.push_back(peak_finding(data, v, product));
        }
        auto sequence = bottleneck_sequence(data, v.name, min_days);
        if (!sequence.steps.empty()) s.sequences.push_back(std::move(sequence));
        const bool alone = data.variants.size() == 1;
        if (!v.base || alone)
            if (auto worst = worst_buyer(data, v)) s.worst_buyers.push_back(*worst);
        if (!v.base) {
            auto effects = effects_of(data, v);
            if (!effects.effects.empty()) s.effects.push_back(std::move(effects));
        }
    }
    return s;
}

}  // namespace memchain::report
