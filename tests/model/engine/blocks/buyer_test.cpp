#include "model/engine/blocks/buyer.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "model/engine/replication.hpp"
#include "model/scenario_builder.hpp"

using memchain::model::Block;
using memchain::model::Replication;
using memchain::model::RunResult;
using memchain::testing::ScenarioBuilder;
namespace model = memchain::model;
namespace sim = memchain::sim;

namespace {

const model::Kpi* find_kpi(const RunResult& r, const std::string& name, const std::string& buyer) {
    for (const auto& k : r.kpis)
        if (k.name == name && k.buyer == buyer) return &k;
    return nullptr;
}

// A buyer with order-up-to ordering from an unlimited supplier, demand `units` a day reviewed
// daily, forecast over `p` days, lead time `lead_days`.
ScenarioBuilder order_up_to(double units_per_day, int p, double lead_days) {
    ScenarioBuilder s(400.0);
    s.product("chip");
    model::Node& supplier = s.node("supplier", Block::Allocator, "chip");
    supplier.unlimited = true;
    model::Node& buyer = s.node("buyer", Block::Buyer, "chip");
    buyer.suppliers["supplier"] = 1.0;
    buyer.demand.kind = model::DemandKind::Rate;
    buyer.demand.rate = model::Series::constant(units_per_day);
    buyer.demand.period = sim::Duration::from_days(1.0);
    buyer.ordering.policy = model::OrderingPolicy::OrderUpTo;
    buyer.ordering.forecast_periods = p;
    buyer.ordering.lead_time_periods = lead_days;
    buyer.ordering.allow_negative_orders = true;
    s.lane("supplier", "buyer", lead_days);
    s.scenario().warmup = sim::Duration::from_days(50.0);
    return s;
}

// A make-to-order buyer ordering `units_per_day` once a day from `supplier`, with order rules.
model::Node& daily_buyer(ScenarioBuilder& s, const std::string& name, double units_per_day) {
    model::Node& buyer = s.node(name, Block::Buyer, "chip");
    buyer.suppliers["supplier"] = 1.0;
    buyer.demand.kind = model::DemandKind::Rate;
    buyer.demand.rate = model::Series::constant(units_per_day);
    buyer.demand.period = sim::Duration::from_days(1.0);
    s.lane("supplier", name);
    return buyer;
}

// A fab making `per_day` chips a day (one lot a day) for the supplier.
void daily_fab(ScenarioBuilder& s, double per_day) {
    model::Node& fab = s.node("fab", Block::Source, "chip");
    fab.arrivals.kind = model::Arrivals::Kind::Interval;
    fab.arrivals.interval = sim::Distribution::deterministic(1.0);
    fab.arrivals.lot_size = sim::Distribution::deterministic(per_day);
    s.lane("fab", "supplier");
}

// A line making 20 chips a day (the supplier holds at most 10) for a buyer of 10 a day ordering
// daily, stopped for days 30-50; quotes over a 10-day throughput window. Returns the buyer.
model::Node& line_stopped_for_20_days(ScenarioBuilder& s) {
    s.product("chip");
    s.scenario().recording.throughput_window = sim::Duration::from_days(10.0);
    model::Node& fab = s.node("fab", Block::Source, "chip");
    fab.arrivals.kind = model::Arrivals::Kind::Interval;
    fab.arrivals.interval = sim::Distribution::deterministic(0.05);
    s.rate_station("line", "chip", 20.0, "chip").inputs.front().capacity = 5.0;
    s.node("supplier", Block::Allocator, "chip").stock_capacity = 10.0;
    s.lane("fab", "line");
    s.lane("line", "supplier");
    model::Shock& stop = s.shock("stop", model::ShockKind::Outage, {"line"}, 30.0);
    stop.duration = sim::Duration::from_days(20.0);
    return daily_buyer(s, "buyer", 10.0);
}

// What buyer `name` has passed downstream by the last sample: received less still held.
double passed_on(const RunResult& r, const std::string& name) {
    int id = -1;
    for (const auto& n : r.nodes)
        if (n.name == name) id = n.id;
    const model::NodeSample* last = nullptr;
    for (const auto& sample : r.samples)
        if (sample.node == id) last = &sample;
    REQUIRE(last != nullptr);
    return last->output - last->inventory;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Buyer: orders past the maximum age are cancelled, every one recorded") {
        // A supplier with nothing to sell; 10 a day ordered on days 1..100, reviewed daily
        // before the day's order. The review of day t cancels the orders placed by day t - 30:
        // by day 100, those of days 1..70 (700 units); days 71..100 stay open (300 units).
        ScenarioBuilder s(100.5);
        s.product("chip");
        s.node("supplier", Block::Allocator, "chip");
        daily_buyer(s, "buyer", 10.0).order_rules.max_age = sim::Duration::from_days(30.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(find_kpi(r, "units_ordered", "buyer")->value == doctest::Approx(1000.0));
        CHECK(find_kpi(r, "units_cancelled", "buyer")->value == doctest::Approx(700.0));
        CHECK(find_kpi(r, "open_orders", "buyer")->value == doctest::Approx(30.0));
        CHECK(find_kpi(r, "units_short", "buyer")->value == doctest::Approx(1000.0));
        // Open orders count at their age at the end: 29.5, 28.5, ... 0.5 days, mean 15.
        CHECK(find_kpi(r, "lead_time_with_open_mean_days", "buyer")->value ==
              doctest::Approx(15.0));
        CHECK(find_kpi(r, "lead_time_censored_share", "buyer")->value == doctest::Approx(1.0));
        REQUIRE(r.order_changes.size() == 70);
        for (const model::OrderChangeRecord& c : r.order_changes) {
            CHECK(std::string(c.change) == "cancelled");
            CHECK(std::string(c.reason) == "max age");
            CHECK(c.units == doctest::Approx(10.0));
        }
        CHECK(r.order_changes.front().day == doctest::Approx(31.0));  // the order of day 1
        int cancelled = 0;
        for (const model::OrderRecord& o : r.orders) cancelled += o.completed_day ? 1 : 0;
        CHECK(cancelled == 70);  // closed: nothing more to come
    }

    TEST_CASE("Buyer: past the lead-time tolerance, what cannot come in time is cancelled") {
        // 1 chip a day for 100 ordered a day: once the quote exists (10 days after the first
        // delivery) every review sees a quote of about 99 days, beyond the 50-day tolerance,
        // and cancels every unshipped unit. So about 1 a day arrives and the rest is cancelled;
        // ordered = delivered + cancelled + still open, exactly.
        ScenarioBuilder s(100.5);
        s.product("chip");
        s.scenario().recording.throughput_window = sim::Duration::from_days(10.0);
        s.node("supplier", Block::Allocator, "chip");
        daily_fab(s, 1.0);
        daily_buyer(s, "buyer", 100.0).order_rules.lead_time_tolerance =
            sim::Duration::from_days(50.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const double ordered = find_kpi(r, "units_ordered", "buyer")->value;
        const double delivered = find_kpi(r, "units_delivered", "buyer")->value;
        const double cancelled = find_kpi(r, "units_cancelled", "buyer")->value;
        const double open = find_kpi(r, "units_short", "buyer")->value - cancelled;
        CHECK(ordered == doctest::Approx(10000.0));
        CHECK(delivered == doctest::Approx(100.0).epsilon(0.02));
        CHECK(cancelled > 9700.0);
        CHECK(open <= 100.0);
        CHECK(ordered == doctest::Approx(delivered + cancelled + open));
        for (const model::OrderChangeRecord& c : r.order_changes)
            CHECK(std::string(c.reason) == "lead-time tolerance");
    }

    TEST_CASE("Buyer: phantom units ordered under rationing are cancelled when lead times fall") {
        // A line making 20 a day for a buyer of 10 a day (the supplier holds at most 10) stops
        // for days 30-50: the quote grows, orders are inflated (up to 2x), then the line
        // catches up and the quote falls back.
        // Every unit cancelled is phantom (at most ordered - demanded), and units short leave
        // phantom units out: short = ordered - cancelled - delivered.
        ScenarioBuilder s(120.5);
        model::Node& buyer = line_stopped_for_20_days(s);
        buyer.inflation.enabled = true;
        buyer.inflation.elasticity = 1.0;
        buyer.inflation.reference = sim::Duration::from_days(2.0);
        buyer.order_rules.unwind_phantom = true;
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const double ordered = find_kpi(r, "units_ordered", "buyer")->value;
        const double demanded = find_kpi(r, "demand_units", "buyer")->value;
        const double delivered = find_kpi(r, "units_delivered", "buyer")->value;
        const double cancelled = find_kpi(r, "units_cancelled", "buyer")->value;
        CHECK(ordered > demanded);
        CHECK(cancelled > 0.0);
        CHECK(cancelled <= ordered - demanded + 1e-9);
        CHECK(find_kpi(r, "units_short", "buyer")->value ==
              doctest::Approx(ordered - cancelled - delivered));
        for (const model::OrderChangeRecord& c : r.order_changes) {
            CHECK(std::string(c.reason) == "phantom unwound");
            CHECK(c.day > 30.0);
        }
    }

    TEST_CASE("Buyer: orders open at the start are placed on their date and age from it") {
        // 700 chips ordered on day -10 (due 5 days later, day -5), still open on day 0; a fab
        // makes 100 a day, arriving at the supplier on days 1.5, 2.5, ... A quote exists from
        // day 3.5 (the first delivery plus the 2-day throughput window); on day d >= 4 it is
        // the backlog 700 - 100 (d - 1) over 100 a day: 8 - d days, 4 on day 4.
        ScenarioBuilder s(20.5);
        s.product("chip");
        s.scenario().recording.throughput_window = sim::Duration::from_days(2.0);
        s.node("supplier", Block::Allocator, "chip");
        model::Node& fab = s.node("fab", Block::Source, "chip");
        fab.arrivals.kind = model::Arrivals::Kind::Interval;
        fab.arrivals.interval = sim::Distribution::deterministic(1.0);
        fab.arrivals.lot_size = sim::Distribution::deterministic(100.0);
        s.lane("fab", "supplier", 0.5);
        model::Node& buyer = s.node("buyer", Block::Buyer, "chip");
        buyer.suppliers["supplier"] = 1.0;
        buyer.target_lead_time = sim::Duration::from_days(5.0);
        buyer.open_at_start = {model::OpenAtStart{700.0, sim::Time::from_days(-10.0), {}}};
        buyer.order_rules.review = sim::Duration::from_days(1.0);
        s.lane("supplier", "buyer");
        SUBCASE("filled on day 7.5, quoted 8 - d days") {
            buyer.order_rules.max_age = sim::Duration::from_days(100.0);  // never reached
            Replication m(s.scenario(), 1, 0);
            const RunResult r = m.run();
            REQUIRE(r.orders.size() == 1);
            CHECK(r.orders[0].quantity == doctest::Approx(700.0));
            CHECK(r.orders[0].placed_day == doctest::Approx(-10.0));
            REQUIRE(r.orders[0].due_day);
            CHECK(*r.orders[0].due_day == doctest::Approx(-5.0));
            REQUIRE(r.orders[0].completed_day);
            CHECK(*r.orders[0].completed_day == doctest::Approx(7.5));
            std::map<double, double> quote;
            for (const model::ProductSample& p : r.product_samples)
                if (p.quoted_lead_time_days) quote[p.day] = *p.quoted_lead_time_days;
            REQUIRE(!quote.empty());
            CHECK(quote.begin()->first == doctest::Approx(4.0));
            CHECK(quote.at(4.0) == doctest::Approx(4.0));
            CHECK(quote.at(5.0) == doctest::Approx(3.0));
            CHECK(quote.at(7.0) == doctest::Approx(1.0));
            CHECK(quote.at(8.0) == doctest::Approx(0.0));
            // Not demand of the run: the order KPIs count orders placed after the warm-up.
            CHECK(find_kpi(r, "units_ordered", "buyer") == nullptr);
            CHECK(r.order_changes.empty());
        }
        SUBCASE("past a 17-day tolerance on day 4: age 14 plus a quote of 4") {
            // Counted from day 0 the age would be 4, and 4 + 4 is within the tolerance.
            buyer.order_rules.lead_time_tolerance = sim::Duration::from_days(17.0);
            Replication m(s.scenario(), 1, 0);
            const RunResult r = m.run();
            REQUIRE(r.order_changes.size() == 1);
            CHECK(r.order_changes[0].day == doctest::Approx(4.0));
            CHECK(std::string(r.order_changes[0].reason) == "lead-time tolerance");
            CHECK(r.order_changes[0].units == doctest::Approx(400.0));  // 700 less days 1.5-3.5
        }
    }

    TEST_CASE("Buyer: orders open at the start are split over the suppliers by their shares") {
        // 400 placed on day -30 and 300 on day -20, with two suppliers that never ship, 0.75 and
        // 0.25: 300 and 100, then 225 and 75. With a maximum age of 40 days the first two are
        // cancelled on day 10 and the others on day 20, when each is 40 days old.
        ScenarioBuilder s(20.5);
        s.product("chip");
        s.node("a", Block::Allocator, "chip");
        s.node("b", Block::Allocator, "chip");
        model::Node& buyer = s.node("buyer", Block::Buyer, "chip");
        buyer.suppliers["a"] = 0.75;
        buyer.suppliers["b"] = 0.25;
        buyer.open_at_start = {model::OpenAtStart{400.0, sim::Time::from_days(-30.0), {}},
                               model::OpenAtStart{300.0, sim::Time::from_days(-20.0), {}}};
        buyer.order_rules.max_age = sim::Duration::from_days(40.0);
        buyer.order_rules.review = sim::Duration::from_days(1.0);
        s.lane("a", "buyer");
        s.lane("b", "buyer");
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        std::map<int, std::string> names;
        for (const auto& n : r.nodes) names[n.id] = n.name;
        std::map<std::pair<std::string, double>, double> placed;  // (supplier, day) -> units
        for (const model::OrderRecord& o : r.orders)
            placed[{names[o.supplier], o.placed_day}] += o.quantity;
        CHECK(placed == std::map<std::pair<std::string, double>, double>{{{"a", -30.0}, 300.0},
                                                                         {{"b", -30.0}, 100.0},
                                                                         {{"a", -20.0}, 225.0},
                                                                         {{"b", -20.0}, 75.0}});
        std::map<double, double> cancelled;  // day -> units
        for (const model::OrderChangeRecord& c : r.order_changes) {
            CHECK(std::string(c.reason) == "max age");
            cancelled[c.day] += c.units;
        }
        CHECK(cancelled == std::map<double, double>{{10.0, 400.0}, {20.0, 300.0}});
    }

    TEST_CASE("Buyer: a buyer that books ahead keeps its need over the horizon on order") {
        // A line making 1 chip a day for a buyer of 10 a day ordering daily: the queue grows by
        // 9 a day, so once the quote exists (10 days after the first delivery) it is above 5
        // days at every order. The first order with a quote books the horizon's need at once
        // (20 days x 10 = 200, or a quote above 30 days capped at 30: 300); after it every
        // day's need is taken from the bookings and the bookings are topped up again, so each
        // later order is 10. Over 100 days: 1,000 of demand plus the one booking.
        ScenarioBuilder s(100.5);
        s.product("chip");
        s.scenario().recording.throughput_window = sim::Duration::from_days(10.0);
        s.node("supplier", Block::Allocator, "chip");
        daily_fab(s, 1.0);
        model::Node& buyer = daily_buyer(s, "buyer", 10.0);
        buyer.booking.enabled = true;
        double booked = 0.0;
        SUBCASE("a stated horizon of 20 days above 5 days") {
            buyer.booking.horizon = sim::Duration::from_days(20.0);
            buyer.booking.above = sim::Duration::from_days(5.0);
            booked = 200.0;
        }
        SUBCASE("the quote itself, at most 30 days") {
            buyer.booking.max_horizon = sim::Duration::from_days(30.0);
            booked = 300.0;
        }
        SUBCASE("a stated horizon above a quote never reached: no booking") {
            buyer.booking.horizon = sim::Duration::from_days(20.0);
            buyer.booking.above = sim::Duration::from_days(10000.0);
        }
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(find_kpi(r, "demand_units", "buyer")->value == doctest::Approx(1000.0));
        CHECK(find_kpi(r, "units_ordered", "buyer")->value == doctest::Approx(1000.0 + booked));
        REQUIRE(r.orders.size() == 100);
        int larger = 0;
        for (const model::OrderRecord& o : r.orders)
            if (o.quantity > 10.0) {
                ++larger;
                CHECK(o.quantity == doctest::Approx(10.0 + booked));
                CHECK(o.placed_day > 10.0);  // not before the quote exists
            }
        CHECK(larger == (booked > 0.0 ? 1 : 0));
        CHECK(r.order_changes.empty());  // nothing unwinds without the order rule
    }

    TEST_CASE("Buyer: bookings ahead are cancelled when quotes fall, each one recorded") {
        // A line making 20 a day for a buyer of 10 a day (the supplier holds at most 10) stops
        // for days 30-50; the buyer books its need over the quoted lead time. The quote grows
        // while the line is stopped, so the buyer books ahead; when the line catches up the
        // quote falls and the bookings beyond it are cancelled. Every unit cancelled was booked
        // ahead (at most ordered - demanded), units short leave them out, and every change is
        // a "booking unwound" after the stop began.
        ScenarioBuilder s(120.5);
        model::Node& buyer = line_stopped_for_20_days(s);
        buyer.booking.enabled = true;
        buyer.order_rules.unwind_phantom = true;
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const double ordered = find_kpi(r, "units_ordered", "buyer")->value;
        const double demanded = find_kpi(r, "demand_units", "buyer")->value;
        const double delivered = find_kpi(r, "units_delivered", "buyer")->value;
        const double cancelled = find_kpi(r, "units_cancelled", "buyer")->value;
        CHECK(ordered > demanded);
        CHECK(cancelled > 0.0);
        CHECK(cancelled <= ordered - demanded + 1e-9);
        CHECK(find_kpi(r, "units_short", "buyer")->value ==
              doctest::Approx(ordered - cancelled - delivered));
        REQUIRE_FALSE(r.order_changes.empty());
        for (const model::OrderChangeRecord& c : r.order_changes) {
            CHECK(std::string(c.change) == "cancelled");
            CHECK(std::string(c.reason) == "booking unwound");
            CHECK(c.day > 30.0);
        }
    }

    TEST_CASE("Buyer: a buyer whose downstream is full holds its orders and others are served") {
        // 10 chips a day for 20 ordered, oldest order first, so a and b get 5 a day each; a
        // passes what arrives to a power pool that takes 50 units. Without re-timing a keeps
        // taking its half (which waits at a); with re-timing a holds its orders once the pool
        // is full (after about 10 days, 50-60 units) and b gets the rest.
        auto scenario = [](bool retime) {
            ScenarioBuilder s(100.5);
            s.product("chip");
            s.node("supplier", Block::Allocator, "chip");
            daily_fab(s, 10.0);
            daily_buyer(s, "a", 10.0).order_rules.retime_when_downstream_full = retime;
            daily_buyer(s, "b", 10.0);
            s.node("power", Block::Pool, "chip").pool_capacity = model::Series::constant(50.0);
            s.lane("a", "power");
            return s;
        };
        ScenarioBuilder queued = scenario(false);
        Replication first(queued.scenario(), 1, 0);
        const RunResult waits = first.run();
        CHECK(find_kpi(waits, "units_delivered", "a")->value ==
              doctest::Approx(500.0).epsilon(0.02));
        CHECK(find_kpi(waits, "units_delivered", "b")->value ==
              doctest::Approx(500.0).epsilon(0.02));

        ScenarioBuilder retimed = scenario(true);
        Replication second(retimed.scenario(), 1, 0);
        const RunResult held = second.run();
        const double a = find_kpi(held, "units_delivered", "a")->value;
        CHECK(a >= 50.0);
        CHECK(a <= 70.0);
        CHECK(find_kpi(held, "units_delivered", "b")->value + a ==
              doctest::Approx(1000.0).epsilon(0.02));
        REQUIRE_FALSE(held.order_changes.empty());
        CHECK(std::string(held.order_changes.front().change) == "pushed out");
        CHECK(std::string(held.order_changes.front().reason) == "downstream full");
    }

    TEST_CASE("Buyer: a delivery too big for the room downstream is passed on in parts") {
        // Power for 3 racks a day (a pool whose capacity rises linearly from 0 to 300 over 100
        // days) is shared by two buyers: b receives 4 racks a day, more than the power, so its
        // small deliveries take the room as it appears and it never reaches 50; a receives 50
        // every 5 days. Passed on whole, none of a's deliveries ever fits (a installs 0, b all
        // 300). Passed on in parts, a's parts take the room whenever a retries before b: the
        // 300 racks are shared, and a installs at least one delivery's worth.
        ScenarioBuilder s(100.5);
        s.product("rack");
        s.node("supplier", Block::Allocator, "rack").unlimited = true;
        model::Node& a = daily_buyer(s, "a", 10.0);
        a.demand.period = sim::Duration::from_days(5.0);
        daily_buyer(s, "b", 4.0);
        model::Node& power = s.node("power", Block::Pool, "rack");
        power.pool_capacity =
            model::Series{{{0.0, 0.0}, {100.0, 300.0}}, model::Series::Interpolation::Linear};
        s.lane("a", "power");
        s.lane("b", "power");
        Replication replication(s.scenario(), 1, 0);
        const RunResult r = replication.run();
        const double to_a = passed_on(r, "a");
        const double to_b = passed_on(r, "b");
        MESSAGE("passed on by a: " << to_a << ", by b: " << to_b);
        CHECK(to_a + to_b == doctest::Approx(300.0).epsilon(0.02));
        CHECK(to_a >= 50.0);
    }

    TEST_CASE("Buyer: stocks up on news of a shock upstream, then orders the extra less") {
        // Makers of chips upstream of the buyer: fab_a 30 a day and fab_b 70 a day, both into
        // its supplier; fab_c 50 a day feeds another supplier the buyer does not use. The buyer
        // uses 10 a day (ordered each day) with a base-stock level and a cover of 10 days.
        // fab_a loses half its capacity on day 20.5 for 10 days: share 30 / (30 + 70) x 0.5 =
        // 0.15 of the buyer's supply, so the level rises by 0.15 x 10 days x 10 a day = 15,
        // ordered at once; on day 30.5 it falls by 15, so the orders of days 31 and 32 (10 each)
        // are 0 and 5. fab_c's outage on day 40.5 is not upstream of the buyer: no order moves.
        ScenarioBuilder s(60.5);
        s.product("chip");
        s.rate_station("fab_a", "chip", 30.0);
        s.rate_station("fab_b", "chip", 70.0);
        s.rate_station("fab_c", "chip", 50.0);
        s.node("supplier", Block::Allocator, "chip").unlimited = true;
        s.node("other_supplier", Block::Allocator, "chip").unlimited = true;
        model::Node& buyer = daily_buyer(s, "buyer", 10.0);
        buyer.ordering.policy = model::OrderingPolicy::BaseStock;
        buyer.ordering.level = 100.0;
        buyer.stock_up =
            model::StockUp{sim::Duration::from_days(10.0), model::StockUp::Pace::AtOnce, {}};
        s.lane("fab_a", "supplier");
        s.lane("fab_b", "supplier");
        s.lane("fab_c", "other_supplier");
        model::Shock& fire = s.shock("fire", model::ShockKind::CapacityLoss, {"fab_a"}, 20.5);
        fire.magnitude = 0.5;
        fire.duration = sim::Duration::from_days(10.0);
        s.shock("elsewhere", model::ShockKind::Outage, {"fab_c"}, 40.5).duration =
            sim::Duration::from_days(5.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        std::map<double, double> ordered;  // day placed -> units
        for (const model::OrderRecord& o : r.orders) ordered[o.placed_day] += o.quantity;
        CHECK(ordered.at(20.5) == doctest::Approx(15.0));
        CHECK(ordered.count(31.0) == 0);
        CHECK(ordered.at(32.0) == doctest::Approx(5.0));
        CHECK(ordered.at(33.0) == doctest::Approx(10.0));
        CHECK(ordered.count(40.5) == 0);
        CHECK(ordered.count(45.5) == 0);
        double total = 0.0;
        for (const auto& [day, units] : ordered) {
            total += units;
            if (day != 20.5 && day != 31.0 && day != 32.0) CHECK(units == doctest::Approx(10.0));
        }
        CHECK(total == doctest::Approx(600.0));  // days 1..60: 10 a day; the 15 came back
    }

    TEST_CASE("Buyer: with pace with_loss it stocks up day by day, sized by the stop") {
        // The network of the test above (fab_a 30 a day and fab_b 70 a day into the buyer's
        // supplier; the buyer uses 10 a day, ordered each day, cover 10 days), stocking up as
        // the loss happens. fab_a stops on day 20.5 for 4 days, shorter than the cover: share
        // 30 / 100 = 0.3, so 0.3 x 10 = 3 more are ordered on each of days 20.5, 21.5, 22.5 and
        // 23.5 (12 in all = 0.3 x 4 days x 10, not the 30 of the whole cover); at 24.5 the stop
        // ends and the level falls by 12: the orders of days 25 and 26 are 0 and 8. fab_b stops
        // on day 40.5 for 20 days, longer than the cover: share 0.7, 7 more on each of days
        // 40.5 to 49.5 (10 parts, 70 = 0.7 x 10 days x 10, capped by the cover) and none after;
        // at 60.5 the level falls by 70: the orders of days 61 to 67 are 0 and day 68's is 10.
        ScenarioBuilder s(70.5);
        s.product("chip");
        s.rate_station("fab_a", "chip", 30.0);
        s.rate_station("fab_b", "chip", 70.0);
        s.node("supplier", Block::Allocator, "chip").unlimited = true;
        model::Node& buyer = daily_buyer(s, "buyer", 10.0);
        buyer.ordering.policy = model::OrderingPolicy::BaseStock;
        buyer.ordering.level = 100.0;
        buyer.stock_up =
            model::StockUp{sim::Duration::from_days(10.0), model::StockUp::Pace::WithLoss, {}};
        s.lane("fab_a", "supplier");
        s.lane("fab_b", "supplier");
        model::Shock& fire = s.shock("fire", model::ShockKind::CapacityLoss, {"fab_a"}, 20.5);
        fire.magnitude = 1.0;
        fire.duration = sim::Duration::from_days(4.0);
        s.shock("outage", model::ShockKind::Outage, {"fab_b"}, 40.5).duration =
            sim::Duration::from_days(20.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        std::map<double, double> ordered;  // day placed -> units
        for (const model::OrderRecord& o : r.orders) ordered[o.placed_day] += o.quantity;
        for (const double day : {20.5, 21.5, 22.5, 23.5})
            CHECK(ordered.at(day) == doctest::Approx(3.0));
        CHECK(ordered.count(24.5) == 0);
        CHECK(ordered.count(25.0) == 0);
        CHECK(ordered.at(26.0) == doctest::Approx(8.0));
        for (int d = 0; d < 10; ++d) CHECK(ordered.at(40.5 + d) == doctest::Approx(7.0));
        CHECK(ordered.count(50.5) == 0);
        for (int d = 61; d <= 67; ++d) CHECK(ordered.count(static_cast<double>(d)) == 0);
        CHECK(ordered.at(68.0) == doctest::Approx(10.0));
        double total = 0.0;
        for (const auto& [day, units] : ordered) total += units;
        CHECK(total == doctest::Approx(700.0));  // days 1..70: 10 a day; both extras came back
    }

    TEST_CASE("Buyer: without a stated cover a shock upstream moves no order") {
        // The same network without stock_up: every order is the day's 10, fire or not.
        ScenarioBuilder s(40.5);
        s.product("chip");
        s.rate_station("fab_a", "chip", 30.0);
        s.node("supplier", Block::Allocator, "chip").unlimited = true;
        model::Node& buyer = daily_buyer(s, "buyer", 10.0);
        buyer.ordering.policy = model::OrderingPolicy::BaseStock;
        buyer.ordering.level = 100.0;
        s.lane("fab_a", "supplier");
        s.shock("fire", model::ShockKind::Outage, {"fab_a"}, 20.5).duration =
            sim::Duration::from_days(10.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        REQUIRE(r.orders.size() == 40);
        for (const model::OrderRecord& o : r.orders) CHECK(o.quantity == doctest::Approx(10.0));
    }

    TEST_CASE("Buyer: order-up-to under steady fractional demand orders exactly the demand") {
        // 2.5 units a day: orders are whole units, so half a unit is carried each day. The policy's
        // order q = level - position must still be 2.5 every day, with zero variance.
        ScenarioBuilder s = order_up_to(2.5, 4, 3.0);
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const model::Kpi* orders = find_kpi(r, "order_variance", "buyer");
        const model::Kpi* demand = find_kpi(r, "demand_variance", "buyer");
        REQUIRE(orders);
        REQUIRE(demand);
        CHECK(demand->value == doctest::Approx(0.0));
        CHECK(orders->value == doctest::Approx(0.0));
        // Whole units are ordered, 2 and 3 in turn: 2.5 a day over the 350 days counted.
        const model::Kpi* ordered = find_kpi(r, "units_ordered", "buyer");
        REQUIRE(ordered);
        CHECK(ordered->value == doctest::Approx(2.5 * 350.0).epsilon(0.01));
    }
}  // TEST_SUITE
