// The shock library (configs/shocks/*.yaml) against the baseline: each shock's main effect
// goes the way the public record it is shaped on suggests. Base and shock run the same
// replications with the same seed, so their random numbers are common and the difference is
// the shock's.

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <sstream>
#include <string>

#include "run_figures.hpp"

using memchain::testing::RunFigures;
namespace model = memchain::model;

namespace {

constexpr int replications = 3;

const std::vector<model::RunResult>& baseline_runs() {
    static const model::Scenario scenario =
        model::load_scenario(memchain::testing::source_path("configs/baseline.yaml"));
    static const std::vector<model::RunResult> runs =
        memchain::testing::run_replications(scenario, replications);
    return runs;
}

// A figure of one run, averaged over the replications of the baseline and of a shock.
struct Paired {
    double base = 0.0;
    double shock = 0.0;
    [[nodiscard]] double change() const { return shock - base; }
    [[nodiscard]] double relative() const { return base != 0.0 ? shock / base - 1.0 : 0.0; }
};

// Several figures of the same shock, with one run of it.
std::vector<Paired> measure_all(
    const std::string& shock_file,
    const std::vector<std::function<double(const RunFigures&)>>& figures) {
    const model::Scenario scenario =
        model::load_scenario(memchain::testing::source_path("configs/shocks/" + shock_file));
    const auto shocked = memchain::testing::run_replications(scenario, replications);
    const auto& base = baseline_runs();
    std::vector<Paired> out(figures.size());
    for (std::size_t i = 0; i < figures.size(); ++i)
        for (int r = 0; r < replications; ++r) {
            out[i].base += figures[i](RunFigures(base[static_cast<std::size_t>(r)])) / replications;
            out[i].shock +=
                figures[i](RunFigures(shocked[static_cast<std::size_t>(r)])) / replications;
        }
    return out;
}

std::string describe(const std::string& what, const Paired& p) {
    std::ostringstream out;
    out << what << ": baseline " << p.base << ", shock " << p.shock << " (" << p.relative() * 100.0
        << "%)";
    return out.str();
}

// Accelerators packaged by every line over (from, to], in units.
double accelerators_packaged(const RunFigures& f, double from, double to) {
    double total = 0.0;
    for (const auto& n : f.nodes([](const auto& n) { return n.stage == "Advanced packaging"; }))
        total += f.flow(n, from, to);
    return total;
}

// Quoted lead time of a product (open orders over recent deliveries, in days), averaged over the
// weekly samples in (from, to].
double quoted_lead_time(const RunFigures& f, const std::string& product, double from, double to) {
    double sum = 0.0;
    int n = 0;
    for (const auto& s : f.run().product_samples)
        if (s.product == product && s.day > from && s.day <= to && s.quoted_lead_time_days) {
            sum += *s.quoted_lead_time_days;
            ++n;
        }
    return n > 0 ? sum / n : 0.0;
}

}  // namespace

TEST_SUITE("calibration") {
    TEST_CASE(
        "Shocks: a fire in SK hynix's TSV line costs HBM and accelerators and lengthens lead "
        "times") {
        const auto p = measure_all(
            "fab_fire.yaml",
            {
                [](const RunFigures& f) {  // SK hynix HBM shipped from the fire to mid-2027
                    return f.flow("skhynix_hbm3e_supply", 244.0, 546.0) +
                           f.flow("skhynix_hbm4_supply", 244.0, 546.0);
                },
                [](const RunFigures& f) { return accelerators_packaged(f, 244.0, 546.0); },
                [](const RunFigures& f) {
                    return quoted_lead_time(f, "accelerator", 300.0, 546.0);
                },
            });
        MESSAGE(describe("SK hynix HBM stacks shipped, Sep 2026 - Jun 2027", p[0]));
        MESSAGE(describe("accelerators packaged, Sep 2026 - Jun 2027", p[1]));
        MESSAGE(describe("accelerator quoted lead time (days), Nov 2026 - Jun 2027", p[2]));
        CHECK(p[0].relative() < -0.03);
        CHECK(p[1].relative() < -0.01);
        CHECK(p[2].change() > 0.0);
    }

    TEST_CASE(
        "Shocks: an earthquake in Taiwan lengthens accelerator lead times more than memory's") {
        const auto p = measure_all(
            "taiwan_earthquake.yaml",
            {
                [](const RunFigures& f) { return accelerators_packaged(f, 273.0, 365.0); },
                [](const RunFigures& f) {
                    return quoted_lead_time(f, "accelerator", 273.0, 455.0);
                },
                [](const RunFigures& f) { return quoted_lead_time(f, "hbm3e_12hi", 273.0, 455.0); },
                [](const RunFigures& f) { return accelerators_packaged(f, 0.0, 1092.0); },
            });
        MESSAGE(describe("accelerators packaged, Q4 2026", p[0]));
        MESSAGE(describe("accelerator quoted lead time (days), Oct 2026 - Mar 2027", p[1]));
        MESSAGE(describe("HBM3E quoted lead time (days), Oct 2026 - Mar 2027", p[2]));
        MESSAGE(describe("accelerators packaged, 2026-2028", p[3]));
        CHECK(p[0].relative() < -0.03);
        CHECK(p[1].change() > 0.0);
        CHECK(p[1].relative() > p[2].relative());
        // A shock that only takes capacity away does not raise three-year output (with fixed
        // shares and orders that never left, it did: the quake freed stock that fixed rules had
        // trapped). Ten replications: -229,000 [-291,000, -168,000] (README, The shocks).
        CHECK(p[3].change() <= 0.0);
    }

    TEST_CASE("Shocks: an HBM4 yield excursion costs Rubin accelerators, not HBM3E ones") {
        const auto p = measure_all(
            "hbm4_yield_excursion.yaml",
            {
                [](const RunFigures& f) { return f.flow("tsmc_cowos_rubin", 182.0, 455.0); },
                [](const RunFigures& f) {
                    return f.flow("tsmc_cowos_b300", 182.0, 455.0) +
                           f.flow("osat_cowos_b300", 182.0, 455.0);
                },
            });
        MESSAGE(describe("Rubin accelerators, Jul 2026 - Mar 2027", p[0]));
        MESSAGE(describe("B300 accelerators, Jul 2026 - Mar 2027", p[1]));
        CHECK(p[0].relative() < -0.05);
        CHECK(p[1].relative() > -0.01);
    }

    TEST_CASE(
        "Shocks: a hyperscaler capex surge is mostly cancelled, not turned into accelerators") {
        // The baseline's buyers cancel what would wait more than a year in all, so the surge's
        // extra orders that supply cannot meet end as cancellations, not as a queue.
        const std::vector<std::string> hyperscalers = {"microsoft", "alphabet", "amazon", "meta",
                                                       "oracle"};
        const auto p = measure_all(
            "capex_surge.yaml", {
                                    [&](const RunFigures& f) {
                                        double ordered = 0.0;
                                        for (const auto& b : hyperscalers)
                                            ordered += f.kpi("units_ordered", "accelerator", b);
                                        return ordered;
                                    },
                                    [&](const RunFigures& f) {
                                        double received = 0.0;
                                        for (const auto& b : hyperscalers)
                                            received += f.flow(b, 365.0, 1092.0);
                                        return received;
                                    },
                                    [&](const RunFigures& f) {
                                        double cancelled = 0.0;
                                        for (const auto& b : hyperscalers)
                                            cancelled += f.kpi("units_cancelled", "accelerator", b);
                                        return cancelled;
                                    },
                                });
        MESSAGE(describe("accelerators ordered by the five hyperscalers, 2026-2028", p[0]));
        MESSAGE(describe("accelerators they received, 2027-2028", p[1]));
        MESSAGE(describe("accelerators they cancelled, 2026-2028", p[2]));
        CHECK(p[0].relative() > 0.1);
        CHECK(p[1].relative() < p[0].relative() / 4.0);
        CHECK(p[2].change() > (p[0].change() - p[1].change()) / 2.0);
    }

    TEST_CASE("Shocks: an edge-AI wave makes conventional DRAM short for phones and PCs") {
        const auto p = measure_all(
            "edge_ai_wave.yaml",
            {
                [](const RunFigures& f) { return f.flow("phone_oems", 365.0, 1092.0); },
                [](const RunFigures& f) { return f.kpi("fill_rate", "dram_gb", "phone_oems"); },
                [](const RunFigures& f) { return f.flow("other_dram_buyers", 365.0, 1092.0); },
            });
        // The baseline's DRAM is already short and its buyers cancel what would wait past half a
        // year, so the wave shows in who gets the bits, not in a backlog: phone makers receive
        // more, a smaller share of what they order, and the rest of the market less.
        MESSAGE(describe("phone makers' DRAM received, 2027-2028", p[0]));
        MESSAGE(describe("phone makers' DRAM fill rate, 2026-2028", p[1]));
        MESSAGE(describe("DRAM received by the other buyers, 2027-2028", p[2]));
        CHECK(p[0].relative() > 0.2);
        CHECK(p[1].relative() < -0.05);
        CHECK(p[2].relative() < 0.0);
    }

    TEST_CASE("Shocks: export controls on APAC re-route a part, as far as US time-to-power goes") {
        // The other regions' planned power is taken in 2027-2028. The accelerators barred from
        // APAC fill US power sooner, so its time-to-power commitments come earlier and more of
        // them arrive (configs/baseline.yaml, power_us): the US installs about a tenth of what
        // APAC loses (ten replications: +0.50M in 2027-2028 against 5.6M fewer in APAC, README,
        // The shocks); Europe and the rest of the Americas, which do not bridge, take nothing.
        // The buyers hold the rest, and what would wait more than a year is cancelled (2.7M
        // more); the rest is never made (the vendors' stock fills and the lines slow).
        const auto p = measure_all(
            "export_controls.yaml",
            {
                [](const RunFigures& f) {
                    return f.output("power_apac", 1092.0) - f.output("power_apac", 365.0);
                },
                [](const RunFigures& f) {
                    double other = 0.0;
                    for (const char* pool : {"power_us", "power_europe", "power_americas"})
                        other += f.output(pool, 1092.0) - f.output(pool, 365.0);
                    return other;
                },
                [](const RunFigures& f) { return f.kpi("units_cancelled", "accelerator"); },
            });
        MESSAGE(describe("accelerators deployed in APAC, 2027-2028", p[0]));
        MESSAGE(describe("accelerators deployed elsewhere, 2027-2028", p[1]));
        MESSAGE(describe("accelerators cancelled, 2026-2028", p[2]));
        CHECK(p[0].relative() < -0.5);
        CHECK(p[1].change() > -p[0].change() / 20.0);
        CHECK(p[1].change() < -p[0].change() / 4.0);
        CHECK(p[2].change() > -p[0].change() / 3.0);
    }

    TEST_CASE("Shocks: export controls re-route to the other regions where power has room") {
        // The same closure in a world with half as much power again outside APAC: the lanes
        // still open take what the closed ones carried (configs/README.md, lane_closure), so the
        // other regions install about what APAC loses, and nothing more is cancelled.
        const std::vector<std::string> room = {"node=power_us=1.5", "node=power_europe=1.5",
                                               "node=power_americas=1.5"};
        const auto load = [&](const std::string& file) {
            return model::load_scenario(memchain::testing::source_path("configs/" + file), {},
                                        room);
        };
        const auto base = memchain::testing::run_replications(load("baseline.yaml"), 1);
        const auto shock =
            memchain::testing::run_replications(load("shocks/export_controls.yaml"), 1);
        const auto installed = [](const RunFigures& f, const std::vector<const char*>& pools) {
            double units = 0.0;
            for (const char* pool : pools) units += f.output(pool, 1092.0) - f.output(pool, 365.0);
            return units;
        };
        const RunFigures b(base[0]);
        const RunFigures s(shock[0]);
        const double apac_lost = installed(b, {"power_apac"}) - installed(s, {"power_apac"});
        const std::vector<const char*> others = {"power_us", "power_europe", "power_americas"};
        const double elsewhere = installed(s, others) - installed(b, others);
        MESSAGE("APAC installs 2027-2028 lost: " << apac_lost
                                                 << ", installed elsewhere instead: " << elsewhere);
        CHECK(apac_lost > 4e6);
        CHECK(elsewhere > 0.8 * apac_lost);
        CHECK(s.kpi("units_cancelled", "accelerator") <=
              b.kpi("units_cancelled", "accelerator") + 1e-9);
    }

    TEST_CASE(
        "Shocks: a packaging partnership adds a line but hardly any accelerators while HBM binds") {
        // The new line fills, but it takes its HBM from the other lines: packaging is not what
        // binds from mid-2026, so the total moves by a few percent at most (spreading short HBM
        // over one more line can even cost a little) and packaging runs emptier.
        const auto p = measure_all(
            "packaging_partnership.yaml",
            {
                [](const RunFigures& f) { return accelerators_packaged(f, 182.0, 728.0); },
                [](const RunFigures& f) { return f.flow("osat_cowos_b300", 182.0, 728.0); },
                [](const RunFigures& f) {
                    return f.utilization(
                        f.nodes([](const auto& n) { return n.stage == "Advanced packaging"; }),
                        364.0, 728.0);
                },
            });
        MESSAGE(describe("accelerators packaged, Jul 2026 - Dec 2027", p[0]));
        MESSAGE(describe("accelerators from the OSAT B300 line, Jul 2026 - Dec 2027", p[1]));
        MESSAGE(describe("packaging utilization, 2027", p[2]));
        CHECK(p[1].relative() > 0.1);
        CHECK(std::abs(p[0].relative()) < 0.05);
        CHECK(p[2].change() < 0.0);
    }

    TEST_CASE("Shocks: a DRAM joint venture adds memory, then accelerators") {
        const auto p = measure_all(
            "dram_joint_venture.yaml",
            {
                [](const RunFigures& f) {
                    double hbm = 0.0;
                    for (const auto& n : f.nodes([](const auto& n) {
                             return n.preset == "supplier" && n.product.rfind("hbm", 0) == 0;
                         }))
                        hbm += f.flow(n, 546.0, 1092.0);
                    return hbm;
                },
                [](const RunFigures& f) {
                    double gb = 0.0;
                    for (const auto& n : f.nodes([](const auto& n) {
                             return n.preset == "supplier" && n.product == "dram_gb";
                         }))
                        gb += f.flow(n, 546.0, 1092.0);
                    return gb;
                },
                [](const RunFigures& f) { return accelerators_packaged(f, 546.0, 1092.0); },
            });
        MESSAGE(describe("HBM stacks shipped, Jul 2027 - Dec 2028", p[0]));
        MESSAGE(describe("conventional DRAM shipped (GB), Jul 2027 - Dec 2028", p[1]));
        MESSAGE(describe("accelerators packaged, Jul 2027 - Dec 2028", p[2]));
        CHECK(p[0].relative() > 0.02);
        CHECK(p[1].relative() > 0.02);
        CHECK(p[2].relative() > 0.0);
    }

    TEST_CASE("Shocks: a US power shortfall re-times orders and lengthens accelerator lead times") {
        // Buyers whose US cluster builds cannot take more hold their deliveries at the vendors
        // (orders pushed out, reason "downstream full") rather than fill up and queue.
        const auto p =
            measure_all("power_shortfall.yaml",
                        {
                            [](const RunFigures& f) { return f.output("power_us", 546.0); },
                            [](const RunFigures& f) {
                                return quoted_lead_time(f, "accelerator", 365.0, 730.0);
                            },
                            [](const RunFigures& f) {
                                double held = 0.0;
                                for (const auto& c : f.run().order_changes)
                                    if (c.change == "pushed out" && c.reason == "downstream full" &&
                                        c.day >= 182.0 && c.day < 546.0)
                                        held += c.units;
                                return held;
                            },
                        });
        MESSAGE(describe("accelerators deployed in the US by mid-2027", p[0]));
        MESSAGE(describe("accelerator quoted lead time (days), 2027", p[1]));
        MESSAGE(
            describe("units of orders held for full cluster builds, Jul 2026 - Jun 2027", p[2]));
        CHECK(p[0].relative() < -0.1);
        CHECK(p[1].change() > 0.0);
        // The baseline's clusters have room in Jul 2026 - Jun 2027, so it holds few or no orders
        // then (none in ten replications); with the shortfall the buyers hold more units than the
        // installs it defers (about 10M against about 2M, README, The shocks).
        CHECK(p[2].change() > -p[0].change());
    }
}  // TEST_SUITE
