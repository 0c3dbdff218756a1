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

}  // namespace

int run_probe(const Args& args) {
    CommonRunOptions o;
    o.replications = 5;
    std::string scenario_path, by = "node", from, window, knockout;
    model::ProbeSettings settings;
    int top = 20;
    po::options_description options("options");
    options.add_options()("scenario", po::value(&scenario_path), "scenario file (YAML)")(
        "by", po::value(&by)->default_value(by),
        "candidates: each node with a capacity, or grouped by stage, owner or region")(
        "relief", po::value(&settings.relief)->default_value(settings.relief),
        "capacity added to a candidate, a fraction (0.2: +20%)")(
        "from", po::value(&from), "relief from this date (default: the start)")(
        "kpi", po::value(&settings.kpi)->default_value(settings.kpi),
        "the output measured: installed (units in every pool) or output@NODE")(
        "window", po::value(&window),
        "FROM:TO, dates: the KPI over this part of the horizon (default: all of it)")(
        "steps", po::value(&settings.steps)->default_value(0),
        "the ladder: lift the best constraint that gains with confidence and probe again, K "
        "times")(
        "lift", po::value(&settings.lift)->default_value(settings.lift),
        "ladder: the largest factor a step multiplies its constraint's capacity by; a step "
        "tries 1 + relief, 1.5, 2, 3, 5, 10 up to this and takes the largest that output "
        "follows")(
        "knockout", po::value(&knockout),
        "DURATION: the resilience scan instead: each candidate loses all its capacity for this "
        "long from --from; output lost, time to survive and to recover, per candidate")(
        "top", po::value(&top)->default_value(top), "table rows at most (0: all)");
    add_common_run_options(options, o);
    po::positional_options_description positional;
    positional.add("scenario", 1);
    const ParsedOptions parsed = parse_options("probe", options, positional, args);
    if (parsed.help) {
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
        return 0;
    }
    if (scenario_path.empty())
        throw model::InputError("memchain probe",
                                "expected a scenario file (see memchain probe --help)");
    o.record = parsed.values.count("no-record") == 0;
    check_common_run_options(o);
    if (top < 0)
        throw model::InputError("--top", "expected 0 (all) or more, got " + std::to_string(top));
    settings.by = model::parse_grouping(by);

    // Everything the user gave is checked before the database is touched.
    const model::Scenario scenario = model::load_scenario(scenario_path, o.overrides, o.scales);
    if (!from.empty()) settings.from_day = flag_day(scenario, "--from", from);
    if (!window.empty()) {
        const auto colon = window.find(':');
        if (colon == std::string::npos)
            throw model::InputError("--window",
                                    "expected FROM:TO as two dates, got '" + window + "'");
        settings.window_from_day = flag_day(scenario, "--window", window.substr(0, colon));
        settings.window_to_day = flag_day(scenario, "--window", window.substr(colon + 1));
    }
    if (!knockout.empty()) {
        try {
            settings.knockout_days = model::parse_duration_days(knockout);
        } catch (const std::exception& e) {
            throw model::InputError("--knockout", e.what());
        }
    }
    model::check_probe_settings(scenario, settings);

    model::ProbeRunOptions run;
    run.label = scenario.name;
    run.command = command_line("probe", args);
    run.config_hash = model::scenario_hash(scenario);
    run.seed = o.seed.value_or(scenario.seed);
    run.replications = o.replications;
    run.threads = o.threads > 0 ? o.threads : model::hardware_threads();
    InterruptGuard interrupt;
    run.stop = &interrupt.flag();
    // Another MPI rank simulates the runs rank 0 lends it, step by step as rank 0 says.
    if (!model::is_recording_rank()) return model::run_probe(scenario, settings, run).served_exit;
    std::unique_ptr<model::Recorder> recorder;
    if (o.record) recorder = std::make_unique<model::Recorder>(o.db);
    run.recorder = recorder.get();
    ProgressPrinter progress("probe " + scenario.name, o.quiet);
    run.progress = [&](const model::ExperimentProgress& p) { progress(p); };
    const model::ProbeOutcome outcome = model::run_probe(scenario, settings, run);
    progress.finish();
    if (recorder) model::record_probe(*recorder, scenario, settings, outcome);

    ProbeReport report;
    report.scenario = &scenario;
    report.settings = &settings;
    report.outcome = &outcome;
    report.seed = run.seed;
    report.replications = o.replications;
    report.top = static_cast<std::size_t>(top);
    report.database = o.record ? o.db : not_recorded;
    report.experiment_id = outcome.experiment_id;
    print_probe(std::cout, report, o.json);
    for (const std::string& why : outcome.lost_ranks)
        std::cerr << "memchain probe: " << why << "\n";
    if (outcome.interrupted) {
        std::cerr << "memchain probe: interrupted\n";
        return 130;
    }
    return outcome.failed_runs > 0 ? 1 : 0;
}

}  // namespace memchain::tools
