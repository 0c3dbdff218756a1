// memchain export: the main views of a run database as CSV files, with a short data dictionary
// (README.md), for spreadsheets and pandas.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/record/recorder.hpp"
#include "model/scenario/input_error.hpp"
#include "tools/cli_options.hpp"
#include "tools/commands.hpp"
#include "tools/report/report_data.hpp"

namespace memchain::tools {

namespace {

namespace fs = std::filesystem;
using model::InputError;

struct ExportedView {
    const char* file;
    const char* about;
    const char* sql;  // ?1: the experiment, or NULL for every experiment
};

// Every view is filtered to completed runs except `runs`, which lists them all.
const std::vector<ExportedView>& exported_views() {
    static const std::vector<ExportedView> views = {
        {"runs.csv", "every run, any status, with its seed and calendar start",
         "SELECT experiment_id, run_id, variant, scenario, replication, seed, status, "
         "start_date, horizon_days, config_hash, parameters, error FROM runs "
         "WHERE ?1 IS NULL OR experiment_id = ?1 ORDER BY run_id"},
        {"products.csv", "each product of the experiment's scenarios and its unit",
         "SELECT DISTINCT p.config_hash, p.product, p.unit, p.inputs, p.description "
         "FROM products p JOIN runs r ON r.config_hash = p.config_hash "
         "WHERE ?1 IS NULL OR r.experiment_id = ?1 ORDER BY p.config_hash, p.product"},
        {"kpi_summary.csv", "each KPI per variant: mean over replications, spread, 95% CI",
         "SELECT * FROM kpi_summary WHERE ?1 IS NULL OR experiment_id = ?1 "
         "ORDER BY experiment_id, variant, kpi, product, buyer, node"},
        {"kpis.csv", "each KPI of each completed run",
         "SELECT * FROM kpis_by_variant WHERE ?1 IS NULL OR experiment_id = ?1 "
         "ORDER BY experiment_id, variant, replication, kpi, product, buyer, node"},
        {"comparisons.csv", "each KPI of each variant against the base (paired differences)",
         "SELECT * FROM comparisons WHERE ?1 IS NULL OR experiment_id = ?1 "
         "ORDER BY experiment_id, variant, kpi, product, buyer, node"},
        {"samples.csv", "each node's state at each sample date",
         "SELECT * FROM samples_by_date WHERE ?1 IS NULL OR experiment_id = ?1 "
         "ORDER BY run_id, node, day"},
        {"node_flows.csv", "units each node put out per sample period",
         "SELECT * FROM node_flows WHERE ?1 IS NULL OR experiment_id = ?1 "
         "ORDER BY run_id, node, end_day"},
        {"product_samples.csv", "each product's backlog, throughput and quoted lead time by date",
         "SELECT * FROM product_samples_by_date WHERE ?1 IS NULL OR experiment_id = ?1 "
         "ORDER BY run_id, product, day"},
        {"deliveries.csv", "units delivered to buyers by date and quarter",
         "SELECT * FROM deliveries_by_date WHERE ?1 IS NULL OR experiment_id = ?1 "
         "ORDER BY run_id, day, order_id"},
        {"bottleneck_share.csv", "each node's share of the run as bottleneck, per variant",
         "SELECT * FROM bottleneck_share_by_variant WHERE ?1 IS NULL OR experiment_id = ?1 "
         "ORDER BY experiment_id, variant, sole_share DESC, node"},
    };
    return views;
}

// What each column means; a column not listed here keeps its name only.
const std::map<std::string, std::string>& column_meanings() {
    static const std::map<std::string, std::string> meanings = {
        {"experiment_id", "the experiment (memchain list DB)"},
        {"run_id", "one replication of one variant"},
        {"variant", "the scenario variant; the first is the base"},
        {"replication", "0, 1, ...; replication r of every variant shares random numbers"},
        {"date", "calendar date (ISO 8601)"},
        {"day", "days since the run's start date"},
        {"start_date", "calendar date at the start of the period (runs: of day 0)"},
        {"end_date", "calendar date at the end of the period"},
        {"quarter", "calendar quarter of the date, 2027-Q3"},
        {"unit", "what one unit of the product is (wafers, stacks, GB, accelerators...)"},
        {"units", "units in the period, in the product's unit"},
        {"units_per_day", "units divided by the period's length in days"},
        {"output_cumulative", "good units put out since day 0 (cumulative)"},
        {"capacity",
         "servers or units per day available (capacity_kind 'per day'), or the "
         "most units it can hold (capacity_kind 'stock': pools, inventories)"},
        {"utilization", "busy share of the available capacity over the last sample interval"},
        {"backlog", "open order units waiting"},
        {"quoted_lead_time_days",
         "backlog / throughput over the recent window, in days; empty when throughput is zero"},
        {"n", "completed replications (comparisons: pairs)"},
        {"mean", "mean over the completed replications"},
        {"sd", "standard deviation over the replications (0 for a constant)"},
        {"ci95_half_width", "half width of the 95% Student-t interval of the mean"},
        {"diff_mean", "mean of variant - base over the pairs"},
        {"diff_ci_low",
         "95% interval of the paired difference (Wilson for recovered_share; cut at 0 for "
         "recovery_days)"},
        {"sole_share", "share of the run the node was the only bottleneck (0 if never)"},
        {"shifting_share", "share of the run the node was a bottleneck in a hand-over"},
        {"source",
         "'deliveries' (recorded per arrival) or 'completed orders' (whole orders at "
         "completion, when the run kept no delivery rows)"},
    };
    return meanings;
}

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; NULL is empty.
std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// Writes the rows of `view` to `path`; returns the column names and the row count.
std::pair<std::vector<std::string>, std::int64_t> write_csv(sqlite::Database& db,
                                                            const ExportedView& view,
                                                            std::optional<std::int64_t> experiment,
                                                            const fs::path& path) {
    auto st = db.prepare(view.sql);
    if (experiment)
        st.bind(1, *experiment);
    else
        st.bind_null(1);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path.string());
    std::vector<std::string> columns;
    for (int c = 0; c < st.columns(); ++c) columns.push_back(st.column_name(c));
    for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << columns[c];
    out << "\n";
    std::int64_t rows = 0;
    while (st.step()) {
        for (int c = 0; c < st.columns(); ++c)
            out << (c ? "," : "") << (st.is_null(c) ? "" : csv_field(st.column_text(c)));
        out << "\n";
        ++rows;
    }
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path.string());
    return {columns, rows};
}

}  // namespace

int run_export(const Args& args) {
    po::options_description options("options");
    options.add_options()("database", po::value<std::string>(), "the run database (DB)")(
        "experiment,e", po::value<std::int64_t>(), "only this experiment (default: all)")(
        "to", po::value<std::string>(), "folder to write the CSV files into (created if missing)");
    po::positional_options_description positional;
    positional.add("database", 1);
    const auto parsed = parse_options("export", options, positional, args);
    if (parsed.help) {
        print_help("export", "DB [--experiment ID] --to DIR",
                   "Writes the main views of a run database as CSV files (runs, products,\n"
                   "KPIs per run and per variant, comparisons, samples and flows by date,\n"
                   "product samples, deliveries by quarter, bottleneck shares) and README.md,\n"
                   "a data dictionary. Dates are calendar dates; every row names its experiment,\n"
                   "variant and replication. A file of an older schema is upgraded in place.",
                   options, positional);
        return 0;
    }
    auto& values = parsed.values;
    if (!values.count("database"))
        throw InputError("memchain export",
                         "missing the run database (usage: memchain export DB --to DIR)");
    if (!values.count("to")) throw InputError("--to", "missing: the folder to write into");
    const std::string database = values["database"].as<std::string>();
    const fs::path folder = values["to"].as<std::string>();
    const std::optional<std::int64_t> experiment =
        values.count("experiment") ? std::optional(values["experiment"].as<std::int64_t>())
                                   : std::nullopt;
    {
        sqlite::Database check = report::open_run_database(database);  // bad input: exit 2
        if (experiment) {
            auto st = check.prepare("SELECT count(*) FROM experiments WHERE experiment_id = ?");
            st.bind(1, *experiment);
            st.step();
            if (st.column_int(0) == 0)
                throw InputError("--experiment", "no experiment " + std::to_string(*experiment) +
                                                     " in " + database + " (memchain list DB)");
        }
    }
    std::error_code ec;
    const fs::path parent = folder.has_parent_path() ? folder.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec))
        throw InputError("--to", "folder '" + parent.string() + "' does not exist");
    if (fs::exists(folder, ec) && !fs::is_directory(folder, ec))
        throw InputError("--to", "'" + folder.string() + "' is a file, expected a folder");
    fs::create_directory(folder, ec);
    if (ec) throw std::runtime_error("cannot create " + folder.string() + ": " + ec.message());

    // The views are schema v3's: an older file is brought to it first, as a run would.
    if (model::database_schema_version(database) < model::schema_version) {
        model::Recorder upgrade(database);
    }
    sqlite::Database db(database, sqlite::Database::Mode::Query);
    std::ofstream readme(folder / "README.md", std::ios::binary | std::ios::trunc);
    readme << "# memchain export of " << database << "\n\n"
           << (experiment ? "Experiment " + std::to_string(*experiment) : "Every experiment")
           << ", completed runs (runs.csv lists all). One row per replication: average over\n"
              "`replication` within a `variant` for means. Quantities are in each product's\n"
              "`unit` (products.csv).\n\n";
    for (const ExportedView& view : exported_views()) {
        const auto [columns, rows] = write_csv(db, view, experiment, folder / view.file);
        readme << "## " << view.file << "\n\n" << view.about << " (" << rows << " rows).\n\n";
        for (const std::string& column : columns) {
            const auto meaning = column_meanings().find(column);
            readme << "- `" << column << "`";
            if (meaning != column_meanings().end()) readme << ": " << meaning->second;
            readme << "\n";
        }
        readme << "\n";
        std::cout << (folder / view.file).string() << "\n";
    }
    readme.close();
    if (!readme) throw std::runtime_error("cannot write " + (folder / "README.md").string());
    std::cout << (folder / "README.md").string() << "\n";
    return 0;
}

}  // namespace memchain::tools
