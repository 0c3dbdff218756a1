#include "model/engine/blocks/inventory.hpp"

#include <doctest/doctest.h>

#include "model/engine/engine_harness.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

TEST_SUITE("model") {
    TEST_CASE("Inventory: passes lots on first in, first out as room appears downstream") {
        // Lots of 1, 2 and 1 units arrive at a store whose customer has room for 2: the first
        // goes on, the second does not fit and the third waits behind it.
        ScenarioBuilder s(10.0);
        s.product("chip");
        s.node("store", model::Block::Inventory, "chip");
        s.node("line", model::Block::Station, "chip");
        s.lane("store", "line");
        EngineHarness h(s.scenario());
        auto& store = h.add<model::blocks::Inventory>();
        auto& line = h.add<Receiver>();
        line.room = 2.0;
        h.add_lanes();
        h.start();
        for (double units : {1.0, 2.0, 1.0}) {
            model::Lot lot;
            lot.id = h.shipping.next_lot_id();
            lot.product = h.product("chip");
            lot.units = units;
            store.receive(h.kernel, lot);
        }
        h.run_until_day(1.0);
        REQUIRE(line.received.size() == 1);
        model::NodeSample sample;
        store.sample(h.kernel.now(), sample);
        CHECK(sample.inventory == 3.0);

        line.room += 5.0;
        store.request_retry(h.kernel);
        h.run_until_day(2.0);
        REQUIRE(line.received.size() == 3);
        CHECK(line.received[0].id == 0);
        CHECK(line.received[1].id == 1);
        CHECK(line.received[2].id == 2);
        store.sample(h.kernel.now(), sample);
        CHECK(sample.inventory == 0.0);
        CHECK(sample.output == 4.0);
    }
}
