// Backtests (configs/history/): past episodes replayed from data of their own time, each figure
// checked against the band configs/history/README.md wrote for it before the scenario was run.
// A band the model misses stays here as an expected miss (doctest's should_fail) and is named as
// one in the README and data/README.md, so that the record, not the model, keeps the band.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "run_figures.hpp"

namespace model = memchain::model;

namespace {

constexpr int replications = 3;

std::vector<model::RunResult> run_history(const std::string& file) {
    const model::Scenario scenario =
        model::load_scenario(memchain::testing::source_path("configs/history/" + file));
    return memchain::testing::run_replications(scenario, replications);
}

// A weekly series of one product's quoted lead time in days, averaged over the replications:
// (day, value) for every sample that has one.
std::vector<std::pair<double, double>> quoted_lead_times(const std::vector<model::RunResult>& runs,
                                                         const std::string& product) {
    std::vector<std::pair<double, double>> series;
    for (const auto& s : runs.front().product_samples)
        if (s.product == product && s.quoted_lead_time_days) series.emplace_back(s.day, 0.0);
    for (const auto& run : runs)
        for (const auto& s : run.product_samples) {
            if (s.product != product || !s.quoted_lead_time_days) continue;
            for (auto& point : series)
                if (point.first == s.day)
                    point.second += *s.quoted_lead_time_days / static_cast<double>(runs.size());
        }
    return series;
}

std::string band_text(const std::string& what, double value, double low, double high) {
    std::ostringstream out;
    out << what << ": " << value << " (band " << low << " to " << high << ")";
    return out.str();
}

// A figure against its band: says where it fell, then checks both ends.
void check_band(const std::string& what, double value, double low, double high) {
    MESSAGE(band_text(what, value, low, high));
    CHECK(value >= low);
    CHECK(value <= high);
}

// cowos_2023: days from 2023-01-01.
constexpr double end_2023 = 364.0;
constexpr double end_2024 = 730.0;
constexpr double october_2023 = 273.0;
constexpr double five_months = 152.0;
constexpr double server_build_days = 42.0;  // 6 weeks of server build and shipping (README)

struct CowosFigures {
    double capacity_ratio = 0.0;  // C1
    double peak_weeks = 0.0;      // C2
    double peak_day = 0.0;
    double five_months_weeks = 0.0;   // C3
    double months_to_12_weeks = 0.0;  // C4; the horizon's end if never
};

const CowosFigures& cowos_figures() {
    static const CowosFigures figures = [] {
        const auto runs = run_history("cowos_2023.yaml");
        CowosFigures f;
        double at_2023 = 0.0, at_2024 = 0.0;
        for (const auto& run : runs) {
            const memchain::testing::RunFigures r(run);
            at_2023 += r.at("tsmc_cowos", end_2023, &model::NodeSample::capacity);
            at_2024 += r.at("tsmc_cowos", end_2024, &model::NodeSample::capacity);
        }
        f.capacity_ratio = at_2024 / at_2023;
        const auto series = quoted_lead_times(runs, "cowos_wafer");
        for (const auto& [day, days] : series)
            if (day > october_2023 && day <= end_2023 &&
                days + server_build_days > f.peak_weeks * 7)
                f = CowosFigures{f.capacity_ratio, (days + server_build_days) / 7.0, day};
        const auto first_at_12_weeks =
            std::find_if(series.begin(), series.end(), [&](const auto& point) {
                return point.first > f.peak_day && point.second + server_build_days <= 84.0;
            });
        const double reached =
            first_at_12_weeks != series.end() ? first_at_12_weeks->first : end_2024;
        f.months_to_12_weeks = (reached - f.peak_day) / 30.44;
        for (const auto& [day, days] : series)
            if (day <= f.peak_day + five_months)
                f.five_months_weeks = (days + server_build_days) / 7.0;
        return f;
    }();
    return figures;
}

// wuxi_fire_2013: days from 2013-01-01; the fire on 2013-09-04.
constexpr double fire_day = 246.0;
constexpr double last_day_2013_run = 545.0;
constexpr double horizon_2013_run = 547.875;  // 18 months
constexpr double november_30_2013 = 333.0;

// World DRAM output (every fab) over (from, to], summed over the replications.
double world_output(const std::vector<model::RunResult>& runs, double from, double to) {
    double total = 0.0;
    for (const auto& run : runs) {
        const memchain::testing::RunFigures r(run);
        for (const auto& fab : r.nodes([](const auto& n) { return n.preset == "fab"; }))
            total += r.flow(fab, from, to);
    }
    return total;
}

// A market's daily spot or contract price, averaged over the replications: day -> price.
std::map<double, double> mean_prices(const std::vector<model::RunResult>& runs,
                                     double model::MarketSample::*price) {
    std::map<double, double> series;
    for (const auto& run : runs)
        for (const auto& s : run.market_samples)
            if (s.product == "dram_wafer")
                series[s.day] += s.*price / static_cast<double>(runs.size());
    return series;
}

struct WuxiFigures {
    double month_after_fire = 0.0;   // W4: world output, four weeks after the fire, relative
    double months_to_output = 0.0;   // W5: until a week's world output is within 2% of base's
    double spot_next_day = 0.0;      // W1: spot on 2013-09-05, relative to the base's
    double spot_peak = 0.0;          // W2: highest relative spot to 2013-09-25
    double contract_november = 0.0;  // W3: contract on 2013-11-30, relative
    double months_to_spot = 0.0;     // W6: until spot stays within 5% of the base; censored
    bool spot_recovered = false;     // at the run's end if it never does
    double spot_end = 0.0;           // relative spot, mean of the run's last 91 days
    std::vector<model::ShockRecord> surges;       // the fire run's first replication
    std::vector<model::ShockRecord> base_surges;  // the twin's
};

std::vector<model::ShockRecord> surges_of(const model::RunResult& run) {
    std::vector<model::ShockRecord> out;
    for (const model::ShockRecord& s : run.shocks)
        if (s.name.find(" surge ") != std::string::npos) out.push_back(s);
    return out;
}

WuxiFigures measure_wuxi(const std::string& base_file, const std::string& fire_file) {
    const auto base = run_history(base_file);
    const auto fire = run_history(fire_file);
    WuxiFigures f;
    f.month_after_fire = world_output(fire, fire_day, fire_day + 28.0) /
                             world_output(base, fire_day, fire_day + 28.0) -
                         1.0;
    const auto base_spot = mean_prices(base, &model::MarketSample::spot);
    const auto fire_spot = mean_prices(fire, &model::MarketSample::spot);
    const auto base_contract = mean_prices(base, &model::MarketSample::contract);
    const auto fire_contract = mean_prices(fire, &model::MarketSample::contract);
    const auto relative = [](const auto& shocked, const auto& twin, double day) {
        return shocked.at(day) / twin.at(day) - 1.0;
    };
    f.spot_next_day = relative(fire_spot, base_spot, fire_day + 1.0);
    for (double day = fire_day + 1.0; day <= fire_day + 21.0; day += 1.0)
        f.spot_peak = std::max(f.spot_peak, relative(fire_spot, base_spot, day));
    f.contract_november = relative(fire_contract, base_contract, november_30_2013);
    // Back: the first day from which every later day's spot is within 5% of the base's.
    double back_from = fire_day;
    for (const auto& [day, price] : fire_spot)
        if (day > fire_day && std::abs(price / base_spot.at(day) - 1.0) > 0.05)
            back_from = day + 1.0;
    f.spot_recovered = back_from <= last_day_2013_run;
    double tail_sum = 0.0;
    int tail_days = 0;
    for (const auto& [day, price] : fire_spot)
        if (day > horizon_2013_run - 91.0) {
            tail_sum += price / base_spot.at(day) - 1.0;
            ++tail_days;
        }
    f.spot_end = tail_days > 0 ? tail_sum / tail_days : 0.0;
    f.surges = surges_of(fire.front());
    f.base_surges = surges_of(base.front());
    f.months_to_spot = (std::min(back_from, last_day_2013_run) - fire_day) / 30.44;
    f.months_to_output = (last_day_2013_run - fire_day) / 30.44;
    for (double day = fire_day + 28.0; day + 7.0 <= last_day_2013_run; day += 1.0)
        if (world_output(fire, day, day + 7.0) >= 0.98 * world_output(base, day, day + 7.0)) {
            f.months_to_output = (day + 7.0 - fire_day) / 30.44;
            break;
        }
    return f;
}

const WuxiFigures& wuxi_figures() {
    static const WuxiFigures figures = measure_wuxi("dram_2013.yaml", "wuxi_fire_2013.yaml");
    return figures;
}

// World output of a shocked run's four weeks from `day` against its twin's, relative.
double month_after(const std::vector<model::RunResult>& base,
                   const std::vector<model::RunResult>& shocked, double day) {
    return world_output(shocked, day, day + 28.0) / world_output(base, day, day + 28.0) - 1.0;
}

// Weeks from `from` to the start of the first week whose world output is within 0.5% of the
// twin's; -1 if none starts within 13 weeks.
double weeks_to_output(const std::vector<model::RunResult>& base,
                       const std::vector<model::RunResult>& shocked, double from) {
    for (double day = from; day <= from + 91.0; day += 1.0)
        if (world_output(shocked, day, day + 7.0) >= 0.995 * world_output(base, day, day + 7.0))
            return (day - from) / 7.0;
    return -1.0;
}

// A shocked scenario's runs and its twin's, with their mean daily spot prices.
struct PairedRuns {
    std::vector<model::RunResult> base, shocked;
    std::map<double, double> base_spot, shocked_spot;
    double relative_spot(double day) const {
        return shocked_spot.at(day) / base_spot.at(day) - 1.0;
    }
};

PairedRuns run_pair(const std::string& base_file, const std::string& shocked_file) {
    PairedRuns p{run_history(base_file), run_history(shocked_file), {}, {}};
    p.base_spot = mean_prices(p.base, &model::MarketSample::spot);
    p.shocked_spot = mean_prices(p.shocked, &model::MarketSample::spot);
    return p;
}

// micron_fab11_2020: days from 2020-10-01; the outage on 2020-12-03.
constexpr double outage_day = 63.0;
constexpr double december_17_2020 = 77.0;
constexpr double march_31_2021 = 181.0;

struct Fab11Figures {
    double month_after_outage = 0.0;  // M1: world output, four weeks after the outage, relative
    double spot_peak = 0.0;           // M2: highest relative spot, 2020-12-03 to 2020-12-17
    double contract_march = 0.0;      // M3: contract on 2021-03-31, relative
    double weeks_to_output = -1.0;    // M4: until a week's world output is within 0.5% again;
                                      // -1 if not within 13 weeks
};

const Fab11Figures& fab11_figures() {
    static const Fab11Figures figures = [] {
        const PairedRuns p = run_pair("dram_2020.yaml", "micron_fab11_2020.yaml");
        Fab11Figures f;
        f.month_after_outage = month_after(p.base, p.shocked, outage_day);
        for (double day = outage_day; day <= december_17_2020; day += 1.0)
            f.spot_peak = std::max(f.spot_peak, p.relative_spot(day));
        f.contract_march =
            mean_prices(p.shocked, &model::MarketSample::contract).at(march_31_2021) /
                mean_prices(p.base, &model::MarketSample::contract).at(march_31_2021) -
            1.0;
        f.weeks_to_output = weeks_to_output(p.base, p.shocked, outage_day);
        return f;
    }();
    return figures;
}

// dram_downturn_2022: days from 2022-04-01; calendar quarters 2Q22 to 1Q24 start on these days.
constexpr double quarter_starts[] = {0.0, 91.0, 183.0, 275.0, 365.0, 456.0, 548.0, 640.0, 731.0};
constexpr const char* quarter_names[] = {"2Q22", "3Q22", "4Q22", "1Q23",
                                         "2Q23", "3Q23", "4Q23", "1Q24"};
constexpr int quarters = 8;
constexpr int q3_2022 = 1, q3_2023 = 5, q4_2023 = 6, q1_2024 = 7;
constexpr double september_30_2022 = 182.0;
constexpr double april_1_2023 = 365.0;
constexpr double august_1_2023 = 487.0;

struct DownturnFigures {
    double contract_trough = 0.0;        // D1: lowest daily contract against the base's, relative
    int turn_quarter = -1;               // D2: first quarter after the trough whose mean rises
    double stock_weeks_september = 0.0;  // D3: makers' stock at 2022-09-30 over 3Q22's weekly
                                         // deliveries
    double stock_peak_day = 0.0;         // D4: the day the makers' stock is highest
    double output_4q23 = 0.0;            // D5: world output in 4Q23 against the base's
    double contract_4q23_rise = 0.0;     // D6: 4Q23's mean contract over 3Q23's
    double contract_3q22_fall = 0.0;     // D7: 3Q22's mean contract over 2Q22's
    std::map<std::string, double> cut_starts;  // the first downturn run's capacity_cut rows:
                                               // name -> the day each takes effect
    int twin_cuts = 0;                         // capacity_cut rows in the twin's runs
};

// D1, D2, D6 and D7: the contract prices of a downturn's runs against its twin's.
void measure_downturn_prices(const std::vector<model::RunResult>& base,
                             const std::vector<model::RunResult>& glut, DownturnFigures& f) {
    const auto base_contract = mean_prices(base, &model::MarketSample::contract);
    const auto glut_contract = mean_prices(glut, &model::MarketSample::contract);
    // Each quarter's mean of the daily contract against the base's, and the daily lowest.
    std::vector<double> quarter_mean(quarters, 0.0);
    f.contract_trough = 1.0;
    for (int q = 0; q < quarters; ++q) {
        int days = 0;
        for (const auto& [day, price] : glut_contract) {
            if (day < quarter_starts[q] || day >= quarter_starts[q + 1]) continue;
            const double relative = price / base_contract.at(day);
            quarter_mean[static_cast<std::size_t>(q)] += relative;
            f.contract_trough = std::min(f.contract_trough, relative);
            ++days;
        }
        quarter_mean[static_cast<std::size_t>(q)] /= days;
    }
    f.contract_trough -= 1.0;
    const auto trough = static_cast<int>(
        std::min_element(quarter_mean.begin(), quarter_mean.end()) - quarter_mean.begin());
    for (int q = trough + 1; q < quarters && f.turn_quarter < 0; ++q)
        if (quarter_mean[static_cast<std::size_t>(q)] >
            quarter_mean[static_cast<std::size_t>(q - 1)])
            f.turn_quarter = q;
    f.contract_4q23_rise = quarter_mean[q4_2023] / quarter_mean[q3_2023] - 1.0;
    f.contract_3q22_fall = quarter_mean[q3_2022] / quarter_mean[0] - 1.0;
}

// D1-D7 of a downturn against its twin, both run here, and the cuts each committed.
DownturnFigures measure_downturn(const std::string& base_file, const std::string& glut_file) {
    const auto base = run_history(base_file);
    const auto glut = run_history(glut_file);
    DownturnFigures f;
    measure_downturn_prices(base, glut, f);
    // The makers' stock: the market's sellers' inventory, averaged over the replications.
    std::map<double, double> stock;
    for (const auto& run : glut)
        for (const auto& s : run.market_samples)
            if (s.product == "dram_wafer")
                stock[s.day] += s.inventory / static_cast<double>(glut.size());
    double deliveries = 0.0;
    for (const auto& run : glut) {
        const memchain::testing::RunFigures r(run);
        for (const auto& seller : r.nodes([](const auto& n) { return n.preset == "supplier"; }))
            deliveries += r.flow(seller, quarter_starts[q3_2022], september_30_2022) /
                          static_cast<double>(glut.size());
    }
    f.stock_weeks_september = stock.at(september_30_2022) / (deliveries / 13.0);
    f.stock_peak_day =
        std::max_element(stock.begin(), stock.end(), [](const auto& a, const auto& b) {
            return a.second < b.second;
        })->first;
    f.output_4q23 = world_output(glut, quarter_starts[q4_2023], quarter_starts[q1_2024]) /
                        world_output(base, quarter_starts[q4_2023], quarter_starts[q1_2024]) -
                    1.0;
    for (const auto& shock : glut.front().shocks)
        if (shock.kind == "capacity_cut") f.cut_starts[shock.name] = shock.start_day;
    for (const auto& run : base)
        for (const auto& shock : run.shocks) f.twin_cuts += shock.kind == "capacity_cut" ? 1 : 0;
    return f;
}

// The downturn with the makers' cuts scheduled from the record.
const DownturnFigures& downturn_figures() {
    static const DownturnFigures figures =
        measure_downturn("dram_2022.yaml", "dram_downturn_2022.yaml");
    return figures;
}

// The downturn with the makers' cuts by the cut rule, against the twin that carries the rule.
const DownturnFigures& downturn_cut_rule_figures() {
    static const DownturnFigures figures =
        measure_downturn("dram_2022_cuts.yaml", "dram_downturn_2022_cuts.yaml");
    return figures;
}

// hualien_2024: days from 2024-01-01; the quake on 2024-04-03. 2Q24 runs from 04-01 to 06-30.
constexpr double quake_day = 93.0;
constexpr double april_1_2024 = 91.0;
constexpr double july_1_2024 = 182.0;
constexpr double may_8_2024 = 128.0;

struct HualienFigures {
    double month_after_quake = 0.0;  // H1: world output, four weeks after the quake, relative
    double spot_may_8 = 0.0;         // H2: mean relative spot of the week to 2024-05-08
    double contract_2q24 = 0.0;      // H3: mean relative contract over 2Q24
    double weeks_to_output = -1.0;   // H4: until a week's world output is within 0.5% again;
                                     // -1 if not within 13 weeks
    double spot_peak = 0.0;          // not a figure (no record): highest relative spot, two weeks
    double spot_peak_day = 0.0;
};

const HualienFigures& hualien_figures() {
    static const HualienFigures figures = [] {
        const PairedRuns p = run_pair("dram_2024.yaml", "hualien_2024.yaml");
        HualienFigures f;
        f.month_after_quake = month_after(p.base, p.shocked, quake_day);
        for (double day = may_8_2024 - 6.0; day <= may_8_2024; day += 1.0)
            f.spot_may_8 += p.relative_spot(day) / 7.0;
        for (double day = quake_day; day <= quake_day + 14.0; day += 1.0)
            if (p.relative_spot(day) > f.spot_peak) {
                f.spot_peak = p.relative_spot(day);
                f.spot_peak_day = day;
            }
        const auto base_contract = mean_prices(p.base, &model::MarketSample::contract);
        int days = 0;
        for (const auto& [day, price] : mean_prices(p.shocked, &model::MarketSample::contract))
            if (day >= april_1_2024 && day < july_1_2024) {
                f.contract_2q24 += price / base_contract.at(day) - 1.0;
                ++days;
            }
        f.contract_2q24 /= days;
        f.weeks_to_output = weeks_to_output(p.base, p.shocked, quake_day);
        return f;
    }();
    return figures;
}

}  // namespace

TEST_SUITE("calibration") {
    TEST_CASE("History: CoWoS 2023-2024, capacity more than doubles in 2024 (C1)") {
        const auto& f = cowos_figures();
        check_band("C1 capacity end-2024 / end-2023", f.capacity_ratio, 2.0, 2.6);
    }

    // Inside since the buyers book ahead over the quote (README, "cowos_2023 with bookings
    // ahead"): about 36.7 weeks. Before, demand at 1/0.8 of capacity queued one month's orders
    // and the peak was about 11.5 weeks.
    TEST_CASE("History: CoWoS 2023-2024, AI-server lead time peaks in 4Q23 at 26-60 weeks (C2)") {
        const auto& f = cowos_figures();
        MESSAGE("C2 peak on day " << f.peak_day << " from 2023-01-01");
        check_band("C2 peak AI-server lead time in 4Q23 (weeks)", f.peak_weeks, 26, 60);
    }

    TEST_CASE(
        "History: CoWoS 2023-2024, five months after the peak the lead time is 4-16 weeks "
        "(C3)") {
        const auto& f = cowos_figures();
        check_band("C3 AI-server lead time five months after the peak (weeks)", f.five_months_weeks,
                   4, 16);
    }

    // Inside since the buyers book ahead (README): about 4.6 months, as capacity passes demand
    // and the bookings are taken by need and unwound. Before, the peak of about 11.5 weeks fell
    // under 12 weeks within days.
    TEST_CASE(
        "History: CoWoS 2023-2024, the lead time is 12 weeks or less 2-7 months after the "
        "peak (C4)") {
        const auto& f = cowos_figures();
        check_band("C4 months from the peak to 12 weeks or less", f.months_to_12_weeks, 2, 7);
    }

    TEST_CASE("History: Wuxi fire 2013, world DRAM output falls 8-12% in the month after (W4)") {
        const auto& f = wuxi_figures();
        check_band("W4 world output, four weeks after the fire, against the base",
                   f.month_after_fire, -0.12, -0.08);
    }

    TEST_CASE("History: Wuxi fire 2013, world DRAM output is back within 2% in 2-5 months (W5)") {
        const auto& f = wuxi_figures();
        check_band("W5 months until world output is within 2% of the base", f.months_to_output, 2,
                   5);
    }

    // The price figures (W1-W3, W6) were previewed by hand before the first run (README) as
    // misses, and were: a price driven by stock coverage, with demand fixed, moved only as the
    // lost wafers left the makers' stock, then overshot and stayed. The rerun's design (README,
    // "Rerun with the expectations rule", written before it) added a forward horizon of one
    // quarter to the market and nothing else: the fire is priced the day it starts, so W1 and
    // W3 were inside their bands, W2 and W6 still missed. The second rerun's design (README,
    // "with buyers who stock up on news: design", written before it) gave the buyers a cover of
    // their normal 3 weeks on the share of supply the fire takes, for its four-week stop: W2 is
    // inside, W1 was missed high (the preview said near or above its ceiling), W3 stayed
    // inside and W6 missed. The third rerun's design (README, "stock up as the loss happens:
    // design", written before it) has the buyers buy that extra a day's share at a time while
    // the stop lasts (pace: with_loss): W1 is inside again, W2 and W3 stay inside, W6 missed.
    // The fifth rerun's design (README, "buyers who answer to price after a quarter: design",
    // written before it) gives the buyers the design's own elasticity, -0.4, on a price they
    // perceive a quarter late: W6 is inside (3.6 months, after output), W3 is missed low
    // (+6.8%; the preview said about +7%), W1, W2, W4 and W5 do not move.

    // Inside since the third rerun (README): the extra built over the stop, 0.11 days of world
    // demand a day, puts the spot at about +12% the next day (+32% when it was one order on the
    // first day).
    TEST_CASE("History: Wuxi fire 2013, spot +10% to +30% the next day (W1)") {
        const auto& f = wuxi_figures();
        check_band("W1 spot on 2013-09-05 against the base", f.spot_next_day, 0.10, 0.30);
    }

    // Inside since the second rerun (README): the forward coverage alone put +16% in the price;
    // buyers stocking up on the news (the record's panic buying) take it to about +49%.
    TEST_CASE("History: Wuxi fire 2013, spot peaks +20% to +55% within three weeks (W2)") {
        const auto& f = wuxi_figures();
        check_band("W2 highest spot to 2013-09-25 against the base", f.spot_peak, 0.20, 0.55);
    }

    // Missed since the fifth rerun (README): inside at +11.1% with fixed demand. The buyers'
    // purchases, down 2-3% by November on a price perceived a quarter late, and the orders not
    // placed after the stock-up deepen October's dip (-11% against the base, -6% before), so
    // the half-monthly resets take the contract from +22.6% on 10-02 to +6.8% at 11-30.
    TEST_CASE("History: Wuxi fire 2013, contract +10% to +30% by 2013-11-30 (W3, missed)" *
              doctest::should_fail()) {
        const auto& f = wuxi_figures();
        check_band("W3 contract on 2013-11-30 against the base", f.contract_november, 0.10, 0.30);
    }

    // Inside since the fifth rerun (README). Before it, with demand fixed, the stock the fire
    // took was never rebuilt: the spot stayed about +15% above the base's (+14% with SK
    // hynix's surge). Buyers who buy 0.4% less for each 1% the price they perceive (the
    // contract, a quarter late) is above the base's rebuild it: the spot is within 5% of the
    // base's for good from 2013-12-24, 3.6 months after the fire and after output's 3.3.
    TEST_CASE(
        "History: Wuxi fire 2013, spot back within 5% in 3-9 months, not before output (W6)") {
        const auto& f = wuxi_figures();
        MESSAGE(band_text(std::string("W6 months until spot stays within 5% of the base") +
                              (f.spot_recovered ? "" : " (not back by the run's end)"),
                          f.months_to_spot, 3, 9));
        CHECK(f.spot_recovered);
        CHECK(f.months_to_spot >= 3.0);
        CHECK(f.months_to_spot <= 9.0);
        CHECK(f.months_to_spot >= f.months_to_output);
    }

    // The fourth rerun's design (README, "a maker who shifts capacity on a shortage: design",
    // written before it): SK hynix's fab outside Wuxi turns 0.15 of its capacity to DRAM with
    // the spot 10% over its reference for a week, from 13 weeks later for at most 13 weeks. As
    // the design said, it is decided on 2013-09-12 (day 254), the record's statement; the twin,
    // whose spot never rises 10% over its reference, decides none. In the fourth rerun it ran
    // 2013-12-12 to 2014-03-13 (days 345-436), 58.3k wafers, and the spot's last quarter was
    // +14.0% over the base's. Since the fifth rerun (buyers who answer to price after a
    // quarter) the spot is under the trigger when the surge starts, so the signal ends it after
    // a week, on day 351 (the design's preview said about a week), and the spot's last quarter
    // is +1.4% over the base's.
    TEST_CASE("History: Wuxi fire 2013, SK hynix's surge as the design set it") {
        const auto& f = wuxi_figures();
        CHECK(f.base_surges.empty());
        REQUIRE(f.surges.size() == 1);
        CHECK(f.surges[0].name == "skhynix_icheon_fab surge 1");
        CHECK(f.surges[0].description.find("decided on day 254 ") == 0);
        CHECK(f.surges[0].start_day == doctest::Approx(345.0));
        REQUIRE(f.surges[0].end_day);
        CHECK(*f.surges[0].end_day == doctest::Approx(351.0));
        CHECK(f.surges[0].magnitude * 91.0 == doctest::Approx(58300.0).epsilon(0.001));
        MESSAGE("spot over the base's, mean of the last 91 days: " << f.spot_end);
        CHECK(f.spot_end == doctest::Approx(0.0145).epsilon(0.05));
    }

    // A diagnostic added after the first run, not a band (README, "Results"): the same fire
    // with buyers at the short-run price elasticity (-0.4) the design derived the sensitivity
    // from. Demand that answers to price rebuilds the makers' stock, so the spot comes back to
    // the base's within the run, with a smaller contract rise than fixed demand gives. With the
    // forward horizon the spot was back a little before output (2.96 against 3.3 months), so
    // this does not ask for the order. Since the fifth rerun the backtest's buyers have the same
    // elasticity a quarter late, and this diagnostic removes the delay (adjustment_time: null):
    // answering at once takes more of the November contract away (+1.6% against +6.8%).
    TEST_CASE("History: Wuxi fire 2013 with price-elastic buyers, spot returns within the run") {
        const WuxiFigures f = measure_wuxi("dram_2013_elastic.yaml", "wuxi_fire_2013_elastic.yaml");
        MESSAGE("elastic: W1 " << f.spot_next_day << ", W2 " << f.spot_peak << ", W3 "
                               << f.contract_november << ", W5 " << f.months_to_output
                               << " months, W6 " << f.months_to_spot << " months");
        CHECK(f.spot_recovered);
        CHECK(f.months_to_spot < 9.0);
        CHECK(f.contract_november > 0.0);
        CHECK(f.contract_november < wuxi_figures().contract_november);
    }
    TEST_CASE(
        "History: Fab 11 outage 2020, world DRAM output falls 0.5-3.5% in the four weeks after "
        "(M1)") {
        const auto& f = fab11_figures();
        check_band("M1 world output, four weeks after the outage, against the base",
                   f.month_after_outage, -0.035, -0.005);
    }

    // Inside since the rerun with buyers who stock up as the loss happens (README, design
    // written before it): about +6%. First run: low (+1%): the week lost is 0.6 days of world
    // output against 42 days of stock and a quarter of expected output. With the stock-up
    // bought at once: high (+33%), the buyers' extra 2.8 days of world demand read as a 10%
    // surge of orders; bought a day's share at a time over the week's stop, it is 0.62 days.
    TEST_CASE("History: Fab 11 outage 2020, spot peaks +3% to +12% within two weeks (M2)") {
        const auto& f = fab11_figures();
        check_band("M2 highest spot to 2020-12-17 against the base", f.spot_peak, 0.03, 0.12);
    }

    // Inside at its floor (+1.1%) since the rerun with buyers who stock up as the loss happens
    // (its preview: +1.0%, either side). Missed low (-0.0%) while the stock-up was bought at
    // once: the whole cover's run-down pulled the New Year reset to -4.7%; a week's extra
    // leaves only a dip of about -1% in early January.
    TEST_CASE("History: Fab 11 outage 2020, contract +1% to +8% by 2021-03-31 (M3)") {
        const auto& f = fab11_figures();
        check_band("M3 contract on 2021-03-31 against the base", f.contract_march, 0.01, 0.08);
    }

    TEST_CASE("History: Fab 11 outage 2020, world DRAM output is back within 3 weeks (M4)") {
        const auto& f = fab11_figures();
        check_band("M4 weeks until a week's world output is within 0.5% of the base",
                   f.weeks_to_output, 0, 3);
    }
    // Missed (README, D1), by less than a point: the preview by hand said -64%, at the floor.
    // With demand fixed and a sensitivity of 2.5, a forward coverage of about 1.5 at the end of
    // 1H23 indicates 0.36 of the base's price; the record's four quarters compound to -46% to
    // -57%.
    TEST_CASE("History: DRAM downturn 2022, contract falls 40-65% peak to trough (D1, missed)" *
              doctest::should_fail()) {
        const auto& f = downturn_figures();
        check_band("D1 lowest contract against the base", f.contract_trough, -0.65, -0.40);
    }

    TEST_CASE("History: DRAM downturn 2022, the contract turns up in 3Q23-1Q24 (D2)") {
        const auto& f = downturn_figures();
        MESSAGE("D2 the first rising quarter: "
                << std::string(f.turn_quarter >= 0 ? quarter_names[f.turn_quarter] : "none"));
        CHECK(f.turn_quarter >= q3_2023);
        CHECK(f.turn_quarter <= q1_2024);
    }

    TEST_CASE("History: DRAM downturn 2022, makers hold 10-16 weeks at 2022-09-30 (D3)") {
        const auto& f = downturn_figures();
        check_band("D3 makers' stock at 2022-09-30 in weeks of 3Q22's deliveries",
                   f.stock_weeks_september, 10, 16);
    }

    TEST_CASE("History: DRAM downturn 2022, the makers' stock peaks in April-July 2023 (D4)") {
        const auto& f = downturn_figures();
        check_band("D4 day the makers' stock is highest (from 2022-04-01)", f.stock_peak_day,
                   april_1_2023, august_1_2023 - 1.0);
    }

    TEST_CASE("History: DRAM downturn 2022, world output is 15-25% lower in 4Q23 (D5)") {
        const auto& f = downturn_figures();
        check_band("D5 world output in 4Q23 against the base", f.output_4q23, -0.25, -0.15);
    }

    // Missed (README, D6), as the preview said: when purchases return on 2023-07-01 the forward
    // coverage falls over four weeks while the cuts go on deepening, so the contract rises by
    // half from 3Q23 to 4Q23; the record's turn was a few percent.
    TEST_CASE("History: DRAM downturn 2022, contract +0% to +25% in 4Q23 over 3Q23 (D6, missed)" *
              doctest::should_fail()) {
        const auto& f = downturn_figures();
        check_band("D6 4Q23 contract over 3Q23", f.contract_4q23_rise, 0.0, 0.25);
    }

    // Missed (README, D7), as the preview said it likely would: the spot falls by 40% within a
    // month of the fall in purchases, and the monthly contract follows; the record's contract
    // fell 10-15% in the quarter.
    TEST_CASE("History: DRAM downturn 2022, contract -5% to -20% in 3Q22 over 2Q22 (D7, missed)" *
              doctest::should_fail()) {
        const auto& f = downturn_figures();
        check_band("D7 3Q22 contract over 2Q22", f.contract_3q22_fall, -0.20, -0.05);
    }

    // The rerun with the makers' cut rule (README, "dram_downturn_2022 with the makers' cut
    // rule"). The decisions, by hand from the contract's monthly resets (the rule sees a reset
    // the day after it, acts after 28 days, and a cut takes effect 91 days later): Micron's line
    // (margin 0.62) is crossed by the reset of day 122, decided day 150, in effect day 241;
    // SK hynix's (0.52) by day 183: 211, 302; Samsung's (0.43) by day 214: 242, 333, and its
    // second cut is decided the day the first takes effect: 333, 424.
    TEST_CASE("History: DRAM downturn 2022 with the cut rule, the makers cut on the days by hand") {
        const auto& f = downturn_cut_rule_figures();
        CHECK(f.twin_cuts == 0);  // the twin's margin stays at 0.71-0.72: the rule is inert
        CHECK(f.cut_starts == std::map<std::string, double>{{"micron_fabs cut 1", 241.0},
                                                            {"skhynix_fabs cut 1", 302.0},
                                                            {"samsung_fabs cut 1", 333.0},
                                                            {"samsung_fabs cut 2", 424.0}});
    }

    TEST_CASE("History: the twin with the cut rule prices as dram_2022 does") {
        // no maker cuts in the twin, so carrying the rule changes none of its prices
        const auto plain = run_history("dram_2022.yaml");
        const auto with_rule = run_history("dram_2022_cuts.yaml");
        const auto plain_contract = mean_prices(plain, &model::MarketSample::contract);
        const auto rule_contract = mean_prices(with_rule, &model::MarketSample::contract);
        const auto plain_spot = mean_prices(plain, &model::MarketSample::spot);
        const auto rule_spot = mean_prices(with_rule, &model::MarketSample::spot);
        CHECK(plain_contract.size() == 732);  // days 0 to 731
        CHECK(plain_contract == rule_contract);
        CHECK(plain_spot == rule_spot);
    }

    // Missed (README, results with the cut rule), deeper than with the scheduled cuts (-65.8%),
    // as the preview said: the market does not read a cut of the rule ahead, so at the end of
    // 2Q23 the expected output is the full plan and the forward coverage higher than with the
    // scheduled cuts, though the stock is lower.
    TEST_CASE("History: DRAM downturn 2022 with the cut rule, contract falls 40-65% (D1, missed)" *
              doctest::should_fail()) {
        const auto& f = downturn_cut_rule_figures();
        check_band("D1 lowest contract against the base", f.contract_trough, -0.65, -0.40);
    }

    // Inside: the return of purchases on 2023-07-01, an input, sets the turn, as before.
    TEST_CASE(
        "History: DRAM downturn 2022 with the cut rule, the contract turns up in 3Q23-1Q24 "
        "(D2)") {
        const auto& f = downturn_cut_rule_figures();
        MESSAGE("D2 the first rising quarter: "
                << std::string(f.turn_quarter >= 0 ? quarter_names[f.turn_quarter] : "none"));
        CHECK(f.turn_quarter >= q3_2023);
        CHECK(f.turn_quarter <= q1_2024);
    }

    // Inside and unchanged: no cut takes effect before 2022-11-28.
    TEST_CASE(
        "History: DRAM downturn 2022 with the cut rule, makers hold 10-16 weeks at "
        "2022-09-30 (D3)") {
        const auto& f = downturn_cut_rule_figures();
        check_band("D3 makers' stock at 2022-09-30 in weeks of 3Q22's deliveries",
                   f.stock_weeks_september, 10, 16);
    }

    // Inside, no longer nearly an input: the stock peaks in early June 2023, a week after
    // Samsung's second cut takes output under the reduced purchases (the record: May 2023).
    TEST_CASE(
        "History: DRAM downturn 2022 with the cut rule, the makers' stock peaks in "
        "April-July 2023 (D4)") {
        const auto& f = downturn_cut_rule_figures();
        check_band("D4 day the makers' stock is highest (from 2022-04-01)", f.stock_peak_day,
                   april_1_2023, august_1_2023 - 1.0);
    }

    // Inside: every cut is in force through 4Q23 and the restores, decided in February 2024,
    // take effect after the run's end.
    TEST_CASE(
        "History: DRAM downturn 2022 with the cut rule, world output is 15-25% lower in "
        "4Q23 (D5)") {
        const auto& f = downturn_cut_rule_figures();
        check_band("D5 world output in 4Q23 against the base", f.output_4q23, -0.25, -0.15);
    }

    // Missed (README), as the preview said: with a quarter from decision to output, no restore
    // can reach 4Q23 output unless decided by September 2023, when the margin is far below any
    // restore line; the cuts are held while purchases are back and the contract rises by half.
    TEST_CASE(
        "History: DRAM downturn 2022 with the cut rule, contract +0% to +25% in 4Q23 "
        "(D6, missed)" *
        doctest::should_fail()) {
        const auto& f = downturn_cut_rule_figures();
        check_band("D6 4Q23 contract over 3Q23", f.contract_4q23_rise, 0.0, 0.25);
    }

    // Missed and unchanged (-23.1%): no cut acts in 3Q22; the price's speed, not the cuts, is
    // behind this miss.
    TEST_CASE(
        "History: DRAM downturn 2022 with the cut rule, contract -5% to -20% in 3Q22 "
        "(D7, missed)" *
        doctest::should_fail()) {
        const auto& f = downturn_cut_rule_figures();
        check_band("D7 3Q22 contract over 2Q22", f.contract_3q22_fall, -0.20, -0.05);
    }
    TEST_CASE(
        "History: Hualien earthquake 2024, world DRAM output falls 2.0-4.5% in the four weeks "
        "after (H1)") {
        const auto& f = hualien_figures();
        check_band("H1 world output, four weeks after the quake, against the base",
                   f.month_after_quake, -0.045, -0.020);
    }

    // Missed (README, H2), low, as the preview said (about -2% to -4%): about -1.7%. The
    // buyers' stock-up (0.62 days of world demand over the five-day stop) has left the market's
    // 4-week window of orders while the smaller orders that followed it have not.
    TEST_CASE(
        "History: Hualien earthquake 2024, spot in the week to 2024-05-08 -1% to +5% "
        "(H2, missed)" *
        doctest::should_fail()) {
        const auto& f = hualien_figures();
        MESSAGE("not a figure (no record): highest spot within two weeks "
                << f.spot_peak << " on day " << f.spot_peak_day << " from 2024-01-01");
        check_band("H2 mean spot of the week to 2024-05-08 against the base", f.spot_may_8, -0.01,
                   0.05);
    }

    // Missed (README, H3), low, as the preview said (about +0.7%): about +0.7%. The April reset
    // is before the quake, and the supply lost indicates +1.7% at sensitivity 2.5; the record's
    // 2Q24 rise came from a negotiation held late in April for reasons the scenario lacks.
    TEST_CASE("History: Hualien earthquake 2024, 2Q24 contract +3% to +10% (H3, missed)" *
              doctest::should_fail()) {
        const auto& f = hualien_figures();
        check_band("H3 mean contract of 2Q24 against the base", f.contract_2q24, 0.03, 0.10);
    }

    TEST_CASE("History: Hualien earthquake 2024, world DRAM output is back in 1-4 weeks (H4)") {
        const auto& f = hualien_figures();
        check_band("H4 weeks until a week's world output is within 0.5% of the base",
                   f.weeks_to_output, 1, 4);
    }
}  // TEST_SUITE
