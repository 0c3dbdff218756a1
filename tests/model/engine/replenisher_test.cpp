#include "model/engine/replenisher.hpp"

#include <doctest/doctest.h>

#include "model/engine/blocks/allocator.hpp"
#include "model/engine/engine_harness.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
namespace sim = memchain::sim;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

namespace {

// Quantities and suppliers of every order in the book, in the order placed.
std::vector<std::pair<double, std::string>> placed(const EngineHarness& h,
                                                   const model::Scenario& s) {
    std::vector<std::pair<double, std::string>> out;
    for (const model::Order& o : h.orders.orders())
        out.emplace_back(o.quantity, s.nodes[model::index_of(o.supplier)].name);
    return out;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Replenisher: orders up to the level, then one for one, split by the shares") {
        // Level 10 with 4 on hand: 6 are ordered, 4 from big and 2 from small (shares 2:1);
        // 3 consumed are ordered again, 2 and 1.
        ScenarioBuilder s(30.0);
        s.product("die");
        s.node("big", model::Block::Allocator, "die");
        s.node("small", model::Block::Allocator, "die");
        s.node("line", model::Block::Station, "die").tier = 2;
        EngineHarness h(s.scenario());
        h.add<model::blocks::Allocator>();
        h.add<model::blocks::Allocator>();
        auto& line = h.add<Receiver>();
        model::Replenishment spec;
        spec.suppliers = {{"big", 2.0}, {"small", 1.0}};
        spec.base_stock = model::Series::constant(10.0);
        model::Replenisher r(h.ctx, h.node("line"), 0, h.product("die"), spec, line.handler(), 1);
        r.start(h.kernel, 4.0);
        r.consumed(h.kernel, 3.0);
        using Placed = std::vector<std::pair<double, std::string>>;
        CHECK(placed(h, s.scenario()) ==
              Placed{{4, "big"}, {2, "small"}, {2, "big"}, {1, "small"}});
        for (const model::Order& o : h.orders.orders()) {
            CHECK(o.orderer == h.node("line"));
            CHECK(o.input == 0u);
            CHECK(o.tier == 2);
        }
    }

    TEST_CASE("Replenisher: a rising level is ordered, a falling one holds back reorders") {
        // The level steps from 10 to 12 on day 5 and to 9 on day 10; nothing is on hand at the
        // start. A unit consumed on day 6 is ordered with the rise (1 + 2); the 3 consumed on
        // day 11 only make up for the fall.
        ScenarioBuilder s(30.0);
        s.product("die");
        s.node("big", model::Block::Allocator, "die");
        s.node("line", model::Block::Station, "die");
        EngineHarness h(s.scenario());
        h.add<model::blocks::Allocator>();
        auto& line = h.add<Receiver>();
        model::Replenishment spec;
        spec.suppliers = {{"big", 1.0}};
        spec.base_stock.points = {{0.0, 10.0}, {5.0, 12.0}, {10.0, 9.0}};
        model::Replenisher r(h.ctx, h.node("line"), 0, h.product("die"), spec, line.handler(), 1);
        r.start(h.kernel, 0.0);
        h.run_until_day(6.0);
        r.consumed(h.kernel, 1.0);
        h.run_until_day(11.0);
        r.consumed(h.kernel, 3.0);
        using Placed = std::vector<std::pair<double, std::string>>;
        CHECK(placed(h, s.scenario()) == Placed{{10, "big"}, {3, "big"}});
    }
}
