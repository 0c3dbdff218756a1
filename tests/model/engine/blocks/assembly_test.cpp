#include "model/engine/blocks/assembly.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "model/engine/replication.hpp"
#include "model/scenario_builder.hpp"

using memchain::model::Block;
using memchain::model::Replication;
using memchain::model::RunResult;
using memchain::testing::ScenarioBuilder;
namespace model = memchain::model;

namespace {

double kpi(const RunResult& r, const std::string& name, const std::string& node) {
    for (const auto& k : r.kpis)
        if (k.name == name && k.node == node) return k.value;
    FAIL("no KPI " << name << " node=" << node);
    return 0.0;
}

// An assembly builds kits of 10 accelerators, 8 HBM4 stacks each (80 a kit), from 130 HBM4 and
// 100 HBM3E stacks on hand, nothing more arriving; HBM3E may stand in for HBM4 at `ratio` from
// `from_day`, up to half of a kit's HBM4. Kit 1 takes 80 HBM4 (50 left); kit 2 is 30 short,
// within the 40 allowed: it takes the 50 and 30 x ratio HBM3E, 30 substituted; kit 3 would be 80
// short, over 40: it waits.
struct SubstitutionRun {
    double output = 0.0;
    double substituted = 0.0;
};
SubstitutionRun run_substitution(double ratio, double from_day, double horizon) {
    ScenarioBuilder s(horizon);
    s.product("hbm4").product("hbm3e").product("accelerator", {{"hbm4", 8.0}});
    model::Node& pack = s.node("pack", Block::Assembly, "accelerator");
    pack.capacity = model::Series::constant(100.0);
    pack.lot_size = 10.0;
    for (auto [product, initial] : {std::pair{"hbm4", 130.0}, {"hbm3e", 100.0}}) {
        model::InputSpec in;
        in.product = product;
        in.initial = initial;
        pack.inputs.push_back(in);
    }
    model::Substitute sub;
    sub.line = "hbm4";
    sub.product = "hbm3e";
    sub.ratio = ratio;
    sub.from = memchain::sim::Time::from_days(from_day);
    sub.up_to = 0.5;
    pack.substitutes.push_back(sub);
    s.node("sink", Block::Sink, "accelerator");
    s.lane("pack", "sink");
    Replication m(s.scenario(), 1, 0);
    const RunResult r = m.run();
    return {kpi(r, "output_units", "pack"), kpi(r, "substituted_units", "pack")};
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Assembly: a short line takes its substitute up to the cap, counted as substituted") {
        const SubstitutionRun r = run_substitution(1.0, 0.0, 20.0);
        CHECK(r.output == 20.0);  // kits 1 and 2; kit 3 is short beyond the cap
        CHECK(r.substituted == 30.0);
        // Substitute units per line unit do not change what counts: line units replaced.
        CHECK(run_substitution(2.0, 0.0, 20.0).substituted == 30.0);
    }

    TEST_CASE("Assembly: a substitute is not taken before its from-date, and is from then on") {
        const SubstitutionRun before = run_substitution(1.0, 30.0, 20.0);
        CHECK(before.output == 10.0);
        CHECK(before.substituted == 0.0);
        const SubstitutionRun after = run_substitution(1.0, 10.0, 20.0);
        CHECK(after.output == 20.0);  // kit 2 starts on day 10
        CHECK(after.substituted == 30.0);
    }
}
