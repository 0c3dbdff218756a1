#include "model/engine/shock_scheduler.hpp"

#include <doctest/doctest.h>

#include "model/engine/engine_harness.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
namespace sim = memchain::sim;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

namespace {

// The capacity factors a line was given by `s`'s shocks over 40 days.
std::vector<double> factors_over_run(ScenarioBuilder& s) {
    EngineHarness h(s.scenario());
    auto& line = h.add<Receiver>();
    model::ShockScheduler shocks(h.ctx, nullptr);
    shocks.set_handler(h.kernel.add_handler(shocks));
    shocks.start(h.kernel);
    h.run_until_day(40.0);
    return line.capacity_factors;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("ShockScheduler: overlapping capacity losses multiply, each ending on its day") {
        // Half the capacity lost on days 10-20, half again on days 15-25.
        ScenarioBuilder s(40.0);
        s.product("wafer");
        s.node("line", model::Block::Station, "wafer");
        model::Shock& fire = s.shock("fire", model::ShockKind::CapacityLoss, {"line"}, 10.0);
        fire.magnitude = 0.5;
        fire.duration = sim::Duration::from_days(10.0);
        model::Shock& flood = s.shock("flood", model::ShockKind::CapacityLoss, {"line"}, 15.0);
        flood.magnitude = 0.5;
        flood.duration = sim::Duration::from_days(10.0);
        CHECK(factors_over_run(s) == std::vector<double>{0.5, 0.25, 0.5, 1.0});
    }

    TEST_CASE("ShockScheduler: a loss recovers linearly, a step a day") {
        // 40% lost on days 10-15, then back over 4 days: 60%, then 70, 80, 90 and 100%.
        ScenarioBuilder s(40.0);
        s.product("wafer");
        s.node("line", model::Block::Station, "wafer");
        model::Shock& fire = s.shock("fire", model::ShockKind::CapacityLoss, {"line"}, 10.0);
        fire.magnitude = 0.4;
        fire.duration = sim::Duration::from_days(5.0);
        fire.recovery = sim::Duration::from_days(4.0);
        const std::vector<double> factors = factors_over_run(s);
        const std::vector<double> expected{0.6, 0.6, 0.7, 0.8, 0.9, 1.0};
        REQUIRE(factors.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            CHECK(factors[i] == doctest::Approx(expected[i]));
    }

    TEST_CASE("ShockScheduler: every occurrence is recorded with its dates") {
        ScenarioBuilder s(40.0);
        s.product("wafer");
        s.node("line", model::Block::Station, "wafer");
        model::Shock& fire = s.shock("fire", model::ShockKind::Outage, {"line"}, 10.0);
        fire.duration = sim::Duration::from_days(3.0);
        EngineHarness h(s.scenario());
        h.add<Receiver>();
        model::ShockScheduler shocks(h.ctx, nullptr);
        shocks.set_handler(h.kernel.add_handler(shocks));
        shocks.start(h.kernel);
        REQUIRE(shocks.records().size() == 1);
        CHECK(shocks.records()[0].name == "fire");
        CHECK(shocks.records()[0].kind == "outage");
        CHECK(shocks.records()[0].target == "line");
        CHECK(shocks.records()[0].start_day == 10.0);
        CHECK(shocks.records()[0].end_day == 13.0);
    }
}
