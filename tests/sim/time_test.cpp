#include "sim/time.hpp"

#include <doctest/doctest.h>

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

    TEST_CASE("Time: a real number of seconds rounds to the nearest tick") {
        CHECK(Duration::from_seconds(0.4e-6).ticks() == 0);
        CHECK(Duration::from_seconds(0.6e-6).ticks() == 1);
        CHECK(Duration::from_seconds(-1.6e-6).ticks() == -2);
    }

    TEST_CASE("Time: adding to the end of time stays at the end of time") {
        CHECK(Time::max() + Duration::from_days(1.0) == Time::max());
        CHECK(Duration::from_seconds(1e300) == Duration::max());
    }
}  // TEST_SUITE
