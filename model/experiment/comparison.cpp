#include "model/experiment/comparison.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include <boost/math/distributions/normal.hpp>

#include "model/record/sqlite.hpp"

namespace memchain::model {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

sim::RunningStats stats_of(const std::vector<double>& values) {
    sim::RunningStats s;
    for (double v : values) s.add(v);
    return s;
}

bool same_occurrence(const ShockRecord& a, const ShockRecord& b) {
    return a.name == b.name && a.kind == b.kind && a.target == b.target &&
           a.start_day == b.start_day && a.end_day == b.end_day && a.magnitude == b.magnitude;
}

// A product's quoted lead times by sample day.
std::map<double, std::optional<double>> quotes_of(const std::vector<ProductSample>& samples,
                                                  const std::string& product) {
    std::map<double, std::optional<double>> quotes;
    for (const ProductSample& s : samples)
        if (s.product == product) quotes[s.day] = s.quoted_lead_time_days;
    return quotes;
}

bool within_band(const std::optional<double>& base, const std::optional<double>& variant,
                 const RecoveryTolerance& tolerance, double base_spread_days) {
    if (!base || !variant) return !base && !variant;
    const double band = std::max({tolerance.relative * std::fabs(*base), tolerance.absolute_days,
                                  tolerance.noise_multiple * base_spread_days});
    return std::fabs(*variant - *base) <= band;
}

using Key = std::tuple<std::string, std::string, std::string, std::string>;

// KPI values of one run by key.
std::map<Key, double> kpis_of(const RunOutcome& run) {
    std::map<Key, double> values;
    for (const Kpi& k : run.kpis) values[{k.name, k.product, k.buyer, k.node}] = k.value;
    return values;
}

KpiDifference one_sided(const std::string& variant, const std::string& kpi,
                        const std::string& product, const std::vector<double>& values,
                        double level) {
    KpiDifference d;
    d.variant = variant;
    d.kpi = kpi;
    d.product = product;
    const sim::RunningStats s = stats_of(values);
    d.variant_mean = s.mean();
    d.paired = sim::confidence_interval(s, level);
    d.unpaired = d.paired;
    return d;
}

}  // namespace

sim::ConfidenceInterval paired_difference(const std::vector<double>& base,
                                          const std::vector<double>& variant, double level) {
    assert(base.size() == variant.size() && "paired samples come in pairs");
    sim::RunningStats diff;
    for (std::size_t i = 0; i < base.size() && i < variant.size(); ++i)
        diff.add(variant[i] - base[i]);
    return sim::confidence_interval(diff, level);
}

sim::ConfidenceInterval unpaired_difference(const std::vector<double>& base,
                                            const std::vector<double>& variant, double level) {
    const sim::RunningStats b = stats_of(base), v = stats_of(variant);
    sim::ConfidenceInterval ci;
    ci.mean = v.mean() - b.mean();
    ci.n = b.count() + v.count();
    if (b.count() < 2 || v.count() < 2) {
        ci.half_width = infinity;
        return ci;
    }
    const double nb = static_cast<double>(b.count()), nv = static_cast<double>(v.count());
    const double qb = b.variance() / nb, qv = v.variance() / nv;
    const double se2 = qb + qv;
    if (se2 <= 0.0) {
        ci.half_width = 0.0;
        return ci;
    }
    const double df = se2 * se2 / (qb * qb / (nb - 1.0) + qv * qv / (nv - 1.0));
    ci.half_width = sim::student_t_quantile(df, 0.5 + level / 2.0) * std::sqrt(se2);
    return ci;
}

ProportionInterval wilson_interval(int successes, int n, double level) {
    ProportionInterval p;
    if (n <= 0) return p;
    const double z = boost::math::quantile(boost::math::normal(), 0.5 + level / 2.0);
    const double trials = static_cast<double>(n);
    p.share = static_cast<double>(successes) / trials;
    const double z2 = z * z;
    const double centre = (p.share + z2 / (2.0 * trials)) / (1.0 + z2 / trials);
    const double half =
        z / (1.0 + z2 / trials) *
        std::sqrt(p.share * (1.0 - p.share) / trials + z2 / (4.0 * trials * trials));
    p.low = std::max(0.0, centre - half);
    p.high = std::min(1.0, centre + half);
    return p;
}

bool relieves(const ShockRecord& shock) {
    return shock.kind == "capacity_expansion" ||
           (shock.kind == "demand_surge" && shock.magnitude < 0.0);
}

bool is_harmful(const ShockRecord& shock) {
    return !relieves(shock) && shock.kind != "capacity_cut";
}

double run_to_run_spread(const std::vector<const std::vector<ProductSample>*>& runs,
                         const std::string& product, double from_day) {
    std::map<double, sim::RunningStats> by_day;
    for (const auto* samples : runs)
        for (const ProductSample& s : *samples)
            if (s.product == product && s.day >= from_day && s.quoted_lead_time_days)
                by_day[s.day].add(*s.quoted_lead_time_days);
    double sum_of_variances = 0.0;
    int days = 0;
    for (const auto& [day, stats] : by_day) {
        if (stats.count() < 2) continue;
        sum_of_variances += stats.variance();
        ++days;
    }
    return days == 0 ? 0.0 : std::sqrt(sum_of_variances / days);
}

std::optional<double> first_own_shock_day(const std::vector<ShockRecord>& base,
                                          const std::vector<ShockRecord>& variant) {
    std::optional<double> first;
    for (const ShockRecord& v : variant) {
        if (!is_harmful(v)) continue;
        const bool shared = std::any_of(
            base.begin(), base.end(), [&](const ShockRecord& b) { return same_occurrence(b, v); });
        if (shared) continue;
        if (!first || v.start_day < *first) first = v.start_day;
    }
    return first;
}

std::optional<Recovery> recovery_time(const std::vector<ProductSample>& base,
                                      const std::vector<ProductSample>& variant,
                                      const std::string& product, double shock_day,
                                      double horizon_days, RecoveryTolerance tolerance,
                                      double base_spread_days) {
    const auto base_quotes = quotes_of(base, product);
    const auto variant_quotes = quotes_of(variant, product);
    // Walk the common sample days from t0 on, remembering where the last stretch inside the
    // band began.
    double stretch_start = 0.0;
    bool inside = false, any = false;
    for (auto it = variant_quotes.lower_bound(shock_day); it != variant_quotes.end(); ++it) {
        const auto b = base_quotes.find(it->first);
        if (b == base_quotes.end()) continue;
        any = true;
        const bool now_inside = within_band(b->second, it->second, tolerance, base_spread_days);
        if (now_inside && !inside) stretch_start = it->first;
        inside = now_inside;
    }
    if (!any) return std::nullopt;
    Recovery r;
    r.shock_day = shock_day;
    r.recovered = inside;
    r.days = (inside ? stretch_start : horizon_days) - shock_day;
    return r;
}

bool is_fraction_kpi(const std::string& kpi) {
    const std::string share = "_share";
    const bool ends_in_share = kpi.size() >= share.size() &&
                               kpi.compare(kpi.size() - share.size(), share.size(), share) == 0;
    return ends_in_share || kpi == "fill_rate" || kpi == "p_wait" || kpi == "utilization_mean";
}

double KpiDifference::effect_size() const {
    if (is_fraction_kpi(kpi)) return std::fabs(paired.mean);
    const double scale = std::max(std::fabs(base_mean), std::fabs(variant_mean));
    if (scale <= 0.0) return 0.0;
    return std::fabs(paired.mean) / scale;
}

ComparisonRow KpiDifference::to_row() const {
    ComparisonRow row;
    row.variant = variant;
    row.kpi = kpi;
    row.product = product;
    row.buyer = buyer;
    row.node = node;
    row.n = static_cast<int>(paired.n);
    row.base_mean = base_mean;
    row.variant_mean = variant_mean;
    row.diff_mean = paired.mean;
    row.diff_ci_low = paired.low();
    row.diff_ci_high = paired.high();
    row.unpaired_ci_low = unpaired.low();
    row.unpaired_ci_high = unpaired.high();
    row.peak_day = day;
    if (proportion) {
        row.diff_ci_low = row.unpaired_ci_low = proportion->low;
        row.diff_ci_high = row.unpaired_ci_high = proportion->high;
    }
    if (kpi == "recovery_days") {
        // A recovery time is never negative, so neither is its mean: the t interval's part
        // below zero is cut, which keeps its coverage (the interval still holds the mean
        // whenever the uncut one does).
        row.diff_ci_low = std::max(0.0, row.diff_ci_low);
        row.unpaired_ci_low = std::max(0.0, row.unpaired_ci_low);
    }
    return row;
}

std::vector<KpiDifference> price_response(const std::string& variant, const std::string& product,
                                          const std::vector<PricePair>& pairs, double horizon_days,
                                          double level) {
    constexpr double end_window_days = 91.0;
    // Per pair, the spots of `product` on the days both runs sampled from its t0 on.
    struct Spots {
        std::map<double, std::pair<double, double>> by_day;  // day -> (base, variant)
    };
    std::vector<Spots> spots(pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        std::map<double, double> base;
        for (const MarketSample& m : *pairs[i].base)
            if (m.product == product && m.day >= pairs[i].shock_day) base[m.day] = m.spot;
        for (const MarketSample& m : *pairs[i].variant) {
            if (m.product != product) continue;
            const auto b = base.find(m.day);
            if (b != base.end()) spots[i].by_day[m.day] = {b->second, m.spot};
        }
    }
    // d*: the day with the largest mean paired difference over the pairs that sampled it, two
    // at least; the earliest such day on a tie.
    std::map<double, sim::RunningStats> mean_by_day;
    for (const Spots& p : spots)
        for (const auto& [day, bv] : p.by_day) mean_by_day[day].add(bv.second - bv.first);
    std::optional<double> peak_day;
    double peak = -std::numeric_limits<double>::infinity();
    for (const auto& [day, stats] : mean_by_day)
        if (stats.count() >= 2 && stats.mean() > peak) {
            peak = stats.mean();
            peak_day = day;
        }
    std::vector<KpiDifference> rows;
    const auto row = [&](const char* kpi, const std::vector<double>& base,
                         const std::vector<double>& var) {
        KpiDifference d;
        d.variant = variant;
        d.kpi = kpi;
        d.product = product;
        d.base_mean = stats_of(base).mean();
        d.variant_mean = stats_of(var).mean();
        d.paired = paired_difference(base, var, level);
        d.unpaired = unpaired_difference(base, var, level);
        return d;
    };
    if (peak_day) {
        std::vector<double> base, var;
        for (const Spots& p : spots)
            if (const auto it = p.by_day.find(*peak_day); it != p.by_day.end()) {
                base.push_back(it->second.first);
                var.push_back(it->second.second);
            }
        rows.push_back(row("spot_price_shock_peak", base, var));
        rows.back().day = *peak_day;
    }
    std::vector<double> base, var;
    for (const Spots& p : spots) {
        sim::RunningStats b, v;
        for (const auto& [day, bv] : p.by_day)
            if (day > horizon_days - end_window_days) {
                b.add(bv.first);
                v.add(bv.second);
            }
        if (b.count() == 0) continue;
        base.push_back(b.mean());
        var.push_back(v.mean());
    }
    if (base.size() >= 2) rows.push_back(row("spot_price_shock_end", base, var));
    return rows;
}

namespace {

// Completed runs by (variant, replication).
using RunIndex = std::map<std::pair<std::size_t, int>, const RunOutcome*>;

// What one variant's runs give when paired with the base's runs of the same replication.
struct VariantSamples {
    struct Pairs {
        std::vector<double> base, variant;  // pair i from one replication
    };
    std::map<Key, Pairs> kpis;
    std::map<std::string, std::vector<double>> recovery_days, recovered;
    std::map<std::string, int> censored;
    std::map<std::string, std::vector<PricePair>> price_pairs;
};

// The run-to-run spread of the base's quoted lead times, once per (product, t0).
class SpreadCache {
public:
    explicit SpreadCache(const RunIndex& runs) {
        for (const auto& [at, run] : runs)
            if (at.first == 0) base_samples_.push_back(&run->product_samples);
    }
    double operator()(const std::string& product, double t0) {
        const auto [it, added] = spreads_.try_emplace({product, t0}, 0.0);
        if (added) it->second = run_to_run_spread(base_samples_, product, t0);
        return it->second;
    }

private:
    std::vector<const std::vector<ProductSample>*> base_samples_;
    std::map<std::pair<std::string, double>, double> spreads_;  // (product, t0)
};

void add_kpi_pairs(VariantSamples& samples, const std::map<Key, double>& base_values,
                   const std::map<Key, double>& variant_values) {
    for (const auto& [key, value] : variant_values) {
        const auto b = base_values.find(key);
        if (b == base_values.end()) continue;
        samples.kpis[key].base.push_back(b->second);
        samples.kpis[key].variant.push_back(value);
    }
}

void add_price_pairs(VariantSamples& samples, const RunOutcome& base_run, const RunOutcome& run,
                     double t0) {
    for (const MarketSample& m : run.market_samples) {
        auto& pairs = samples.price_pairs[m.product];
        if (pairs.empty() || pairs.back().variant != &run.market_samples)
            pairs.push_back({&base_run.market_samples, &run.market_samples, t0});
    }
}

// The recovery time of each product the variant's run sampled, after the shock at t0.
void add_recoveries(VariantSamples& samples, const RunOutcome& base_run, const RunOutcome& run,
                    double t0, double horizon, const RecoveryTolerance& tolerance,
                    SpreadCache& spread) {
    std::vector<std::string> products;
    for (const ProductSample& s : run.product_samples)
        if (products.empty() || products.back() != s.product) products.push_back(s.product);
    std::sort(products.begin(), products.end());
    products.erase(std::unique(products.begin(), products.end()), products.end());
    for (const std::string& product : products) {
        const auto r = recovery_time(base_run.product_samples, run.product_samples, product, t0,
                                     horizon, tolerance, spread(product, t0));
        if (!r) continue;
        samples.recovery_days[product].push_back(r->days);
        samples.recovered[product].push_back(r->recovered ? 1.0 : 0.0);
        if (!r->recovered) ++samples.censored[product];
    }
}

// Pairs each of variant v's completed runs with the base's run of the same replication.
VariantSamples pair_runs(const ExperimentSpec& spec, std::size_t v, const RunIndex& runs,
                         const std::map<int, std::map<Key, double>>& base_kpis,
                         const ComparisonOptions& options) {
    VariantSamples samples;
    SpreadCache spread(runs);
    const double horizon = spec.variants[v].scenario->horizon.to_days();
    for (const auto& [at, run] : runs) {
        if (at.first != v) continue;
        const auto base_values = base_kpis.find(at.second);
        if (base_values == base_kpis.end()) continue;
        add_kpi_pairs(samples, base_values->second, kpis_of(*run));
        const RunOutcome& base_run = *runs.at({0, at.second});
        const auto t0 = first_own_shock_day(base_run.shocks, run->shocks);
        if (!t0) continue;
        add_price_pairs(samples, base_run, *run, *t0);
        add_recoveries(samples, base_run, *run, *t0, horizon, options.tolerance, spread);
    }
    return samples;
}

void add_kpi_rows(std::vector<KpiDifference>& rows, const std::string& name,
                  const VariantSamples& samples, double level) {
    for (const auto& [key, s] : samples.kpis) {
        if (s.base.size() < 2) continue;
        KpiDifference d;
        d.variant = name;
        std::tie(d.kpi, d.product, d.buyer, d.node) = key;
        d.base_mean = stats_of(s.base).mean();
        d.variant_mean = stats_of(s.variant).mean();
        d.paired = paired_difference(s.base, s.variant, level);
        d.unpaired = unpaired_difference(s.base, s.variant, level);
        rows.push_back(std::move(d));
    }
}

void add_recovery_rows(std::vector<KpiDifference>& rows, const std::string& name,
                       VariantSamples& samples, double level) {
    for (const auto& [product, values] : samples.recovery_days) {
        if (values.size() < 2) continue;
        const int censored = samples.censored[product];
        KpiDifference d = one_sided(name, "recovery_days", product, values, level);
        d.censored = censored;
        rows.push_back(std::move(d));
        const auto& shares = samples.recovered[product];
        KpiDifference share = one_sided(name, "recovered_share", product, shares, level);
        const int n = static_cast<int>(shares.size());
        share.proportion = wilson_interval(n - censored, n, level);
        rows.push_back(std::move(share));
    }
}

}  // namespace

std::vector<KpiDifference> compare_variants(const ExperimentSpec& spec,
                                            const ExperimentOutcome& outcome,
                                            const ComparisonOptions& options) {
    std::vector<KpiDifference> rows;
    if (spec.variants.size() < 2) return rows;
    RunIndex runs;
    for (const RunOutcome& r : outcome.runs)
        if (r.status == RunStatus::Completed) runs[{r.variant, r.replication}] = &r;
    std::map<int, std::map<Key, double>> base_kpis;
    for (const auto& [at, run] : runs)
        if (at.first == 0) base_kpis[at.second] = kpis_of(*run);

    for (std::size_t v = 1; v < spec.variants.size(); ++v) {
        const std::string& name = spec.variants[v].name;
        VariantSamples samples = pair_runs(spec, v, runs, base_kpis, options);
        add_kpi_rows(rows, name, samples, options.level);
        add_recovery_rows(rows, name, samples, options.level);
        const double horizon = spec.variants[v].scenario->horizon.to_days();
        for (const auto& [product, pairs] : samples.price_pairs)
            for (KpiDifference& d : price_response(name, product, pairs, horizon, options.level))
                rows.push_back(std::move(d));
    }
    return rows;
}

void record_comparisons(Recorder& recorder, std::int64_t experiment_id,
                        const std::vector<ComparisonRow>& rows) {
    sqlite::Database& db = recorder.database();
    sqlite::Transaction tx(db);
    auto st = db.prepare(
        "INSERT OR REPLACE INTO comparisons (experiment_id, variant, kpi, product, buyer, node, n, "
        "base_mean, variant_mean, diff_mean, diff_ci_low, diff_ci_high, unpaired_ci_low, "
        "unpaired_ci_high, peak_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const ComparisonRow& c : rows) {
        st.reset();
        st.bind(1, experiment_id).bind(2, c.variant).bind(3, c.kpi).bind(4, c.product);
        st.bind(5, c.buyer).bind(6, c.node).bind(7, c.n).bind(8, c.base_mean);
        st.bind(9, c.variant_mean).bind(10, c.diff_mean).bind(11, c.diff_ci_low);
        st.bind(12, c.diff_ci_high).bind(13, c.unpaired_ci_low).bind(14, c.unpaired_ci_high);
        st.bind(15, c.peak_day).run();
    }
    tx.commit();
}

}  // namespace memchain::model
