#include "model/engine/blocks/pool.hpp"

#include <doctest/doctest.h>

#include "model/engine/engine_harness.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
namespace sim = memchain::sim;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

TEST_SUITE("model") {
    TEST_CASE("Pool: binds while a sender waits and lets it in when capacity is added") {
        // 10 units of power fill on day 0; racks wait from then until 5 more arrive on day 2;
        // the pool is active (binding) for those 2 of the 4 days.
        ScenarioBuilder s(4.0);
        s.product("rack");
        s.node("racks", model::Block::Station, "rack");
        s.node("power", model::Block::Pool, "rack").pool_capacity = model::Series::constant(10.0);
        s.lane("racks", "power");
        EngineHarness h(s.scenario());
        auto& racks = h.add<Receiver>();
        auto& power = h.add<model::blocks::Pool>();
        h.add_lanes();
        h.start();
        model::Lot lot;
        lot.product = h.product("rack");
        lot.units = 10.0;
        power.receive(h.kernel, lot);
        CHECK(power.room_for(h.product("rack")) == 0.0);
        power.add_waiter(h.node("racks"));
        h.run_until_day(2.0);
        power.set_capacity_addition(h.kernel, 5.0);
        h.run_until_day(3.0);
        CHECK(power.room_for(h.product("rack")) == 5.0);
        CHECK(racks.retries == 1);
        CHECK_FALSE(power.has_waiters());
        h.detector.finish(sim::Time::zero() + sim::Duration::from_days(4.0));
        CHECK(h.detector.active_share(1) == doctest::Approx(0.5));
        CHECK(h.detector.active_share(0) == 0.0);
    }

    TEST_CASE("Pool: a sink absorbs everything and never binds") {
        ScenarioBuilder s(4.0);
        s.product("rack");
        s.node("sink", model::Block::Sink, "rack");
        EngineHarness h(s.scenario());
        auto& sink = h.add<model::blocks::Pool>();
        h.start();
        CHECK_FALSE(sink.is_resource());
        CHECK(sink.room_for(h.product("rack")) == model::unbounded);
        model::Lot lot;
        lot.product = h.product("rack");
        lot.units = 1e6;
        sink.receive(h.kernel, lot);
        std::vector<model::Kpi> kpis;
        sink.add_kpis(h.kernel.now(), kpis);
        REQUIRE(kpis.size() == 1);
        CHECK(kpis[0].name == "absorbed_units");
        CHECK(kpis[0].value == 1e6);
    }
}
