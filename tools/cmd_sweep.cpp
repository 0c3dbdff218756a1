// memchain sweep: a scenario over a grid of one or two parameters, every point on the same
// replication streams, recorded as one experiment.

#include <iostream>

#include "model/experiment/comparison.hpp"
#include "model/experiment/mpi_ensemble.hpp"
#include "model/experiment/runner.hpp"
#include "model/experiment/sweep.hpp"
#include "model/record/recorder.hpp"
#include "model/result/kpi_names.hpp"
#include "model/scenario/input_error.hpp"
#include "model/scenario/loader.hpp"
#include "model/scenario/suggest.hpp"
#include "tools/cli_options.hpp"
#include "tools/commands.hpp"
#include "tools/run_support.hpp"
#include "tools/sweep_output.hpp"

namespace memchain::tools {

namespace {

// "NAME" or "NAME@WHERE", WHERE a product or node (buyers are nodes) of the scenario.
void check_kpi_requests(const model::Scenario& sc, const std::vector<std::string>& requested) {
    for (const std::string& text : requested) {
        const auto at = text.find('@');
        if (text.empty() || at == 0)
            throw model::InputError("--kpi",
                                    "expected NAME or NAME@WHERE (e.g. "
                                    "lead_time_mean_days@accelerator), got '" +
                                        text + "'");
        const std::string name = text.substr(0, at);
        if (!model::is_kpi_name(name)) {
            const std::vector<std::string> names(model::kpi_names.begin(), model::kpi_names.end());
            const std::string hint = model::did_you_mean(name, names);
            throw model::InputError("--kpi",
                                    "unknown KPI '" + name + "' in '" + text + "'" +
                                        (hint.empty() ? " (the kpis table lists them)" : hint));
        }
        if (at == std::string::npos) continue;
        const std::string where = text.substr(at + 1);
        if (!sc.find_product(where) && !sc.find_node(where))
            throw model::InputError("--kpi", "'" + where + "' in '" + text +
                                                 "' is no product, buyer or node of " + sc.name);
    }
}

// A point's values are applied as --set would apply them, but an error in one is the --vary
// flag's: the user's own --set values were loaded without error before.
model::Scenario load_point(const std::string& path, const std::vector<std::string>& overrides,
                           const std::vector<std::string>& scales) {
    try {
        return model::load_scenario(path, overrides, scales);
    } catch (const model::InputError& e) {
        if (e.file().rfind("--set", 0) != 0) throw;
        throw model::InputError("--vary" + e.file().substr(5), e.line(), e.column(), e.message());
    }
}

// The flags of memchain sweep, as given.
struct SweepFlags {
    CommonRunOptions o;
    std::string scenario_path;
    std::vector<std::string> vary;
    std::vector<std::string> kpis;
};

void add_sweep_options(po::options_description& options, SweepFlags& f) {
    options.add_options()("scenario", po::value(&f.scenario_path), "scenario file (YAML)")(
        "vary", po::value(&f.vary)->composing(),
        "PATH=FROM:TO:STEP, a --set path over a range of bare numbers (the value keeps its "
        "unit); once or twice")(
        "kpi", po::value(&f.kpis)->composing(),
        "a KPI column, NAME or NAME@WHERE (a product, buyer or node); repeatable; the first "
        "is the grid's (default: lead time mean and p90, fill rate, backlog peak of the end "
        "products)");
    add_common_run_options(options, f.o);
}

void print_sweep_help(const po::options_description& options,
                      const po::positional_options_description& positional) {
    print_help("sweep",
               "SCENARIO --vary PATH=FROM:TO:STEP [--vary PATH=FROM:TO:STEP] [-n N] [--kpi K ...]",
               "Runs the scenario at every point of a grid over one or two parameters (e.g.\n"
               "--vary nodes.tsmc_cowos.capacity=60000:120000:20000 --vary\n"
               "nodes.skhynix_tsv.yield=0.8:0.9:0.05), each point being the scenario with those\n"
               "values set as by --set (bare numbers keep the unit they replace; a plan over\n"
               "dates has none: vary its PATH.scale), at most " +
                   std::to_string(model::max_sweep_points) +
                   " points. Every point runs the same\n"
                   "replication streams (common random numbers) and all runs are recorded as one\n"
                   "experiment (kind 'sweep', one variant per point, runs.parameters holding the\n"
                   "point as JSON). Prints one row per point with the KPIs' means and 95% CIs and\n"
                   "the main bottleneck, and for two parameters a grid of the first KPI. Paired\n"
                   "differences of every point against the first are stored in the comparisons\n"
                   "table.",
               options, positional);
}

// Every point's scenario, loaded (and so validated) before the database is touched; the KPIs
// are checked first, against the scenario as --set leaves it, so a typo costs nothing.
std::vector<model::Scenario> load_points(const SweepFlags& f,
                                         const std::vector<model::SweepPoint>& points) {
    check_kpi_requests(model::load_scenario(f.scenario_path, f.o.overrides), f.kpis);
    std::vector<model::Scenario> scenarios;
    scenarios.reserve(points.size());
    for (const model::SweepPoint& point : points) {
        std::vector<std::string> overrides = f.o.overrides;
        overrides.insert(overrides.end(), point.overrides.begin(), point.overrides.end());
        scenarios.push_back(load_point(f.scenario_path, overrides, f.o.scales));
    }
    return scenarios;
}

model::ExperimentSpec sweep_spec(const SweepFlags& f, const std::vector<model::SweepPoint>& points,
                                 const std::vector<model::Scenario>& scenarios, const Args& args) {
    model::ExperimentSpec spec;
    spec.kind = "sweep";
    spec.label = scenarios.front().name;
    spec.command = command_line("sweep", args);
    spec.seed = f.o.seed.value_or(scenarios.front().seed);
    spec.replications = f.o.replications;
    spec.threads = f.o.threads > 0 ? f.o.threads : model::hardware_threads();
    spec.record = f.o.record;
    spec.keep_samples = true;
    for (std::size_t i = 0; i < points.size(); ++i)
        spec.variants.push_back({points[i].name, &scenarios[i], points[i].parameters_json,
                                 model::scenario_hash(scenarios[i])});
    return spec;
}

// Every point against the first, on common random numbers (one replication gives no
// interval, so nothing is stored then).
std::vector<model::KpiDifference> compare_points(const model::ExperimentSpec& spec,
                                                 const model::ExperimentOutcome& outcome,
                                                 model::Recorder* recorder) {
    auto differences = model::compare_variants(spec, outcome);
    if (recorder && outcome.experiment_id && !differences.empty()) {
        std::vector<model::ComparisonRow> rows;
        rows.reserve(differences.size());
        for (const auto& d : differences) rows.push_back(d.to_row());
        model::record_comparisons(*recorder, outcome.experiment_id, rows);
    }
    return differences;
}

struct SweepGrid {
    std::vector<model::SweepAxis> axes;
    std::vector<model::SweepPoint> points;
};

// Prints the table (and grid) of the points; the exit code.
int report_sweep(const SweepFlags& f, const SweepGrid& grid, const model::ExperimentSpec& spec,
                 const model::ExperimentOutcome& outcome,
                 const std::vector<model::KpiDifference>& differences) {
    std::vector<std::string> unobserved;
    const auto columns = sweep_columns(outcome, f.kpis, &unobserved);
    for (const std::string& k : unobserved)
        std::cerr << "memchain sweep: note: no completed run reported the KPI '" << k << "'\n";
    SweepReport report;
    report.spec = &spec;
    report.outcome = &outcome;
    report.axes = &grid.axes;
    report.points = &grid.points;
    report.columns = &columns;
    report.differences = &differences;
    report.database = f.o.record ? f.o.db : not_recorded;
    print_sweep(std::cout, report, f.o.json);
    if (outcome.interrupted) {
        std::cerr << "memchain sweep: interrupted; finished replications are recorded, the "
                     "others are marked interrupted\n";
        return 130;
    }
    for (const auto& r : outcome.runs)
        if (r.status == model::RunStatus::Failed) return 1;
    return 0;
}

}  // namespace

int run_sweep(const Args& args) {
    SweepFlags f;
    f.o.replications = 5;
    po::options_description options("options");
    add_sweep_options(options, f);
    po::positional_options_description positional;
    positional.add("scenario", 1);
    const ParsedOptions parsed = parse_options("sweep", options, positional, args);
    if (parsed.help) {
        print_sweep_help(options, positional);
        return 0;
    }
    if (f.scenario_path.empty())
        throw model::InputError("memchain sweep",
                                "expected a scenario file (see memchain sweep --help)");
    if (f.vary.empty())
        throw model::InputError("--vary",
                                "expected at least one PATH=FROM:TO:STEP (see memchain "
                                "sweep --help)");
    f.o.record = parsed.values.count("no-record") == 0;
    check_common_run_options(f.o);
    SweepGrid grid;
    for (const std::string& text : f.vary) grid.axes.push_back(model::parse_sweep_axis(text));
    grid.points = model::sweep_points(grid.axes);
    const std::vector<model::Scenario> scenarios = load_points(f, grid.points);
    const model::ExperimentSpec spec = sweep_spec(f, grid.points, scenarios, args);

    InterruptGuard interrupt;
    if (!model::is_recording_rank()) return model::serve_runs(spec, &interrupt.flag());
    std::unique_ptr<model::Recorder> recorder;
    if (f.o.record) recorder = open_recorder("sweep", f.o);
    ProgressPrinter progress("sweep " + spec.label, f.o.quiet);
    const model::ExperimentOutcome outcome = model::run_ensemble(
        spec, recorder.get(), &interrupt.flag(), [&](const auto& p) { progress(p); });
    progress.finish();
    print_lost_ranks("sweep", outcome);
    const auto differences = compare_points(spec, outcome, recorder.get());
    check_recorded("sweep", recorder.get(), spec, outcome);
    return report_sweep(f, grid, spec, outcome, differences);
}

}  // namespace memchain::tools
