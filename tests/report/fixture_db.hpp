#pragma once
// Writes a small, plausible run database through model::Recorder, standing in for the engine:
// a DRAM fab feeding HBM stacking feeding CoWoS packaging, three buyers, weekly samples, orders
// and deliveries, bottleneck periods and shifts, a TSV fire as the shock, KPIs and paired
// comparisons. The numbers are invented but consistent with each other (KPIs are computed from
// the rows written), so report tests can check what the report derives from them.

#include <cstdint>
#include <string>

namespace memchain::testing {

struct FixtureOptions {
    int replications = 3;
    bool shocked_variant = true;     // a 'compare' experiment: baseline and tsv-fire
    bool sweep = false;              // a 'sweep' experiment over the TSV capacity loss instead
    bool orders = true;              // false: detail=summary, no orders or deliveries
    bool shocks = true;              // false: the variant differs by capacity only, no shock rows
    bool failed_runs = false;        // add a failed and an interrupted run
    int extra_nodes = 0;             // more stations spread over more stages
    bool hostile_names = false;      // names with quotes, <, & and </script>
    bool earlier_experiment = true;  // a one-replication 'run' experiment written first
    bool markets = false;            // HBM prices and sellers' revenue (fixture_db.cpp)
    bool expansions = false;         // the TSV line's rule commits two expansions in every run
};

// Fixed facts of the fixture, for tests to check against.
inline constexpr const char* fixture_start_date = "2026-01-05";
inline constexpr double fixture_horizon_days = 364.0;
inline constexpr double fixture_shock_start_day = 56.0;  // 2026-03-02
inline constexpr double fixture_shock_end_day = 98.0;    // six weeks later

// Writes the experiment(s) into `path` (created when missing); returns the id of the main one.
std::int64_t write_fixture_db(const std::string& path, const FixtureOptions& options = {});

// The names the fixture uses for its buyers and products under `options`.
std::string fixture_buyer(int index, const FixtureOptions& options);    // 0..2
std::string fixture_product(int index, const FixtureOptions& options);  // 0: module, 1: HBM

}  // namespace memchain::testing
