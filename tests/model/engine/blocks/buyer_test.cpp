#include "model/engine/blocks/buyer.hpp"

#include <doctest/doctest.h>

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

}  // namespace

TEST_SUITE("model") {
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
