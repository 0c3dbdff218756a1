#pragma once
// What a report shows, read from a run database (schema v1 to v4) into plain structs: one
// experiment, its runs, and the series, bottlenecks, shocks, KPIs and comparisons of its
// completed runs, aggregated across replications. Nothing here formats text or knows about HTML.
//
// Times stay in days since the runs' start (`start_date` is day 0). A band spans the 10th to
// the 90th percentile across replications; with one replication it collapses to the value.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/experiment/comparison.hpp"
#include "model/record/recorder.hpp"
#include "model/record/sqlite.hpp"
#include "model/scenario/calendar.hpp"
#include "tools/report/market_section.hpp"
#include "tools/report/probe_section.hpp"

namespace memchain::report {

struct ExperimentRow {
    std::int64_t id = 0;
    std::string kind;  // run, compare, sweep
    std::string label;
    std::string command;
    std::int64_t master_seed = 0;
    int replications = 0;
    std::string created_at;
};

struct RunRow {
    std::int64_t id = 0;
    std::string scenario;
    std::string variant;
    int replication = 0;
    std::int64_t seed = 0;
    std::string config_hash;
    std::string start_date;
    double horizon_days = 0.0;
    std::string parameters;  // JSON text, "" when none
    std::string status;      // running, completed, failed, interrupted
    std::string error;
    std::optional<std::int64_t> events;
    std::optional<double> wall_seconds;
};

struct Parameter {
    std::string name;
    std::string value;  // as text: 0.3, "tsmc", [1,2]
    std::optional<double> number;
};

// A scenario variant with at least one completed run, in the order its first run was written.
struct Variant {
    std::string name;
    std::string scenario;
    std::string config_hash;
    bool base = false;
    std::vector<std::int64_t> runs;  // completed only
    std::vector<Parameter> parameters;
    [[nodiscard]] int replications() const { return static_cast<int>(runs.size()); }
};

struct Node {
    std::string name;
    std::string block;
    std::string stage;
    std::string region;
    std::string owner;
    std::string product;
    int depth = 0;  // longest path from a node without inputs: upstream first
};

// Producing stages (nodes with a stage that are not buyers or sources), upstream first.
struct Stage {
    std::string name;
    std::vector<std::string> nodes;
};

struct Shock {
    std::string variant;
    std::string name;
    std::string kind;
    std::string target;
    double start_day = 0.0;
    std::optional<double> end_day;
    double magnitude = 0.0;
    bool random = false;
    std::string description;
    int runs = 0;  // completed runs of the variant that hold it

    // A capacity expansion or cut a node's rule committed during a run (engine/expansion.hpp
    // and engine/cut.hpp record it as "committed on day ..."; every capacity_cut is one): its
    // day differs by replication, unlike a scheduled shock's.
    [[nodiscard]] bool rule_committed() const {
        return (kind == "capacity_expansion" || kind == "capacity_cut") &&
               description.rfind("committed on day ", 0) == 0;
    }
};

struct Band {
    int n = 0;  // replications with a value
    double mean = 0.0;
    double low = 0.0;   // 10th percentile across replications
    double high = 0.0;  // 90th percentile across replications
};

// product_samples of one variant at one sample day, across replications.
struct ProductPoint {
    std::string variant;
    std::string product;
    double day = 0.0;
    std::optional<Band> quoted_lead_time_days;
    Band backlog;
    Band throughput_per_day;
};

// Orders completed in one calendar month, by variant, product and buyer: the mean over all
// orders of all replications, and a band over the replications' monthly means.
struct OrderMonth {
    std::string variant;
    std::string product;
    std::string buyer;
    std::string month;  // YYYY-MM-01
    int orders = 0;
    double mean_lead_time_days = 0.0;
    Band replication_means;
};

struct OrderCounts {
    std::string variant;
    std::int64_t orders = 0;
    std::int64_t open = 0;
};

// Mean utilization (0..1) of a stage's nodes over [day, day + bin_days), across replications.
struct StageCell {
    std::string variant;
    std::string stage;
    double day = 0.0;
    double utilization = 0.0;
};

struct BottleneckSpan {
    std::string variant;
    int replication = 0;
    std::string node;
    double start_day = 0.0;
    double end_day = 0.0;
    bool shifting = false;
};

struct BottleneckShiftRow {
    std::string variant;
    int replication = 0;
    double day = 0.0;
    std::optional<std::string> from;
    std::string to;
};

// How long an assembly waited for one missing input, per replication on average (a
// replication without the row counts as zero days).
struct StarvationRow {
    std::string variant;
    std::string node;
    std::string input;
    double days = 0.0;
};

// Time lots spent at a stage (lot_stages, recorded at detail 'lots'): waiting, then in process.
struct StageTime {
    std::string variant;
    std::string stage;
    std::int64_t lots = 0;
    double wait_days = 0.0;     // mean, arrival to start
    double process_days = 0.0;  // mean, start to finish
};

// One row of the kpi_summary view: mean across completed replications, 95% CI half width.
struct KpiStat {
    std::string variant;
    std::string kpi;
    std::string product;
    std::string buyer;
    std::string node;
    int n = 0;
    double mean = 0.0;
    std::optional<double> sd;
    std::optional<double> ci95_half_width;
};

// A row of the comparisons table: one KPI of one variant against the base.
using Comparison = model::ComparisonRow;

struct ConfigText {
    std::string hash;
    std::string scenario;
    std::string path;
    std::string text;
};

struct ReportData {
    std::string db_path;
    std::string memchain_version;              // of the build that created the database
    std::vector<std::int64_t> experiment_ids;  // every experiment in the database
    ExperimentRow experiment;
    std::vector<RunRow> runs;        // every run of the experiment, any status
    std::vector<Variant> variants;   // base first
    model::Date start_date;          // day 0 of the completed runs
    double horizon_days = 0.0;       // the longest completed run
    bool mixed_start_dates = false;  // completed runs disagree on day 0
    double bin_days = 7.0;           // width of a utilization heatmap cell

    std::vector<Node> nodes;  // upstream first, then by name
    std::vector<Stage> stages;
    std::vector<std::string> products;
    std::vector<std::string> buyers;
    std::vector<Shock> shocks;
    std::vector<ProductPoint> product_points;  // by variant, product, day
    std::vector<OrderMonth> order_months;      // by variant, product, buyer, month
    std::vector<OrderCounts> order_counts;
    std::vector<StageCell> stage_cells;
    std::vector<BottleneckSpan> bottleneck_spans;  // by variant, replication, start
    std::vector<BottleneckShiftRow> bottleneck_shifts;
    std::vector<StarvationRow> starvation;  // by variant, most days first
    std::vector<StageTime> stage_times;     // by variant, stages upstream first
    std::vector<KpiStat> kpis;
    std::vector<Comparison> comparisons;
    std::vector<ConfigText> configs;
    // The unit of each product as the scenario named it ("accelerators", "GB"); empty for a
    // file from before the products table.
    std::map<std::string, std::string> product_units;
    // Units that reached data-centre power (absorbed_units summed over the pool nodes) in each
    // completed run, by run id; empty without pools.
    std::map<std::int64_t, double> installed_by_run;
    std::string installed_product;  // what the pools absorb ("deployed_accelerator")
    ProbeData probe;     // a probe experiment's ranking and ladder (tools/report/probe_section.hpp)
    MarketData markets;  // prices and revenue, when products have markets (market_section.hpp)

    [[nodiscard]] const Variant* base() const;
    [[nodiscard]] const Variant* variant(const std::string& name) const;
    [[nodiscard]] const Node* node(const std::string& name) const;
    [[nodiscard]] int max_replications() const;
    [[nodiscard]] bool has_orders() const;
    // The unit `product` is counted in ("wafers", "GB"), or "units" when the file does not say.
    [[nodiscard]] std::string unit_of(const std::string& product) const;
    // The unit a KPI of this scope counts in: its product's, else its node's product's, else
    // "units" (a buyer's total over several products).
    [[nodiscard]] std::string unit_for(const std::string& product, const std::string& node) const;
    // The unit of what a shock's first target node makes ("units" when unknown).
    [[nodiscard]] std::string target_unit(const Shock& shock) const;
    // The KPI row (kpi, product, buyer, node) of `variant`, or nullptr.
    [[nodiscard]] const KpiStat* kpi(const std::string& variant, const std::string& kpi,
                                     const std::string& product = "", const std::string& buyer = "",
                                     const std::string& node = "") const;
    [[nodiscard]] const Comparison* comparison(const std::string& variant, const std::string& kpi,
                                               const std::string& product = "",
                                               const std::string& buyer = "",
                                               const std::string& node = "") const;
    // Runs that did not complete (failed, interrupted or still running).
    [[nodiscard]] std::vector<const RunRow*> incomplete_runs() const;

    // Builds the look-up indexes of kpi() and comparison(); load_report_data calls it.
    void index();

private:
    std::map<std::string, std::size_t> kpi_index_;
    std::map<std::string, std::size_t> comparison_index_;
};

// Reads experiment `experiment` (the latest when none) of the database at `path`. Throws
// model::InputError (exit code 2) when the file is missing, is not a memchain database or does
// not hold the experiment, and sqlite::Error (exit code 1) when reading a valid file fails.
[[nodiscard]] ReportData load_report_data(const std::string& path,
                                          std::optional<std::int64_t> experiment = std::nullopt);

// Opens a run database for reading, after checking that it is one: the errors of
// load_report_data for a missing, foreign or newer file.
[[nodiscard]] sqlite::Database open_run_database(const std::string& path);

// Band over `values` (10th and 90th percentiles, type 7); n = 0 when empty.
[[nodiscard]] Band band_of(std::vector<double> values);

}  // namespace memchain::report
