#include "report/fixture_db.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <optional>
#include <tuple>
#include <vector>

#include "model/experiment/comparison.hpp"
#include "model/record/recorder.hpp"
#include "sim/stats.hpp"

namespace memchain::testing {

namespace {

using model::Kpi;
using model::RunResult;

constexpr int fab = 0;
constexpr int tsv = 1;
constexpr int cowos = 2;
constexpr int first_buyer = 3;
constexpr int buyer_count = 3;
constexpr double sample_every_days = 7.0;

// SplitMix64: the same numbers on every platform, unlike std:: distributions.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    double uniform() {
        state_ += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        return static_cast<double>(z >> 11) * 0x1.0p-53;
    }
    double normal() {
        const double u1 = std::max(uniform(), 1e-12);
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

private:
    std::uint64_t state_;
};

struct VariantSpec {
    std::string name;
    double loss = 0.0;  // share of TSV capacity lost during the shock
    std::string parameters;
    std::string config_hash;
};

struct Names {
    std::string nodes[first_buyer + buyer_count];
    std::string products[2];
};

Names names_for(const FixtureOptions& o) {
    Names n;
    n.nodes[fab] = "fab-icheon";
    n.nodes[tsv] = "tsv-cheongju";
    n.nodes[cowos] = o.hostile_names ? "cowos \"TW\" </script><!--" : "cowos-taichung";
    for (int b = 0; b < buyer_count; ++b) n.nodes[first_buyer + b] = fixture_buyer(b, o);
    n.products[0] = fixture_product(0, o);
    n.products[1] = fixture_product(1, o);
    return n;
}

bool in_shock(double day) {
    return day >= fixture_shock_start_day && day < fixture_shock_end_day;
}

// Extra quoted lead time (days) that the shock adds at `day`: it builds while the capacity is
// out and decays once it is back.
double shock_effect(double day, double loss, double scale) {
    if (loss <= 0.0 || day < fixture_shock_start_day) return 0.0;
    const double amplitude = 60.0 * loss / 0.3 * scale;
    const double built_for = std::min(day, fixture_shock_end_day) - fixture_shock_start_day;
    const double build = 1.0 - std::exp(-built_for / 18.0);
    if (day <= fixture_shock_end_day) return amplitude * build;
    return amplitude * build * std::exp(-(day - fixture_shock_end_day) / 30.0);
}

struct Curves {
    std::vector<double> days;
    std::vector<double> quoted[2];  // per product
};

struct Generated {
    RunResult result;
    Curves curves;
};

double quantile(std::vector<double> v, double p) {
    sim::Quantiles q;
    for (double x : v) q.add(x);
    return q.quantile(p);
}

void add_period(RunResult& r, int node, double start, double end, bool shifting) {
    r.bottleneck_periods.push_back({node, start, end, shifting});
}

// The bottleneck story: CoWoS binds, TSV takes over during a seasonal peak in July and, in a
// shocked run, while its capacity is out; each hand-over overlaps for a few days (shifting).
void add_bottlenecks(RunResult& r, double loss, Random& rng) {
    struct Episode {
        double start, end;
    };
    std::vector<Episode> tsv_episodes;
    const double jitter = std::floor(rng.uniform() * 6.0);
    if (loss >= 0.15)
        tsv_episodes.push_back(
            {fixture_shock_start_day + 2.0, fixture_shock_end_day + 8.0 + jitter});
    tsv_episodes.push_back({200.0, 220.0 + jitter});
    double at = 0.0;
    std::optional<int> previous;
    r.bottleneck_shifts.push_back({0.0, std::nullopt, cowos});
    previous = cowos;
    for (const Episode& e : tsv_episodes) {
        add_period(r, cowos, at, e.start, false);
        add_period(r, cowos, e.start, e.start + 4.0, true);
        add_period(r, tsv, e.start, e.start + 4.0, true);
        r.bottleneck_shifts.push_back({e.start + 2.0, previous, tsv});
        add_period(r, tsv, e.start + 4.0, e.end, false);
        add_period(r, tsv, e.end, e.end + 5.0, true);
        add_period(r, cowos, e.end, e.end + 5.0, true);
        r.bottleneck_shifts.push_back({e.end + 2.5, tsv, cowos});
        previous = cowos;
        at = e.end + 5.0;
    }
    add_period(r, cowos, at, fixture_horizon_days, false);
}

// Hand-made market rows (FixtureOptions::markets), for figures a reader can check: the HBM
// product's spot price is 400 USD on day 0 and 400 + 10 x replication on every later weekly
// sample, 50 more while the shocked variant's fire burns (days 56 to 98); its contract price is
// 380 throughout. SK hynix's TSV line is paid 300 in period 0 and 300 + 30 (replication - 2) in
// period 1 at a cost of 200 each, and 1000 in period 52 (4 Jan 2027) at no cost; Samsung
// (a second seller outside the drawn network, node 0 in the rows) 200 in each of periods 0 and
// 1 at a cost of 150.
void add_markets(RunResult& r, const Names& names, const VariantSpec& v, int rep) {
    const std::string& hbm = names.products[1];
    const double replication = static_cast<double>(rep);
    for (double day = 0.0; day < fixture_horizon_days; day += sample_every_days) {
        const double fire = v.loss > 0.0 && in_shock(day) ? 50.0 : 0.0;
        const double spot = day == 0.0 ? 400.0 : 400.0 + 10.0 * replication + fire;
        r.market_samples.push_back({hbm, day, spot, 380.0, 0.0, 0.0, 0.0, 0.0});
    }
    auto paid = [&](int period, int node, const char* owner, double revenue, double cost) {
        const double start = sample_every_days * period;
        r.revenue.push_back({period, start, start + sample_every_days, node, owner, hbm, 1.0,
                             revenue, revenue, cost});
    };
    paid(0, tsv, "SK hynix", 300.0, 200.0);
    paid(1, tsv, "SK hynix", 300.0 + 30.0 * (replication - 2.0), 200.0);
    paid(52, tsv, "SK hynix", 1000.0, 0.0);
    paid(0, fab, "Samsung", 200.0, 150.0);
    paid(1, fab, "Samsung", 200.0, 150.0);
}

Generated make_run(const FixtureOptions& o, const Names& names, const VariantSpec& v, int rep) {
    Generated g;
    RunResult& r = g.result;
    // One stream per replication, shared by every variant: common random numbers.
    Random rng(0x5EED0000ull + static_cast<std::uint64_t>(rep));
    const double scale = 0.9 + 0.2 * rng.uniform();

    r.nodes.push_back(
        {fab, names.nodes[fab], "station", "fab", "DRAM fab", "KR", "SK hynix", "DRAM wafer"});
    r.nodes.push_back({tsv, names.nodes[tsv], "assembly", "tsv", "HBM stacking", "KR", "SK hynix",
                       names.products[1]});
    r.nodes.push_back({cowos, names.nodes[cowos], "assembly", "cowos", "CoWoS packaging", "TW",
                       "TSMC", names.products[0]});
    for (int b = 0; b < buyer_count; ++b)
        r.nodes.push_back({first_buyer + b, names.nodes[first_buyer + b], "buyer", "", "", "US",
                           names.nodes[first_buyer + b], ""});
    r.edges.push_back({0, fab, tsv, "DRAM wafer", 3.0, 5000.0, "KR", "KR"});
    r.edges.push_back({1, tsv, cowos, names.products[1], 5.0, 20000.0, "KR", "TW"});
    r.edges.push_back({2, cowos, first_buyer, names.products[0], 12.0, std::nullopt, "TW", "US"});
    r.edges.push_back(
        {3, cowos, first_buyer + 1, names.products[0], 12.0, std::nullopt, "TW", "US"});
    r.edges.push_back({4, tsv, first_buyer + 2, names.products[1], 9.0, std::nullopt, "KR", "US"});
    static const char* extra_stages[] = {"DRAM fab", "HBM stacking", "CoWoS packaging",
                                         "Optics",   "Switches",     "DC power"};
    for (int i = 0; i < o.extra_nodes; ++i) {
        const int id = first_buyer + buyer_count + i;
        const std::string stage = extra_stages[i % 6];
        std::string slug = stage;
        std::replace(slug.begin(), slug.end(), ' ', '-');
        std::transform(slug.begin(), slug.end(), slug.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        r.nodes.push_back(
            {id, slug + "-" + std::to_string(i + 1), "station", "", stage, "TW", "various", stage});
        const int to = stage == "DRAM fab" ? tsv : stage == "HBM stacking" ? cowos : first_buyer;
        r.edges.push_back({5 + i, id, to, stage, 4.0, std::nullopt, "TW", "US"});
    }

    if (o.shocks && v.loss > 0.0) {
        r.shocks.push_back({0, "tsv-fire", "capacity_loss", names.nodes[tsv],
                            fixture_shock_start_day, fixture_shock_end_day, v.loss, false,
                            "fire takes " + std::to_string(static_cast<int>(v.loss * 100)) +
                                "% of TSV capacity for six weeks"});
    }

    // Committed by an expansion rule: arriving on days 200 + 7 x replication and 300 + 7 x
    // replication (engine/expansion.hpp's description).
    if (o.expansions)
        for (int n = 1; n <= 2; ++n) {
            const double arrives = 100.0 + 100.0 * n + 7.0 * rep;
            r.shocks.push_back({n, names.nodes[tsv] + " expansion " + std::to_string(n),
                                "capacity_expansion", names.nodes[tsv], arrives, std::nullopt, 10.0,
                                false,
                                "committed on day " + std::to_string(static_cast<int>(arrives)) +
                                    " after utilization >= 0.9 for 28 days; capex 0"});
        }

    // Weekly samples. Every draw happens in the same order in every variant.
    const double base_quoted[2] = {95.0, 70.0};
    const double base_throughput[2] = {1000.0, 2400.0};
    const int node_count = first_buyer + buyer_count + o.extra_nodes;
    std::vector<double> output(node_count), utilization_sum(node_count), active(node_count);
    double backlog_peak[2] = {0.0, 0.0};
    double quoted_sum[2] = {0.0, 0.0};
    double throughput_sum[2] = {0.0, 0.0};
    int sample_count = 0;
    for (double day = 0.0; day < fixture_horizon_days; day += sample_every_days) {
        ++sample_count;
        g.curves.days.push_back(day);
        const double season = 4.0 * std::sin(2.0 * std::numbers::pi * day / 182.0);
        const double out_share = in_shock(day) ? v.loss : 0.0;
        for (int p = 0; p < 2; ++p) {
            const double noise = 1.5 * rng.normal();
            const double effect = shock_effect(day, v.loss, scale) * (p == 0 ? 1.0 : 0.75);
            const double quoted = base_quoted[p] + season + noise + effect;
            const double throughput =
                base_throughput[p] * (1.0 - 0.9 * out_share) + 20.0 * rng.normal();
            const double backlog = throughput * quoted;
            g.curves.quoted[p].push_back(quoted);
            backlog_peak[p] = std::max(backlog_peak[p], backlog);
            quoted_sum[p] += quoted;
            throughput_sum[p] += throughput;
            r.product_samples.push_back({names.products[p], day, backlog, throughput, quoted});
        }
        for (int n = 0; n < node_count; ++n) {
            double utilization = 0.0;
            double capacity = 0.0;
            const double noise = rng.normal();
            if (n == fab) {
                capacity = 2000.0;
                utilization = 0.80 + 0.02 * noise;
            } else if (n == tsv) {
                capacity = 3000.0 * (1.0 - out_share);
                utilization = out_share > 0.0 ? 1.0 : 0.88 + 0.03 * noise;
            } else if (n == cowos) {
                capacity = 1100.0;
                utilization = out_share > 0.0 ? 0.96 - 0.35 * v.loss / 0.3 : 0.96 + 0.02 * noise;
            } else if (n >= first_buyer + buyer_count) {
                capacity = 500.0;
                utilization = 0.45 + 0.05 * (n % 7) + 0.03 * noise;
            }
            utilization = std::clamp(utilization, 0.0, 1.0);
            const bool buyer = n >= first_buyer && n < first_buyer + buyer_count;
            const double busy = capacity * utilization;
            output[n] += busy * sample_every_days;
            if (!buyer) {
                utilization_sum[n] += utilization;
                if (utilization >= 0.95) active[n] += 1.0;
            }
            r.samples.push_back({n, day, buyer ? 4000.0 + 300.0 * noise : 200.0 + 50.0 * noise,
                                 busy, busy, capacity, utilization, buyer ? 0.0 : 500.0,
                                 buyer ? 0.0 : 2000.0, buyer ? 0.0 : output[n]});
        }
    }
    add_bottlenecks(r, v.loss, rng);
    // CoWoS waits for HBM stacks while TSV capacity is out; a little wafer starvation always.
    if (v.loss > 0.0)
        r.starvation.push_back({cowos, names.products[1], 30.0 * v.loss / 0.3 + rng.uniform()});
    r.starvation.push_back({tsv, "DRAM wafer", 2.0 + rng.uniform()});
    // A lot record every week at TSV and CoWoS: the wait grows with the shock.
    for (double day = 0.0; day + 20.0 < fixture_horizon_days; day += 7.0) {
        const double extra = shock_effect(day, v.loss, scale) / 10.0;
        const std::uint64_t lot = static_cast<std::uint64_t>(day);
        r.lot_stages.push_back({tsv, lot, names.products[1], 500.0, day, day + 1.0 + 0.5 * extra,
                                day + 4.0 + 0.5 * extra});
        r.lot_stages.push_back({cowos, lot, names.products[0], 200.0, day + 5.0, day + 8.0 + extra,
                                day + 10.0 + extra});
    }

    // Orders every two weeks per buyer; lead time follows the quoted lead time at placement,
    // and the shock hurts hyperscaler-b most (it holds the smallest contract share).
    struct Totals {
        double ordered = 0.0, delivered = 0.0, due = 0.0, on_time = 0.0;
        std::vector<double> lead_times;
    };
    std::map<std::pair<std::string, std::string>, Totals> totals;  // (product, buyer)
    std::uint64_t order_id = 1;
    const double buyer_weight[buyer_count] = {0.7, 1.3, 0.9};
    for (int b = 0; b < buyer_count; ++b) {
        const int p = b < 2 ? 0 : 1;
        for (double placed = 3.0 + 4.0 * b; placed < fixture_horizon_days - 7.0; placed += 14.0) {
            const double u1 = rng.uniform();
            const double u2 = rng.uniform();
            const double season = 4.0 * std::sin(2.0 * std::numbers::pi * placed / 182.0);
            const double effect = shock_effect(placed, v.loss, scale) * (p == 0 ? 1.0 : 0.75);
            const double quantity = 1000.0 * (2 + b) + std::round(u1 * 500.0);
            const double lead =
                (base_quoted[p] + season) * (0.85 + 0.3 * u2) + effect * buyer_weight[b];
            model::OrderRecord order;
            order.id = order_id++;
            order.buyer = first_buyer + b;
            order.supplier = p == 0 ? cowos : tsv;
            order.product = names.products[p];
            order.quantity = quantity;
            order.placed_day = placed;
            order.due_day = placed + 1.1 * base_quoted[p];
            const double first_day = placed + 0.6 * lead;
            const double completed_day = placed + lead;
            Totals& t = totals[{order.product, names.nodes[first_buyer + b]}];
            t.ordered += quantity;
            if (first_day <= fixture_horizon_days) {
                r.deliveries.push_back({order.id, first_day, 0.4 * quantity});
                order.filled = 0.4 * quantity;
            }
            if (completed_day <= fixture_horizon_days) {
                r.deliveries.push_back({order.id, completed_day, 0.6 * quantity});
                order.filled = quantity;
                order.completed_day = completed_day;
                t.lead_times.push_back(lead);
            }
            t.delivered += order.filled;
            // Fill rate as the engine counts it: units on time among orders due in the run.
            if (*order.due_day <= fixture_horizon_days) {
                t.due += quantity;
                if (first_day <= *order.due_day) t.on_time += 0.4 * quantity;
                if (completed_day <= *order.due_day) t.on_time += 0.6 * quantity;
            }
            r.orders.push_back(order);
        }
    }
    if (!o.orders) {
        r.orders.clear();
        r.deliveries.clear();
    }

    // KPIs, computed from what was generated: per product and buyer, per buyer and per product
    // (totals over the other), and overall.
    std::map<std::pair<std::string, std::string>, Totals> scopes;
    for (const auto& [key, t] : totals) {
        for (const auto& scope :
             {key, std::pair{std::string(), key.second}, std::pair{key.first, std::string()},
              std::pair{std::string(), std::string()}}) {
            Totals& s = scopes[scope];
            s.ordered += t.ordered;
            s.delivered += t.delivered;
            s.due += t.due;
            s.on_time += t.on_time;
            s.lead_times.insert(s.lead_times.end(), t.lead_times.begin(), t.lead_times.end());
        }
    }
    for (const auto& [scope, t] : scopes) {
        const auto& [product, buyer] = scope;
        auto add = [&](const char* name, double value) {
            r.kpis.push_back({name, product, buyer, "", value});
        };
        if (!t.lead_times.empty()) {
            double sum = 0.0;
            for (double l : t.lead_times) sum += l;
            add("lead_time_mean_days", sum / static_cast<double>(t.lead_times.size()));
            add("lead_time_p50_days", quantile(t.lead_times, 0.5));
            add("lead_time_p90_days", quantile(t.lead_times, 0.9));
            add("lead_time_p99_days", quantile(t.lead_times, 0.99));
        }
        if (t.due > 0.0) add("fill_rate", t.on_time / t.due);
        add("units_ordered", t.ordered);
        add("units_delivered", t.delivered);
    }
    for (int p = 0; p < 2; ++p) {
        const double n = static_cast<double>(sample_count);
        const auto& q = g.curves.quoted[p];
        r.kpis.push_back({"backlog_peak", names.products[p], "", "", backlog_peak[p]});
        r.kpis.push_back({"quoted_lead_time_peak_days", names.products[p], "", "",
                          *std::max_element(q.begin(), q.end())});
        r.kpis.push_back(
            {"quoted_lead_time_mean_days", names.products[p], "", "", quoted_sum[p] / n});
        r.kpis.push_back({"throughput_per_day", names.products[p], "", "", throughput_sum[p] / n});
    }
    for (const auto& node : r.nodes) {
        if (node.block == "buyer") continue;
        double sole = 0.0;
        double shifting = 0.0;
        for (const auto& period : r.bottleneck_periods) {
            if (period.node != node.id) continue;
            (period.shifting ? shifting : sole) += period.end_day - period.start_day;
        }
        const double n = static_cast<double>(sample_count);
        auto add = [&](const char* name, double value) {
            r.kpis.push_back({name, "", "", node.name, value});
        };
        add("utilization_mean", utilization_sum[node.id] / n);
        add("active_share", active[node.id] / n);
        add("bottleneck_sole_share", sole / fixture_horizon_days);
        add("bottleneck_shifting_share", shifting / fixture_horizon_days);
        add("output_units", output[node.id]);
    }
    if (o.markets) add_markets(r, names, v, rep);
    r.events = 10000 + static_cast<std::uint64_t>(rep) * 17;
    r.wall_seconds = 0.25;
    return g;
}

// Days from the shock's start until the variant's quoted lead time is back within 5% (or two
// days) of the base's and stays there.
double recovery_days(const std::vector<double>& days, const std::vector<double>& base,
                     const std::vector<double>& variant) {
    std::optional<double> back;
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (days[i] < fixture_shock_start_day) continue;
        const bool within = variant[i] <= base[i] + std::max(2.0, 0.05 * base[i]);
        if (!within)
            back.reset();
        else if (!back)
            back = days[i];
    }
    return (back ? *back : fixture_horizon_days) - fixture_shock_start_day;
}

using KpiKey = std::tuple<std::string, std::string, std::string, std::string>;

std::map<KpiKey, double> kpi_map(const RunResult& r) {
    std::map<KpiKey, double> out;
    for (const Kpi& k : r.kpis) out[{k.name, k.product, k.buyer, k.node}] = k.value;
    return out;
}

model::ComparisonRow compare(const std::string& variant, const KpiKey& key,
                             const std::vector<double>& base, const std::vector<double>& other) {
    const auto n = static_cast<int>(base.size());
    sim::RunningStats b, v, d;
    for (int i = 0; i < n; ++i) {
        b.add(base[i]);
        v.add(other[i]);
        d.add(other[i] - base[i]);
    }
    model::ComparisonRow c;
    c.variant = variant;
    std::tie(c.kpi, c.product, c.buyer, c.node) = key;
    c.n = n;
    c.base_mean = b.mean();
    c.variant_mean = v.mean();
    c.diff_mean = d.mean();
    const double t = n > 1 ? sim::student_t_quantile(n - 1, 0.975) : 0.0;
    const double paired = t * d.stddev() / std::sqrt(static_cast<double>(n));
    const double unpaired = t * std::sqrt((b.variance() + v.variance()) / static_cast<double>(n));
    c.diff_ci_low = c.diff_mean - paired;
    c.diff_ci_high = c.diff_mean + paired;
    c.unpaired_ci_low = c.diff_mean - unpaired;
    c.unpaired_ci_high = c.diff_mean + unpaired;
    return c;
}

std::string config_text(const VariantSpec& v, const Names& names) {
    std::string text =
        "# Tiny HBM chain used by the report tests\n"
        "name: tiny-chain\nstart: 2026-01-05\nhorizon: 52w\nsample_every: 1w\n"
        "nodes:\n"
        "  - {name: fab-icheon, preset: fab, capacity: 2000 wafers/day}\n"
        "  - {name: tsv-cheongju, preset: tsv, capacity: 3000 stacks/day}\n"
        "  - {name: '" +
        names.nodes[cowos] + "', preset: cowos, capacity: 1100 modules/day}\n";
    if (v.loss > 0.0)
        text +=
            "shocks:\n  - {name: tsv-fire, kind: capacity_loss, target: tsv-cheongju, "
            "start: 2026-03-02, duration: 6w, magnitude: " +
            std::to_string(v.loss).substr(0, 4) + "}\n";
    return text;
}

void write_earlier_experiment(model::Recorder& rec, const FixtureOptions& o, const Names& names) {
    const auto id = rec.begin_experiment(
        {"run", "tiny chain, first look", "memchain run tiny.yaml", 7, 1, "2026-11-01T09:00:00Z"});
    VariantSpec v{"baseline", 0.0, "", "hash-earlier"};
    rec.add_config({v.config_hash, "tiny-chain", "configs/tiny.yaml", config_text(v, names), {}});
    model::RunInfo info{
        id, "tiny-chain", v.name, 1, 7, v.config_hash, fixture_start_date, fixture_horizon_days,
        ""};
    const auto run = rec.begin_run(info);
    rec.complete_run(run, make_run(o, names, v, 1).result);
}

}  // namespace

std::string fixture_buyer(int index, const FixtureOptions& options) {
    static const char* plain[] = {"hyperscaler-a", "hyperscaler-b", "asic-house"};
    if (options.hostile_names && index == 1)
        return "Hyperscaler \"B\" <b>&amp;</script><script>alert(1)</script>";
    return plain[index];
}

std::string fixture_product(int index, const FixtureOptions& options) {
    if (index == 0) return options.hostile_names ? "GPU <module> & \"co\"" : "GPU module";
    return "HBM3E 12-Hi";
}

std::int64_t write_fixture_db(const std::string& path, const FixtureOptions& o) {
    const Names names = names_for(o);
    model::Recorder rec(path);
    if (o.earlier_experiment) write_earlier_experiment(rec, o, names);

    std::vector<VariantSpec> variants;
    std::string kind = "run";
    std::string command =
        "memchain run configs/tiny.yaml --replications " + std::to_string(o.replications);
    variants.push_back({"baseline", 0.0, "", "hash-baseline"});
    if (o.sweep) {
        kind = "sweep";
        command =
            "memchain sweep configs/tiny-fire.yaml --param shocks.tsv-fire.magnitude="
            "0.1:0.3:0.1 --replications " +
            std::to_string(o.replications);
        variants.front().parameters = "{\"tsv_capacity_loss\": 0}";
        for (int step = 1; step <= 3; ++step) {
            const double loss = 0.1 * step;
            variants.push_back(
                {"tsv-loss-" + std::to_string(step * 10), loss,
                 "{\"tsv_capacity_loss\": " + std::to_string(loss).substr(0, 3) + "}",
                 "hash-sweep-" + std::to_string(step)});
        }
    } else if (o.shocked_variant) {
        kind = "compare";
        command = "memchain compare configs/tiny.yaml configs/tiny-fire.yaml --replications " +
                  std::to_string(o.replications);
        variants.push_back({"tsv-fire", 0.3, "", "hash-fire"});
    }
    const auto experiment =
        rec.begin_experiment({kind, "TSV fire at the Cheongju HBM line", command, 42,
                              o.replications, "2026-11-20T14:30:00Z"});
    for (const auto& v : variants)
        rec.add_config(
            {v.config_hash, "tiny-chain", "configs/tiny.yaml", config_text(v, names), {}});

    std::vector<std::vector<Generated>> generated(variants.size());
    for (std::size_t vi = 0; vi < variants.size(); ++vi) {
        const auto& v = variants[vi];
        for (int rep = 1; rep <= o.replications; ++rep) {
            model::RunInfo info{experiment,
                                "tiny-chain",
                                v.name,
                                rep,
                                42u + static_cast<std::uint64_t>(rep),
                                v.config_hash,
                                fixture_start_date,
                                fixture_horizon_days,
                                v.parameters};
            const auto run = rec.begin_run(info);
            generated[vi].push_back(make_run(o, names, v, rep));
            rec.complete_run(run, generated[vi].back().result);
        }
    }
    if (o.failed_runs) {
        const auto& v = variants.back();
        model::RunInfo info{experiment,
                            "tiny-chain",
                            v.name,
                            o.replications + 1,
                            99,
                            v.config_hash,
                            fixture_start_date,
                            fixture_horizon_days,
                            v.parameters};
        rec.fail_run(rec.begin_run(info),
                     "allocation at 'tsv-cheongju' found negative stock on day 71.5");
        info.variant = variants.front().name;
        info.config_hash = variants.front().config_hash;
        info.parameters = variants.front().parameters;
        rec.interrupt_run(rec.begin_run(info));
    }

    std::vector<model::ComparisonRow> rows;
    for (std::size_t vi = 1; vi < variants.size(); ++vi) {
        std::map<KpiKey, std::pair<std::vector<double>, std::vector<double>>> paired;
        for (int rep = 0; rep < o.replications; ++rep) {
            const auto base = kpi_map(generated[0][rep].result);
            const auto other = kpi_map(generated[vi][rep].result);
            for (const auto& [key, value] : base) {
                const auto it = other.find(key);
                if (it == other.end()) continue;
                paired[key].first.push_back(value);
                paired[key].second.push_back(it->second);
            }
        }
        for (const auto& [key, values] : paired)
            if (values.first.size() == static_cast<std::size_t>(o.replications))
                rows.push_back(compare(variants[vi].name, key, values.first, values.second));
        if (variants[vi].loss <= 0.0) continue;
        for (int p = 0; p < 2; ++p) {
            std::vector<double> zeros, recovery;
            for (int rep = 0; rep < o.replications; ++rep) {
                const Curves& b = generated[0][rep].curves;
                const Curves& c = generated[vi][rep].curves;
                zeros.push_back(0.0);
                recovery.push_back(recovery_days(b.days, b.quoted[p], c.quoted[p]));
            }
            rows.push_back(compare(variants[vi].name, {"recovery_days", names.products[p], "", ""},
                                   zeros, recovery));
        }
    }
    if (!rows.empty()) model::record_comparisons(rec, experiment, rows);
    return experiment;
}

}  // namespace memchain::testing
