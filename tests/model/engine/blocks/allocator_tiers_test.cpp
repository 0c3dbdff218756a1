// The allocator's own tiers decide priority, on whole replications (a fab, a supplier, three
// buyers).
#include "model/engine/blocks/allocator.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "model/engine/replication.hpp"
#include "model/scenario_builder.hpp"

using memchain::model::Block;
using memchain::model::Replication;
using memchain::model::RunResult;
using memchain::testing::ScenarioBuilder;
namespace model = memchain::model;
namespace sim = memchain::sim;

namespace {

double delivered(const RunResult& r, const std::string& buyer) {
    for (const auto& k : r.kpis)
        if (k.name == "units_delivered" && k.buyer == buyer) return k.value;
    return 0.0;
}

// A fab making 10 chips a day for one supplier; buyers a, b and c each order 8 a day, in that
// order each day. On day 1, a's order meets the first day's 10 chips alone and takes 8.
ScenarioBuilder three_buyers(model::AllocationPolicy policy, std::map<std::string, int> tiers) {
    ScenarioBuilder s(100.0);
    s.product("chip");
    model::Node& fab = s.node("fab", Block::Source, "chip");
    fab.arrivals.kind = model::Arrivals::Kind::Interval;
    fab.arrivals.interval = sim::Distribution::deterministic(0.1);
    model::Node& supplier = s.node("supplier", Block::Allocator, "chip");
    supplier.policy = policy;
    supplier.tiers = std::move(tiers);
    for (const char* name : {"a", "b", "c"}) {
        model::Node& buyer = s.node(name, Block::Buyer, "chip");
        buyer.demand.kind = model::DemandKind::Rate;
        buyer.demand.rate = model::Series::constant(8.0);
        buyer.demand.period = sim::Duration::from_days(1.0);
        buyer.suppliers["supplier"] = 1.0;
        s.lane("supplier", name);
    }
    s.lane("fab", "supplier");
    return s;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Allocator: priority follows the allocator's own tiers, not first come") {
        // 10 a day against 24 ordered (about 1000 units in 100 days). First come serves the
        // oldest orders, every buyer's in turn: a third each. Tiers {c:1, b:2, a:3} serve c 8
        // and b 2 a day, and a only its 8 of day 1.
        ScenarioBuilder fcfs = three_buyers(model::AllocationPolicy::Fcfs, {});
        Replication first(fcfs.scenario(), 1, 0);
        const RunResult by_arrival = first.run();
        for (const char* buyer : {"a", "b", "c"})
            CHECK(delivered(by_arrival, buyer) == doctest::Approx(1000.0 / 3.0).epsilon(0.03));

        ScenarioBuilder tiered =
            three_buyers(model::AllocationPolicy::Priority, {{"c", 1}, {"b", 2}, {"a", 3}});
        Replication second(tiered.scenario(), 1, 0);
        const RunResult by_tier = second.run();
        CHECK(delivered(by_tier, "c") == doctest::Approx(800.0).epsilon(0.02));
        CHECK(delivered(by_tier, "b") == doctest::Approx(200.0).epsilon(0.05));
        CHECK(delivered(by_tier, "a") == doctest::Approx(8.0));
    }

    TEST_CASE("Allocator: an orderer missing from the tiers map keeps its own tier") {
        // The map names only a (tier 2); b and c keep their buyer tier 1 and share first place
        // oldest order first: (1000 - 8) / 2 = 496 each, and a only its 8 of day 1.
        ScenarioBuilder s = three_buyers(model::AllocationPolicy::Priority, {{"a", 2}});
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(delivered(r, "b") == doctest::Approx(496.0).epsilon(0.02));
        CHECK(delivered(r, "c") == doctest::Approx(496.0).epsilon(0.02));
        CHECK(delivered(r, "a") == doctest::Approx(8.0));
    }
}  // TEST_SUITE
