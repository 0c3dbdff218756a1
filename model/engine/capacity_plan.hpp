#pragma once
// A capacity that follows a plan over time and that shocks scale: the planned value times a
// capacity factor plus a capacity addition, never below zero. Station (servers or units per
// day) and Pool (units it can hold) both follow one. The owner schedules an event at each time
// the plan must be read again (each step of a step plan, daily along the ramps of a linear one,
// the day a new node comes into being) and calls read() then.

#include <cstdint>
#include <optional>
#include <vector>

#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class CapacityPlan {
public:
    // `plan` may be null: the planned value is then `constant` throughout. A node with
    // `active_from` does not exist before then.
    CapacityPlan(const Series* plan, double constant, std::optional<sim::Time> active_from);

    // Reads the plan at the run's start and lists when to read it again, up to `horizon`.
    void start(sim::Time now, sim::Duration horizon);
    // Schedules the next reading as event `kind` on `owner`; nothing once none is left.
    void schedule_next(sim::Kernel& k, sim::HandlerId owner, std::uint8_t kind);
    // Reads the plan again; true when the node has just come into being.
    bool read(sim::Time now);

    void set_factor(double factor) { factor_ = factor; }
    void set_addition(double units) { addition_ = units; }
    [[nodiscard]] bool exists() const { return exists_; }
    // The planned value, scaled and added to by shocks, never below zero.
    [[nodiscard]] double scaled() const {
        const double value = planned_ * factor_ + addition_;
        return value > 0.0 ? value : 0.0;
    }
    // What is available now: scaled(), or nothing before the node exists.
    [[nodiscard]] double available() const { return exists_ ? scaled() : 0.0; }
    // The plan with its additions, before shocks' factors (0 before the node exists).
    [[nodiscard]] double nominal() const { return exists_ ? planned_ + addition_ : 0.0; }

private:
    const Series* plan_;
    double constant_;
    std::optional<sim::Time> active_from_;
    std::vector<sim::Time> readings_;  // when to read the plan again, in order
    std::size_t next_reading_ = 0;
    double planned_ = 0.0;
    double factor_ = 1.0;
    double addition_ = 0.0;
    bool exists_ = true;
};

// Sorted, distinct days in (0, horizon_days] at which `plan` (may be null) or the node's
// existence changes: each step of a step plan, daily along the ramps of a linear one.
[[nodiscard]] std::vector<double> plan_update_days(const Series* plan,
                                                   std::optional<sim::Time> active_from,
                                                   double horizon_days);

}  // namespace memchain::model
