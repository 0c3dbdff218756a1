#include "validation/replications.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "model/scenario/loader.hpp"

namespace memchain::validation {

std::string validation_scenario(const std::string& file) {
    return std::string(MEMCHAIN_SOURCE_DIR) + "/configs/validation/" + file;
}

std::string KpiRef::describe() const {
    std::ostringstream out;
    out << name;
    if (!node.empty()) out << " node=" << node;
    if (!product.empty()) out << " product=" << product;
    if (!buyer.empty()) out << " buyer=" << buyer;
    return out.str();
}

Replications::Replications(const std::string& file, int replications,
                           const std::vector<std::string>& overrides)
    : scenario_(model::load_scenario(validation_scenario(file), overrides)) {
    // What `memchain run FILE -n N --no-record` does.
    model::ExperimentSpec spec;
    spec.kind = "run";
    spec.label = scenario_.name;
    spec.seed = scenario_.seed;
    spec.replications = replications;
    spec.threads = model::hardware_threads();
    spec.record = false;
    spec.variants.push_back({"base", &scenario_, "", ""});
    const model::ExperimentOutcome outcome = model::run_experiment(spec, nullptr, nullptr, {});
    for (const model::RunOutcome& run : outcome.runs) {
        REQUIRE_MESSAGE(run.status == model::RunStatus::Completed,
                        file << " replication " << run.replication << ": " << run.error);
        auto& values = runs_.emplace_back();
        for (const model::Kpi& k : run.kpis) values[{k.name, k.product, k.buyer, k.node}] = k.value;
        auto& shifts = shifts_.emplace_back();
        for (const model::BottleneckShift& shift : run.shifts)
            shifts.emplace_back(shift.day, run.nodes.at(static_cast<std::size_t>(shift.to)).name);
    }
    events_ = outcome.events;
}

bool Replications::has(const KpiRef& kpi) const {
    return !runs_.empty() && runs_.front().count({kpi.name, kpi.product, kpi.buyer, kpi.node}) > 0;
}

double Replications::value(std::size_t r, const KpiRef& kpi) const {
    const auto& values = runs_.at(r);
    const auto it = values.find({kpi.name, kpi.product, kpi.buyer, kpi.node});
    if (it == values.end()) {
        FAIL_CHECK(scenario_.name << " replication " << r << " reported no " << kpi.describe());
        return std::nan("");
    }
    return it->second;
}

sim::RunningStats Replications::stats(const KpiRef& kpi) const {
    sim::RunningStats s;
    for (std::size_t r = 0; r < runs_.size(); ++r) s.add(value(r, kpi));
    return s;
}

sim::ConfidenceInterval Replications::interval(const KpiRef& kpi, double level) const {
    return sim::confidence_interval(stats(kpi), level);
}

std::vector<std::string> Replications::stations() const {
    std::vector<std::string> names;
    for (const model::Node& n : scenario_.nodes)
        if (n.block == model::Block::Station || n.block == model::Block::Assembly)
            names.push_back(n.name);
    return names;
}

std::vector<std::pair<double, std::string>> Replications::shifts(std::size_t r) const {
    return shifts_.at(r);
}

void check_interval(const Replications& reps, const std::string& what,
                    const sim::RunningStats& values, double analytic,
                    double max_relative_half_width) {
    const sim::ConfidenceInterval wide = sim::confidence_interval(values, assertion_level);
    const sim::ConfidenceInterval reported = sim::confidence_interval(values, report_level);
    INFO(reps.scenario().name << ": " << what << " over " << values.count()
                              << " replications: mean " << reported.mean << " ± "
                              << reported.half_width << " (95%), ± " << wide.half_width
                              << " (99.9%); theory " << analytic);
    CHECK(wide.contains(analytic));
    CHECK(reported.half_width <= max_relative_half_width * std::abs(analytic));
}

void check_against_theory(const Replications& reps, const KpiRef& kpi, double analytic,
                          double max_relative_half_width) {
    check_interval(reps, kpi.describe(), reps.stats(kpi), analytic, max_relative_half_width);
}

void check_littles_law(const Replications& reps, double relative_tolerance) {
    struct Triple {
        KpiRef l, lambda, w;
    };
    std::vector<Triple> checks;
    for (const std::string& node : reps.stations())
        checks.push_back({{"lots_in_station_mean", node},
                          {"throughput_lots_per_day", node},
                          {"sojourn_mean_days", node}});
    checks.push_back(
        {{"system_lots_mean"}, {"system_throughput_lots_per_day"}, {"system_sojourn_mean_days"}});
    for (const Triple& c : checks) {
        sim::RunningStats difference;
        double worst = 0.0;
        for (std::size_t r = 0; r < reps.size(); ++r) {
            const double l = reps.value(r, c.l);
            const double d = l - reps.value(r, c.lambda) * reps.value(r, c.w);
            difference.add(d);
            worst = std::max(worst, std::abs(d) / l);
        }
        const sim::ConfidenceInterval ci = sim::confidence_interval(difference, assertion_level);
        INFO(reps.scenario().name << ": Little's law for " << c.l.describe()
                                  << ": L - lambda W = " << ci.mean << " ± " << ci.half_width
                                  << " (99.9%), largest relative gap in one replication " << worst);
        // One replication (a deterministic model) has no interval: only its own gap counts.
        if (reps.size() > 1) CHECK(ci.contains(0.0));
        CHECK(worst <= relative_tolerance);
    }
}

}  // namespace memchain::validation
