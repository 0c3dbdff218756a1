#pragma once
// The one-fab market the tests of the makers' decisions (cuts, surges) build on.

#include <cmath>
#include <string>

#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "model/scenario_builder.hpp"

namespace memchain::testing {

// A fab of 100 chips a day, fed far more wafers than it can take (1000 a day in lots of 10, 100
// held at its input), sells through "supply" (FCFS) to a buyer of 100 a day, weekly, two days
// away; 280 days, weekly samples. The market: reference 10, cash cost 4, s = 1, spot adjusting
// over 1 day, flow coverage, contracts reset every 28 days to spot. Nodes in order: wafers, fab
// (index 1), supply, oem.
inline ScenarioBuilder priced_fab() {
    ScenarioBuilder s(280.0);
    s.scenario().recording.sample_interval = sim::Duration::from_days(7.0);
    s.scenario().recording.throughput_window = sim::Duration::from_days(28.0);
    s.product("chip");
    model::Market m;
    m.reference_price = 10.0;
    m.cash_cost = 4.0;
    m.sensitivity = 1.0;
    m.adjustment = sim::Duration::from_days(1.0);
    m.contract_period = sim::Duration::from_days(28.0);
    s.scenario().products.back().market = m;
    model::Node& src = s.node("wafers", model::Block::Source, "chip");
    src.arrivals.kind = model::Arrivals::Kind::Rate;
    src.arrivals.rate = model::Series::constant(1000.0);
    src.arrivals.lot_size = sim::Distribution::deterministic(10.0);
    model::Node& fab = s.rate_station("fab", "chip", 100.0, "chip");
    fab.inputs.front().capacity = 100.0;
    model::Node& supply = s.node("supply", model::Block::Allocator, "chip");
    supply.policy = model::AllocationPolicy::Fcfs;
    model::Node& oem = s.node("oem", model::Block::Buyer, "chip");
    oem.demand.kind = model::DemandKind::Rate;
    oem.demand.rate = model::Series::constant(100.0);
    oem.demand.period = sim::Duration::from_days(7.0);
    oem.suppliers = {{"supply", 1.0}};
    s.lane("wafers", "fab");
    s.lane("fab", "supply");
    s.lane("supply", "oem", 2.0);
    return s;
}

// The fab's output (units made since day 0) on the sample of `day`; NaN when not sampled.
inline double fab_made(const model::RunResult& r, double day) {
    for (const model::NodeSample& x : r.samples)
        if (x.node == 1 && std::abs(x.day - day) < 1e-9) return x.output;
    return std::nan("");
}

// The fab's KPI `name` (NaN when it has none).
inline double fab_kpi(const model::RunResult& r, const std::string& name) {
    for (const model::Kpi& k : r.kpis)
        if (k.name == name && k.node == "fab") return k.value;
    return std::nan("");
}

// The fab's output a day over the week that ends on `day`.
inline double fab_weekly_output(const model::RunResult& r, double day) {
    return (fab_made(r, day) - fab_made(r, day - 7.0)) / 7.0;
}

}  // namespace memchain::testing
