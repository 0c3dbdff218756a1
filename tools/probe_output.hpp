#pragma once
// What `memchain probe` prints: the ranking of constraints with their gains and intervals, the
// constraint that limits each year's output, and the ladder; as text or as JSON.

#include <cstdint>
#include <ostream>
#include <string>

#include "model/experiment/probe.hpp"
#include "model/scenario/scenario.hpp"

namespace memchain::tools {

struct ProbeReport {
    const model::Scenario* scenario = nullptr;
    const model::ProbeSettings* settings = nullptr;
    const model::ProbeOutcome* outcome = nullptr;
    std::uint64_t seed = 1;
    int replications = 1;
    std::size_t top = 20;  // ranking rows at most (0: all)
    std::string database;
    std::int64_t experiment_id = 0;
};

void print_probe(std::ostream& out, const ProbeReport& report, bool json);

}  // namespace memchain::tools
