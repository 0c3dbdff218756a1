#pragma once
// Small scenarios built in code, for engine tests that must not depend on the YAML loader.

#include <string>

#include "model/scenario/scenario.hpp"

namespace memchain::testing {

class ScenarioBuilder {
public:
    explicit ScenarioBuilder(double horizon_days) {
        s_.name = "test";
        s_.start = model::Date::from_ymd(2026, 1, 1);
        s_.horizon = sim::Duration::from_days(horizon_days);
        s_.recording.sample_interval = sim::Duration::from_days(1.0);
        s_.recording.detail = model::Detail::Orders;
    }

    ScenarioBuilder& product(const std::string& name, std::vector<model::BomLine> bom = {}) {
        model::Product p;
        p.name = name;
        p.bom = std::move(bom);
        s_.products.push_back(p);
        return *this;
    }

    model::Node& node(const std::string& name, model::Block block, const std::string& product) {
        model::Node n;
        n.name = name;
        n.block = block;
        n.product = product;
        s_.nodes.push_back(n);
        return s_.nodes.back();
    }

    // A station processing lots at `units_per_day`, one lot at a time.
    model::Node& rate_station(const std::string& name, const std::string& product,
                              double units_per_day, const std::string& input = "") {
        model::Node& n = node(name, model::Block::Station, product);
        n.capacity = model::Series::constant(units_per_day);
        if (!input.empty()) {
            model::InputSpec in;
            in.product = input;
            n.inputs.push_back(in);
        }
        return n;
    }

    model::Lane& lane(const std::string& from, const std::string& to, double transit_days = 0.0) {
        model::Lane l;
        l.from = from;
        l.to = to;
        for (const auto& n : s_.nodes)
            if (n.name == from) l.product = n.product;
        l.transit = sim::Distribution::deterministic(transit_days);
        s_.lanes.push_back(l);
        return s_.lanes.back();
    }

    model::Shock& shock(const std::string& name, model::ShockKind kind,
                        std::vector<std::string> targets, double start_day) {
        model::Shock sh;
        sh.name = name;
        sh.kind = kind;
        sh.targets = std::move(targets);
        sh.start = sim::Time::from_days(start_day);
        s_.shocks.push_back(sh);
        return s_.shocks.back();
    }

    model::Scenario& scenario() { return s_; }

private:
    model::Scenario s_;
};

}  // namespace memchain::testing
