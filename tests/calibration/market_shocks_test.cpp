// Shocks meet the market: the baseline (which has markets) and three shocks of the library
// (configs/shocks/), paired on common random numbers (same seed, same replications). Each check is
// a paired 95% interval of the shock's difference that lies on one side of zero, so a move the
// noise could make passes no check.

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "run_figures.hpp"
#include "sim/stats.hpp"

namespace model = memchain::model;

namespace {

constexpr int replications = 3;

std::vector<model::RunResult> run_config(const std::string& file, int n = replications) {
    const model::Scenario scenario =
        model::load_scenario(memchain::testing::source_path("configs/" + file));
    return memchain::testing::run_replications(scenario, n);
}

// The baseline's first `n` replications, run once per count.
const std::vector<model::RunResult>& market_runs(int n = replications) {
    static std::map<int, std::vector<model::RunResult>> runs;
    auto found = runs.find(n);
    if (found == runs.end()) found = runs.emplace(n, run_config("baseline.yaml", n)).first;
    return found->second;
}

// The paired difference of a figure, shock minus base, with its 95% interval.
struct Difference {
    double base = 0.0;
    double mean = 0.0;
    double low = 0.0;
    double high = 0.0;
};

Difference paired(const std::vector<model::RunResult>& shocked,
                  const std::function<double(const model::RunResult&)>& figure) {
    const auto& base = market_runs(static_cast<int>(shocked.size()));
    std::vector<double> d;
    Difference out;
    for (std::size_t r = 0; r < shocked.size(); ++r) {
        out.base += figure(base[r]) / static_cast<double>(shocked.size());
        d.push_back(figure(shocked[r]) - figure(base[r]));
    }
    const double n = static_cast<double>(d.size());
    double sum = 0.0, squares = 0.0;
    for (double x : d) sum += x;
    out.mean = sum / n;
    for (double x : d) squares += (x - out.mean) * (x - out.mean);
    const double half =
        memchain::sim::student_t_quantile(n - 1.0, 0.975) * std::sqrt(squares / (n - 1.0) / n);
    out.low = out.mean - half;
    out.high = out.mean + half;
    return out;
}

std::string describe(const std::string& what, const Difference& d) {
    std::ostringstream out;
    out << what << ": base " << d.base << ", shock - base " << d.mean << " [" << d.low << ", "
        << d.high << "]";
    return out.str();
}

// A market's mean price over the samples in [from, to) (days from the start).
double price_mean(const model::RunResult& r, const std::string& product,
                  double model::MarketSample::*price, double from, double to) {
    double sum = 0.0, n = 0.0;
    for (const auto& s : r.market_samples)
        if (s.product == product && s.day >= from && s.day < to) {
            sum += s.*price;
            n += 1.0;
        }
    return n > 0.0 ? sum / n : 0.0;
}

double buyer_kpi(const model::RunResult& r, const std::string& kpi, const std::string& buyer) {
    for (const model::Kpi& k : r.kpis)
        if (k.name == kpi && k.buyer == buyer) return k.value;
    throw std::runtime_error("no KPI " + kpi + " for " + buyer);
}

constexpr double start_2027 = 365.0;
constexpr double end_2028 = 1096.0;

}  // namespace

TEST_SUITE("calibration") {
    TEST_CASE("Market shocks: the capex surge raises the accelerator price, and buyers get less") {
        const auto shocked = run_config("shocks/capex_surge.yaml");
        const Difference contract = paired(shocked, [](const model::RunResult& r) {
            return price_mean(r, "accelerator", &model::MarketSample::contract, start_2027,
                              end_2028);
        });
        MESSAGE(describe("accelerator contract price 2027-2028 (USD)", contract));
        CHECK(contract.low > 0.0);
        const Difference kept = paired(shocked, [](const model::RunResult& r) {
            return buyer_kpi(r, "units_price_factor_mean", "microsoft");
        });
        MESSAGE(describe("Microsoft's units kept at market prices (share of plan)", kept));
        CHECK(kept.high < 0.0);
        // HBM is priced half off the accelerator market (configs/baseline.yaml, downstream).
        for (const char* hbm : {"hbm3e_12hi", "hbm4_12hi"}) {
            const Difference spot = paired(shocked, [&](const model::RunResult& r) {
                return price_mean(r, hbm, &model::MarketSample::spot, start_2027, end_2028);
            });
            MESSAGE(describe(std::string(hbm) + " spot 2027-2028 (USD)", spot));
            CHECK(spot.low > 0.0);
        }
    }

    TEST_CASE("Market shocks: the TSV fire raises HBM3E's spot, and the rise fades") {
        // The fire (2026-09-01, back by mid-December) reaches the stacks sold a TSV cycle time
        // later: the spot is up in spring 2027. By the second half of 2028 the rise is gone: the
        // paired difference is no longer above zero. HBM3E's spot swings by 10-25 USD from
        // quarter to quarter and the fire shifts the swings, so two years on the difference can
        // come out either side of zero (ten replications of this baseline: -9.3 USD
        // [-13.6, -4.9]); what is checked is that the fire no longer holds the price up. Ten
        // replications, since three can leave a swing on one side by chance.
        const auto shocked = run_config("shocks/fab_fire.yaml", 10);
        const Difference spring = paired(shocked, [](const model::RunResult& r) {
            return price_mean(r, "hbm3e_12hi", &model::MarketSample::spot, 425.0, 516.0);
        });
        MESSAGE(describe("HBM3E spot, March-May 2027 (USD)", spring));
        CHECK(spring.low > 0.0);
        const Difference late = paired(shocked, [](const model::RunResult& r) {
            return price_mean(r, "hbm3e_12hi", &model::MarketSample::spot, 912.0, end_2028);
        });
        MESSAGE(describe("HBM3E spot, July-December 2028 (USD)", late));
        CHECK(late.low < 0.0);
    }

    TEST_CASE("Market shocks: the edge-AI wave raises the DRAM price and cuts content per device") {
        const auto shocked = run_config("shocks/edge_ai_wave.yaml");
        const Difference spot = paired(shocked, [](const model::RunResult& r) {
            return price_mean(r, "dram_gb", &model::MarketSample::spot, start_2027, end_2028);
        });
        MESSAGE(describe("DRAM spot 2027-2028 (USD per GB)", spot));
        CHECK(spot.low > 0.0);
        for (const char* buyer : {"phone_oems", "pc_oems"}) {
            const Difference content = paired(shocked, [&](const model::RunResult& r) {
                return buyer_kpi(r, "content_price_factor_mean", buyer);
            });
            MESSAGE(describe(std::string(buyer) + " DRAM content kept per device", content));
            CHECK(content.high < 0.0);
        }
    }
}  // TEST_SUITE
