// memchain probe: where the bottleneck is and moves next, by relieving each constraint in turn
// on common random numbers (model/experiment/probe.hpp), and the ladder of constraints.

#include <iostream>
#include <memory>

#include "model/experiment/mpi_ensemble.hpp"
#include "model/experiment/probe.hpp"
#include "model/experiment/runner.hpp"
#include "model/record/recorder.hpp"
#include "model/scenario/calendar.hpp"
#include "model/scenario/input_error.hpp"
#include "model/scenario/loader.hpp"
#include "model/scenario/units.hpp"
#include "tools/cli_options.hpp"
#include "tools/commands.hpp"
#include "tools/probe_output.hpp"
#include "tools/run_support.hpp"

namespace memchain::tools {

namespace {

double flag_day(const model::Scenario& sc, const std::string& flag, const std::string& text) {
    const auto date = model::Date::parse(text);
    if (!date) throw model::InputError(flag, "expected a date as YYYY-MM-DD, got '" + text + "'");
    return static_cast<double>(*date - sc.start);
}

// The flags of memchain probe, as given.
struct ProbeFlags {
    CommonRunOptions o;
    std::string scenario_path, by = "node", from, window, knockout;
    model::ProbeSettings settings;
    int top = 20;
};

void add_probe_options(po::options_description& options, ProbeFlags& f) {
    options.add_options()("scenario", po::value(&f.scenario_path), "scenario file (YAML)")(
        "by", po::value(&f.by)->default_value(f.by),
        "candidates: each node with a capacity, or grouped by stage, owner or region")(
        "relief", po::value(&f.settings.relief)->default_value(f.settings.relief),
        "capacity added to a candidate, a fraction (0.2: +20%)")(
        "from", po::value(&f.from), "relief from this date (default: the start)")(
        "kpi", po::value(&f.settings.kpi)->default_value(f.settings.kpi),
        "the output measured: installed (units in every pool) or output@NODE")(
        "window", po::value(&f.window),
        "FROM:TO, dates: the KPI over this part of the horizon (default: all of it)")(
        "steps", po::value(&f.settings.steps)->default_value(0),
        "the ladder: lift the best constraint that gains with confidence and probe again, K "
        "times")(
        "lift", po::value(&f.settings.lift)->default_value(f.settings.lift),
        "ladder: the largest factor a step multiplies its constraint's capacity by; a step "
        "tries 1 + relief, 1.5, 2, 3, 5, 10 up to this and takes the largest that output "
        "follows")(
        "knockout", po::value(&f.knockout),
        "DURATION: the resilience scan instead: each candidate loses all its capacity for this "
        "long from --from; output lost, time to survive and to recover, per candidate")(
        "top", po::value(&f.top)->default_value(f.top), "table rows at most (0: all)");
    add_common_run_options(options, f.o);
}

void print_probe_help(const po::options_description& options,
                      const po::positional_options_description& positional) {
    print_help(
        "probe",
        "SCENARIO [--by node|stage|owner|region] [--relief F] [--from DATE] [--kpi K]\n"
        "       [--window FROM:TO] [--steps K] [-n N] [--set path=value] [--scale ...]",
        "Finds what limits output by relieving each constraint in turn: every node with a\n"
        "capacity (stations, assemblies, pools with a capacity), or every group of them by\n"
        "stage, owner or region, gets --relief more capacity from --from on, and runs on the\n"
        "same replication streams as the base (common random numbers). The gain in the KPI\n"
        "(default: accelerators installed, i.e. units in every pool) with its paired 95%\n"
        "interval ranks the candidates (Kuo, Lim & Meerkov 1996: the bottleneck is the\n"
        "resource whose improvement improves output most); equal gains rank by utilization.\n"
        "Prints the ranking, the date each candidate's relief first shows in output, which\n"
        "constraint limits each calendar year's output and, with --steps K, the ladder: the\n"
        "best-ranked constraint not yet lifted whose gain is above zero with confidence is\n"
        "lifted as far as output follows (the largest of 1 + relief, 1.5, 2, 3, 5 and 10\n"
        "times its capacity, up to --lift, whose gain is above zero with confidence and not\n"
        "below the best lower bound) and the probe runs again, K times, each step with the\n"
        "output it gains.\n\n"
        "With --knockout DURATION it runs the other way (a resilience scan): each candidate\n"
        "loses all its capacity for DURATION from --from, and the table ranks them by\n"
        "output lost (paired, 95% CI), with the time to survive (until output first falls\n"
        "behind the base) and to recover (until output is back on the base's pace).",
        options, positional);
}

// The flags that need the scenario (dates, the window, the knockout), into the settings.
void read_dated_flags(const model::Scenario& scenario, ProbeFlags& f) {
    if (!f.from.empty()) f.settings.from_day = flag_day(scenario, "--from", f.from);
    if (!f.window.empty()) {
        const auto colon = f.window.find(':');
        if (colon == std::string::npos)
            throw model::InputError("--window",
                                    "expected FROM:TO as two dates, got '" + f.window + "'");
        f.settings.window_from_day = flag_day(scenario, "--window", f.window.substr(0, colon));
        f.settings.window_to_day = flag_day(scenario, "--window", f.window.substr(colon + 1));
    }
    if (!f.knockout.empty()) {
        try {
            f.settings.knockout_days = model::parse_duration_days(f.knockout);
        } catch (const std::exception& e) {
            throw model::InputError("--knockout", e.what());
        }
    }
}

model::ProbeRunOptions probe_run_options(const model::Scenario& scenario, const ProbeFlags& f,
                                         const Args& args) {
    model::ProbeRunOptions run;
    run.label = scenario.name;
    run.command = command_line("probe", args);
    run.config_hash = model::scenario_hash(scenario);
    run.seed = f.o.seed.value_or(scenario.seed);
    run.replications = f.o.replications;
    run.threads = f.o.threads > 0 ? f.o.threads : model::hardware_threads();
    return run;
}

// Prints the outcome and any lost ranks; the exit code.
int report_probe(const model::Scenario& scenario, const ProbeFlags& f,
                 const model::ProbeRunOptions& run, const model::ProbeOutcome& outcome) {
    ProbeReport report;
    report.scenario = &scenario;
    report.settings = &f.settings;
    report.outcome = &outcome;
    report.seed = run.seed;
    report.replications = f.o.replications;
    report.top = static_cast<std::size_t>(f.top);
    report.database = f.o.record ? f.o.db : not_recorded;
    report.experiment_id = outcome.experiment_id;
    print_probe(std::cout, report, f.o.json);
    for (const std::string& why : outcome.lost_ranks)
        std::cerr << "memchain probe: " << why << "\n";
    if (outcome.interrupted) {
        std::cerr << "memchain probe: interrupted\n";
        return 130;
    }
    return outcome.failed_runs > 0 ? 1 : 0;
}

}  // namespace

int run_probe(const Args& args) {
    ProbeFlags f;
    f.o.replications = 5;
    po::options_description options("options");
    add_probe_options(options, f);
    po::positional_options_description positional;
    positional.add("scenario", 1);
    const ParsedOptions parsed = parse_options("probe", options, positional, args);
    if (parsed.help) {
        print_probe_help(options, positional);
        return 0;
    }
    if (f.scenario_path.empty())
        throw model::InputError("memchain probe",
                                "expected a scenario file (see memchain probe --help)");
    f.o.record = parsed.values.count("no-record") == 0;
    check_common_run_options(f.o);
    if (f.top < 0)
        throw model::InputError("--top", "expected 0 (all) or more, got " + std::to_string(f.top));
    f.settings.by = model::parse_grouping(f.by);

    // Everything the user gave is checked before the database is touched.
    const model::Scenario scenario =
        model::load_scenario(f.scenario_path, f.o.overrides, f.o.scales);
    read_dated_flags(scenario, f);
    model::check_probe_settings(scenario, f.settings);

    model::ProbeRunOptions run = probe_run_options(scenario, f, args);
    InterruptGuard interrupt;
    run.stop = &interrupt.flag();
    // Another MPI rank simulates the runs rank 0 lends it, step by step as rank 0 says.
    if (!model::is_recording_rank()) return model::run_probe(scenario, f.settings, run).served_exit;
    std::unique_ptr<model::Recorder> recorder;
    if (f.o.record) recorder = std::make_unique<model::Recorder>(f.o.db);
    run.recorder = recorder.get();
    ProgressPrinter progress("probe " + scenario.name, f.o.quiet);
    run.progress = [&](const model::ExperimentProgress& p) { progress(p); };
    const model::ProbeOutcome outcome = model::run_probe(scenario, f.settings, run);
    progress.finish();
    if (recorder) model::record_probe(*recorder, scenario, f.settings, outcome);
    return report_probe(scenario, f, run, outcome);
}

}  // namespace memchain::tools
