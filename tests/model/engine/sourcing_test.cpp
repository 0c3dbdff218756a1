#include "model/engine/sourcing.hpp"

#include <doctest/doctest.h>

#include "model/engine/blocks/allocator.hpp"
#include "model/engine/engine_harness.hpp"
#include "model/engine/replenisher.hpp"
#include "model/scenario_builder.hpp"

namespace model = memchain::model;
namespace sim = memchain::sim;
using memchain::testing::EngineHarness;
using memchain::testing::Receiver;
using memchain::testing::ScenarioBuilder;

namespace {

using Placed = std::vector<std::pair<double, std::string>>;

// Quantities and suppliers of every order in the book, in the order placed.
Placed placed(const EngineHarness& h, const model::Scenario& s) {
    Placed out;
    for (const model::Order& o : h.orders.orders())
        out.emplace_back(o.quantity, s.nodes[model::index_of(o.supplier)].name);
    return out;
}

// A line replenishing a die from three allocators: `a` holds 25 dies and gets no more, `b` and
// `c` never run out. Shares 0.5/0.3/0.2, ranges up to 0.6/0.45/0.3.
struct ThreeSuppliers {
    explicit ThreeSuppliers(std::optional<double> c_qualified_from = std::nullopt) : s(60.0) {
        s.product("die");
        s.node("a", model::Block::Allocator, "die").initial_stock = 25.0;
        s.node("b", model::Block::Allocator, "die").unlimited = true;
        s.node("c", model::Block::Allocator, "die").unlimited = true;
        s.node("line", model::Block::Station, "die");
        for (const char* from : {"a", "b", "c"}) s.lane(from, "line");
        spec.suppliers = {{"a", 0.5}, {"b", 0.3}, {"c", 0.2}};
        spec.supplier_terms["a"].up_to = 0.6;
        spec.supplier_terms["b"].up_to = 0.45;
        spec.supplier_terms["c"].up_to = 0.3;
        if (c_qualified_from)
            spec.supplier_terms["c"].qualified_from = sim::Time::from_days(*c_qualified_from);
        h = std::make_unique<EngineHarness>(s.scenario());
        for (int i = 0; i < 3; ++i) h->add<model::blocks::Allocator>();
        line = &h->add<Receiver>();
        h->add_lanes();
        h->start();
        replenisher.emplace(h->ctx, h->node("line"), 0, h->product("die"), spec, line->handler(),
                            1);
        replenisher->start(h->kernel, 0.0);
    }

    ScenarioBuilder s;
    model::Replenishment spec;
    std::unique_ptr<EngineHarness> h;
    Receiver* line = nullptr;
    std::optional<model::Replenisher> replenisher;
};

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("split_whole_units: largest remainder, ties to the earlier share") {
        CHECK(model::split_whole_units(10.0, {1.0, 1.0, 1.0}) == std::vector<double>{4, 3, 3});
        CHECK(model::split_whole_units(6.0, {2.0, 1.0}) == std::vector<double>{4, 2});
        CHECK(model::split_whole_units(1.0, {1.0, 3.0}) == std::vector<double>{0, 1});
        CHECK(model::split_whole_units(5.0, {}).empty());
    }

    TEST_CASE("Sourcing: a supplier that ships half has its unmet part re-sourced") {
        // 100 dies used on day 0: 50/30/20. `a` ships its 25; the other 25 wait. On day 7 (one
        // review later) 100 more are used: first the 25 unmet move, 15 to b ((0.45 - 0.3) x
        // 100) and 10 to c ((0.3 - 0.2) x 100), then the new 100 split 50/30/20.
        ThreeSuppliers t;
        t.replenisher->consumed(t.h->kernel, 100.0);
        t.h->run_until_day(7.0);
        t.replenisher->consumed(t.h->kernel, 100.0);
        t.h->run_until_day(8.0);
        CHECK(placed(*t.h, t.s.scenario()) == Placed{{50, "a"},
                                                     {30, "b"},
                                                     {20, "c"},
                                                     {15, "b"},
                                                     {10, "c"},
                                                     {50, "a"},
                                                     {30, "b"},
                                                     {20, "c"}});
        const model::Order& first = t.h->orders.order(model::OrderId{0});
        CHECK(first.shipped == 25.0);
        CHECK(first.cancelled == 25.0);
        CHECK(first.resourced == 25.0);  // moved, not cancelled demand
        CHECK(first.completed);          // nothing more to come from a
        // What arrived: 25 from a, 30 + 20 + 15 + 10 on day 0 and 7, 80 of the second round
        // (a has nothing left for its 50).
        CHECK(t.line->units() == doctest::Approx(25 + 50 + 25 + 50));
    }

    TEST_CASE("Sourcing: no re-sourcing before one review period, nor without ranges") {
        // The same suppliers without ranges: a's 25 stay with a.
        ThreeSuppliers t;
        t.spec.supplier_terms.clear();
        model::Replenisher fixed(t.h->ctx, t.h->node("line"), 0, t.h->product("die"), t.spec,
                                 t.line->handler(), 1);
        fixed.start(t.h->kernel, 0.0);
        fixed.consumed(t.h->kernel, 100.0);
        t.h->run_until_day(3.0);
        fixed.consumed(t.h->kernel, 10.0);  // too early for a review in any case
        t.h->run_until_day(7.0);
        fixed.consumed(t.h->kernel, 100.0);
        CHECK(placed(*t.h, t.s.scenario()) == Placed{{50, "a"},
                                                     {30, "b"},
                                                     {20, "c"},
                                                     {5, "a"},
                                                     {3, "b"},
                                                     {2, "c"},
                                                     {50, "a"},
                                                     {30, "b"},
                                                     {20, "c"}});
    }

    TEST_CASE("Sourcing: a supplier gets orders only from its qualification date") {
        // c is qualified from day 7: on day 0 its share is spread over a and b (0.5 : 0.3 of
        // 100 is 62.5 : 37.5, rounded 63 : 37, the tie to the earlier); on day 7 it has its 20.
        // a shipped 25 of 63: 38 unmet, but b may take only (0.45 - 0.37) x 100 = 8, and c,
        // qualified now, (0.3 - 0) x 100 = 30: b takes 8 and c 30.
        ThreeSuppliers t(7.0);
        t.replenisher->consumed(t.h->kernel, 100.0);
        t.h->run_until_day(7.0);
        t.replenisher->consumed(t.h->kernel, 100.0);
        CHECK(placed(*t.h, t.s.scenario()) ==
              Placed{{63, "a"}, {37, "b"}, {8, "b"}, {30, "c"}, {50, "a"}, {30, "b"}, {20, "c"}});
    }
}  // TEST_SUITE
