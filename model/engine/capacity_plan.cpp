#include "model/engine/capacity_plan.hpp"

#include <algorithm>
#include <cmath>

namespace memchain::model {

CapacityPlan::CapacityPlan(const Series* plan, double constant,
                           std::optional<sim::Time> active_from)
    : plan_(plan), constant_(constant), active_from_(active_from) {}

void CapacityPlan::start(sim::Time now, sim::Duration horizon) {
    read(now);
    for (double day : plan_update_days(plan_, active_from_, horizon.to_days()))
        readings_.push_back(sim::Time::from_days(day));
}

void CapacityPlan::schedule_next(sim::Kernel& k, sim::HandlerId owner, std::uint8_t kind) {
    if (next_reading_ >= readings_.size()) return;
    k.schedule_at(readings_[next_reading_++], owner, kind);
}

bool CapacityPlan::read(sim::Time now) {
    const double today = now.to_days();
    const bool existed = exists_;
    exists_ = !active_from_ || *active_from_ <= now;
    planned_ = plan_ ? plan_->at(today) : constant_;
    return !existed && exists_;
}

std::vector<double> plan_update_days(const Series* plan, std::optional<sim::Time> active_from,
                                     double horizon_days) {
    std::vector<double> days;
    auto add = [&](double d) {
        if (d > 0.0 && d <= horizon_days) days.push_back(d);
    };
    if (active_from) add(active_from->to_days());
    if (plan && plan->points.size() > 1) {
        for (std::size_t i = 0; i < plan->points.size(); ++i) {
            add(plan->points[i].first);
            if (plan->interpolation != Series::Interpolation::Linear ||
                i + 1 == plan->points.size())
                continue;
            const double from = plan->points[i].first, to = plan->points[i + 1].first;
            if (plan->points[i].second == plan->points[i + 1].second) continue;
            for (double d = std::floor(from) + 1.0; d < to; d += 1.0) add(d);
        }
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    return days;
}

}  // namespace memchain::model
