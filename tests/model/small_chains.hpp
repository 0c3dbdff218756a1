#pragma once
// Small stochastic scenarios built in code for the experiment and comparison tests: an M/M/1
// station (known answers) and a supply chain with random demand, random outages and shocks.

#include "model/scenario/scenario.hpp"
#include "model/scenario_builder.hpp"

namespace memchain::testing {

// Poisson arrivals at `lambda` lots a day into one server with exponential service of mean
// `service_mean_days`, then a sink.
inline model::Scenario mm1(double lambda, double service_mean_days, double horizon_days,
                           double warmup_days) {
    ScenarioBuilder s(horizon_days);
    s.product("part");
    model::Node& src = s.node("arrivals", model::Block::Source, "part");
    src.arrivals.kind = model::Arrivals::Kind::Poisson;
    src.arrivals.rate = model::Series::constant(lambda);
    model::Node& st = s.node("server", model::Block::Station, "part");
    st.process_time = sim::Distribution::exponential(service_mean_days);
    s.node("sink", model::Block::Sink, "part");
    s.lane("arrivals", "server");
    s.lane("server", "sink");
    s.scenario().warmup = sim::Duration::from_days(warmup_days);
    s.scenario().recording.sample_interval = sim::Duration::from_days(horizon_days);
    s.scenario().name = "mm1";
    return s.scenario();
}

// Unlimited raw material -> a fab making `fab_per_day` chips -> a supplier holding up to 60
// -> a buyer with normal weekly demand (mean 56, sd 20) ordering make-to-order. The fab fails
// now and then (exponential time between failures, mean 60 days; repairs, mean 2 days).
inline model::Scenario demand_chain(double horizon_days, double fab_per_day = 10.0) {
    ScenarioBuilder s(horizon_days);
    s.product("raw").product("chip");
    model::Node& raw = s.node("raw", model::Block::Source, "raw");
    raw.arrivals.kind = model::Arrivals::Kind::Interval;
    raw.arrivals.interval = sim::Distribution::deterministic(0.01);
    raw.arrivals.when_blocked = model::WhenBlocked::Hold;
    model::Node& fab = s.rate_station("fab", "chip", fab_per_day, "raw");
    fab.inputs.front().capacity = 5.0;
    fab.outages.time_between_failures = sim::Distribution::exponential(60.0);
    fab.outages.time_to_repair = sim::Distribution::exponential(2.0);
    model::Node& supplier = s.node("supplier", model::Block::Allocator, "chip");
    supplier.stock_capacity = 60.0;
    model::Node& buyer = s.node("buyer", model::Block::Buyer, "chip");
    buyer.demand.kind = model::DemandKind::Normal;
    buyer.demand.mean = 56.0;
    buyer.demand.sd = 20.0;
    buyer.demand.period = sim::Duration::from_days(7.0);
    buyer.suppliers["supplier"] = 1.0;
    s.lane("raw", "fab");
    s.lane("fab", "supplier");
    s.lane("supplier", "buyer", 3.0);
    s.scenario().warmup = sim::Duration::from_days(28.0);
    s.scenario().name = "chain";
    return s.scenario();
}

// The chain with a fire at the fab: 30% of its capacity gone for `days` from day 120, back
// over two weeks.
inline model::Scenario demand_chain_with_fire(double horizon_days, double days = 30.0) {
    model::Scenario sc = demand_chain(horizon_days);
    model::Shock fire;
    fire.name = "fab-fire";
    fire.kind = model::ShockKind::CapacityLoss;
    fire.targets = {"fab"};
    fire.start = sim::Time::from_days(120.0);
    fire.duration = sim::Duration::from_days(days);
    fire.magnitude = 0.3;
    fire.recovery = sim::Duration::from_days(14.0);
    sc.shocks.push_back(fire);
    sc.name = "chain-fire";
    return sc;
}

// Adds a random quake at the fab: with probability `per_year` at least once a year, it takes
// half the fab's capacity for ten days.
inline void add_random_quake(model::Scenario& sc, double per_year) {
    model::Shock quake;
    quake.name = "quake";
    quake.kind = model::ShockKind::CapacityLoss;
    quake.targets = {"fab"};
    quake.duration = sim::Duration::from_days(10.0);
    quake.magnitude = 0.5;
    quake.random = model::RandomTrigger{per_year};
    sc.shocks.push_back(quake);
}

}  // namespace memchain::testing
