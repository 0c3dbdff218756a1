// memchain compare: a base scenario and variants on common random numbers, with paired
// differences of the KPIs and recovery times, recorded as one experiment.

#include <iostream>
#include <set>

#include "model/experiment/comparison.hpp"
#include "model/experiment/mpi_ensemble.hpp"
#include "model/experiment/runner.hpp"
#include "model/record/recorder.hpp"
#include "model/scenario/input_error.hpp"
#include "model/scenario/levers.hpp"
#include "model/scenario/loader.hpp"
#include "tools/cli_options.hpp"
#include "tools/commands.hpp"
#include "tools/compare_output.hpp"
#include "tools/run_support.hpp"

namespace memchain::tools {

namespace {

// Variant names must be unique within an experiment. The base keeps its scenario's name, as in
// `memchain run`; a variant named like the base would be read as the base (in the report, in a
// query by variant), so it is refused; a --variant NAME the user chose is refused when taken;
// two variant files of one name get the file they came from, else a number.
std::string unique_name(const model::Scenario& sc, bool named_by_flag, std::set<std::string>& taken,
                        const std::string& base) {
    std::string name = sc.name;
    if (!base.empty() && name == base)
        throw model::InputError(
            named_by_flag ? "--variant" : sc.path,
            "the variant '" + name + "' has the base's name: give it a name of its own");
    if (named_by_flag && taken.count(name))
        throw model::InputError("--variant", "the name '" + name + "' is taken by another variant");
    if (taken.count(name)) name = sc.name + " (" + sc.path + ")";
    for (int k = 2; taken.count(name); ++k) name = sc.name + " #" + std::to_string(k);
    taken.insert(name);
    return name;
}

// The base and every variant, from files and --variant flags, each checked before the
// database is touched.
std::vector<model::Scenario> load_compared(const std::vector<std::string>& paths,
                                           const std::vector<std::string>& variant_flags,
                                           const CommonRunOptions& o) {
    std::vector<model::VariantFlag> flags;
    for (const std::string& text : variant_flags) flags.push_back(model::parse_variant_flag(text));
    std::vector<model::Scenario> scenarios;
    scenarios.reserve(paths.size() + flags.size());
    for (const std::string& path : paths)
        scenarios.push_back(model::load_scenario(path, o.overrides, o.scales));
    for (const model::VariantFlag& flag : flags) {
        std::vector<std::string> overrides = o.overrides, scales = o.scales;
        overrides.insert(overrides.end(), flag.overrides.begin(), flag.overrides.end());
        scales.insert(scales.end(), flag.scales.begin(), flag.scales.end());
        scenarios.push_back(model::load_scenario(paths.front(), overrides, scales));
        scenarios.back().name = flag.name;
    }
    return scenarios;
}

// The experiment: every scenario a variant, the base first, named uniquely. The scenarios
// after the first `from_files` came from --variant flags.
model::ExperimentSpec compare_spec(const std::vector<model::Scenario>& scenarios,
                                   std::size_t from_files, const CommonRunOptions& o,
                                   const Args& args) {
    model::ExperimentSpec spec;
    spec.kind = "compare";
    spec.command = command_line("compare", args);
    spec.seed = o.seed.value_or(scenarios.front().seed);
    spec.replications = o.replications;
    spec.threads = o.threads > 0 ? o.threads : model::hardware_threads();
    spec.record = o.record;
    spec.keep_samples = true;
    std::set<std::string> taken;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        const model::Scenario& sc = scenarios[i];
        const std::string base = i == 0 ? "" : spec.variants.front().name;
        spec.variants.push_back(
            {unique_name(sc, i >= from_files, taken, base), &sc, "", model::scenario_hash(sc)});
        spec.label += (spec.label.empty() ? "" : " vs ") + spec.variants.back().name;
    }
    return spec;
}

// Every variant's differences from the base, recorded with the experiment when it was.
std::vector<model::KpiDifference> compare_and_record(const model::ExperimentSpec& spec,
                                                     const model::ExperimentOutcome& outcome,
                                                     model::Recorder* recorder) {
    auto differences = model::compare_variants(spec, outcome);
    if (recorder && outcome.experiment_id) {
        std::vector<model::ComparisonRow> rows;
        rows.reserve(differences.size());
        for (const auto& d : differences) rows.push_back(d.to_row());
        model::record_comparisons(*recorder, outcome.experiment_id, rows);
    }
    return differences;
}

// The help text: the flags, what compare does and how recovery is defined.
void print_compare_help(const po::options_description& options,
                        const po::positional_options_description& positional) {
    print_help(
        "compare",
        "BASE [VARIANT...] [--variant NAME:path=value,...] [-n N] [--threads T] [--db FILE]\n"
        "       [--json] [--set path=value ...] [--scale SELECTOR=FACTOR[@DATE] ...]",
        "Runs the base scenario and every variant on the same replication streams (common\n"
        "random numbers: replication r of every scenario uses the same master seed and\n"
        "replication index, so a node's outages and a buyer's demand are the same draws),\n"
        "records all runs as one experiment (kind 'compare', variants named after their\n"
        "scenarios, the base first, as run names its variant; a variant named like the base\n"
        "is refused) and prints, for each variant, the paired differences of\n"
        "the KPIs against the base (lead time mean and p90 per product and buyer, fill rate,\n"
        "backlog peak, throughput, quoted lead times, bottleneck shares) with the 95%\n"
        "Student-t interval of the mean paired difference and, for contrast, the unpaired\n"
        "(Welch) interval of the same runs; largest effects first (relative change, or\n"
        "points for fractions such as fill rates and shares); with markets, each product's\n"
        "spot and contract price and revenue the same way, and the spot's response to the\n"
        "variant's own shock: the paired rise at its height (with the day) and over the\n"
        "last 91 days (spot_price_shock_peak, spot_price_shock_end). Every KPI's comparison "
        "is\n"
        "stored in the comparisons table. --set and --scale apply to every scenario; a\n"
        "--variant is the base with its own values on top. The master seed is --seed or\n"
        "the base's seed.\n\n"
        "Recovery time: " +
            std::string(recovery_definition()),
        options, positional);
}

}  // namespace

int run_compare(const Args& args) {
    CommonRunOptions o;
    o.replications = 10;
    std::vector<std::string> paths;
    std::vector<std::string> variant_flags;
    int top = 30;
    bool all = false;
    po::options_description options("options");
    options.add_options()("scenarios", po::value(&paths)->multitoken(), "scenario files (YAML)");
    options.add_options()(
        "variant", po::value(&variant_flags)->composing(),
        "NAME:path=value[,path=value...]: the base with these --set values (an item may be "
        "scale(SELECTOR=FACTOR[@DATE]), a lever as --scale), so a what-if needs no file "
        "(repeatable)");
    add_common_run_options(options, o);
    options.add_options()("top", po::value(&top)->default_value(top),
                          "table rows at most (0: all)")(
        "all", po::bool_switch(&all), "every KPI in the table, not only the headline ones");
    po::positional_options_description positional;
    positional.add("scenarios", -1);
    const ParsedOptions parsed = parse_options("compare", options, positional, args);
    if (parsed.help) {
        print_compare_help(options, positional);
        return 0;
    }
    if (paths.size() + variant_flags.size() < 2 || paths.empty())
        throw model::InputError("memchain compare",
                                "expected a base scenario and at least one "
                                "variant file or --variant (see memchain compare --help)");
    o.record = parsed.values.count("no-record") == 0;
    check_common_run_options(o);
    if (o.replications < 2)
        throw model::InputError("--replications",
                                "compare needs at least 2 replications for "
                                "confidence intervals, got " +
                                    std::to_string(o.replications));
    if (top < 0)
        throw model::InputError("--top", "expected 0 (all) or more, got " + std::to_string(top));

    const std::vector<model::Scenario> scenarios = load_compared(paths, variant_flags, o);
    const model::ExperimentSpec spec = compare_spec(scenarios, paths.size(), o, args);

    InterruptGuard interrupt;
    if (!model::is_recording_rank()) return model::serve_runs(spec, &interrupt.flag());
    std::unique_ptr<model::Recorder> recorder;
    if (o.record) recorder = open_recorder("compare", o);
    ProgressPrinter progress("compare", o.quiet);
    const model::ExperimentOutcome outcome = model::run_ensemble(
        spec, recorder.get(), &interrupt.flag(), [&](const auto& p) { progress(p); });
    progress.finish();
    print_lost_ranks("compare", outcome);

    const auto differences = compare_and_record(spec, outcome, recorder.get());
    check_recorded("compare", recorder.get(), spec, outcome);
    CompareReport report;
    report.spec = &spec;
    report.outcome = &outcome;
    report.differences = &differences;
    report.database = o.record ? o.db : not_recorded;
    report.top = static_cast<std::size_t>(top);
    report.all_kpis = all;
    print_comparison(std::cout, report, o.json);
    if (outcome.interrupted) {
        std::cerr << "memchain compare: interrupted; finished replications are recorded and "
                     "compared, the others are marked interrupted\n";
        return 130;
    }
    for (const auto& r : outcome.runs)
        if (r.status == model::RunStatus::Failed) return 1;
    return 0;
}

}  // namespace memchain::tools
