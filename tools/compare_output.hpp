#pragma once
// What `memchain compare` prints: the paired differences of the KPIs between the base and each
// variant, largest effects first (model::KpiDifference::effect_size), with the paired and the
// unpaired 95% intervals, and the recovery times, as an aligned table or as JSON.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "model/experiment/comparison.hpp"
#include "model/experiment/runner.hpp"

namespace memchain::tools {

struct CompareReport {
    const model::ExperimentSpec* spec = nullptr;
    const model::ExperimentOutcome* outcome = nullptr;
    const std::vector<model::KpiDifference>* differences = nullptr;
    std::string database;   // "(not recorded)" when nothing was written
    std::size_t top = 30;   // table rows at most (0: all); JSON always has every row
    bool all_kpis = false;  // the table shows every KPI, not only the headline ones
};

// The headline KPIs: lead times, fill rate, backlog, throughput, quoted lead times and
// bottleneck shares.
[[nodiscard]] bool is_headline_kpi(const std::string& kpi);

// The difference rows the table shows, in order: headline KPIs (or all), recovery rows and
// buyer rows identical to their product's total excluded, sorted by effect size (largest
// first, ties by variant order then key), at most `top`.
[[nodiscard]] std::vector<const model::KpiDifference*> table_rows(const CompareReport& r);

void print_comparison(std::ostream& out, const CompareReport& r, bool json);

// How recovery_days is defined, for --help, the JSON and the README.
[[nodiscard]] const char* recovery_definition();

}  // namespace memchain::tools
