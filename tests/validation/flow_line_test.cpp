// A deterministic flow line against the rule that a serial line runs at the rate of its
// slowest station, which is its bottleneck, before and after scheduled capacity changes
// (configs/validation/flow_line.yaml).
//
// Windows. KPIs cover [warmup, horizon]. Counts and time integrals are additive, so a KPI over
// [a, b] is its value over [a, end] times (end - a) minus its value over [b, end] times
// (end - b): the file is run with `--set warmup=a` and `--set warmup=b`, as an analyst would
// cut a run into windows. (Cutting the horizon instead is not allowed: a shock may not start
// after the horizon.) Each phase is measured from 10 days after its change to the next one.
//
// The model has no randomness, so one replication is exact and has no interval: the
// tolerance is what whole lots allow, one lot, or one lot's processing time at the slowest
// rate (1.25 days), over the window.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "validation/replications.hpp"

namespace v = memchain::validation;
using v::KpiRef;

namespace {

const std::vector<std::string> stations = {"cut", "stack", "test"};
constexpr double longest_lot_days = 1.0 / 0.8;

struct Phase {
    double from_day, to_day;
    std::map<std::string, double> rates;  // lots per day, per station
};

// The file's rates: cut 2, stack 1.25, test 1.6 lots/day; test at half capacity on days
// 100-200; stack 1 lot/day faster from day 300.
const std::vector<Phase> phases = {
    {10.0, 100.0, {{"cut", 2.0}, {"stack", 1.25}, {"test", 1.6}}},
    {110.0, 200.0, {{"cut", 2.0}, {"stack", 1.25}, {"test", 0.8}}},
    {210.0, 300.0, {{"cut", 2.0}, {"stack", 1.25}, {"test", 1.6}}},
    {310.0, 400.0, {{"cut", 2.0}, {"stack", 2.25}, {"test", 1.6}}},
};

std::string slowest(const Phase& p) {
    return std::min_element(p.rates.begin(), p.rates.end(),
                            [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
}

std::vector<std::string> with(std::vector<std::string> overrides, const std::string& more) {
    overrides.push_back(more);
    return overrides;
}

// The file run with `overrides` and its statistics starting at `day` (the horizon stays at
// 400 days).
class Window {
public:
    Window(double day, const std::vector<std::string>& overrides)
        : day_(day),
          reps_("flow_line.yaml", 1,
                with(overrides, "warmup=" + std::to_string(static_cast<int>(day)) + "d")) {}

    // The KPI's total over [day, end]: a rate or a share times the window's length.
    [[nodiscard]] double total(const KpiRef& kpi) const {
        return reps_.value(0, kpi) * (reps_.scenario().horizon.to_days() - day_);
    }
    [[nodiscard]] const v::Replications& reps() const { return reps_; }

private:
    double day_;
    v::Replications reps_;
};

// Throughput, utilizations and the bottleneck's share over one phase, against the rule.
void check_phase(const Phase& phase, const std::vector<std::string>& overrides) {
    const Window from_a(phase.from_day, overrides);
    std::unique_ptr<Window> from_b;
    if (phase.to_day < from_a.reps().scenario().horizon.to_days())
        from_b = std::make_unique<Window>(phase.to_day, overrides);
    const double a = phase.from_day, b = phase.to_day, window = b - a;
    const auto over = [&](const KpiRef& kpi) {
        const double later = from_b ? from_b->total(kpi) : 0.0;
        return (from_a.total(kpi) - later) / window;
    };
    const std::string bottleneck = slowest(phase);
    const double rate = phase.rates.at(bottleneck);
    CHECK(over({"system_throughput_lots_per_day"}) ==
          doctest::Approx(rate).epsilon(1.0 / (window * rate)));
    for (const std::string& node : stations) {
        CAPTURE(node);
        const double own = phase.rates.at(node);
        CHECK(over({"throughput_lots_per_day", node}) ==
              doctest::Approx(rate).epsilon(1.0 / (window * rate)));
        // Busy one lot's time (1 / own rate) for each lot that passes.
        CHECK(over({"utilization_mean", node}) ==
              doctest::Approx(rate / own).epsilon(2.0 * longest_lot_days / window));
        const double sole = over({"bottleneck_sole_share", node});
        if (node == bottleneck)
            CHECK(sole == doctest::Approx(1.0).epsilon(longest_lot_days / window));
        else
            CHECK(sole <= longest_lot_days / window);
    }
    v::check_littles_law(from_a.reps(), 0.01);
}

}  // namespace

TEST_SUITE("validation") {
    TEST_CASE(
        "Validation: a deterministic flow line runs at its slowest station's rate, its "
        "bottleneck") {
        // As written (every station works at a rate), and with cut and test as one server taking
        // a fixed time per lot, so that test's capacity loss acts on a server.
        const std::vector<std::vector<std::string>> variants = {
            {},
            {"nodes.cut={block: station, product: lot, servers: 1, process_time: 12h, "
             "inputs: {lot: {capacity: 2}}}",
             "nodes.test={block: station, product: lot, servers: 1, process_time: 15h, "
             "inputs: {lot: {capacity: 2}}}"}};
        for (const auto& overrides : variants) {
            for (const Phase& phase : phases) {
                CAPTURE(overrides.size());
                CAPTURE(phase.from_day);
                check_phase(phase, overrides);
            }
        }
    }

    TEST_CASE("Validation: the flow line's bottleneck moves at each capacity change") {
        const v::Replications reps("flow_line.yaml", 1);
        const double warmup = reps.scenario().warmup.to_days();
        std::vector<std::pair<double, std::string>> shifts = reps.shifts(0);
        // While the line fills, the bottleneck passes down it; once full, it is stack.
        const auto first = std::find_if(shifts.begin(), shifts.end(),
                                        [&](const auto& s) { return s.first > warmup; });
        REQUIRE(first != shifts.begin());
        CHECK(std::prev(first)->second == "stack");
        shifts.erase(shifts.begin(), first);
        // Then test from day 100, stack from 200, test from 300. A station's active period may
        // begin with the lot it is working on when its capacity changes (up to one lot earlier);
        // the old bottleneck's period ends once the buffer between the two has filled or drained:
        // at most two lots at the difference of their rates, plus a lot.
        struct Expected {
            double change_day;
            std::string node;
            double early_days, settle_days;
        };
        const std::vector<Expected> expected = {
            {100.0, "test", 1.0 / 1.6, 2.0 / (1.25 - 0.8) + 1.0 / 0.8},
            {200.0, "stack", 1.0 / 1.25, 2.0 / (1.6 - 1.25) + 1.0 / 1.25},
            {300.0, "test", 1.0 / 1.6, 2.0 / (2.25 - 2.0) + 1.0 / 1.6}};
        REQUIRE(shifts.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            CAPTURE(i);
            CHECK(shifts[i].second == expected[i].node);
            CHECK(shifts[i].first >= expected[i].change_day - expected[i].early_days);
            CHECK(shifts[i].first <= expected[i].change_day + expected[i].settle_days);
        }
    }
}  // TEST_SUITE
