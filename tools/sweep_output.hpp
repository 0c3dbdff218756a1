#pragma once
// What `memchain sweep` prints: one row per point with its parameter values, key KPIs (mean and
// 95% CI across replications) and the main bottleneck; for two parameters also a grid of the
// first KPI; or all of it as JSON.

#include <ostream>
#include <string>
#include <vector>

#include "model/experiment/comparison.hpp"
#include "model/experiment/runner.hpp"
#include "model/experiment/sweep.hpp"

namespace memchain::tools {

// A KPI column: the KPI and its scope (empty fields are totals).
struct SweepColumn {
    std::string kpi;
    std::string product;
    std::string buyer;
    std::string node;
    [[nodiscard]] std::string label() const;
};

// The columns for `requested` ("NAME" or "NAME@WHERE", WHERE a product, buyer or node), looked
// up in the completed runs. A NAME without WHERE is the total when the KPI has one, else one
// column per end product (products buyers order). Nothing requested: lead time mean and p90,
// fill rate and backlog peak of up to two end products. A requested KPI that no completed run
// reported still gets its column (of "-"), and is listed in `unobserved` when given.
[[nodiscard]] std::vector<SweepColumn> sweep_columns(
    const model::ExperimentOutcome& outcome, const std::vector<std::string>& requested,
    std::vector<std::string>* unobserved = nullptr);

struct SweepReport {
    const model::ExperimentSpec* spec = nullptr;
    const model::ExperimentOutcome* outcome = nullptr;
    const std::vector<model::SweepAxis>* axes = nullptr;
    const std::vector<model::SweepPoint>* points = nullptr;  // one per variant, same order
    const std::vector<SweepColumn>* columns = nullptr;
    const std::vector<model::KpiDifference>* differences = nullptr;  // against the first point
    std::string database;
};

void print_sweep(std::ostream& out, const SweepReport& r, bool json);

}  // namespace memchain::tools
