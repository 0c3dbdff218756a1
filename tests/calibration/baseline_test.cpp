// Calibration of configs/baseline.yaml: its simulated 2026 and 2027 figures against the public
// ranges in data/calibration_targets.csv. Three replications, read from the weekly samples
// (cumulative output per node) the way the database holds them. A range the baseline misses
// stays here as an expected miss (doctest's should_fail), named in data/README.md.

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <sstream>

#include "model/scenario/levers.hpp"
#include "run_figures.hpp"

using memchain::testing::mean;
using memchain::testing::Range;
using memchain::testing::RunFigures;
namespace model = memchain::model;

namespace {

constexpr int replications = 3;
// The samples are weekly from the start: day 364 is the last of 2026, so yearly figures are
// cumulative output at day 364 scaled by 365 / 364.
constexpr double year_end = 364.0;
constexpr double annualize = 365.0 / 364.0;

struct HbmProduct {
    const char* generation;
    int stack_height;
};
// The baseline's HBM products and the hbm_generations.csv rows they are.
const std::map<std::string, HbmProduct> hbm_products = {
    {"hbm3e_12hi", {"HBM3E", 12}}, {"hbm4_12hi", {"HBM4", 12}}, {"hbm3_8hi", {"HBM3", 8}}};

// Revenue per stack, 2026 (data/prices.csv). CXMT's HBM3 has no current price: it is valued at
// HBM3E's 2026 price per GB (assumption, data/README.md).
double stack_price(const std::string& product) {
    const double hbm3e = memchain::testing::read_price("hbm3e_12hi_36gb_stack", 2026);
    if (product == "hbm3e_12hi") return hbm3e;
    if (product == "hbm4_12hi") return memchain::testing::read_price("hbm4_12hi_36gb_stack", 2026);
    return hbm3e / memchain::testing::read_gb_per_stack("HBM3E", 12) *
           memchain::testing::read_gb_per_stack("HBM3", 8);
}

// The 2026 figures of one run, named as in calibration_targets.csv.
std::map<std::string, double> figures_2026(const RunFigures& f) {
    std::map<std::string, double> out;
    // HBM: what each maker's HBM stocks shipped, by revenue and in GB.
    std::map<std::string, double> revenue;
    double gb = 0.0;
    for (const auto& [product, spec] : hbm_products) {
        const double price = stack_price(product);
        const double gb_per_stack =
            memchain::testing::read_gb_per_stack(spec.generation, spec.stack_height);
        for (const auto& n : f.run().nodes) {
            if (n.preset != "supplier" || n.product != product) continue;
            const double stacks = f.output(n.name, year_end) * annualize;
            revenue[n.owner] += stacks * price;
            gb += stacks * gb_per_stack;
        }
    }
    double total_revenue = 0.0;
    for (const auto& [maker, r] : revenue) total_revenue += r;
    for (const auto& [maker, r] : revenue) out["hbm_revenue_share_" + maker] = r / total_revenue;
    out["hbm_tam"] = total_revenue;
    out["hbm_bits_shipped"] = gb;

    // Conventional DRAM shipped, for HBM's share of all DRAM bits.
    double dram_gb = 0.0;
    for (const auto& n : f.run().nodes)
        if (n.preset == "supplier" && n.product == "dram_gb")
            dram_gb += f.output(n.name, year_end) * annualize;
    out["hbm_share_of_dram_bits"] = gb / (gb + dram_gb);
    // The 2026 DRAM shortage: conventional DRAM shipped over what the buyers ordered in 2026.
    double dram_ordered = 0.0;
    for (const auto& o : f.run().orders)
        if (o.product == "dram_gb" && o.placed_day < year_end) dram_ordered += o.quantity;
    out["dram_demand_fulfilment"] = dram_gb / (dram_ordered * annualize);

    // Accelerators packaged in 2026: every packaging line, NVIDIA's and Google's.
    const auto packaging = f.nodes([](const auto& n) { return n.stage == "Advanced packaging"; });
    out["total_accelerator_units"] = f.sum_output(packaging, year_end) * annualize;
    out["nvidia_units"] = f.sum_output(f.feeding("nvidia_supply"), year_end) * annualize;
    out["google_tpu_units"] = f.sum_output(f.feeding("google_tpu_supply"), year_end) * annualize;
    // Rubin's share of NVIDIA's units: the Rubin line over every line feeding NVIDIA's stock.
    out["rubin_share_of_nvidia_units"] =
        f.output("tsmc_cowos_rubin", year_end) / f.sum_output(f.feeding("nvidia_supply"), year_end);

    // Utilization over the year, weighted by each line's capacity week by week.
    const auto tsmc_cowos =
        f.nodes([](const auto& n) { return n.preset == "cowos" && n.owner == "tsmc"; });
    out["tsmc_cowos_utilization"] = f.utilization(tsmc_cowos, 0.0, year_end);
    const auto tsv = f.nodes([](const auto& n) { return n.stage == "HBM TSV"; });
    out["hbm_tsv_utilization"] = f.utilization(tsv, 0.0, year_end);

    // HBM's share of DRAM wafers at the end of 2026: the TSV lines' wafers over the fabs'
    // wafers in the last quarter.
    const auto fabs =
        f.nodes([](const auto& n) { return n.stage == "DRAM fab" && n.preset == "fab"; });
    double tsv_wafers = 0.0, fab_wafers = 0.0;
    for (const auto& n : tsv) tsv_wafers += f.flow(n, year_end - 91.0, year_end);
    for (const auto& n : fabs) fab_wafers += f.flow(n, year_end - 91.0, year_end);
    out["hbm_share_of_dram_wafers_end_year"] = tsv_wafers / fab_wafers;

    // The 2026 DRAM shortage in prices: the conventional DRAM contract averaged over 2Q26 (days
    // 91-181) over the contract before the shortage. The run has no 4Q25, so the contract it
    // starts from (the 3 USD/GB reference, at balance) stands for it.
    double start_day = 1e300, start_contract = 0.0, q2_sum = 0.0;
    int q2_samples = 0;
    for (const auto& s : f.run().market_samples) {
        if (s.product != "dram_gb") continue;
        if (s.day < start_day) start_day = s.day, start_contract = s.contract;
        if (s.day >= 91.0 && s.day < 182.0) q2_sum += s.contract, ++q2_samples;
    }
    if (q2_samples > 0 && start_contract > 0.0)
        out["dram_contract_price_change_1h"] = q2_sum / q2_samples / start_contract - 1.0;
    return out;
}

// HBM and conventional DRAM shipped between two sample days, in GB.
struct Bits {
    double hbm = 0.0;
    double dram = 0.0;
};
Bits bits(const RunFigures& f, double from_day, double to_day) {
    Bits b;
    for (const auto& [product, spec] : hbm_products) {
        const double gb_per_stack =
            memchain::testing::read_gb_per_stack(spec.generation, spec.stack_height);
        for (const auto& n : f.run().nodes)
            if (n.preset == "supplier" && n.product == product)
                b.hbm += f.flow(n.name, from_day, to_day) * gb_per_stack;
    }
    for (const auto& n : f.run().nodes)
        if (n.preset == "supplier" && n.product == "dram_gb")
            b.dram += f.flow(n.name, from_day, to_day);
    return b;
}

// The 2027 figures of one run: the samples of days 364 and 728 bound the year.
std::map<std::string, double> figures_2027(const RunFigures& f) {
    constexpr double start = 364.0, end = 728.0;
    const Bits y2026 = bits(f, 0.0, start);
    const Bits y2027 = bits(f, start, end);
    std::map<std::string, double> out;
    out["hbm_share_of_dram_bits"] = y2027.hbm / (y2027.hbm + y2027.dram);
    out["hbm_bit_supply_growth"] = y2027.hbm / y2026.hbm - 1.0;
    const auto tsv = f.nodes([](const auto& n) { return n.stage == "HBM TSV"; });
    const auto fabs =
        f.nodes([](const auto& n) { return n.stage == "DRAM fab" && n.preset == "fab"; });
    double tsv_wafers = 0.0, fab_wafers = 0.0;
    for (const auto& n : tsv) tsv_wafers += f.flow(n, end - 91.0, end);
    for (const auto& n : fabs) fab_wafers += f.flow(n, end - 91.0, end);
    out["hbm_share_of_dram_wafers_end_year"] = tsv_wafers / fab_wafers;

    // Accelerators packaged in 2027, as for 2026: 364 days, scaled to 365.
    double total = 0.0, nvidia = 0.0, google = 0.0;
    for (const auto& n : f.nodes([](const auto& n) { return n.stage == "Advanced packaging"; }))
        total += f.flow(n, start, end);
    for (const auto& n : f.feeding("nvidia_supply")) nvidia += f.flow(n, start, end);
    for (const auto& n : f.feeding("google_tpu_supply")) google += f.flow(n, start, end);
    out["total_accelerator_units"] = total * annualize;
    out["nvidia_units"] = nvidia * annualize;
    out["google_tpu_units"] = google * annualize;
    return out;
}

const std::vector<model::RunResult>& baseline_runs() {
    static const model::Scenario scenario =
        model::load_scenario(memchain::testing::source_path("configs/baseline.yaml"));
    static const std::vector<model::RunResult> runs =
        memchain::testing::run_replications(scenario, replications);
    return runs;
}

// Checks each metric's mean over the runs against its range for `year`.
void check_year(int year,
                const std::function<std::map<std::string, double>(const RunFigures&)>& figures,
                const std::vector<std::string>& checked) {
    std::map<std::string, std::vector<double>> values;
    for (const auto& run : baseline_runs())
        for (const auto& [name, value] : figures(RunFigures(run))) values[name].push_back(value);
    const auto targets = memchain::testing::read_targets();
    for (const std::string& metric : checked) {
        const auto target = targets.find({metric, year});
        REQUIRE_MESSAGE(target != targets.end(), "no " << year << " target for " << metric);
        REQUIRE_MESSAGE(values.count(metric) == 1, "the run gives no " << metric);
        const double simulated = mean(values.at(metric));
        std::ostringstream what;
        what << metric << " " << year << ": simulated " << simulated << ", public range ["
             << target->second.low << ", " << target->second.high << "]";
        MESSAGE(what.str());
        CHECK_MESSAGE(target->second.contains(simulated), what.str());
    }
}

}  // namespace

TEST_SUITE("calibration") {
    TEST_CASE("Calibration: the baseline's 2026 figures fall inside the public ranges") {
        check_year(2026, figures_2026,
                   {"hbm_revenue_share_skhynix", "hbm_revenue_share_samsung",
                    "hbm_revenue_share_micron", "hbm_revenue_share_cxmt", "hbm_bits_shipped",
                    "hbm_share_of_dram_bits", "total_accelerator_units", "nvidia_units",
                    "google_tpu_units", "rubin_share_of_nvidia_units", "tsmc_cowos_utilization",
                    "hbm_tsv_utilization", "hbm_share_of_dram_wafers_end_year"});
    }

    TEST_CASE("Calibration: the baseline's 2027 HBM share of DRAM wafers falls inside its range") {
        check_year(2027, figures_2027, {"hbm_share_of_dram_wafers_end_year"});
    }

    // Morgan Stanley's ~8M NVIDIA GPUs and ~5M TPUs for 2027 with the other accelerators of
    // data/accelerator_demand.csv (an assumption) give the all-accelerator range.
    TEST_CASE("Calibration: the baseline's 2027 accelerators in all and NVIDIA's fall inside") {
        check_year(2027, figures_2027, {"total_accelerator_units", "nvidia_units"});
    }

    // Missed (data/README.md, Calibration): about 2.66M TPUs packaged in 2027 against Morgan
    // Stanley's ~5M (4-6M). The TPU line waits for HBM3E stacks (the TSV lines bind) and runs at
    // about 0.75 of its CoWoS capacity; the buyers, whose demand follows capex, order about 3.6M.
    TEST_CASE("Calibration: the baseline's 2027 TPU units (missed)" * doctest::should_fail()) {
        check_year(2027, figures_2027, {"google_tpu_units"});
    }

    // Missed (data/README.md, Calibration): the HBM market value at the 2026 stack prices is about
    // 39 billion USD against the analysts' 54.6-58 billion (the bits shipped are inside their
    // range, so the gap is in the prices or in what the analysts count).
    TEST_CASE("Calibration: the baseline's 2026 HBM market value (missed)" *
              doctest::should_fail()) {
        check_year(2026, figures_2026, {"hbm_tam"});
    }

    // The 2026 DRAM shortage (data/README.md, Calibration): the makers ship about 0.6 of the
    // conventional DRAM the buyers order in 2026 (KB Securities; Micron's "half to two-thirds"),
    // from buyers who want more bits than can be made and order more as quoted lead times grow.
    TEST_CASE("Calibration: the baseline's 2026 DRAM buyers are shipped part of what they order") {
        check_year(2026, figures_2026, {"dram_demand_fulfilment"});
    }

    // Missed (data/README.md, Calibration): the conventional DRAM contract rises 0.42 by 2Q26
    // (3.00 and 4.26 USD/GB in 1Q and 2Q) against TrendForce's +90-95% and +58-63% (2.00-2.18
    // over 4Q25). The run starts with spot at the record's end-2025 premium over the contract
    // (5.28 USD/GB), held until prices are discovered, so the April reset passes 0.6 of it; the
    // contract cannot move within 1Q26, and spot then reads the flows, not the open orders.
    TEST_CASE("Calibration: the baseline's 2026 DRAM contract price rise over 1H26 (missed)" *
              doctest::should_fail()) {
        check_year(2026, figures_2026, {"dram_contract_price_change_1h"});
    }

    // Missed (data/README.md, Calibration): HBM bits grow about 32% in 2027, against TrendForce's
    // 13% of DRAM bits (from 9%), which needs 44% or more: the TSV lines grow about 24% a year
    // (data/hbm_tsv_capacity.csv) and bind, so HBM output grows little faster than they do (the
    // rest is HBM4's stacking yield rising through 2026).
    TEST_CASE("Calibration: the baseline's 2027 HBM bit growth and share of DRAM bits (missed)" *
              doctest::should_fail()) {
        check_year(2027, figures_2027, {"hbm_bit_supply_growth", "hbm_share_of_dram_bits"});
    }

    // The US power gap through 2028 (data/README.md, Calibration): the share of the accelerators
    // the US would install by the end of 2028 with its power unlimited (power_us x10 from the
    // start, paired replications) that its power, bridging included, leaves uninstalled.
    // Missed: about 0 against Morgan Stanley's "as much as 20%" after time-to-power solutions.
    // The model's US demand for power is the accelerators the chain makes, which the TSV lines
    // bind; the analysts' is the builders' plans (data/README.md, Calibration).
    TEST_CASE("Calibration: the baseline's US power gap through 2028 (missed)" *
              doctest::should_fail()) {
        model::Scenario unlimited =
            model::load_scenario(memchain::testing::source_path("configs/baseline.yaml"));
        model::Lever lever;
        lever.targets = {"power_us"};
        lever.factor = 10.0;
        model::apply_lever(unlimited, lever);
        const std::vector<model::RunResult> open =
            memchain::testing::run_replications(unlimited, replications);
        const double end_2028 = 1092.0;
        std::vector<double> gaps;
        for (std::size_t r = 0; r < open.size(); ++r) {
            const double installed = RunFigures(baseline_runs()[r]).output("power_us", end_2028);
            const double wanted = RunFigures(open[r]).output("power_us", end_2028);
            gaps.push_back(1.0 - installed / wanted);
        }
        const auto targets = memchain::testing::read_targets();
        const auto target = targets.find({"us_power_gap", 2028});
        REQUIRE(target != targets.end());
        const double simulated = mean(gaps);
        std::ostringstream what;
        what << "us_power_gap 2028: simulated " << simulated << ", public range ["
             << target->second.low << ", " << target->second.high << "]";
        MESSAGE(what.str());
        CHECK_MESSAGE(target->second.contains(simulated), what.str());
    }
}  // TEST_SUITE
