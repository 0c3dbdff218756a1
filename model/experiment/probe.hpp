#pragma once
// The bottleneck probe: what limits output, measured rather than inferred from states. The
// bottleneck is the resource whose relief raises output most (Kuo, Lim & Meerkov 1996; Chang,
// Ni et al.'s data-driven versions estimate the same sensitivity from runs).
//
// Method. The candidates are the nodes with a capacity (stations, assemblies, pools with a
// capacity; model/scenario/levers.hpp), one by one or grouped by stage, owner or region (a
// node with no value for the field is a group of its own). Each candidate's capacity is
// multiplied by (1 + relief) from `from_day` on (a lever), and the variant runs on the same
// replication streams as the base (common random numbers). Its gain is the mean paired
// difference of the KPI with the Student-t interval; candidates rank by mean gain, and where
// gains are equal (constraints that do not bind gain exactly nothing) by the mean utilization
// of their nodes in the base, highest first: the one nearest to binding. The gain per unit of
// relief (gain / relief) is the KPI change per 100% more capacity, comparable across reliefs.
//
// KPI. An output path: the cumulative value at every sample (the recording interval):
//  - `installed`: units occupying every pool (in the baseline: accelerators installed against
//    data-centre power);
//  - `output@NODE`: the node's cumulative good output (a pool's: its units installed).
// Over a window [from, to] the KPI is the path at the last sample at or before `to` minus the
// path at the last sample at or before `from` (the first sample when none is).
//
// Binding date. A candidate binds from the first sample at which the mean over replications of
// its path minus the base's exceeds max(1 unit, 0.1% of the base's output to that day): where
// its relief first shows in output (after the pipeline's lead time, so later than the date its
// own queue first limits).
// Per year: the gain of each calendar year (clipped to the horizon), and each year's top
// candidate: the constraint that limits that year's output.
//
// The ladder (`steps` > 0). Probe; take the best-ranked candidate whose gain's interval lies
// above zero and that no earlier step lifted, lift it, and probe again. A step lifts its constraint
// as far as lifting pays: the capacity is multiplied, from `from_day`, by each factor of 1 +
// relief, 1.5, 2, 3, 5 and 10 up to `lift` (and `lift` itself), each run on the round's replication
// streams, and the step takes the largest factor whose gain is above zero with confidence and
// not below the lower bound of the best factor's interval. So a constraint that stops binding
// is lifted well out of the way (every factor gains the same: the largest is taken), while one
// whose output falls again past some capacity (more HBM made pulls DRAM wafers away, and the
// chain's allocation moves) is lifted only as far as output follows. A step's gain is that
// factor's paired difference against the round's base, so every step's interval lies above
// zero, and the steps read "memory -> packaging -> power" with what each lift is worth. A
// constraint is lifted once: when it would top a later round again, the ladder takes the next
// one (its further gain shows in that round's ranking). The ladder stops early when no
// candidate not yet lifted gains with confidence.
// The resilience scan (`knockout_days`): the same machinery run the other way, after
// Simchi-Levi's stress tests (Simchi-Levi, Schmidt & Wei, HBR 2014; Simchi-Levi & Simchi-Levi
// 2020). Each candidate loses all of its capacity (a capacity_loss shock of magnitude 1) from
// `from_day` for `knockout_days`, paired against the base:
//  - output lost: the base's KPI over the window minus the variant's (mean, 95% interval);
//  - TTS, time to survive: from the knockout's start to the first sample at which the variant's
//    output path falls below the base's by more than max(1 unit, 0.1% of the base's output since
//    the start): how long stocks and other routes keep output whole. Censored at the horizon
//    when it never does;
//  - TTR, time to recover: from the knockout's start to the first sample from which the
//    variant's output per sample interval never again falls below the base's by more than
//    max(1 unit, 5% of the base's): output back on the base's pace (catching up counts).
//    Censored at the horizon when it is still behind at the last sample.
// Candidates rank by output lost, most first.
//
// Under MPI (`mpirun -np K memchain probe ...`) every rank calls run_probe: rank 0 records,
// ranks and decides, lending runs to the others as run and compare do (mpi_ensemble.hpp), and
// its word on each step keeps them in step; the database is the same as one process writes.
//
// Cost: (candidates + 1) x replications runs per round, one round per step, and per
// step up to six lifts x replications; all runs go through the experiment runner (all threads,
// one scenario copy per candidate, nothing recorded per run).

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/experiment/runner.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/stats.hpp"

namespace memchain::model {

enum class ProbeGrouping : std::uint8_t { Node, Stage, Owner, Region };

struct ProbeSettings {
    ProbeGrouping by = ProbeGrouping::Node;
    double relief = 0.2;  // +20% capacity
    double from_day = 0.0;
    std::string kpi = "installed";  // installed, or output@NODE
    double window_from_day = 0.0;
    std::optional<double> window_to_day;  // none: the horizon
    int steps = 0;                        // ladder steps; 0: one probe
    double lift = 10.0;                   // ladder: the largest factor a step may lift by
    std::optional<double> knockout_days;  // the resilience scan instead of the relief probe
    double level = 0.95;
};

class Recorder;

struct ProbeRunOptions {
    // With a recorder, the probe is one experiment (kind 'probe') whose runs are the base's
    // replications (the candidates' runs are measured, not recorded); record_probe then adds
    // the ranking and the ladder.
    Recorder* recorder = nullptr;
    std::string label;
    std::string command;
    std::string config_hash;
    std::uint64_t seed = 1;
    int replications = 5;
    int threads = 1;
    const std::atomic<bool>* stop = nullptr;
    std::function<void(const ExperimentProgress&)> progress;  // per round
};

struct ProbeCandidate {
    std::string name;  // the node, or "stage=HBM TSV"
    std::vector<std::string> nodes;
};

struct CandidateGain {
    ProbeCandidate candidate;
    double base_mean = 0.0;
    double variant_mean = 0.0;
    sim::ConfidenceInterval gain;  // paired, variant - base, n = pairs
    double gain_per_relief = 0.0;  // gain.mean / relief
    double utilization = 0.0;      // mean of its nodes' utilization_mean in the base
    std::optional<double> binds_from_day;
    std::vector<double> year_gains;  // mean gain per calendar year of ProbeRound::years
};

struct ProbeRound {
    double base_mean = 0.0;            // the KPI over the window in the round's base
    std::vector<CandidateGain> gains;  // ranked, best first
    std::vector<int> years;            // calendar years the horizon covers
    std::vector<double> year_base;     // base output per year
};

struct LadderStep {
    int step = 0;  // 1-based
    ProbeCandidate constraint;
    double output_before = 0.0;    // the KPI before the step (mean)
    sim::ConfidenceInterval gain;  // paired: lifted - before
    std::optional<double> binds_from_day;
    double gain_per_relief = 0.0;  // the probe's figure that picked it
    double lift = 1.0;             // the factor its capacity was multiplied by
    // Every factor tried, with its paired gain against the round's base, smallest first.
    std::vector<std::pair<double, sim::ConfidenceInterval>> tried;
};

struct KnockoutLoss {
    ProbeCandidate candidate;
    double base_mean = 0.0;
    sim::ConfidenceInterval lost;  // base - variant over the window, paired
    double tts_days = 0.0;         // mean over pairs (censored ones at horizon - start)
    int tts_censored = 0;          // pairs whose output never fell behind
    double ttr_days = 0.0;
    int ttr_censored = 0;  // pairs still behind at the last sample
};

struct ProbeOutcome {
    std::int64_t experiment_id = 0;  // 0 when nothing was recorded
    std::vector<ProbeCandidate> candidates;
    std::vector<ProbeRound> rounds;  // rounds[0] is the probe of the scenario as given
    std::vector<LadderStep> ladder;
    std::vector<KnockoutLoss> knockouts;  // the resilience scan, most output lost first
    std::string stopped_because;          // why the ladder ended before `steps` ("" otherwise)
    std::size_t runs = 0;
    std::uint64_t events = 0;
    double wall_seconds = 0.0;
    bool interrupted = false;
    int failed_runs = 0;
    std::vector<std::string> lost_ranks;  // under MPI: the ranks rank 0 lost, and why
    // On an MPI rank other than 0: its exit code (0; 130 after a stop request; 1 when rank 0
    // is gone). Such a rank only simulates the runs rank 0 lends it: everything else is empty.
    int served_exit = 0;
};

// `scenario` with the candidate's capacity all gone from `from_day` for `days` (a capacity_loss
// shock of magnitude 1 named "knockout <candidate>").
[[nodiscard]] Scenario knocked_out(const Scenario& scenario, const ProbeCandidate& candidate,
                                   double from_day, double days);

// "node", "stage", "owner" or "region"; throws InputError at `--by` otherwise.
[[nodiscard]] ProbeGrouping parse_grouping(const std::string& text);
[[nodiscard]] const char* to_string(ProbeGrouping g);

// The candidates of a scenario, in the scenario's node order (groups in the order of their
// first node).
[[nodiscard]] std::vector<ProbeCandidate> probe_candidates(const Scenario& scenario,
                                                           ProbeGrouping by);

// Checks settings against the scenario before anything runs: the KPI (`installed` needs a pool;
// `output@NODE` a node), relief > 0, lift > 1, steps >= 0, the window inside the horizon and
// not empty, `from_day` inside the horizon. InputError naming the flag.
void check_probe_settings(const Scenario& scenario, const ProbeSettings& settings);

// `scenario` with the candidate's capacities multiplied by `factor` from `from_day` on.
[[nodiscard]] Scenario relieved(const Scenario& scenario, const ProbeCandidate& candidate,
                                double factor, double from_day);

// The factors a ladder step tries, smallest first: 1 + relief, then those of 1.5, 2, 3, 5 and
// 10 above it and below `lift`, then `lift` (only `lift` when it is not above 1 + relief).
[[nodiscard]] std::vector<double> lift_factors(double relief, double lift);

// Which of `tried` (factor and its gain against the round's base, smallest factor first) a
// ladder step takes: the largest factor whose gain is above zero with confidence and whose mean
// is not below the highest lower bound among them (within 1e-9 of it); when no gain is above
// zero with confidence, the factor with the highest lower bound.
[[nodiscard]] std::size_t choose_lift(
    const std::vector<std::pair<double, sim::ConfidenceInterval>>& tried);

// Runs the probe (and the ladder when settings.steps > 0).
[[nodiscard]] ProbeOutcome run_probe(const Scenario& scenario, const ProbeSettings& settings,
                                     const ProbeRunOptions& options);

// Writes the probe's rounds (probe_candidates, probe_years) and ladder (ladder_steps) for its
// experiment, in one transaction.
void record_probe(Recorder& recorder, const Scenario& scenario, const ProbeSettings& settings,
                  const ProbeOutcome& outcome);

}  // namespace memchain::model
