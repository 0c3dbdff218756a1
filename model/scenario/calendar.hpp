#pragma once
// Calendar dates for scenarios and reports. The kernel never sees a date: a run's day 0 is its
// scenario's start date, and dates become simulated times here, at the edge.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "sim/time.hpp"

namespace memchain::model {

// The scenarios' year and month, in days: a Julian year, and a twelfth of it. Everything that
// turns a duration unit, a rate per month or a per-year chance into days uses these.
inline constexpr double days_per_year = 365.25;
inline constexpr double days_per_month = days_per_year / 12.0;

// A proleptic Gregorian date, stored as days since 1970-01-01.
class Date {
public:
    constexpr Date() = default;
    static constexpr Date from_days_since_epoch(long days) { return Date(days); }
    static Date from_ymd(int year, unsigned month, unsigned day);
    // Parses YYYY-MM-DD; nullopt when malformed or not a real date (2026-02-30).
    static std::optional<Date> parse(std::string_view text);

    [[nodiscard]] constexpr long days_since_epoch() const { return days_; }
    [[nodiscard]] std::string to_string() const;  // YYYY-MM-DD
    [[nodiscard]] int year() const;
    [[nodiscard]] unsigned month() const;
    [[nodiscard]] unsigned day() const;

    constexpr auto operator<=>(const Date&) const = default;
    constexpr Date operator+(long days) const { return Date(days_ + days); }
    constexpr long operator-(Date other) const { return days_ - other.days_; }

private:
    constexpr explicit Date(long days) : days_(days) {}
    long days_ = 0;
};

// The wall-clock time now, UTC, as 2026-11-24T10:15:00Z (for records of when, never results).
[[nodiscard]] std::string utc_timestamp();
// "2026-03-14" for day 72.4 of a run starting 2026-01-01 (the day is truncated).
[[nodiscard]] std::string date_string(Date start, double day);

}  // namespace memchain::model
