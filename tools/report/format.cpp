#include "tools/report/format.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>

#include "model/scenario/units.hpp"
#include "sim/time.hpp"

namespace memchain::report {

KpiInfo kpi_info(std::string_view kpi) {
    static const std::map<std::string_view, KpiInfo> known = {
        {"lead_time_mean_days", {"mean order lead time", Unit::Days, Worse::Up, true}},
        {"lead_time_p50_days", {"median order lead time", Unit::Days, Worse::Up, false}},
        {"lead_time_p90_days", {"90th-percentile order lead time", Unit::Days, Worse::Up, true}},
        {"lead_time_p99_days", {"99th-percentile order lead time", Unit::Days, Worse::Up, false}},
        {"fill_rate", {"fill rate", Unit::Share, Worse::Down, true}},
        {"units_ordered", {"units ordered", Unit::Units, Worse::Neither, false}},
        {"units_delivered", {"units delivered", Unit::Units, Worse::Down, true}},
        {"backlog_peak", {"peak backlog", Unit::Units, Worse::Up, true}},
        {"backlog_end", {"backlog at the end", Unit::Units, Worse::Up, false}},
        {"quoted_lead_time_peak_days", {"peak quoted lead time", Unit::Days, Worse::Up, true}},
        {"quoted_lead_time_mean_days", {"mean quoted lead time", Unit::Days, Worse::Up, true}},
        {"throughput_per_day", {"throughput", Unit::UnitsPerDay, Worse::Down, true}},
        {"utilization_mean", {"mean utilization", Unit::Share, Worse::Neither, false}},
        {"active_share", {"share of time active", Unit::Share, Worse::Neither, false}},
        {"bottleneck_sole_share",
         {"share of time sole bottleneck", Unit::Share, Worse::Neither, false}},
        {"bottleneck_shifting_share",
         {"share of time shifting bottleneck", Unit::Share, Worse::Neither, false}},
        {"output_units", {"output", Unit::Units, Worse::Down, false}},
        {"recovery_days", {"recovery time", Unit::Days, Worse::Up, false}},
        // Markets (model/engine/market.cpp; the shock response: model/experiment/comparison.hpp).
        // A higher price is bad news for the buyers the report speaks for.
        {"spot_price_shock_peak",
         {"spot price at the height of the shock's effect", Unit::UsdPerUnit, Worse::Up, true}},
        {"spot_price_shock_end",
         {"spot price over the run's last 91 days", Unit::UsdPerUnit, Worse::Up, false}},
        {"spot_price_mean", {"mean spot price", Unit::UsdPerUnit, Worse::Up, false}},
        {"spot_price_peak", {"peak spot price", Unit::UsdPerUnit, Worse::Up, false}},
        {"contract_price_mean", {"mean contract price", Unit::UsdPerUnit, Worse::Up, false}},
        {"anchor_price_end",
         {"traders' expected price at the end", Unit::UsdPerUnit, Worse::Up, false}},
        {"revenue", {"revenue", Unit::Usd, Worse::Neither, false}},
        // What the engine's blocks add about themselves.
        {"absorbed_units", {"units absorbed", Unit::Units, Worse::Neither, false}},
        {"backorders_mean", {"mean backorders", Unit::Units, Worse::Up, false}},
        {"bullwhip_ratio",
         {"bullwhip ratio (order / demand variance)", Unit::Plain, Worse::Up, false}},
        {"demand_units", {"units demanded", Unit::Units, Worse::Neither, false}},
        {"units_price_factor_mean",
         {"units kept at market prices (share of plan)", Unit::Share, Worse::Down, false}},
        {"content_price_factor_mean",
         {"content per device kept at market prices (share of plan)", Unit::Share, Worse::Down,
          false}},
        {"demand_variance", {"demand variance", Unit::Plain, Worse::Neither, false}},
        {"order_variance", {"order variance", Unit::Plain, Worse::Neither, false}},
        {"loss_probability", {"share of arrivals lost", Unit::Share, Worse::Up, false}},
        {"lots_generated", {"lots generated", Unit::Plain, Worse::Neither, false}},
        {"lots_lost", {"lots lost", Unit::Plain, Worse::Up, false}},
        {"lots_in_queue_mean", {"mean lots in queue", Unit::Plain, Worse::Up, false}},
        {"lots_in_station_mean", {"mean lots in station", Unit::Plain, Worse::Up, false}},
        {"occupied_end", {"occupied at the end", Unit::Units, Worse::Neither, false}},
        {"on_hand_mean", {"mean stock on hand", Unit::Units, Worse::Neither, false}},
        {"p_wait", {"share of lots that waited", Unit::Share, Worse::Up, false}},
        {"scrap_units", {"units scrapped", Unit::Units, Worse::Up, false}},
        {"shipped_units", {"units shipped", Unit::Units, Worse::Down, false}},
        {"sojourn_mean_days", {"mean time in station", Unit::Days, Worse::Up, false}},
        {"stock_mean", {"mean stock", Unit::Units, Worse::Neither, false}},
        {"system_lots_mean", {"mean lots in the system", Unit::Plain, Worse::Up, false}},
        {"system_sojourn_mean_days", {"mean time in the system", Unit::Days, Worse::Up, false}},
        {"system_throughput_lots_per_day",
         {"system throughput (lots/day)", Unit::Plain, Worse::Down, false}},
        {"throughput_lots_per_day", {"throughput (lots/day)", Unit::Plain, Worse::Down, false}},
        {"wait_mean_days", {"mean wait", Unit::Days, Worse::Up, false}},
    };
    const auto it = known.find(kpi);
    if (it != known.end()) return it->second;
    std::string label(kpi);
    for (char& c : label)
        if (c == '_') c = ' ';
    return {label, Unit::Plain, Worse::Neither, false};
}

std::string format_fixed(double value, int decimals) {
    if (!std::isfinite(value)) return "n/a";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::fabs(value));
    std::string digits = buffer;
    const auto point = digits.find('.');
    const std::string whole = digits.substr(0, point);
    const std::string fraction = point == std::string::npos ? "" : digits.substr(point);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
        grouped += whole[i];
    }
    const bool negative =
        value < 0 && (whole + fraction).find_first_not_of("0.") != std::string::npos;
    return (negative ? "-" : "") + grouped + fraction;
}

namespace {

// Enough digits to tell values apart at a glance, no more.
int decimals_for(double value) {
    const double a = std::fabs(value);
    if (a >= 100.0) return 0;
    if (a >= 10.0) return 1;
    if (a >= 1.0) return 1;
    if (a == 0.0) return 0;
    return 2;
}

}  // namespace

std::string format_number(double value, Unit unit) {
    switch (unit) {
    case Unit::Days: return format_fixed(value, std::fabs(value) >= 100.0 ? 0 : 1);
    case Unit::Share: return format_fixed(value * 100.0, 1) + "%";
    case Unit::Units:
    case Unit::Usd: return format_fixed(value, std::fabs(value) >= 100.0 ? 0 : decimals_for(value));
    case Unit::UnitsPerDay:
    case Unit::UsdPerUnit: return format_fixed(value, decimals_for(value));
    case Unit::Plain: return format_fixed(value, std::fabs(value) >= 100.0 ? 0 : 2);
    }
    return format_fixed(value, 2);
}

std::string singular(std::string_view counted) {
    // "dies", "stacks", "accelerators"; an all-capital unit ("GB", "MW") has no plural.
    if (counted.size() > 1 && counted.back() == 's' &&
        std::islower(static_cast<unsigned char>(counted[counted.size() - 2])))
        counted.remove_suffix(1);
    return std::string(counted);
}

std::string unit_name(Unit unit, std::string_view counted) {
    switch (unit) {
    case Unit::Days: return "days";
    case Unit::Share: return "%";
    case Unit::Units: return std::string(counted);
    case Unit::UnitsPerDay: return std::string(counted) + "/day";
    case Unit::UsdPerUnit: return "USD per " + singular(counted);
    case Unit::Usd: return "USD";
    case Unit::Plain: return "";
    }
    return "";
}

std::string format_value(double value, Unit unit, std::string_view counted) {
    const std::string number = format_number(value, unit);
    switch (unit) {
    case Unit::Days: return number + (number == "1.0" ? " day" : " days");
    case Unit::Share: return number;
    case Unit::Units:
    case Unit::UnitsPerDay:
    case Unit::UsdPerUnit:
    case Unit::Usd: return number + " " + unit_name(unit, counted);
    case Unit::Plain: return number;
    }
    return number;
}

std::string format_change(double diff, Unit unit, std::string_view counted) {
    std::string number;
    if (unit == Unit::Share)
        number = format_fixed(diff * 100.0, 1) + " pp";
    else
        number = format_value(diff, unit, counted);
    if (number.empty() || number[0] == '-' || number == "n/a") return number;
    return "+" + number;
}

std::string pretty_date(model::Date start, double day) {
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const model::Date d = start + static_cast<long>(std::floor(day));
    return std::to_string(d.day()) + " " + months[d.month() - 1] + " " + std::to_string(d.year());
}

std::string chart_date(model::Date start, double day) {
    const double whole = std::floor(day);
    const std::string date = (start + static_cast<long>(whole)).to_string();
    const auto seconds =
        static_cast<long>(std::lround((day - whole) * static_cast<double>(sim::seconds_per_day)));
    if (seconds == 0) return date;
    if (seconds >= sim::seconds_per_day) return (start + static_cast<long>(whole) + 1).to_string();
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "T%02ld:%02ld:%02ldZ", seconds / 3600, seconds / 60 % 60,
                  seconds % 60);
    return date + buffer;
}

std::string shock_size(const std::string& kind, double magnitude, const std::string& unit) {
    const auto percent = [](double fraction) {
        const double p = fraction * 100.0;
        return format_fixed(p, std::fabs(p - std::round(p)) < 0.05 ? 0 : 1) + "%";
    };
    const std::string sign = magnitude < 0.0 ? "−" : "+";
    if (kind == "capacity_loss" || kind == "capacity_cut")
        return percent(magnitude) + " of capacity";
    if (kind == "yield_excursion") return "yield −" + percent(magnitude);
    if (kind == "demand_surge") return sign + percent(std::fabs(magnitude)) + " demand";
    if (kind == "price") return sign + percent(std::fabs(magnitude)) + " price";
    if (kind == "capacity_expansion") {
        const double per_month = magnitude * model::days_per_month;
        return sign + format_fixed(std::fabs(per_month), std::fabs(per_month) < 10.0 ? 1 : 0) +
               " " + unit + "/month";
    }
    if (kind == "outage" || kind == "lane_closure" || kind == "policy_change") return "–";
    return format_fixed(magnitude, 2);
}

std::string month_label(std::string_view iso_month) {
    const auto date = model::Date::parse(iso_month);
    if (!date) return std::string(iso_month);
    const std::string pretty = pretty_date(*date, 0.0);  // "1 Mar 2026"
    return pretty.substr(pretty.find(' ') + 1);
}

std::string format_duration(double days) {
    const double rounded = std::round(days);
    if (rounded >= 14.0 && std::fmod(rounded, 7.0) == 0.0)
        return count_of(static_cast<long long>(rounded / 7.0), "week");
    if (std::fabs(days - rounded) < 0.05) return count_of(static_cast<long long>(rounded), "day");
    return format_fixed(days, 1) + " days";
}

std::string scope_label(const std::string& product, const std::string& buyer,
                        const std::string& node) {
    if (!node.empty()) return node;
    if (!product.empty() && !buyer.empty()) return product + ", " + buyer;
    if (!product.empty()) return product + " (all buyers)";
    if (!buyer.empty()) return buyer + " (all products)";
    return "all products and buyers";
}

bool natural_less(std::string_view a, std::string_view b) {
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) {
            std::size_t ei = i, ej = j;
            while (ei < a.size() && digit(a[ei])) ++ei;
            while (ej < b.size() && digit(b[ej])) ++ej;
            // Compare the runs as numbers: without leading zeros, the longer is larger.
            std::string_view x = a.substr(i, ei - i), y = b.substr(j, ej - j);
            while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
            while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
            if (x.size() != y.size()) return x.size() < y.size();
            if (x != y) return x < y;
            i = ei;
            j = ej;
            continue;
        }
        if (a[i] != b[j]) return a[i] < b[j];
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

std::string count_of(long long n, std::string_view singular, std::string_view plural) {
    std::string word(n == 1 ? singular : plural.empty() ? std::string(singular) + "s" : plural);
    return std::to_string(n) + " " + word;
}

}  // namespace memchain::report
