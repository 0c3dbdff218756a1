#include "model/engine/expansion.hpp"

#include <doctest/doctest.h>

#include <cmath>
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

// A run of `days` with weekly samples and one product, made by a source of `per_day` a day in
// lots of 10.
ScenarioBuilder fed(const std::string& source, const std::string& product, double per_day,
                    double days) {
    ScenarioBuilder s(days);
    s.scenario().recording.sample_interval = sim::Duration::from_days(7.0);
    s.product(product);
    model::Node& src = s.node(source, Block::Source, product);
    src.arrivals.kind = model::Arrivals::Kind::Rate;
    src.arrivals.rate = model::Series::constant(per_day);
    src.arrivals.lot_size = sim::Distribution::deterministic(10.0);
    return s;
}

// A fab of 80 chips a day, fed far more wafers than it can take, so it runs full from its first
// week; weekly samples. Its expansion: utilization >= 0.9 for 28 days commits half its capacity
// rate, arriving 56 days later at once; at most two, USD 1000 each.
ScenarioBuilder full_fab() {
    ScenarioBuilder s = fed("wafers", "chip", 1000.0, 182.0);
    model::Node& fab = s.rate_station("fab", "chip", 80.0, "chip");
    fab.inputs.front().capacity = 100.0;
    model::Expansion e;
    e.above = 0.9;
    e.sustain = memchain::sim::Duration::from_days(28.0);
    e.step = 0.5;
    e.lead_time = memchain::sim::Duration::from_days(56.0);
    e.capex = 1000.0;
    e.max_commitments = 2;
    e.margin_product = "chip";
    fab.expansion = e;
    s.node("store", Block::Sink, "chip");
    s.lane("wafers", "fab");
    s.lane("fab", "store");
    return s;
}

// The capacity expansions a run's rules committed, in the order of the shocks table.
std::vector<model::ShockRecord> commitments_of(const RunResult& r) {
    std::vector<model::ShockRecord> out;
    for (const model::ShockRecord& x : r.shocks)
        if (x.kind == "capacity_expansion") out.push_back(x);
    return out;
}

double kpi(const RunResult& r, const std::string& name, const std::string& node = "fab") {
    for (const model::Kpi& k : r.kpis)
        if (k.name == name && k.node == node) return k.value;
    return std::nan("");
}

// 100 racks a day (lots of 10) into a hall that holds 700: full from day 7, the racks then wait
// at the source. Its expansion: utilization >= 0.9 for 28 days commits half the racks it holds,
// arriving 14 days later; at most one. 91 days, weekly samples.
ScenarioBuilder full_hall() {
    ScenarioBuilder s = fed("racks", "rack", 100.0, 91.0);
    model::Node& hall = s.node("hall", Block::Pool, "rack");
    hall.pool_capacity = model::Series::constant(700.0);
    model::Expansion e;
    e.above = 0.9;
    e.sustain = sim::Duration::from_days(28.0);
    e.step = 0.5;
    e.lead_time = sim::Duration::from_days(14.0);
    e.max_commitments = 1;
    e.margin_product = "rack";
    hall.expansion = e;
    s.lane("racks", "hall");
    return s;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Expansions: a full fab commits after the sustain time, one build at a time") {
        ScenarioBuilder s = full_fab();
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const std::vector<model::ShockRecord> commitments = commitments_of(r);
        REQUIRE(commitments.size() == 2);
        // The first: four weekly intervals at >= 0.9 from the first full one, so on day 28
        // (or 35 if the first week was still filling), 40 a day (half of 80), 56 days later.
        const double first = commitments[0].start_day - 56.0;
        CHECK((first == doctest::Approx(28.0) || first == doctest::Approx(35.0)));
        CHECK(commitments[0].magnitude == doctest::Approx(40.0));
        CHECK(commitments[0].target == "fab");
        CHECK(commitments[0].name == "fab expansion 1");
        CHECK(commitments[1].name == "fab expansion 2");
        CHECK(commitments[0].description.find("committed on day " +
                                              std::to_string(static_cast<int>(first))) == 0);
        // The second: sustained again 28 days after the first, but the first is in build until
        // first + 56, when it arrives; then half of 120 (80 + 40).
        CHECK(commitments[1].start_day == doctest::Approx(first + 56.0 + 56.0));
        CHECK(commitments[1].magnitude == doctest::Approx(60.0));
        CHECK(kpi(r, "expansion_commitments") == 2.0);
        CHECK(kpi(r, "expansion_capex") == 2000.0);
        CHECK(kpi(r, "expansion_units_per_day") == doctest::Approx(100.0));
        // The first addition is in the fab's output: about 120 a day once it has arrived.
        double before = 0.0;
        double after = 0.0;
        for (const model::NodeSample& x : r.samples) {
            if (x.node != 1) continue;
            if (std::abs(x.day - (first + 56.0)) < 1e-9) before = x.output;
            if (std::abs(x.day - (first + 56.0 + 28.0)) < 1e-9) after = x.output;
        }
        CHECK((after - before) / 28.0 == doctest::Approx(120.0).epsilon(0.05));
    }

    TEST_CASE("Expansions: with in_build 2 the second commitment does not wait for the first") {
        ScenarioBuilder s = full_fab();
        s.scenario().nodes[1].expansion->in_build = 2;
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const std::vector<model::ShockRecord> commitments = commitments_of(r);
        REQUIRE(commitments.size() == 2);
        const double first = commitments[0].start_day - 56.0;
        CHECK((first == doctest::Approx(28.0) || first == doctest::Approx(35.0)));
        // The count restarts at the first commitment and is sustained again 28 days later; one
        // build is under way, so the second is made then, sized on the 80 a day that have
        // arrived (the first's 40 are still in build): 40 a day, arriving 56 days after it.
        CHECK(commitments[1].start_day == doctest::Approx(first + 28.0 + 56.0));
        CHECK(commitments[1].magnitude == doctest::Approx(40.0));
        CHECK(kpi(r, "expansion_units_per_day") == doctest::Approx(80.0));
    }

    TEST_CASE("Expansions: a full pool commits a share of the units it holds") {
        ScenarioBuilder s = full_hall();
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        const std::vector<model::ShockRecord> commitments = commitments_of(r);
        REQUIRE(commitments.size() == 1);
        // Week 1 fills the hall (mean utilization about 0.5); weeks 2-5 are full, so the
        // commitment is made on day 35 (7 + 28): half of 700 racks, arriving on day 49.
        CHECK(commitments[0].start_day == doctest::Approx(49.0));
        CHECK(commitments[0].magnitude == doctest::Approx(350.0));
        CHECK(commitments[0].target == "hall");
        CHECK(commitments[0].description.find("committed on day 35 after utilization") == 0);
        CHECK(kpi(r, "expansion_units_per_day", "hall") == doctest::Approx(350.0));
        // The racks waiting at the source fill the addition within days: 1050 held at the end.
        CHECK(kpi(r, "occupied_end", "hall") == doctest::Approx(1050.0));
    }

    TEST_CASE("Expansions: below the threshold nothing is committed; no expansion, no KPIs") {
        ScenarioBuilder s = full_fab();
        s.scenario().nodes[1].capacity = model::Series::constant(2000.0);  // runs at half
        Replication m(s.scenario(), 1, 0);
        const RunResult r = m.run();
        CHECK(kpi(r, "expansion_commitments") == 0.0);
        ScenarioBuilder plain = full_fab();
        plain.scenario().nodes[1].expansion.reset();
        Replication p(plain.scenario(), 1, 0);
        const RunResult q = p.run();
        CHECK(std::isnan(kpi(q, "expansion_commitments")));
    }
}
