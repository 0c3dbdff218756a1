#include "model/scenario/units.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "sim/time.hpp"

namespace memchain::model {

namespace {

struct DurationUnit {
    std::string_view short_name;
    std::string_view singular;
    std::string_view plural;
    double days;
};

constexpr double seconds_per_day = static_cast<double>(sim::seconds_per_day);

constexpr std::array<DurationUnit, 8> duration_units = {{
    {"s", "second", "seconds", 1.0 / seconds_per_day},
    {"min", "minute", "minutes", 60.0 / seconds_per_day},
    {"h", "hour", "hours", 3600.0 / seconds_per_day},
    {"d", "day", "days", 1.0},
    {"w", "week", "weeks", 7.0},
    {"mo", "month", "months", days_per_month},
    {"q", "quarter", "quarters", days_per_year / 4.0},
    {"y", "year", "years", days_per_year},
}};

constexpr std::string_view duration_unit_list = "s, min, h, d, w, mo, q or y";

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '%' || c == '$';
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The period after "/" or "per": a duration unit, e.g. "month" in "60000 wafers/month".
double parse_period(std::string_view period, std::string_view whole) {
    period = trim(period);
    if (period.empty())
        throw UnitError("missing period after '/' in '" + std::string(whole) +
                        "' (expected one of " + std::string(duration_unit_list) + ")");
    const auto days = duration_unit_days(period);
    if (!days)
        throw UnitError("unknown period '" + std::string(period) + "' in '" + std::string(whole) +
                        "' (expected " + std::string(duration_unit_list) + ")");
    return *days;
}

// Parses "noun", "noun/period", "/period", "noun per period", "per period" or "" into a Unit.
Unit parse_unit_text(std::string_view text, std::string_view whole) {
    Unit unit;
    text = trim(text);
    if (text.empty()) return unit;
    if (text.front() != '/') {
        std::size_t end = 0;
        while (end < text.size() && is_word_char(text[end])) ++end;
        if (end == 0)
            throw UnitError("unexpected '" + std::string(text) + "' in '" + std::string(whole) +
                            "' (expected a unit like wafers/month)");
        unit.noun = std::string(text.substr(0, end));
        text = trim(text.substr(end));
        if (unit.noun == "per") {
            unit.noun.clear();
            unit.per_days = parse_period(text, whole);
            return unit;
        }
        if (text.empty()) return unit;
        if (text.substr(0, 4) == "per " || text.substr(0, 4) == "per\t") {
            unit.per_days = parse_period(text.substr(4), whole);
            return unit;
        }
        if (text.front() != '/')
            throw UnitError("unexpected '" + std::string(text) + "' in '" + std::string(whole) +
                            "' (expected a unit like wafers/month)");
    }
    unit.per_days = parse_period(text.substr(1), whole);
    return unit;
}

}  // namespace

std::optional<double> duration_unit_days(std::string_view unit) {
    for (const auto& u : duration_units)
        if (unit == u.short_name || unit == u.singular || unit == u.plural) return u.days;
    return std::nullopt;
}

std::size_t number_prefix_length(std::string_view text) {
    std::size_t start = 0;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) start = 1;
    // Refuse "inf", "nan" and the like: a number starts with a digit or a decimal point.
    if (start >= text.size() ||
        !(std::isdigit(static_cast<unsigned char>(text[start])) || text[start] == '.'))
        return 0;
    double value = 0.0;
    const char* first = text.data() + start;
    const auto r = std::from_chars(first, text.data() + text.size(), value);
    if (r.ec != std::errc()) return 0;
    return static_cast<std::size_t>(r.ptr - text.data());
}

std::optional<double> parse_number(std::string_view text) {
    text = trim(text);
    const std::size_t n = number_prefix_length(text);
    if (n == 0 || n != text.size()) return std::nullopt;
    const std::size_t start = text[0] == '+' ? 1 : 0;
    double value = 0.0;
    std::from_chars(text.data() + start, text.data() + text.size(), value);
    if (!std::isfinite(value)) return std::nullopt;
    return value;
}

double parse_duration_days(std::string_view text) {
    const std::string_view whole = trim(text);
    const std::size_t n = number_prefix_length(whole);
    const std::string example =
        "expected a duration like 6w or 90d, found '" + std::string(whole) + "'";
    if (n == 0) throw UnitError(example);
    const auto value = parse_number(whole.substr(0, n));
    if (!value) throw UnitError(example);
    const std::string_view unit = trim(whole.substr(n));
    if (unit.empty()) throw UnitError(example);
    const auto days = duration_unit_days(unit);
    if (!days)
        throw UnitError("unknown duration unit '" + std::string(unit) + "' in '" +
                        std::string(whole) + "' (expected " + std::string(duration_unit_list) +
                        ")");
    return *value * *days;
}

Quantity parse_quantity(std::string_view text) {
    const std::string_view whole = trim(text);
    const std::size_t n = number_prefix_length(whole);
    const auto value = n == 0 ? std::nullopt : parse_number(whole.substr(0, n));
    if (!value) throw UnitError("expected a number, found '" + std::string(whole) + "'");
    const Unit unit = parse_unit_text(whole.substr(n), whole);
    return Quantity{*value, unit.noun, unit.per_days};
}

Unit parse_unit(std::string_view text) {
    return parse_unit_text(text, trim(text));
}

bool same_unit_word(std::string_view noun, std::string_view unit) {
    const std::string a = lower(noun);
    const std::string b = lower(unit);
    if (a == b) return true;
    const auto plural_of = [](const std::string& singular, const std::string& plural) {
        if (plural == singular + "s" || plural == singular + "es") return true;
        return singular.size() > 1 && singular.back() == 'y' &&
               plural == singular.substr(0, singular.size() - 1) + "ies";
    };
    return plural_of(a, b) || plural_of(b, a);
}

std::string format_number(double value) {
    // Whole numbers print in full (8000000, not 8e+06), allowing for the rounding left by
    // converting a monthly rate to a daily one and back.
    const double rounded = std::round(value);
    if (std::abs(value) < 1e15 &&
        std::abs(value - rounded) <= 1e-9 * std::max(1.0, std::abs(value)))
        return std::to_string(static_cast<long long>(rounded));
    std::ostringstream out;
    out.precision(6);
    out << value;
    return out.str();
}

}  // namespace memchain::model
