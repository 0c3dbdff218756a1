#include "model/engine/routes.hpp"

#include <doctest/doctest.h>

#include "model/engine/engine_harness.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

TEST_SUITE("model") {
    TEST_CASE("Routes: a closed route ships along the shortest open detour until it reopens") {
        // maker -> hub_a -> buyer takes 1 + 2 = 3 days; the detour maker -> hub_b -> buyer
        // takes 3 + 4 = 7. With maker->hub_a closed, the route is closed until routes are
        // searched again; then a lot shipped at day 0 arrives on day 7 by the detour. Reopened,
        // the next lot takes the route's own 3 days.
        ScenarioBuilder s(20.0);
        s.product("chip");
        s.node("maker", model::Block::Allocator, "chip");
        s.node("hub_a", model::Block::Inventory, "chip");
        s.node("hub_b", model::Block::Inventory, "chip");
        s.node("buyer", model::Block::Buyer, "chip");
        s.lane("maker", "hub_a", 1.0);
        s.lane("hub_a", "buyer", 2.0);
        s.lane("maker", "hub_b", 3.0);
        s.lane("hub_b", "buyer", 4.0);
        EngineHarness h(s.scenario());
        for (int i = 0; i < 4; ++i) h.add<Receiver>();
        h.add_lanes();
        const model::NodeId maker = h.node("maker"), buyer = h.node("buyer");
        h.routes.add_route(maker, buyer, s.scenario().nodes);
        auto& received = static_cast<Receiver&>(*h.blocks[3]);
        model::Lot lot;
        lot.units = 5.0;

        CHECK(h.routes.reroute().empty());  // nothing closed: no detours
        h.routes.lane(model::LaneId{0}).close();
        CHECK_FALSE(h.routes.is_open(maker, buyer));
        CHECK(h.routes.reroute() == std::vector<model::NodeId>{maker});
        CHECK(h.routes.is_open(maker, buyer));
        CHECK(h.routes.ship(h.kernel, maker, buyer, lot));  // by the detour
        h.run_until_day(10.0);
        CHECK(received.arrival_days == std::vector<double>{7.0});

        h.routes.lane(model::LaneId{0}).reopen(h.kernel);
        CHECK(h.routes.reroute().empty());
        CHECK_FALSE(h.routes.ship(h.kernel, maker, buyer, lot));  // its own lanes again
        h.run_until_day(20.0);
        CHECK(received.arrival_days == std::vector<double>{7.0, 13.0});

        // Both ways closed: no detour, the route waits.
        h.routes.lane(model::LaneId{0}).close();
        h.routes.lane(model::LaneId{3}).close();
        CHECK(h.routes.reroute().empty());
        CHECK_FALSE(h.routes.is_open(maker, buyer));
    }
}
