#pragma once
// A buyer's rules for its open orders (OrderRules in scenario.hpp says when each applies), as
// pure decisions on plain numbers; the buyer applies them at each review and the replication
// records every change.
//
// review_order() decides for one open order with an unshipped part, in this order:
//   1. max age: age >= max_age                               -> cancel (MaxAge)
//   2. tolerance: age + quoted > lead_time_tolerance         -> cancel (LeadTimeTolerance), or
//      with push_out_on_tolerance                            -> push out: due = now + quoted
//   3. otherwise                                             -> keep
// With no quote yet (throughput unknown) the tolerance rule waits. A push-out that would not
// move the due date later is a keep (the caller compares with the current due date).
//
// phantom_excess() is the phantom-unwinding rule: of a buyer's open units, the share an
// inflation factor f justifies as phantom is 1 - 1/f (an order inflated by f is 1/f real);
// phantom units above open_units x (1 - 1/f) are cancelled. With the quote back at its
// reference (f = 1) every phantom unit still open is cancelled.
//
// booking_horizon_days() is the booking-ahead rule (Booking in scenario.hpp): the days of need a
// buyer keeps booked beyond the period it orders for. With no quote, or a quote at or below
// `above`, none; otherwise the stated horizon, or the quote itself capped at `max_horizon`.
// Example: a quote of 200 days with `max_horizon` 26w gives 182 days; a quote of 20 days with
// `above` 4w gives 0.

#include <cstdint>
#include <optional>

#include "model/scenario/scenario.hpp"

namespace memchain::model {

enum class OrderChange : std::uint8_t { PushedOut, Cancelled };
enum class OrderChangeReason : std::uint8_t {
    MaxAge,             // older than max_age
    LeadTimeTolerance,  // age plus quoted lead time beyond the tolerance
    DownstreamFull,     // the buyer cannot pass on what it receives: deliveries held
    PhantomUnwound,     // inflated units no longer justified by the quoted lead time
    Resourced,          // moved to another supplier: this one fell short (engine/sourcing.hpp)
    BookingUnwound      // booked ahead of need beyond what today's quoted lead time asks for
};

[[nodiscard]] const char* to_string(OrderChange c);
[[nodiscard]] const char* to_string(OrderChangeReason r);

struct OrderDecision {
    enum class Action : std::uint8_t { Keep, Cancel, PushOut };
    Action action = Action::Keep;
    OrderChangeReason reason = OrderChangeReason::MaxAge;
    double due_in_days = 0.0;  // PushOut: the new due date, in days from now
};

[[nodiscard]] OrderDecision review_order(const OrderRules& rules, double age_days,
                                         std::optional<double> quoted_days);

// Phantom units to cancel now (never negative; not rounded).
[[nodiscard]] double phantom_excess(double phantom_units, double open_units, double factor);

// Days of need to keep booked ahead (0: none).
[[nodiscard]] double booking_horizon_days(const Booking& booking,
                                          std::optional<double> quoted_days);

}  // namespace memchain::model
