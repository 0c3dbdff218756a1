#pragma once
// When a block must re-read a plan: at each step of a step plan, daily along the ramps of a
// linear one, and on the day a new node comes into being.

#include <optional>
#include <vector>

#include "model/scenario/scenario.hpp"

namespace memchain::model {

// Sorted, distinct days in (0, horizon_days] at which `plan` (may be null) or the node's
// existence changes.
[[nodiscard]] std::vector<double> plan_update_days(const Series* plan,
                                                   std::optional<double> active_from_day,
                                                   double horizon_days);

}  // namespace memchain::model
