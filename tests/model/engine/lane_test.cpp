#include "model/engine/lane.hpp"

#include <doctest/doctest.h>

#include "model/engine/engine_harness.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

namespace {

// a ships to b over a lane of `capacity` units in transit, 2 days long.
ScenarioBuilder one_lane(double capacity) {
    ScenarioBuilder s(10.0);
    s.product("chip");
    s.node("a", model::Block::Station, "chip");
    s.node("b", model::Block::Station, "chip");
    s.lane("a", "b", 2.0).capacity = capacity;
    return s;
}

model::Lot lot_of(double units) {
    model::Lot lot;
    lot.units = units;
    return lot;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("LaneRuntime: carries a lot for its transit time and frees its room on arrival") {
        ScenarioBuilder s = one_lane(5.0);
        EngineHarness h(s.scenario());
        auto& a = h.add<Receiver>();
        auto& b = h.add<Receiver>();
        h.add_lanes();
        model::LaneRuntime& lane = h.routes.lane(model::LaneId{0});
        CHECK(lane.room() == model::unbounded);  // an empty lane takes any lot
        lane.dispatch(h.kernel, lot_of(3.0));
        CHECK(lane.room() == 2.0);
        lane.add_waiter(a);
        h.run_until_day(1.0);
        CHECK(b.received.empty());
        h.run_until_day(3.0);
        CHECK(b.arrival_days == std::vector<double>{2.0});
        CHECK(lane.in_transit() == 0.0);
        CHECK(a.retries == 1);  // woken when the lane's room came back
    }

    TEST_CASE("LaneRuntime: closures nest, and the sender retries when the last one ends") {
        ScenarioBuilder s = one_lane(5.0);
        EngineHarness h(s.scenario());
        auto& a = h.add<Receiver>();
        h.add<Receiver>();
        h.add_lanes();
        model::LaneRuntime& lane = h.routes.lane(model::LaneId{0});
        lane.close();
        lane.close();
        lane.reopen(h.kernel);
        h.run_until_day(1.0);
        CHECK_FALSE(lane.is_open());
        CHECK(a.retries == 0);
        lane.reopen(h.kernel);
        h.run_until_day(2.0);
        CHECK(lane.is_open());
        CHECK(a.retries == 1);
    }
}
