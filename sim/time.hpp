#pragma once
// Simulated time. The kernel counts integer ticks so that event order is exact and runs
// reproduce on every platform; this header is the only place the tick unit appears.

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>

namespace memchain::sim {

// One tick is one microsecond of simulated time: fine enough that validation models with
// sub-second service times lose nothing to rounding, coarse enough that int64 spans 292,000
// years.
inline constexpr std::int64_t ticks_per_second = 1'000'000;
inline constexpr std::int64_t seconds_per_day = 86'400;

// A span of simulated time, possibly negative (a difference of two times).
class Duration {
public:
    constexpr Duration() = default;
    static constexpr Duration from_ticks(std::int64_t ticks) { return Duration(ticks); }
    static constexpr Duration zero() { return Duration(0); }
    static constexpr Duration max() { return Duration(std::numeric_limits<std::int64_t>::max()); }

    // The one rounding helper: a sampled or configured real number of seconds becomes ticks,
    // rounded to nearest and saturated at the representable range. NaN maps to zero.
    static Duration from_seconds(double seconds) {
        const double ticks = seconds * static_cast<double>(ticks_per_second);
        if (std::isnan(ticks)) return zero();
        if (ticks >= 9.2e18) return max();
        if (ticks <= -9.2e18) return Duration(std::numeric_limits<std::int64_t>::min());
        // std::llround without the library call: truncation is exact below 2^63, and so is
        // `ticks - whole` (Sterbenz), so the half-away-from-zero test sees the true fraction.
        auto whole = static_cast<std::int64_t>(ticks);
        const double fraction = ticks - static_cast<double>(whole);
        if (fraction >= 0.5) ++whole;
        if (fraction <= -0.5) --whole;
        return Duration(whole);
    }
    static Duration from_hours(double hours) { return from_seconds(hours * 3600.0); }
    static Duration from_days(double days) {
        return from_seconds(days * static_cast<double>(seconds_per_day));
    }
    static Duration from_weeks(double weeks) { return from_days(weeks * 7.0); }

    [[nodiscard]] constexpr std::int64_t ticks() const { return ticks_; }
    [[nodiscard]] constexpr double to_seconds() const {
        return static_cast<double>(ticks_) / static_cast<double>(ticks_per_second);
    }
    [[nodiscard]] constexpr double to_days() const {
        return to_seconds() / static_cast<double>(seconds_per_day);
    }
    [[nodiscard]] constexpr double to_weeks() const { return to_days() / 7.0; }

    constexpr auto operator<=>(const Duration&) const = default;
    constexpr Duration operator+(Duration o) const { return Duration(ticks_ + o.ticks_); }
    constexpr Duration operator-(Duration o) const { return Duration(ticks_ - o.ticks_); }
    constexpr Duration operator-() const { return Duration(-ticks_); }
    constexpr Duration operator*(std::int64_t n) const { return Duration(ticks_ * n); }
    constexpr Duration& operator+=(Duration o) {
        ticks_ += o.ticks_;
        return *this;
    }
    constexpr Duration& operator-=(Duration o) {
        ticks_ -= o.ticks_;
        return *this;
    }

private:
    constexpr explicit Duration(std::int64_t ticks) : ticks_(ticks) {}
    std::int64_t ticks_ = 0;
};

// A point in simulated time: ticks since the start of the run (tick 0 is the scenario's start
// date; the kernel never sees a date).
class Time {
public:
    constexpr Time() = default;
    static constexpr Time from_ticks(std::int64_t ticks) { return Time(ticks); }
    static constexpr Time zero() { return Time(0); }
    static constexpr Time max() { return Time(std::numeric_limits<std::int64_t>::max()); }
    // The time `days` after the start, through Duration's one rounding helper; the inverse of
    // to_days.
    static Time from_days(double days) { return zero() + Duration::from_days(days); }

    [[nodiscard]] constexpr std::int64_t ticks() const { return ticks_; }
    [[nodiscard]] constexpr Duration since_start() const { return Duration::from_ticks(ticks_); }
    [[nodiscard]] constexpr double to_seconds() const { return since_start().to_seconds(); }
    [[nodiscard]] constexpr double to_days() const { return since_start().to_days(); }

    constexpr auto operator<=>(const Time&) const = default;
    // Saturates at Time::max() so that "never" plus a delay stays "never".
    constexpr Time operator+(Duration d) const {
        if (d.ticks() > 0 && ticks_ > std::numeric_limits<std::int64_t>::max() - d.ticks())
            return max();
        return Time(ticks_ + d.ticks());
    }
    constexpr Time operator-(Duration d) const { return Time(ticks_ - d.ticks()); }
    constexpr Duration operator-(Time o) const { return Duration::from_ticks(ticks_ - o.ticks_); }
    constexpr Time& operator+=(Duration d) { return *this = *this + d; }

private:
    constexpr explicit Time(std::int64_t ticks) : ticks_(ticks) {}
    std::int64_t ticks_ = 0;
};

}  // namespace memchain::sim
