// The sensitivity variants (configs/sensitivity/) change what their names say and nothing else:
// data/README.md's table reads each row as "this input 10% (or 20%) lower", so a variant that
// picked the wrong nodes would put a wrong figure there without any run failing.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/scenario/loader.hpp"
#include "model/scenario/scenario.hpp"

namespace {

using namespace memchain::model;

Scenario load(const std::string& name) {
    return load_scenario(std::string(MEMCHAIN_SOURCE_DIR) + "/configs/" + name);
}

std::vector<std::string> names_where(const Scenario& s, auto keep) {
    std::vector<std::string> out;
    for (const Node& n : s.nodes)
        if (keep(n)) out.push_back(n.name);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

const Node& node(const Scenario& s, const std::string& name) {
    const auto it =
        std::find_if(s.nodes.begin(), s.nodes.end(), [&](const Node& n) { return n.name == name; });
    REQUIRE(it != s.nodes.end());
    return *it;
}

// The one shock of a capacity-loss variant: its magnitude and its targets, sorted.
std::pair<double, std::vector<std::string>> the_loss(const Scenario& s) {
    REQUIRE(s.shocks.size() == 1);
    CHECK(s.shocks[0].kind == ShockKind::CapacityLoss);
    CHECK(s.shocks[0].start == memchain::sim::Time::zero());
    CHECK_FALSE(s.shocks[0].duration.has_value());
    return {s.shocks[0].magnitude, sorted(s.shocks[0].targets)};
}

}  // namespace

TEST_SUITE("calibration") {
    TEST_CASE("Sensitivity: each variant lowers the input its name says, and only that") {
        const Scenario base = load("baseline.yaml");
        const auto stage_is = [](const std::string& stage) {
            return [stage](const Node& n) { return n.stage == stage; };
        };

        SUBCASE("TSV: the four TSV wafer lines, not the stacking lines") {
            const auto [magnitude, targets] = the_loss(load("sensitivity/tsv_minus_10.yaml"));
            CHECK(magnitude == doctest::Approx(0.1));
            const std::vector<std::string> tsv = names_where(base, stage_is("HBM TSV"));
            CHECK(tsv ==
                  std::vector<std::string>{"cxmt_tsv", "micron_tsv", "samsung_tsv", "skhynix_tsv"});
            CHECK(targets == tsv);
        }
        SUBCASE("stacking: every HBM stacking line") {
            const auto [magnitude, targets] = the_loss(load("sensitivity/stacking_minus_10.yaml"));
            CHECK(magnitude == doctest::Approx(0.1));
            CHECK(targets.size() == 7);
            CHECK(targets == names_where(base, stage_is("HBM stacking")));
        }
        SUBCASE("CoWoS: every CoWoS-class line for the US vendors, OSAT included, not Huawei's") {
            const auto [magnitude, targets] = the_loss(load("sensitivity/cowos_minus_10.yaml"));
            CHECK(magnitude == doctest::Approx(0.1));
            std::vector<std::string> packaging = names_where(base, stage_is("Advanced packaging"));
            std::erase(packaging, "huawei_ascend_packaging");
            CHECK(targets == packaging);
            CHECK(std::count(targets.begin(), targets.end(), "osat_cowos_b300") == 1);
        }
        SUBCASE("US power: the US pool alone, 20%") {
            const auto [magnitude, targets] = the_loss(load("sensitivity/us_power_minus_20.yaml"));
            CHECK(magnitude == doctest::Approx(0.2));
            CHECK(targets == std::vector<std::string>{"power_us"});
        }
        SUBCASE("tolerance: every accelerator buyer's half a year, the other rules kept") {
            const Scenario v = load("sensitivity/tolerance_26w.yaml");
            int buyers = 0;
            for (const Node& n : base.nodes) {
                const Node& changed = node(v, n.name);
                CAPTURE(n.name);
                if (n.block == Block::Buyer && n.product == "accelerator") {
                    ++buyers;
                    REQUIRE(n.order_rules.lead_time_tolerance.has_value());
                    CHECK(*n.order_rules.lead_time_tolerance ==
                          memchain::sim::Duration::from_days(365.25));  // 1y
                    CHECK(changed.order_rules.lead_time_tolerance ==
                          memchain::sim::Duration::from_days(182.0));
                    CHECK(changed.order_rules.retime_when_downstream_full ==
                          n.order_rules.retime_when_downstream_full);
                    CHECK(changed.order_rules.review == n.order_rules.review);
                } else {
                    CHECK(changed.order_rules.lead_time_tolerance ==
                          n.order_rules.lead_time_tolerance);
                }
                CHECK(changed.stock_capacity == n.stock_capacity);
            }
            CHECK(buyers == 7);
        }
        SUBCASE("holding: the six buyers that install hold half as many, China's clouds alone") {
            const Scenario v = load("sensitivity/buyer_holding_half.yaml");
            int halved = 0;
            for (const Node& n : base.nodes) {
                const Node& changed = node(v, n.name);
                CAPTURE(n.name);
                if (n.block == Block::Buyer && n.product == "accelerator" && n.stock_capacity) {
                    ++halved;
                    CHECK(*changed.stock_capacity == doctest::Approx(*n.stock_capacity / 2.0));
                } else {
                    CHECK(changed.stock_capacity == n.stock_capacity);
                }
                CHECK(changed.order_rules.lead_time_tolerance == n.order_rules.lead_time_tolerance);
            }
            CHECK(halved == 6);
        }
        SUBCASE("DRAM wafers: every maker's wafer starts at 0.9 of plan, fabs and TSV untouched") {
            const Scenario v = load("sensitivity/dram_wafers_minus_10.yaml");
            CHECK(v.shocks.empty());
            const std::vector<std::string> starts = names_where(base, [](const Node& n) {
                return n.stage == "DRAM fab" && n.block == Block::Source;
            });
            CHECK(starts.size() == 4);
            for (const Node& n : base.nodes) {
                const Node& changed = node(v, n.name);
                const bool is_start = std::count(starts.begin(), starts.end(), n.name) == 1;
                for (const double day : {0.0, 200.0, 500.0, 1000.0}) {
                    CAPTURE(n.name);
                    CAPTURE(day);
                    const double expected =
                        is_start ? 0.9 * n.arrivals.rate.at(day) : n.arrivals.rate.at(day);
                    CHECK(changed.arrivals.rate.at(day) == doctest::Approx(expected));
                    if (n.capacity.has_value())
                        CHECK(changed.capacity->at(day) == doctest::Approx(n.capacity->at(day)));
                }
            }
        }
    }
}
