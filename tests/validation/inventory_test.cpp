// Inventory policies against inventory theory: the base-stock policy with Poisson demand and
// a fixed lead time (Zipkin), and the bullwhip effect of order-up-to with a moving-average
// forecast (Chen, Drezner, Ryan & Simchi-Levi 2000). Each test runs a scenario file of
// configs/validation/ as a user's scenario is run; the analytic values are computed here from
// the model's parameters.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "validation/queueing_theory.hpp"
#include "validation/replications.hpp"

namespace sim = memchain::sim;
namespace v = memchain::validation;
using v::KpiRef;

namespace {

KpiRef buyer_kpi(const std::string& name) {
    return {name, "", "part", "retailer"};
}

}  // namespace

TEST_SUITE("validation") {
    TEST_CASE(
        "Validation: base stock with Poisson demand matches fill rate, backorders and stock") {
        const double lambda = 2.0;     // units per day
        const double lead_days = 5.0;  // the lane's transit time
        const int level = 12;
        const v::BaseStock b = v::base_stock_poisson(lambda, lead_days, level);
        const v::Replications reps("base_stock.yaml", 30);
        v::check_against_theory(reps, buyer_kpi("fill_rate"), b.fill_rate, 0.005);
        v::check_against_theory(reps, buyer_kpi("on_hand_mean"), b.on_hand, 0.01);
        v::check_against_theory(reps, buyer_kpi("backorders_mean"), b.backorders, 0.015);
        // Every order is one unit, delivered after exactly the transit time.
        for (std::size_t r = 0; r < reps.size(); ++r) {
            CHECK(reps.value(r, buyer_kpi("lead_time_mean_days")) == doctest::Approx(lead_days));
            CHECK(reps.value(r, buyer_kpi("lead_time_p99_days")) == doctest::Approx(lead_days));
        }
        // The pipeline holds lambda L units on order on average (Little's law), so net stock, on
        // hand minus backorders, averages S - lambda L.
        sim::RunningStats net;
        for (std::size_t r = 0; r < reps.size(); ++r)
            net.add(reps.value(r, buyer_kpi("on_hand_mean")) -
                    reps.value(r, buyer_kpi("backorders_mean")));
        v::check_interval(reps, "net stock", net, level - lambda * lead_days, 0.015);
        v::check_against_theory(
            reps, buyer_kpi("demand_units"),
            lambda * (reps.scenario().horizon - reps.scenario().warmup).to_days(), 0.005);
    }

    TEST_CASE("Validation: the bullwhip ratio of order-up-to matches Chen et al.") {
        struct Case {
            int forecast_periods;
            double lead_time_weeks;
            double mean, sd;  // demand per week
        };
        const std::vector<Case> cases = {
            {4, 2.0, 100.0, 20.0},  // the file as written
            {1, 1.0, 100.0, 20.0},  // forecast = last week's demand: ratio 5
            {8, 3.0, 10.0, 2.0},    // small demand: whole-unit orders, fractions carried
        };
        for (const Case& c : cases) {
            CAPTURE(c.forecast_periods);
            CAPTURE(c.lead_time_weeks);
            CAPTURE(c.mean);
            const std::vector<std::string> overrides = {
                "nodes.retailer.ordering.forecast_periods=" + std::to_string(c.forecast_periods),
                "nodes.retailer.ordering.lead_time=" + std::to_string(c.lead_time_weeks) + "w",
                "nodes.retailer.demand.normal.mean=" + std::to_string(c.mean),
                "nodes.retailer.demand.normal.sd=" + std::to_string(c.sd),
                "lanes[supplier->retailer].transit=" + std::to_string(c.lead_time_weeks) + "w"};
            const v::Replications reps("bullwhip.yaml", 30, overrides);
            const double ratio = v::bullwhip_ratio(c.lead_time_weeks, c.forecast_periods);
            v::check_against_theory(reps, buyer_kpi("bullwhip_ratio"), ratio, 0.005);
            v::check_against_theory(reps, buyer_kpi("demand_variance"), c.sd * c.sd, 0.01);
            v::check_against_theory(reps, buyer_kpi("order_variance"), ratio * c.sd * c.sd, 0.01);
        }
    }
}  // TEST_SUITE
