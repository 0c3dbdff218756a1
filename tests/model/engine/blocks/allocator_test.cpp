#include "model/engine/blocks/allocator.hpp"

#include <doctest/doctest.h>

#include "model/engine/engine_harness.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
namespace sim = memchain::sim;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

namespace {

// A maker holding `stock` chips ships to two buyers, a and b, one day away.
ScenarioBuilder two_buyers(double stock) {
    ScenarioBuilder s(30.0);
    s.product("chip");
    s.node("maker", model::Block::Allocator, "chip").initial_stock = stock;
    s.node("a", model::Block::Buyer, "chip");
    s.node("b", model::Block::Buyer, "chip");
    s.lane("maker", "a", 1.0);
    s.lane("maker", "b", 1.0);
    return s;
}

model::OrderId order(EngineHarness& h, const std::string& buyer, double units) {
    model::Order o;
    o.orderer = h.node(buyer);
    o.supplier = h.node("maker");
    o.product = h.product("chip");
    o.quantity = units;
    return h.ctx.place_order(h.kernel, o, std::nullopt);
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Allocator: first come first served ships the oldest order and waits for stock") {
        // 5 in stock; a orders 4, then b orders 3: a gets 4, b 1 now and 2 when 2 more arrive.
        ScenarioBuilder s = two_buyers(5.0);
        EngineHarness h(s.scenario());
        auto& maker = h.add<model::blocks::Allocator>();
        auto& a = h.add<Receiver>();
        auto& b = h.add<Receiver>();
        h.add_lanes();
        h.start();
        const model::OrderId first = order(h, "a", 4.0);
        const model::OrderId second = order(h, "b", 3.0);
        h.run_until_day(2.0);
        CHECK(a.units() == 4.0);
        CHECK(a.arrival_days == std::vector<double>{1.0});
        CHECK(b.units() == 1.0);
        CHECK(h.orders.order(first).completed == sim::Time::zero() + sim::Duration::from_days(1));
        CHECK_FALSE(h.orders.order(second).completed);

        model::Lot more;
        more.product = h.product("chip");
        more.units = 2.0;
        maker.receive(h.kernel, more);
        h.run_until_day(4.0);
        CHECK(b.units() == 3.0);
        CHECK(h.orders.order(second).delivered == 3.0);
        CHECK(h.orders.backlog(h.product("chip")) == 0.0);
    }

    TEST_CASE("Allocator: pro rata splits a shortage by the buyers' open units") {
        // 6 in stock, allocated once a day; a asks 6 and b 3: a gets 4 and b 2.
        ScenarioBuilder s = two_buyers(6.0);
        model::Node& maker_spec = s.scenario().nodes[0];
        maker_spec.policy = model::AllocationPolicy::ProRata;
        maker_spec.allocation_period = sim::Duration::from_days(1.0);
        EngineHarness h(s.scenario());
        h.add<model::blocks::Allocator>();
        auto& a = h.add<Receiver>();
        auto& b = h.add<Receiver>();
        h.add_lanes();
        h.start();
        order(h, "a", 6.0);
        order(h, "b", 3.0);
        h.run_until_day(3.0);
        CHECK(a.units() == 4.0);
        CHECK(b.units() == 2.0);
        CHECK(h.orders.backlog(h.product("chip")) == 3.0);
    }

    TEST_CASE("Allocator: an orderer without room is shipped nothing until room appears") {
        // b has room for 1 of its 3: it gets 1 now, the rest waits for stock to be offered again.
        ScenarioBuilder s = two_buyers(10.0);
        EngineHarness h(s.scenario());
        auto& maker = h.add<model::blocks::Allocator>();
        h.add<Receiver>();
        auto& b = h.add<Receiver>();
        b.room = 1.0;
        h.add_lanes();
        h.start();
        order(h, "b", 3.0);
        h.run_until_day(2.0);
        CHECK(b.units() == 1.0);
        b.room += 5.0;
        maker.request_retry(h.kernel);
        h.run_until_day(4.0);
        CHECK(b.units() == 3.0);
    }
    TEST_CASE("Allocator: an orderer whose route is closed is shipped nothing until it reopens") {
        // 6 in stock; the lane to a is closed when a orders 4 and b 3: b gets its 3 (pro rata
        // and first come first served alike, as a is not offered), a nothing; reopened, a
        // gets the 3 left.
        for (const auto policy :
             {model::AllocationPolicy::ProRata, model::AllocationPolicy::Fcfs}) {
            CAPTURE(static_cast<int>(policy));
            ScenarioBuilder s = two_buyers(6.0);
            s.scenario().nodes[0].policy = policy;
            EngineHarness h(s.scenario());
            h.add<model::blocks::Allocator>();
            auto& a = h.add<Receiver>();
            auto& b = h.add<Receiver>();
            h.add_lanes();
            h.start();
            h.routes.lane(model::LaneId{0}).close();
            order(h, "a", 4.0);
            order(h, "b", 3.0);
            h.run_until_day(3.0);
            CHECK(a.units() == 0.0);
            CHECK(b.units() == 3.0);
            h.routes.lane(model::LaneId{0}).reopen(h.kernel);
            h.run_until_day(6.0);
            CHECK(a.units() == 3.0);
            CHECK(h.orders.backlog(h.product("chip")) == 1.0);
        }
    }
}
