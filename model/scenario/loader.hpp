#pragma once
// Loading a scenario: reads the YAML file, resolves `extends:` chains, applies `--set`
// overrides, reads the CSV plans it names, normalises every unit and validates the whole
// network before anything runs. The format is described in configs/README.md.

#include <string>
#include <vector>

#include "model/scenario/scenario.hpp"

namespace memchain::model {

// Loads the scenario at `path` with `overrides` ("path=value", applied in order after
// `extends:`). Throws InputError (file, line, column, message) on the first problem; nothing
// else escapes for bad input. The result is complete: every reference resolved, every unit
// normalised (rates per day, durations in days, dates as days since `start`), shares
// normalised, and `resolved_text` holding the merged YAML that was loaded. `scales` are
// `--scale SELECTOR=FACTOR[@DATE]` levers (model/scenario/levers.hpp), added to the scenario's
// `levers:` after the overrides.
[[nodiscard]] Scenario load_scenario(const std::string& path,
                                     const std::vector<std::string>& overrides = {},
                                     const std::vector<std::string>& scales = {});

// The scenario's fingerprint: FNV-1a-64 in 16 hex digits over `resolved_text` and then the
// bytes of every data file it read, so that changing a CSV changes the hash.
[[nodiscard]] std::string scenario_hash(const Scenario& scenario);

}  // namespace memchain::model
