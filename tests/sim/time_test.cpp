#include "sim/time.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "sim/rng.hpp"

using memchain::sim::Duration;
using memchain::sim::Time;

TEST_SUITE("sim") {
    TEST_CASE("Time: conversions between ticks, seconds, days and weeks") {
        CHECK(Duration::from_seconds(1.0).ticks() == memchain::sim::ticks_per_second);
        CHECK(Duration::from_days(1.0).to_seconds() == doctest::Approx(86400.0));
        CHECK(Duration::from_weeks(2.0).to_days() == doctest::Approx(14.0));
        CHECK(Duration::from_hours(36.0).to_days() == doctest::Approx(1.5));
        CHECK(Duration::from_days(90.0).to_weeks() == doctest::Approx(90.0 / 7.0));
        const Time t = Time::zero() + Duration::from_days(3.0);
        CHECK(t.to_days() == doctest::Approx(3.0));
        CHECK((t - Time::zero()) == Duration::from_days(3.0));
    }

    TEST_CASE("Time: from_days is the start plus a duration of days, and to_days inverts it") {
        // 1.5 days = 129600 s = 129600e6 ticks; a millionth of a second rounds to one tick
        CHECK(Time::from_days(1.5).ticks() == 129'600'000'000);
        CHECK(Time::from_days(1.5) == Time::zero() + Duration::from_days(1.5));
        CHECK(Time::from_days(1.5).to_days() == 1.5);
        CHECK(Time::from_days(1e-6 / 86400.0).ticks() == 1);
        CHECK(Time::from_days(-2.0) < Time::zero());
    }

    TEST_CASE("Time: a real number of seconds rounds to the nearest tick") {
        CHECK(Duration::from_seconds(0.4e-6).ticks() == 0);
        CHECK(Duration::from_seconds(0.6e-6).ticks() == 1);
        CHECK(Duration::from_seconds(-1.6e-6).ticks() == -2);
    }

    TEST_CASE("Time: rounding agrees with std::llround, halves away from zero") {
        // the largest double below one half, exact halves, and values where x + 0.5 rounds up
        for (const double ticks : {0.49999999999999994, 0.5, 1.5, 2.5, -0.5, -2.5,
                                   -0.49999999999999994, 4503599627370495.5, -4503599627370495.5,
                                   9007199254740993.0, 1e18 + 0.5, 123456.4999999, -7.5000001}) {
            CAPTURE(ticks);
            CHECK(Duration::from_seconds(ticks / 1e6).ticks() == std::llround(ticks / 1e6 * 1e6));
        }
        CHECK(Duration::from_seconds(0.5).ticks() == 500000);
        CHECK(Duration::from_seconds(2.5e-6).ticks() == 3);  // 2.5e-6 * 1e6 is exactly 2.5
        CHECK(Duration::from_seconds(-2.5e-6).ticks() == -3);
        memchain::sim::RandomStream rng(7);
        for (int i = 0; i < 100000; ++i) {
            const double seconds = (rng.uniform01() - 0.5) * 1e4;
            REQUIRE(Duration::from_seconds(seconds).ticks() == std::llround(seconds * 1e6));
        }
    }

    TEST_CASE("Time: adding to the end of time stays at the end of time") {
        CHECK(Time::max() + Duration::from_days(1.0) == Time::max());
        CHECK(Duration::from_seconds(1e300) == Duration::max());
    }
}  // TEST_SUITE
