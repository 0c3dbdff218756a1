#include "model/engine/context.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "model/engine/engine_harness.hpp"
#include "model/engine/order_book.hpp"
#include "model/engine/order_listener.hpp"
#include "model/engine/order_taker.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
namespace sim = memchain::sim;
using memchain::testing::EngineHarness;
using memchain::testing::ScenarioBuilder;

namespace {

// A supplier that only keeps the orders it is given.
class Book final : public model::OrderTaker {
public:
    void add_order(sim::Kernel&, model::OrderId order) override { orders.push_back(order); }
    void cancel(model::OrderId, double) override {}
    void hold(sim::Kernel&, model::NodeId, sim::Time) override {}
    std::vector<model::OrderId> orders;
};

// Writes down what it hears, as a market would count it.
class Ears final : public model::OrderListener {
public:
    void on_order(model::ProductId, double units) override { ordered += units; }
    void on_delivery(model::NodeId, double units) override { delivered += units; }
    double ordered = 0.0;
    double delivered = 0.0;
};

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Context: its order listener hears new demand and deliveries, not moved units") {
        // A buyer orders chips from a supplier; no blocks are needed to book orders.
        ScenarioBuilder s(10.0);
        s.product("chip");
        s.node("supplier", model::Block::Allocator, "chip");
        s.node("buyer", model::Block::Buyer, "chip");
        EngineHarness h(s.scenario());
        Book supplier;
        Ears ears;
        h.ctx.add_order_taker(h.node("supplier"), supplier);
        h.ctx.set_order_listener(&ears);
        model::Order order;
        order.orderer = h.node("buyer");
        order.supplier = h.node("supplier");
        order.product = h.product("chip");
        order.quantity = 40.0;
        const model::OrderId first = h.ctx.place_order(h.kernel, order, std::nullopt);
        order.quantity = 15.0;  // moved from another supplier: not new demand
        h.ctx.place_order(h.kernel, order, std::nullopt, false);
        h.ctx.record_delivery(h.kernel, first, 25.0);
        CHECK(supplier.orders.size() == 2);
        CHECK(ears.ordered == 40.0);
        CHECK(ears.delivered == 25.0);
        CHECK(h.orders.order(first).delivered == 25.0);
    }
}
