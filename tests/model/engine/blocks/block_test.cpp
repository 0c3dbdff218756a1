#include "model/engine/blocks/block.hpp"

#include <doctest/doctest.h>

#include "model/engine/blocks/inventory.hpp"
#include "model/engine/engine_harness.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

namespace {

void send_units(EngineHarness& h, model::blocks::Inventory& store, int units) {
    for (int i = 0; i < units; ++i) {
        model::Lot lot;
        lot.id = h.shipping.next_lot_id();
        lot.product = h.product("chip");
        lot.units = 1.0;
        store.receive(h.kernel, lot);
    }
    h.run_until_day(h.kernel.now().to_days() + 1.0);
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Block: a closed lane's share goes to the open lanes, counted as re-routed") {
        // A store routes 1-unit lots by shares us 0.5, apac 0.25, eu 0.25, americas 0.25; apac
        // closes. 100 units then go 0.5/1 : 0.25/1 : 0.25/1 = 50/25/25 to the open lanes, and
        // apac's part of all the shares, 0.25/1.25 = 0.2, of them counts as re-routed: 20 units.
        // Reopened, apac takes its share of the next 125 units (0.25/1.25 = 25) and nothing of
        // the 20 it missed (no catch-up burst).
        ScenarioBuilder s(10.0);
        s.product("chip");
        s.node("store", model::Block::Inventory, "chip");
        for (const char* region : {"us", "apac", "eu", "americas"})
            s.node(region, model::Block::Station, "chip");
        s.lane("store", "us").share = model::Series::constant(0.5);
        for (const char* region : {"apac", "eu", "americas"})
            s.lane("store", region).share = model::Series::constant(0.25);
        EngineHarness h(s.scenario());
        auto& store = h.add<model::blocks::Inventory>();
        auto& us = h.add<Receiver>();
        auto& apac = h.add<Receiver>();
        auto& eu = h.add<Receiver>();
        auto& americas = h.add<Receiver>();
        h.add_lanes();
        h.start();
        CHECK_FALSE(store.rerouted_units());  // nothing re-routed yet: no KPI

        h.routes.lane(model::LaneId{1}).close();
        send_units(h, store, 100);
        CHECK(us.units() == 50.0);
        CHECK(apac.units() == 0.0);
        CHECK(eu.units() == 25.0);
        CHECK(americas.units() == 25.0);
        REQUIRE(store.rerouted_units());
        CHECK(*store.rerouted_units() == doctest::Approx(20.0));

        h.routes.lane(model::LaneId{1}).reopen(h.kernel);
        send_units(h, store, 125);
        CHECK(us.units() == 100.0);
        CHECK(apac.units() == 25.0);
        CHECK(eu.units() == 50.0);
        CHECK(americas.units() == 50.0);
        CHECK(*store.rerouted_units() == doctest::Approx(20.0));  // open lanes: no more counted
    }
}
