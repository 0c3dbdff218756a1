#include "model/engine/order_book.hpp"

#include <doctest/doctest.h>

#include "model/scenario_builder.hpp"

namespace model = memchain::model;
namespace sim = memchain::sim;
using memchain::testing::ScenarioBuilder;

namespace {

sim::Time day(double d) {
    return sim::Time::zero() + sim::Duration::from_days(d);
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("OrderBook: quoted lead time is backlog over the last window's deliveries") {
        // 1000 chips ordered on day 0, 10 delivered every day from day 1; a 10-day window.
        ScenarioBuilder s(100.0);
        s.product("chip");
        s.scenario().recording.throughput_window = sim::Duration::from_days(10.0);
        model::OrderBook book(s.scenario(), sim::Time::zero());
        const model::ProductId chip{0};
        model::Order o;
        o.product = chip;
        o.quantity = 1000.0;
        o.placed = day(0);
        const model::OrderId id = book.place(o);
        CHECK(book.backlog(chip) == 1000.0);
        for (int d = 1; d <= 20; ++d) {
            book.record_delivery(day(d), id, 10.0);
            // Unknown until a whole window has passed since the first delivery.
            if (d == 5) CHECK_FALSE(book.quoted_lead_time_days(chip, day(d)));
        }
        CHECK(book.backlog(chip) == 800.0);
        CHECK(book.recent_throughput_per_day(chip, day(20)) == doctest::Approx(10.0));
        CHECK(book.quoted_lead_time_days(chip, day(20)) == doctest::Approx(80.0));
        CHECK(book.order(id).delivered == 200.0);
        CHECK_FALSE(book.order(id).completed);
    }

    TEST_CASE(
        "OrderBook: an order is complete, and on time, when its last unit arrives by its due") {
        ScenarioBuilder s(100.0);
        s.product("chip");
        model::OrderBook book(s.scenario(), sim::Time::zero());
        model::Order o;
        o.product = model::ProductId{0};
        o.quantity = 5.0;
        o.placed = day(0);
        o.due = day(10);
        const model::OrderId id = book.place(o);
        book.record_delivery(day(8), id, 3.0);
        book.record_delivery(day(12), id, 2.0);
        CHECK(book.order(id).completed == day(12));
        CHECK(book.order(id).on_time == 3.0);
        CHECK(book.quoted_lead_time_days(model::ProductId{0}, day(12)) == std::nullopt);
        CHECK(book.backlog(model::ProductId{0}) == 0.0);
    }
}
