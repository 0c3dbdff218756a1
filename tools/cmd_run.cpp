// memchain run: one scenario, N replications, recorded in a database.

#include <iostream>

#include "model/experiment/mpi_ensemble.hpp"
#include "model/experiment/runner.hpp"
#include "model/record/recorder.hpp"
#include "model/scenario/input_error.hpp"
#include "model/scenario/loader.hpp"
#include "tools/cli_options.hpp"
#include "tools/commands.hpp"
#include "tools/run_support.hpp"
#include "tools/summary.hpp"

namespace memchain::tools {

int run_run(const Args& args) {
    CommonRunOptions o;
    std::string scenario_path;
    po::options_description options("options");
    options.add_options()("scenario", po::value(&scenario_path), "scenario file (YAML)");
    add_common_run_options(options, o);
    po::positional_options_description positional;
    positional.add("scenario", 1);
    const ParsedOptions parsed = parse_options("run", options, positional, args);
    if (parsed.help) {
        print_help("run",
                   "SCENARIO [--db FILE] [-n N] [--threads T] [--seed N] [--set path=value ...]",
                   "Runs a scenario's replications and records every run in the database, then\n"
                   "prints throughput, fill rate and lead times per product, the buyers hit\n"
                   "hardest and the bottleneck sequence with dates.",
                   options, positional);
        return 0;
    }
    if (scenario_path.empty())
        throw model::InputError("memchain run",
                                "expected a scenario file (see memchain run --help)");
    o.record = parsed.values.count("no-record") == 0;
    check_common_run_options(o);

    // Everything the user gave is checked before the database is touched.
    const model::Scenario scenario = model::load_scenario(scenario_path, o.overrides, o.scales);
    const std::uint64_t seed = o.seed.value_or(scenario.seed);

    model::ExperimentSpec spec;
    spec.kind = "run";
    spec.label = scenario.name;
    spec.command = command_line("run", args);
    spec.seed = seed;
    spec.replications = o.replications;
    spec.threads = o.threads > 0 ? o.threads : model::hardware_threads();
    spec.record = o.record;
    spec.variants.push_back({scenario.name, &scenario, "", model::scenario_hash(scenario)});

    InterruptGuard interrupt;
    if (!model::is_recording_rank()) return model::serve_runs(spec, &interrupt.flag());
    std::unique_ptr<model::Recorder> recorder;
    if (o.record) recorder = open_recorder("run", o);
    ProgressPrinter progress("run " + scenario.name, o.quiet);
    const model::ExperimentOutcome outcome = model::run_ensemble(
        spec, recorder.get(), &interrupt.flag(), [&](const auto& p) { progress(p); });
    progress.finish();
    print_lost_ranks("run", outcome);
    check_recorded("run", recorder.get(), spec, outcome);
    print_run_summary(std::cout, scenario, outcome, o.record ? o.db : not_recorded, seed, o.json);
    if (outcome.interrupted) {
        std::cerr << "memchain run: interrupted; finished replications are recorded, the others "
                     "are marked interrupted\n";
        return 130;
    }
    for (const auto& r : outcome.runs)
        if (r.status == model::RunStatus::Failed) return 1;
    return 0;
}

}  // namespace memchain::tools
