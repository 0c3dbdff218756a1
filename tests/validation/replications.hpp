#pragma once
// The statistical harness of the validation suite: loads a scenario file as `memchain run`
// does (model::load_scenario, with --set overrides), runs its replications through
// model::run_experiment without recording, and turns each KPI's per-replication values into
// Student-t confidence intervals.
//
// How the tests decide. Each replication is one long run after a warm-up, so its KPI values
// are independent across replications, and the t interval over them is valid. The README
// reports the 95% interval. A check asserts two things:
//   - the analytic value lies inside the interval at the family-wise level: the suite makes
//     about a hundred such checks, so each uses the 99.9% interval (Bonferroni: the chance
//     that any of them fails by chance alone stays below 10%); and
//   - the 95% interval is tight: its half-width is at most a stated fraction of the analytic
//     value, so that a check cannot pass merely by being vague.

#include <cstddef>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "model/experiment/runner.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/stats.hpp"

namespace memchain::validation {

// Confidence of the assertions (see above) and of the intervals reported in the README.
inline constexpr double assertion_level = 0.999;
inline constexpr double report_level = 0.95;

// configs/validation/<file> in the source tree.
[[nodiscard]] std::string validation_scenario(const std::string& file);

// A KPI as the engine names it: (name, product, buyer, node).
struct KpiRef {
    KpiRef(std::string kpi_name, std::string node_name = "", std::string product_name = "",
           std::string buyer_name = "")
        : name(std::move(kpi_name)),
          node(std::move(node_name)),
          product(std::move(product_name)),
          buyer(std::move(buyer_name)) {}
    std::string name;
    std::string node;
    std::string product;
    std::string buyer;
    [[nodiscard]] std::string describe() const;
};

class Replications {
public:
    // Loads `file` (under configs/validation/) with `overrides` and runs `replications` of it
    // with the scenario's seed, on every core.
    Replications(const std::string& file, int replications,
                 const std::vector<std::string>& overrides = {});

    [[nodiscard]] const model::Scenario& scenario() const { return scenario_; }
    [[nodiscard]] std::size_t size() const { return runs_.size(); }
    [[nodiscard]] double cpu_events() const { return static_cast<double>(events_); }

    // The KPI's value in replication `r`; fails the test when the run did not report it.
    [[nodiscard]] double value(std::size_t r, const KpiRef& kpi) const;
    [[nodiscard]] bool has(const KpiRef& kpi) const;
    [[nodiscard]] sim::RunningStats stats(const KpiRef& kpi) const;
    [[nodiscard]] sim::ConfidenceInterval interval(const KpiRef& kpi,
                                                   double level = report_level) const;
    // Names of the scenario's stations (and assemblies), in file order.
    [[nodiscard]] std::vector<std::string> stations() const;
    // The momentary bottleneck's changes in replication `r`: (day, node name), in time order.
    [[nodiscard]] std::vector<std::pair<double, std::string>> shifts(std::size_t r) const;

private:
    model::Scenario scenario_;
    std::vector<std::map<std::tuple<std::string, std::string, std::string, std::string>, double>>
        runs_;
    std::vector<std::vector<std::pair<double, std::string>>> shifts_;
    std::uint64_t events_ = 0;
};

// Asserts (doctest CHECKs) that `analytic` lies in the interval of `values` (one per
// replication) at assertion_level and that the 95% half-width is at most
// `max_relative_half_width` times |analytic|.
void check_interval(const Replications& reps, const std::string& what,
                    const sim::RunningStats& values, double analytic,
                    double max_relative_half_width);
// The same for a KPI as the engine reports it.
void check_against_theory(const Replications& reps, const KpiRef& kpi, double analytic,
                          double max_relative_half_width);

// Asserts Little's law, L = lambda W, on every replication of a run: per station
// (lots_in_station_mean = throughput_lots_per_day x sojourn_mean_days) and end to end
// (system_lots_mean = system_throughput_lots_per_day x system_sojourn_mean_days). In steady
// state the time-average over a window and the departures in it satisfy it in expectation
// exactly, so the check is that the 99.9% interval of L - lambda W across replications
// contains 0 and that every replication agrees within `relative_tolerance` of L.
void check_littles_law(const Replications& reps, double relative_tolerance = 0.01);

}  // namespace memchain::validation
