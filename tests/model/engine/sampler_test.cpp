#include "model/engine/sampler.hpp"

#include <doctest/doctest.h>
#include <atomic>

#include "model/engine/engine_harness.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

namespace {

// Two nodes over 5 days, sampled daily, with a warm-up of 2 days; only "chip" is ordered.
ScenarioBuilder two_nodes() {
    ScenarioBuilder s(5.0);
    s.product("chip");
    s.product("wafer");
    s.node("a", model::Block::Station, "chip");
    s.node("b", model::Block::Station, "chip");
    s.scenario().warmup = memchain::sim::Duration::from_days(2.0);
    return s;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Sampler: samples every node and ordered product each interval, horizon included") {
        ScenarioBuilder s = two_nodes();
        EngineHarness h(s.scenario());
        auto& a = h.add<Receiver>();
        h.add<Receiver>();
        h.orders.mark_ordered(h.product("chip"));
        model::RunControl control;
        model::Sampler sampler(h.ctx, control);
        sampler.set_handler(h.kernel.add_handler(sampler));
        sampler.start(h.kernel);
        h.kernel.run_until(memchain::sim::Time::zero() + s.scenario().horizon);
        CHECK(sampler.node_samples.size() == 12);  // days 0 to 5, two nodes
        REQUIRE(sampler.product_samples.size() == 6);
        CHECK(sampler.product_samples[5].product == "chip");
        CHECK(sampler.product_samples[5].day == 5.0);
        CHECK(a.resets == std::vector<double>{2.0});
        CHECK_FALSE(sampler.stopped());
    }

    TEST_CASE("Sampler: without recording only product samples are kept") {
        ScenarioBuilder s = two_nodes();
        EngineHarness h(s.scenario());
        h.add<Receiver>();
        h.add<Receiver>();
        h.orders.mark_ordered(h.product("chip"));
        h.ctx.set_recording(false);
        model::RunControl control;
        model::Sampler sampler(h.ctx, control);
        sampler.set_handler(h.kernel.add_handler(sampler));
        sampler.start(h.kernel);
        h.kernel.run_until(memchain::sim::Time::zero() + s.scenario().horizon);
        CHECK(sampler.node_samples.empty());
        CHECK(sampler.product_samples.size() == 6);
    }

    TEST_CASE("Sampler: a raised stop flag ends the run at the next heartbeat") {
        ScenarioBuilder s = two_nodes();
        EngineHarness h(s.scenario());
        h.add<Receiver>();
        h.add<Receiver>();
        std::atomic<bool> stop{true};
        model::RunControl control;
        control.stop = &stop;
        model::Sampler sampler(h.ctx, control);
        sampler.set_handler(h.kernel.add_handler(sampler));
        sampler.start(h.kernel);
        h.kernel.run_until(memchain::sim::Time::zero() + s.scenario().horizon);
        CHECK(sampler.stopped());
        CHECK(h.kernel.now().to_days() == doctest::Approx(5.0 / 200.0));
    }
}
