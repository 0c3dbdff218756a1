#include "model/policy/order_rules.hpp"

#include <algorithm>

namespace memchain::model {

const char* to_string(OrderChange c) {
    switch (c) {
    case OrderChange::PushedOut: return "pushed out";
    case OrderChange::Cancelled: return "cancelled";
    }
    return "?";
}

const char* to_string(OrderChangeReason r) {
    switch (r) {
    case OrderChangeReason::MaxAge: return "max age";
    case OrderChangeReason::LeadTimeTolerance: return "lead-time tolerance";
    case OrderChangeReason::DownstreamFull: return "downstream full";
    case OrderChangeReason::PhantomUnwound: return "phantom unwound";
    case OrderChangeReason::Resourced: return "re-sourced";
    case OrderChangeReason::BookingUnwound: return "booking unwound";
    }
    return "?";
}

OrderDecision review_order(const OrderRules& rules, double age_days,
                           std::optional<double> quoted_days) {
    using Action = OrderDecision::Action;
    // The rules compare in days, the unit of the ages and quotes given; to_days() gives back
    // exactly the days a scenario wrote (whole microseconds), so the comparisons are as read.
    if (rules.max_age && age_days >= rules.max_age->to_days())
        return {Action::Cancel, OrderChangeReason::MaxAge, 0.0};
    if (rules.lead_time_tolerance && quoted_days &&
        age_days + *quoted_days > rules.lead_time_tolerance->to_days()) {
        if (rules.push_out_on_tolerance)
            return {Action::PushOut, OrderChangeReason::LeadTimeTolerance, *quoted_days};
        return {Action::Cancel, OrderChangeReason::LeadTimeTolerance, 0.0};
    }
    return {};
}

double phantom_excess(double phantom_units, double open_units, double factor) {
    const double justified = factor > 1.0 ? std::max(0.0, open_units) * (1.0 - 1.0 / factor) : 0.0;
    return std::max(0.0, phantom_units - justified);
}

double booking_horizon_days(const Booking& booking, std::optional<double> quoted_days) {
    if (!booking.enabled || !quoted_days || *quoted_days <= booking.above.to_days()) return 0.0;
    if (booking.horizon) return booking.horizon->to_days();
    if (booking.max_horizon) return std::min(*quoted_days, booking.max_horizon->to_days());
    return *quoted_days;
}

}  // namespace memchain::model
