#pragma once
// The makers' own decisions (expansion.hpp, cut.hpp, surge.hpp) act on a signal once it has
// stayed on one side of its threshold for a stated time, judged on the sample steps.

#include <optional>

#include "sim/time.hpp"

namespace memchain::model {

// Whether a count begun on `since` (none: not begun) has lasted `sustain` on `day`. In days, as
// the steps' days are; to_days() gives back the days the scenario wrote.
[[nodiscard]] inline bool sustained(const std::optional<double>& since, double day,
                                    sim::Duration sustain) {
    return since && day - *since + 1e-9 >= sustain.to_days();
}

}  // namespace memchain::model
