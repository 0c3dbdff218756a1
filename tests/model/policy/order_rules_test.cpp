#include "model/policy/order_rules.hpp"

#include <doctest/doctest.h>

#include <optional>

using namespace memchain::model;
using Action = OrderDecision::Action;
namespace sim = memchain::sim;

TEST_SUITE("model") {
    TEST_CASE("review_order: an order past the tolerance is cancelled, or pushed out") {
        // Tolerance 180 days: an order 100 days old with a 90-day quote expects 190 days.
        OrderRules rules;
        rules.lead_time_tolerance = memchain::sim::Duration::from_days(180.0);
        CHECK(review_order(rules, 100.0, 90.0).action == Action::Cancel);
        CHECK(review_order(rules, 100.0, 90.0).reason == OrderChangeReason::LeadTimeTolerance);
        CHECK(review_order(rules, 100.0, 80.0).action == Action::Keep);          // 180: not beyond
        CHECK(review_order(rules, 100.0, std::nullopt).action == Action::Keep);  // no quote yet
        rules.push_out_on_tolerance = true;
        const OrderDecision d = review_order(rules, 100.0, 90.0);
        CHECK(d.action == Action::PushOut);
        CHECK(d.due_in_days == 90.0);
    }

    TEST_CASE("review_order: max age cancels first, whatever the quote") {
        OrderRules rules;
        rules.max_age = memchain::sim::Duration::from_days(365.0);
        rules.lead_time_tolerance = memchain::sim::Duration::from_days(1000.0);
        rules.push_out_on_tolerance = true;
        CHECK(review_order(rules, 364.0, 2000.0).action == Action::PushOut);
        const OrderDecision d = review_order(rules, 365.0, 2000.0);
        CHECK(d.action == Action::Cancel);
        CHECK(d.reason == OrderChangeReason::MaxAge);
        CHECK(review_order(OrderRules{}, 5000.0, 5000.0).action == Action::Keep);  // rules off
    }

    TEST_CASE("booking_horizon_days: the quote capped, or a stated horizon, above a threshold") {
        Booking quote;
        quote.enabled = true;
        quote.max_horizon = sim::Duration::from_days(182.0);
        CHECK(booking_horizon_days(quote, 200.0) == doctest::Approx(182.0));  // capped
        CHECK(booking_horizon_days(quote, 40.0) == doctest::Approx(40.0));
        CHECK(booking_horizon_days(quote, 0.0) == doctest::Approx(0.0));  // not above 0
        CHECK(booking_horizon_days(quote, std::nullopt) == doctest::Approx(0.0));
        Booking stated;
        stated.enabled = true;
        stated.horizon = sim::Duration::from_days(182.0);
        stated.above = sim::Duration::from_days(28.0);
        CHECK(booking_horizon_days(stated, 20.0) == doctest::Approx(0.0));
        CHECK(booking_horizon_days(stated, 28.0) == doctest::Approx(0.0));  // above, not at
        CHECK(booking_horizon_days(stated, 29.0) == doctest::Approx(182.0));
        CHECK(booking_horizon_days(stated, 400.0) == doctest::Approx(182.0));
        CHECK(booking_horizon_days(Booking{}, 400.0) == doctest::Approx(0.0));  // off
    }

    TEST_CASE("phantom_excess: phantom units beyond open units x (1 - 1/factor)") {
        // 300 open units, 100 of them phantom. At factor 1.5 a third of open units (100) may
        // be phantom: nothing to cancel. At 1.25, a fifth (60): cancel 40. At 1: all 100.
        CHECK(phantom_excess(100.0, 300.0, 1.5) == doctest::Approx(0.0));
        CHECK(phantom_excess(100.0, 300.0, 1.25) == doctest::Approx(40.0));
        CHECK(phantom_excess(100.0, 300.0, 1.0) == doctest::Approx(100.0));
        CHECK(phantom_excess(0.0, 300.0, 1.0) == doctest::Approx(0.0));
    }
}  // TEST_SUITE
