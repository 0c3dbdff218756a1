#pragma once
// The short summary a run prints: throughput, fill rate and lead times per product, who was
// hurt, and the bottleneck sequence with dates, as an aligned table or as JSON.

#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "model/experiment/runner.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/stats.hpp"

namespace memchain::tools {

// KPI values across the completed replications of one variant, keyed by
// (kpi, product, buyer, node).
using KpiKey = std::tuple<std::string, std::string, std::string, std::string>;
[[nodiscard]] std::map<KpiKey, sim::RunningStats> kpi_stats(const model::ExperimentOutcome& out,
                                                            std::size_t variant);

// The bottleneck sequence of one run: (day, node name) each time a node becomes the bottleneck
// and holds it for at least `min_days` (shorter spells are skipped).
[[nodiscard]] std::vector<std::pair<double, std::string>> bottleneck_sequence(
    const model::RunOutcome& run, double min_days);

void print_run_summary(std::ostream& out, const model::Scenario& scenario,
                       const model::ExperimentOutcome& outcome, const std::string& db,
                       std::uint64_t seed, bool json);

}  // namespace memchain::tools
