#include "model/experiment/probe.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <stdexcept>

#include "model/experiment/comparison.hpp"
#include "model/experiment/mpi_ensemble.hpp"
#include "model/record/recorder.hpp"
#include "model/record/sqlite.hpp"
#include "model/scenario/input_error.hpp"
#include "model/scenario/levers.hpp"

namespace memchain::model {

namespace {

using Clock = std::chrono::steady_clock;

// An output path: (day, cumulative KPI) at every sample, by day.
using Path = std::vector<std::pair<double, double>>;

// The pools (installed) or the one node (output@NODE) whose sampled output the KPI sums.
std::vector<int> kpi_nodes(const std::vector<NodeRecord>& nodes, const std::string& kpi) {
    std::vector<int> ids;
    const bool installed = kpi == "installed";
    const std::string name = installed ? "" : kpi.substr(kpi.find('@') + 1);
    for (const NodeRecord& n : nodes)
        if (installed ? n.block == "pool" : n.name == name) ids.push_back(n.id);
    return ids;
}

// The run's path, flattened (day, value, day, value, ...) for RunOutcome::measures.
std::vector<double> measure_path(const RunResult& result, const std::string& kpi) {
    const std::vector<int> ids = kpi_nodes(result.nodes, kpi);
    std::vector<double> flat;
    for (const NodeSample& s : result.samples) {
        if (std::find(ids.begin(), ids.end(), s.node) == ids.end()) continue;
        if (flat.empty() || flat[flat.size() - 2] != s.day) {
            flat.push_back(s.day);
            flat.push_back(0.0);
        }
        flat.back() += s.output;
    }
    return flat;
}

Path unflatten(const std::vector<double>& flat) {
    Path path;
    for (std::size_t i = 0; i + 1 < flat.size(); i += 2) path.emplace_back(flat[i], flat[i + 1]);
    return path;
}

// The path at the last sample at or before `day` (the first sample when none is).
double value_at(const Path& path, double day) {
    if (path.empty()) return 0.0;
    const auto after = std::upper_bound(path.begin(), path.end(), day,
                                        [](double d, const auto& p) { return d < p.first; });
    return after == path.begin() ? path.front().second : (after - 1)->second;
}

// An interval end for a NOT NULL column: with one pair the interval is infinite.
double finite_or(double value, double otherwise) {
    return std::isfinite(value) ? value : otherwise;
}

double over(const Path& path, double from, double to) {
    return value_at(path, to) - value_at(path, from);
}

// One round's runs: the base (variant 0) and each candidate relieved.
struct RoundRuns {
    std::vector<std::vector<Path>> paths;  // [variant][replication]; empty path: run failed
    std::vector<std::map<std::string, double>> utilization;  // base: node -> mean over reps
};

struct Window {
    double from = 0.0;
    double to = 0.0;
};

std::vector<std::pair<int, Window>> calendar_years(const Scenario& sc) {
    std::vector<std::pair<int, Window>> years;
    const double horizon = sc.horizon.to_days();
    for (int y = sc.start.year();; ++y) {
        const double from = std::max(0.0, double(Date::from_ymd(y, 1, 1) - sc.start));
        if (from >= horizon) break;
        const double to = std::min(horizon, double(Date::from_ymd(y + 1, 1, 1) - sc.start));
        years.push_back({y, {from, to}});
    }
    return years;
}

// Paired windows of variant v against the base over the replications both completed.
sim::ConfidenceInterval paired_gain(const RoundRuns& runs, std::size_t v, Window w, double level,
                                    double* base_mean = nullptr, double* variant_mean = nullptr) {
    std::vector<double> base, variant;
    for (std::size_t r = 0; r < runs.paths[0].size(); ++r) {
        if (runs.paths[0][r].empty() || runs.paths[v][r].empty()) continue;
        base.push_back(over(runs.paths[0][r], w.from, w.to));
        variant.push_back(over(runs.paths[v][r], w.from, w.to));
    }
    auto mean = [](const std::vector<double>& x) {
        double s = 0.0;
        for (double e : x) s += e;
        return x.empty() ? 0.0 : s / static_cast<double>(x.size());
    };
    if (base_mean) *base_mean = mean(base);
    if (variant_mean) *variant_mean = mean(variant);
    return paired_difference(base, variant, level);
}

std::optional<double> binds_from(const RoundRuns& runs, std::size_t v) {
    std::vector<double> diff, base;
    int pairs = 0;
    for (std::size_t r = 0; r < runs.paths[0].size(); ++r) {
        const Path &b = runs.paths[0][r], &x = runs.paths[v][r];
        if (b.empty() || x.size() != b.size()) continue;
        diff.resize(b.size(), 0.0);
        base.resize(b.size(), 0.0);
        for (std::size_t i = 0; i < b.size(); ++i) {
            diff[i] += x[i].second - b[i].second;
            base[i] += b[i].second - b.front().second;
        }
        ++pairs;
    }
    if (pairs == 0) return std::nullopt;
    const Path& days = runs.paths[0][0].empty() ? runs.paths[v][0] : runs.paths[0][0];
    for (std::size_t i = 0; i < diff.size() && i < days.size(); ++i)
        if (diff[i] / pairs > std::max(1.0, 0.001 * base[i] / pairs)) return days[i].first;
    return std::nullopt;
}

// TTS of one pair: days from t0 to the first sample at which the variant is behind the base by
// more than max(1, 0.1% of the base's output since t0); none when it never is.
std::optional<double> time_to_survive(const Path& base, const Path& variant, double t0) {
    const double at_t0 = value_at(base, t0);
    for (std::size_t i = 0; i < base.size(); ++i) {
        if (base[i].first < t0) continue;
        const double tolerance = std::max(1.0, 0.001 * (base[i].second - at_t0));
        if (base[i].second - variant[i].second > tolerance) return base[i].first - t0;
    }
    return std::nullopt;
}

// TTR of one pair: days from t0 to the first sample from which the variant's output per sample
// interval never again falls below the base's by more than max(1, 5% of the base's); none when
// it does so at the last sample.
std::optional<double> time_to_recover(const Path& base, const Path& variant, double t0) {
    std::optional<double> since;
    for (std::size_t i = 1; i < base.size(); ++i) {
        if (base[i].first < t0) continue;
        const double base_rate = base[i].second - base[i - 1].second;
        const double variant_rate = variant[i].second - variant[i - 1].second;
        const bool behind = base_rate - variant_rate > std::max(1.0, 0.05 * base_rate);
        if (behind)
            since.reset();
        else if (!since)
            since = base[i - 1].first;
    }
    if (!since) return std::nullopt;
    return std::max(0.0, *since - t0);
}

// The place of the candidate named `name` in `candidates` (rank 0's word names one).
std::size_t candidate_index(const std::vector<ProbeCandidate>& candidates,
                            const std::string& name) {
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (candidates[i].name == name) return i;
    throw std::logic_error("probe: " + name + " is not a candidate");
}

// The best-ranked candidate of `round` whose gain is above zero with confidence and that is
// not in `lifted`; none when there is no such candidate.
const CandidateGain* next_to_lift(const ProbeRound& round, const std::vector<std::string>& lifted) {
    for (const CandidateGain& g : round.gains)
        if (g.gain.low() > 0.0 &&
            std::find(lifted.begin(), lifted.end(), g.candidate.name) == lifted.end())
            return &g;
    return nullptr;
}

class Prober {
public:
    Prober(const ProbeSettings& settings, const ProbeRunOptions& options, ProbeOutcome& out)
        : settings_(settings), options_(options), out_(out) {}

    // Runs `base` (recorded as the probe's experiment when it is the first round and there
    // is a recorder) and, when `with_candidates`, every candidate relieved (or knocked out).
    RoundRuns run(const Scenario& base, bool with_candidates) {
        const std::size_t reps = static_cast<std::size_t>(std::max(1, options_.replications));
        RoundRuns runs;
        runs.paths.assign(1 + (with_candidates ? out_.candidates.size() : 0),
                          std::vector<Path>(reps));
        runs.utilization.resize(1);
        const bool record = options_.recorder != nullptr && out_.runs == 0;
        ExperimentSpec spec = spec_of(record);
        spec.variants.push_back({"base", &base, "", options_.config_hash});
        const ExperimentOutcome o = execute(spec, record ? options_.recorder : nullptr);
        if (record) out_.experiment_id = o.experiment_id;
        collect(o, 0, runs);
        if (!with_candidates || out_.interrupted) return runs;

        std::vector<Scenario> variants;
        for (const ProbeCandidate& c : out_.candidates)
            variants.push_back(
                settings_.knockout_days
                    ? knocked_out(base, c, settings_.from_day, *settings_.knockout_days)
                    : relieved(base, c, 1.0 + settings_.relief, settings_.from_day));
        spec = spec_of(false);
        for (std::size_t i = 0; i < variants.size(); ++i)
            spec.variants.push_back({out_.candidates[i].name, &variants[i], "", ""});
        collect(execute(spec, nullptr), 1, runs);
        return runs;
    }

    ProbeRound rank(const Scenario& base, const RoundRuns& runs) const {
        ProbeRound round;
        const Window window{settings_.window_from_day,
                            settings_.window_to_day.value_or(base.horizon.to_days())};
        (void)paired_gain(runs, 0, window, settings_.level, &round.base_mean);
        const auto years = calendar_years(base);
        for (const auto& [y, w] : years) {
            round.years.push_back(y);
            double m = 0.0;
            (void)paired_gain(runs, 0, w, settings_.level, &m);
            round.year_base.push_back(m);
        }
        for (std::size_t c = 0; c + 1 < runs.paths.size(); ++c) {
            CandidateGain g;
            g.candidate = out_.candidates[c];
            g.gain =
                paired_gain(runs, c + 1, window, settings_.level, &g.base_mean, &g.variant_mean);
            g.gain_per_relief = g.gain.mean / settings_.relief;
            for (const std::string& n : g.candidate.nodes) {
                const auto it = runs.utilization[0].find(n);
                if (it != runs.utilization[0].end()) g.utilization += it->second;
            }
            g.utilization /=
                static_cast<double>(std::max<std::size_t>(1, g.candidate.nodes.size()));
            g.binds_from_day = binds_from(runs, c + 1);
            for (const auto& [y, w] : years)
                g.year_gains.push_back(paired_gain(runs, c + 1, w, settings_.level).mean);
            round.gains.push_back(std::move(g));
        }
        // Equal gains (within rounding) rank by utilization; then in node order (stable).
        std::stable_sort(round.gains.begin(), round.gains.end(), [](const auto& a, const auto& b) {
            const double tol = 1e-9 * std::max({1.0, std::abs(a.gain.mean), std::abs(b.gain.mean)});
            if (std::abs(a.gain.mean - b.gain.mean) > tol) return a.gain.mean > b.gain.mean;
            return a.utilization > b.utilization + 1e-12;
        });
        return round;
    }

    std::vector<KnockoutLoss> losses(const Scenario& base, const RoundRuns& runs) const {
        const double horizon = base.horizon.to_days();
        const double t0 = settings_.from_day;
        const Window window{settings_.window_from_day, settings_.window_to_day.value_or(horizon)};
        std::vector<KnockoutLoss> out;
        for (std::size_t c = 0; c + 1 < runs.paths.size(); ++c) {
            KnockoutLoss k;
            k.candidate = out_.candidates[c];
            double variant_mean = 0.0;
            const sim::ConfidenceInterval gain =
                paired_gain(runs, c + 1, window, settings_.level, &k.base_mean, &variant_mean);
            k.lost = gain;
            k.lost.mean = -gain.mean;
            int pairs = 0;
            for (std::size_t r = 0; r < runs.paths[0].size(); ++r) {
                const Path &b = runs.paths[0][r], &x = runs.paths[c + 1][r];
                if (b.empty() || x.size() != b.size()) continue;
                ++pairs;
                const auto tts = time_to_survive(b, x, t0);
                k.tts_days += tts.value_or(horizon - t0);
                k.tts_censored += tts ? 0 : 1;
                const auto ttr = time_to_recover(b, x, t0);
                k.ttr_days += ttr.value_or(horizon - t0);
                k.ttr_censored += ttr ? 0 : 1;
            }
            if (pairs > 0) {
                k.tts_days /= pairs;
                k.ttr_days /= pairs;
            }
            out.push_back(std::move(k));
        }
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.lost.mean > b.lost.mean; });
        return out;
    }

    // `candidate`, a constraint of the round `round` of `base`, lifted by each of `factors`
    // (variants 1, 2, ...; the relief's own runs reused for 1 + relief), on the round's streams;
    // variant 0 is the round's base.
    RoundRuns lifts(const Scenario& base, const RoundRuns& round, const ProbeCandidate& candidate,
                    const std::vector<double>& factors) {
        RoundRuns runs;
        runs.paths.push_back(round.paths[0]);
        runs.utilization.resize(1);
        const bool reuse = factors.front() == 1.0 + settings_.relief;
        if (reuse)
            runs.paths.push_back(round.paths[1 + candidate_index(out_.candidates, candidate.name)]);
        std::vector<Scenario> variants;
        for (std::size_t i = reuse ? 1 : 0; i < factors.size(); ++i)
            variants.push_back(relieved(base, candidate, factors[i], settings_.from_day));
        ExperimentSpec spec = spec_of(false);
        for (std::size_t i = 0; i < variants.size(); ++i)
            spec.variants.push_back({candidate.name, &variants[i], "", ""});
        const std::size_t first = runs.paths.size();
        runs.paths.resize(first + variants.size(), std::vector<Path>(round.paths[0].size()));
        if (!variants.empty()) collect(execute(spec, nullptr), first, runs);
        return runs;
    }

    // The ladder's step for `top` from the gains of `factors` in `runs` (lifts()): the factor
    // choose_lift() picks.
    LadderStep step(const CandidateGain& top, const std::vector<double>& factors,
                    const RoundRuns& runs, Window window) const {
        LadderStep step;
        step.constraint = top.candidate;
        step.binds_from_day = top.binds_from_day;
        step.gain_per_relief = top.gain_per_relief;
        for (std::size_t i = 0; i < factors.size(); ++i)
            step.tried.emplace_back(
                factors[i], paired_gain(runs, i + 1, window, settings_.level, &step.output_before));
        const std::size_t chosen = choose_lift(step.tried);
        step.lift = step.tried[chosen].first;
        step.gain = step.tried[chosen].second;
        return step;
    }

private:
    // One experiment of the probe: on rank 0 (or the only process) on every rank's threads; on
    // another MPI rank, the runs rank 0 lends it (its outcome is empty: rank 0 decides).
    ExperimentOutcome execute(const ExperimentSpec& spec, Recorder* recorder) {
        if (is_recording_rank()) {
            ExperimentOutcome o = run_ensemble(spec, recorder, options_.stop, options_.progress);
            out_.lost_ranks.insert(out_.lost_ranks.end(), o.lost_ranks.begin(), o.lost_ranks.end());
            return o;
        }
        ExperimentOutcome o;
        out_.served_exit = serve_runs(spec, options_.stop);
        o.interrupted = out_.served_exit != 0;
        return o;
    }

    ExperimentSpec spec_of(bool record) const {
        ExperimentSpec spec;
        spec.kind = "probe";
        spec.label = options_.label;
        spec.command = options_.command;
        spec.seed = options_.seed;
        spec.replications = options_.replications;
        spec.threads = options_.threads;
        spec.record = record;
        const std::string kpi = settings_.kpi;
        spec.measure = [kpi](const RunResult& r) { return measure_path(r, kpi); };
        return spec;
    }

    // Keeps the paths of `o`'s runs as variants `first`, `first` + 1, ... of `runs`, and the
    // base's utilization.
    void collect(const ExperimentOutcome& o, std::size_t first, RoundRuns& runs) {
        out_.runs += o.runs.size();
        out_.events += o.events;
        out_.interrupted = out_.interrupted || o.interrupted;
        std::map<std::string, int> counted;
        for (const RunOutcome& r : o.runs) {
            if (r.status == RunStatus::Failed) ++out_.failed_runs;
            if (r.status != RunStatus::Completed) continue;
            const std::size_t v = first + r.variant;
            runs.paths[v][static_cast<std::size_t>(r.replication)] = unflatten(r.measures);
            if (v != 0) continue;
            for (const Kpi& k : r.kpis)
                if (k.name == "utilization_mean" && !k.node.empty()) {
                    runs.utilization[0][k.node] += k.value;
                    ++counted[k.node];
                }
        }
        for (auto& [node, n] : counted) runs.utilization[0][node] /= n;
    }

    const ProbeSettings& settings_;
    const ProbeRunOptions& options_;
    ProbeOutcome& out_;
};

}  // namespace

ProbeGrouping parse_grouping(const std::string& text) {
    if (text == "node") return ProbeGrouping::Node;
    if (text == "stage") return ProbeGrouping::Stage;
    if (text == "owner") return ProbeGrouping::Owner;
    if (text == "region") return ProbeGrouping::Region;
    throw InputError("--by", "expected node, stage, owner or region, got '" + text + "'");
}

const char* to_string(ProbeGrouping g) {
    switch (g) {
    case ProbeGrouping::Node: return "node";
    case ProbeGrouping::Stage: return "stage";
    case ProbeGrouping::Owner: return "owner";
    case ProbeGrouping::Region: return "region";
    }
    return "?";
}

std::vector<ProbeCandidate> probe_candidates(const Scenario& scenario, ProbeGrouping by) {
    std::vector<ProbeCandidate> out;
    for (const Node& node : scenario.nodes) {
        if (!has_capacity(node)) continue;
        const std::string* field = by == ProbeGrouping::Stage    ? &node.stage
                                   : by == ProbeGrouping::Owner  ? &node.owner
                                   : by == ProbeGrouping::Region ? &node.region
                                                                 : nullptr;
        const std::string name = field == nullptr || field->empty()
                                     ? node.name
                                     : std::string(to_string(by)) + "=" + *field;
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const ProbeCandidate& c) { return c.name == name; });
        if (it == out.end()) it = out.insert(out.end(), ProbeCandidate{name, {}});
        it->nodes.push_back(node.name);
    }
    return out;
}

void check_probe_settings(const Scenario& scenario, const ProbeSettings& s) {
    const double horizon = scenario.horizon.to_days();
    if (probe_candidates(scenario, s.by).empty())
        throw InputError(scenario.path.empty() ? scenario.name : scenario.path,
                         "no node has a capacity to relieve (stations, assemblies, pools with a "
                         "capacity)");
    if (s.kpi == "installed") {
        const bool pool = std::any_of(scenario.nodes.begin(), scenario.nodes.end(),
                                      [](const Node& n) { return n.block == Block::Pool; });
        if (!pool)
            throw InputError("--kpi", "installed counts units in pools, and " + scenario.name +
                                          " has none (give output@NODE)");
    } else if (s.kpi.rfind("output@", 0) == 0) {
        const std::string node = s.kpi.substr(7);
        if (scenario.find_node(node) == nullptr)
            throw InputError("--kpi", "no node '" + node + "' in " + scenario.name);
    } else {
        throw InputError("--kpi",
                         "unknown KPI '" + s.kpi + "' (expected installed or output@NODE)");
    }
    if (!(s.relief > 0.0))
        throw InputError("--relief", "expected a relief above 0 (0.2: +20% capacity), got " +
                                         std::to_string(s.relief));
    if (!(s.lift > 1.0))
        throw InputError("--lift", "expected a factor above 1, got " + std::to_string(s.lift));
    if (s.steps < 0)
        throw InputError("--steps", "expected 0 or more, got " + std::to_string(s.steps));
    if (s.knockout_days && !(*s.knockout_days > 0.0))
        throw InputError("--knockout", "expected a duration above zero, like 4w or 90d");
    if (s.knockout_days && s.steps > 0)
        throw InputError("--steps", "the ladder relieves constraints; give --steps or --knockout");
    if (s.from_day < 0.0 || s.from_day >= horizon)
        throw InputError("--from", "the relief must start within the horizon (" +
                                       scenario.start.to_string() + " to " +
                                       date_string(scenario.start, horizon) + ")");
    const double to = s.window_to_day.value_or(horizon);
    if (s.window_from_day < 0.0 || to > horizon || s.window_from_day >= to)
        throw InputError("--window", "the window must be a non-empty part of the horizon (" +
                                         scenario.start.to_string() + " to " +
                                         date_string(scenario.start, horizon) + ")");
}

Scenario relieved(const Scenario& scenario, const ProbeCandidate& candidate, double factor,
                  double from_day) {
    Scenario out = scenario;
    Lever lever;
    lever.name = candidate.name;
    lever.targets = candidate.nodes;
    lever.factor = factor;
    lever.from = sim::Time::from_days(from_day);
    apply_lever(out, lever);
    out.levers.push_back(std::move(lever));
    return out;
}

std::vector<double> lift_factors(double relief, double lift) {
    std::vector<double> factors;
    if (1.0 + relief < lift) factors.push_back(1.0 + relief);
    for (const double f : {1.5, 2.0, 3.0, 5.0, 10.0})
        if (f > 1.0 + relief && f < lift) factors.push_back(f);
    factors.push_back(lift);
    return factors;
}

std::size_t choose_lift(const std::vector<std::pair<double, sim::ConfidenceInterval>>& tried) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < tried.size(); ++i)
        if (tried[i].second.low() > tried[best].second.low()) best = i;
    const double floor = tried[best].second.low();
    const double tolerance = 1e-9 * std::max(1.0, std::abs(floor));
    for (std::size_t i = tried.size(); i-- > 0;) {
        const sim::ConfidenceInterval& gain = tried[i].second;
        if (gain.low() > 0.0 && gain.mean >= floor - tolerance) return i;
    }
    return best;
}

Scenario knocked_out(const Scenario& scenario, const ProbeCandidate& candidate, double from_day,
                     double days) {
    Scenario out = scenario;
    Shock shock;
    shock.name = "knockout " + candidate.name;
    shock.kind = ShockKind::CapacityLoss;
    shock.targets = candidate.nodes;
    shock.start = sim::Time::from_days(from_day);
    shock.duration = sim::Duration::from_days(days);
    shock.magnitude = 1.0;
    shock.description = "the resilience scan: all capacity out for a while";
    out.shocks.push_back(std::move(shock));
    return out;
}

ProbeOutcome run_probe(const Scenario& scenario, const ProbeSettings& settings,
                       const ProbeRunOptions& options) {
    const auto started = Clock::now();
    ProbeOutcome out;
    out.candidates = probe_candidates(scenario, settings.by);
    Prober prober(settings, options, out);
    if (settings.knockout_days) {
        const RoundRuns runs = prober.run(scenario, true);
        if (is_recording_rank() && !out.interrupted) out.knockouts = prober.losses(scenario, runs);
        out.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
        return out;
    }
    const Window window{settings.window_from_day,
                        settings.window_to_day.value_or(scenario.horizon.to_days())};
    // Under MPI every rank runs this loop; rank 0 alone ranks and decides, and its word (which
    // constraint to lift, which factor; "" ends the ladder) keeps the other ranks in step.
    const bool leader = is_recording_rank();
    auto follow = [&](const std::string& word) -> std::optional<std::string> {
        if (!leader && out.interrupted) return std::nullopt;
        auto heard = share_decision(leader && out.interrupted ? std::string() : word);
        if (!heard) {
            out.interrupted = true;
            out.served_exit = 1;
        }
        return heard;
    };
    Scenario current = scenario;
    std::vector<std::string> lifted;
    for (int k = 0; k == 0 || k < settings.steps; ++k) {
        const RoundRuns runs = prober.run(current, true);
        if (leader && !out.interrupted) out.rounds.push_back(prober.rank(current, runs));
        if (settings.steps == 0) break;
        const CandidateGain* top = nullptr;
        if (leader && !out.interrupted) {
            top = next_to_lift(out.rounds.back(), lifted);
            if (top == nullptr)
                out.stopped_because =
                    lifted.empty() ? "no constraint's relief raises output with confidence"
                                   : "no constraint not yet lifted raises output with confidence";
        }
        const auto picked = follow(top ? top->candidate.name : "");
        if (!picked || picked->empty()) break;
        const ProbeCandidate* candidate = &out.candidates[candidate_index(out.candidates, *picked)];
        const std::vector<double> factors = lift_factors(settings.relief, settings.lift);
        const RoundRuns tried = prober.lifts(current, runs, *candidate, factors);
        LadderStep step;
        std::string chosen;
        if (leader && !out.interrupted) {
            step = prober.step(*top, factors, tried, window);
            chosen = std::to_string(std::find(factors.begin(), factors.end(), step.lift) -
                                    factors.begin());
        }
        const auto factor = follow(chosen);
        if (!factor || factor->empty()) break;
        lifted.push_back(candidate->name);
        current = relieved(current, *candidate, factors.at(std::stoul(*factor)), settings.from_day);
        if (leader) {
            step.step = k + 1;
            out.ladder.push_back(std::move(step));
        }
    }
    out.wall_seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return out;
}

namespace {

std::string joined_names(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& n : names) text += (text.empty() ? "" : ",") + n;
    return text;
}

std::optional<std::string> optional_date(Date start, const std::optional<double>& day) {
    if (!day) return std::nullopt;
    return date_string(start, *day);
}

// Each round's candidates, ranked, with their gains year by year.
void record_rounds(sqlite::Database& db, const Scenario& scenario, const ProbeSettings& settings,
                   const ProbeOutcome& outcome) {
    auto candidate = db.prepare(
        "INSERT OR REPLACE INTO probe_candidates (experiment_id, round, rank, candidate, nodes, "
        "kpi, relief, n, base_mean, variant_mean, gain_mean, gain_ci_low, gain_ci_high, "
        "gain_per_relief, utilization, binds_from) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    auto year = db.prepare(
        "INSERT OR REPLACE INTO probe_years (experiment_id, round, candidate, year, base_mean, "
        "gain_mean) VALUES (?,?,?,?,?,?)");
    for (std::size_t k = 0; k < outcome.rounds.size(); ++k) {
        const ProbeRound& round = outcome.rounds[k];
        for (std::size_t i = 0; i < round.gains.size(); ++i) {
            const CandidateGain& g = round.gains[i];
            candidate.reset();
            candidate.bind(1, outcome.experiment_id)
                .bind(2, static_cast<std::int64_t>(k))
                .bind(3, static_cast<std::int64_t>(i + 1))
                .bind(4, g.candidate.name)
                .bind(5, joined_names(g.candidate.nodes))
                .bind(6, settings.kpi)
                .bind(7, settings.relief)
                .bind(8, static_cast<std::int64_t>(g.gain.n))
                .bind(9, g.base_mean)
                .bind(10, g.variant_mean)
                .bind(11, g.gain.mean)
                .bind(12, finite_or(g.gain.low(), g.gain.mean))
                .bind(13, finite_or(g.gain.high(), g.gain.mean))
                .bind(14, g.gain_per_relief)
                .bind(15, g.utilization)
                .bind(16, optional_date(scenario.start, g.binds_from_day));
            candidate.run();
            for (std::size_t y = 0; y < round.years.size(); ++y) {
                year.reset();
                year.bind(1, outcome.experiment_id)
                    .bind(2, static_cast<std::int64_t>(k))
                    .bind(3, g.candidate.name)
                    .bind(4, static_cast<std::int64_t>(round.years[y]))
                    .bind(5, round.year_base[y])
                    .bind(6, g.year_gains[y]);
                year.run();
            }
        }
    }
}

void record_ladder(sqlite::Database& db, const Scenario& scenario, const ProbeOutcome& outcome) {
    auto step = db.prepare(
        "INSERT OR REPLACE INTO ladder_steps (experiment_id, step, candidate, nodes, "
        "output_before, n, gain_mean, gain_ci_low, gain_ci_high, binds_from, lift) VALUES "
        "(?,?,?,?,?,?,?,?,?,?,?)");
    for (const LadderStep& s : outcome.ladder) {
        step.reset();
        step.bind(1, outcome.experiment_id)
            .bind(2, static_cast<std::int64_t>(s.step))
            .bind(3, s.constraint.name)
            .bind(4, joined_names(s.constraint.nodes))
            .bind(5, s.output_before)
            .bind(6, static_cast<std::int64_t>(s.gain.n))
            .bind(7, s.gain.mean)
            .bind(8, finite_or(s.gain.low(), s.gain.mean))
            .bind(9, finite_or(s.gain.high(), s.gain.mean))
            .bind(10, optional_date(scenario.start, s.binds_from_day))
            .bind(11, s.lift);
        step.run();
    }
}

void record_knockouts(sqlite::Database& db, const Scenario& scenario, const ProbeSettings& settings,
                      const ProbeOutcome& outcome) {
    auto knockout = db.prepare(
        "INSERT OR REPLACE INTO knockouts (experiment_id, rank, candidate, nodes, kpi, start, "
        "duration_days, n, base_mean, lost_mean, lost_ci_low, lost_ci_high, tts_days, "
        "tts_censored, ttr_days, ttr_censored) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (std::size_t i = 0; i < outcome.knockouts.size(); ++i) {
        const KnockoutLoss& k = outcome.knockouts[i];
        knockout.reset();
        knockout.bind(1, outcome.experiment_id)
            .bind(2, static_cast<std::int64_t>(i + 1))
            .bind(3, k.candidate.name)
            .bind(4, joined_names(k.candidate.nodes))
            .bind(5, settings.kpi)
            .bind(6, date_string(scenario.start, settings.from_day))
            .bind(7, settings.knockout_days.value_or(0.0))
            .bind(8, static_cast<std::int64_t>(k.lost.n))
            .bind(9, k.base_mean)
            .bind(10, k.lost.mean)
            .bind(11, finite_or(k.lost.low(), k.lost.mean))
            .bind(12, finite_or(k.lost.high(), k.lost.mean))
            .bind(13, k.tts_days)
            .bind(14, k.tts_censored)
            .bind(15, k.ttr_days)
            .bind(16, k.ttr_censored);
        knockout.run();
    }
}

}  // namespace

void record_probe(Recorder& recorder, const Scenario& scenario, const ProbeSettings& settings,
                  const ProbeOutcome& outcome) {
    if (outcome.experiment_id == 0) return;
    sqlite::Database& db = recorder.database();
    sqlite::Transaction tx(db);
    record_rounds(db, scenario, settings, outcome);
    record_ladder(db, scenario, outcome);
    record_knockouts(db, scenario, settings, outcome);
    tx.commit();
}

}  // namespace memchain::model
