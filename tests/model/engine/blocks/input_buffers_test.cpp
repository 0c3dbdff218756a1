#include "model/engine/blocks/input_buffers.hpp"

#include <doctest/doctest.h>

#include "model/engine/engine_harness.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
namespace sim = memchain::sim;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

namespace {

// An assembly "pack" making modules of 2 dies and 1 substrate, 3 modules a kit; the die buffer
// holds at most 10 units. "fab" stands in for a sender of dies.
ScenarioBuilder module_assembly() {
    ScenarioBuilder s(10.0);
    s.product("die").product("substrate");
    s.product("module", {{"die", 2.0}, {"substrate", 1.0}});
    model::Node& pack = s.node("pack", model::Block::Assembly, "module");
    pack.lot_size = 3.0;
    model::InputSpec dies;
    dies.product = "die";
    dies.capacity = 10.0;
    pack.inputs.push_back(dies);
    s.node("fab", model::Block::Station, "die");
    return s;
}

// module_assembly with an older die standing in for the die: `ratio` old dies per die, up to
// half of a kit's dies (3 of the 6), from day `from_day`.
ScenarioBuilder module_assembly_with_substitute(double ratio, double from_day) {
    ScenarioBuilder s = module_assembly();
    s.product("old_die");
    model::Substitute sub;
    sub.line = "die";
    sub.product = "old_die";
    sub.ratio = ratio;
    sub.from = memchain::sim::Time::from_days(from_day);
    sub.up_to = 0.5;
    s.scenario().nodes[0].substitutes.push_back(sub);
    return s;
}

double substituted(const model::blocks::InputBuffers& inputs) {
    std::vector<model::Kpi> kpis;
    inputs.add_kpis(kpis);
    REQUIRE(kpis.size() == 1);
    CHECK(kpis[0].name == "substituted_units");
    CHECK(kpis[0].product == "die");
    CHECK(kpis[0].node == "pack");
    return kpis[0].value;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("InputBuffers: a kit is ready when every line holds its share, and is taken whole") {
        // A kit of 3 modules needs 6 dies and 3 substrates.
        ScenarioBuilder s = module_assembly();
        EngineHarness h(s.scenario());
        auto& pack = h.add<Receiver>();
        model::blocks::InputBuffers inputs(h.ctx, pack, s.scenario().nodes[0]);
        const model::ProductId die = h.product("die"), substrate = h.product("substrate");
        inputs.arrive(die, 7.0);
        CHECK_FALSE(inputs.kit_ready());
        inputs.arrive(substrate, 3.0);
        CHECK(inputs.kit_ready());
        CHECK(inputs.held() == 10.0);
        inputs.take_kit(h.kernel);
        CHECK_FALSE(inputs.kit_ready());
        CHECK(inputs.held() == 1.0);  // the seventh die
    }

    TEST_CASE("InputBuffers: room is the capacity less what is held and what is reserved") {
        ScenarioBuilder s = module_assembly();
        EngineHarness h(s.scenario());
        auto& pack = h.add<Receiver>();
        model::blocks::InputBuffers inputs(h.ctx, pack, s.scenario().nodes[0]);
        const model::ProductId die = h.product("die");
        CHECK(inputs.is_empty_for(die));
        inputs.reserve(die, 4.0);
        CHECK(inputs.room_for(die) == 6.0);
        CHECK_FALSE(inputs.is_empty_for(die));
        inputs.arrive(die, 4.0);  // the reservation is used up by the arrival
        CHECK(inputs.room_for(die) == 6.0);
        CHECK(inputs.room_for(h.product("substrate")) == model::unbounded);
        CHECK(inputs.room_for(h.product("module")) == 0.0);  // not on the bill of materials
    }

    TEST_CASE("InputBuffers: a station without a declared input takes whatever arrives") {
        ScenarioBuilder s(10.0);
        s.product("wafer").product("die");
        s.node("line", model::Block::Station, "die");
        EngineHarness h(s.scenario());
        auto& line = h.add<Receiver>();
        model::blocks::InputBuffers inputs(h.ctx, line, s.scenario().nodes[0]);
        CHECK_FALSE(inputs.first_product().has_value());
        CHECK(inputs.room_for(h.product("wafer")) == model::unbounded);
        inputs.arrive(h.product("wafer"), 5.0);
        inputs.take(h.kernel, 0, 2.0);
        CHECK(inputs.held() == 3.0);
    }

    TEST_CASE("InputBuffers: taking from a bounded buffer wakes the senders waiting for room") {
        ScenarioBuilder s = module_assembly();
        EngineHarness h(s.scenario());
        auto& pack = h.add<Receiver>();
        auto& fab = h.add<Receiver>();
        model::blocks::InputBuffers inputs(h.ctx, pack, s.scenario().nodes[0]);
        inputs.arrive(h.product("die"), 10.0);
        inputs.arrive(h.product("substrate"), 3.0);
        pack.add_waiter(h.node("fab"));
        inputs.take(h.kernel, 1, 3.0);  // substrates: no capacity, nobody woken
        h.run_until_day(1.0);
        CHECK(fab.retries == 0);
        inputs.take(h.kernel, 0, 6.0);
        h.run_until_day(2.0);
        CHECK(fab.retries == 1);
        CHECK_FALSE(pack.has_waiters());
    }

    TEST_CASE("InputBuffers: idle time for want of a kit is charged to the short inputs only") {
        // Starved from day 1 to day 3 with dies short and substrates there: 2 days on dies.
        ScenarioBuilder s = module_assembly();
        EngineHarness h(s.scenario());
        auto& pack = h.add<Receiver>();
        model::blocks::InputBuffers inputs(h.ctx, pack, s.scenario().nodes[0]);
        inputs.arrive(h.product("substrate"), 3.0);
        inputs.track_starvation(sim::Time::from_days(1.0), true, true);
        inputs.track_starvation(sim::Time::from_days(3.0), false, true);
        inputs.track_starvation(sim::Time::from_days(4.0), false, true);
        std::vector<model::StarvationRecord> records;
        inputs.add_starvation(h.node("pack"), records);
        REQUIRE(records.size() == 1);
        CHECK(records[0].input == "die");
        CHECK(records[0].days == doctest::Approx(2.0));

        inputs.reset_statistics(sim::Time::from_days(4.0));
        records.clear();
        inputs.add_starvation(h.node("pack"), records);
        CHECK(records.empty());
    }

    TEST_CASE("InputBuffers: a short line takes its substitute at the ratio, up to the share") {
        // A kit needs 6 dies and 3 substrates; 4 dies are there, so 2 are missing, within the 3
        // allowed: the kit takes the 4 dies and 2 x 2 = 4 old dies.
        ScenarioBuilder s = module_assembly_with_substitute(2.0, 0.0);
        EngineHarness h(s.scenario());
        auto& pack = h.add<Receiver>();
        model::blocks::InputBuffers inputs(h.ctx, pack, s.scenario().nodes[0]);
        inputs.start(h.kernel, pack.handler(), 0, 1);
        const model::ProductId die = h.product("die"), old_die = h.product("old_die");
        CHECK(inputs.room_for(old_die) == model::unbounded);  // a buffer of its own
        inputs.arrive(die, 4.0);
        inputs.arrive(h.product("substrate"), 3.0);
        CHECK_FALSE(inputs.kit_ready());  // no old dies yet
        inputs.arrive(old_die, 3.0);
        CHECK_FALSE(inputs.kit_ready());  // 3 old dies, 4 needed
        inputs.arrive(old_die, 7.0);
        REQUIRE(inputs.kit_ready());
        inputs.take_kit(h.kernel);
        CHECK(inputs.held() == 6.0);  // the old dies left
        CHECK(substituted(inputs) == 2.0);

        // Now 6 dies are missing, over the 3 allowed: no kit, though 6 old dies would cover 3.
        inputs.arrive(h.product("substrate"), 3.0);
        CHECK_FALSE(inputs.kit_ready());
        // With 3 dies, 3 are missing: exactly the share, 6 old dies.
        inputs.arrive(die, 3.0);
        REQUIRE(inputs.kit_ready());
        inputs.take_kit(h.kernel);
        CHECK(inputs.held() == 0.0);
        CHECK(substituted(inputs) == 5.0);

        // A line that is not short takes nothing from its substitute.
        inputs.arrive(die, 6.0);
        inputs.arrive(h.product("substrate"), 3.0);
        inputs.arrive(old_die, 5.0);
        inputs.take_kit(h.kernel);
        CHECK(inputs.held() == 5.0);
        CHECK(substituted(inputs) == 5.0);
        inputs.reset_statistics(sim::Time::zero());
        CHECK(substituted(inputs) == 0.0);
    }

    TEST_CASE("InputBuffers: a substitute is not taken before its from-day") {
        ScenarioBuilder s = module_assembly_with_substitute(1.0, 5.0);
        EngineHarness h(s.scenario());
        auto& pack = h.add<Receiver>();
        model::blocks::InputBuffers inputs(h.ctx, pack, s.scenario().nodes[0]);
        inputs.start(h.kernel, pack.handler(), 0, 1);
        inputs.arrive(h.product("die"), 5.0);
        inputs.arrive(h.product("substrate"), 3.0);
        inputs.arrive(h.product("old_die"), 1.0);
        CHECK_FALSE(inputs.kit_ready());
        inputs.open_substitute(0);  // the block's event on day 5, argument the die line
        CHECK(inputs.kit_ready());
    }
}  // TEST_SUITE
