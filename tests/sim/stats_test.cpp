#include "sim/stats.hpp"

#include <doctest/doctest.h>

#include <cmath>

using memchain::sim::ConfidenceInterval;
using memchain::sim::Duration;
using memchain::sim::Quantiles;
using memchain::sim::RunningStats;
using memchain::sim::Time;
using memchain::sim::TimeWeighted;

TEST_SUITE("sim") {
    TEST_CASE("RunningStats: mean, sample variance, min and max by hand") {
        RunningStats s;
        for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) s.add(x);
        CHECK(s.count() == 8);
        CHECK(s.mean() == doctest::Approx(5.0));
        CHECK(s.variance() == doctest::Approx(32.0 / 7.0));  // sum of squares 32, n - 1 = 7
        CHECK(s.min() == 2.0);
        CHECK(s.max() == 9.0);
        CHECK(s.sum() == doctest::Approx(40.0));
    }

    TEST_CASE("RunningStats: merging two halves equals one pass") {
        RunningStats a, b, all;
        for (int i = 0; i < 10; ++i) {
            const double x = i * i * 0.5;
            (i < 4 ? a : b).add(x);
            all.add(x);
        }
        a.merge(b);
        CHECK(a.count() == all.count());
        CHECK(a.mean() == doctest::Approx(all.mean()));
        CHECK(a.variance() == doctest::Approx(all.variance()));
    }

    TEST_CASE("TimeWeighted: average of a piecewise-constant queue by hand") {
        // 0 for 2 s, 3 for 1 s, 1 for 5 s: (0*2 + 3*1 + 1*5) / 8 = 1
        TimeWeighted q;
        const Time t0 = Time::zero();
        q.set(t0 + Duration::from_seconds(2), 3.0);
        q.set(t0 + Duration::from_seconds(3), 1.0);
        CHECK(q.average(t0 + Duration::from_seconds(8)) == doctest::Approx(1.0));
        CHECK(q.integral(t0 + Duration::from_seconds(8)) == doctest::Approx(8.0));
        CHECK(q.max() == 3.0);
        q.reset(t0 + Duration::from_seconds(8));
        CHECK(q.average(t0 + Duration::from_seconds(10)) == doctest::Approx(1.0));
    }

    TEST_CASE("Quantiles: type-7 interpolation matches R's quantile()") {
        Quantiles q;
        for (double x : {15.0, 20.0, 35.0, 40.0, 50.0}) q.add(x);
        CHECK(q.quantile(0.0) == 15.0);
        CHECK(q.quantile(0.5) == 35.0);
        CHECK(q.quantile(0.4) == doctest::Approx(29.0));  // R: quantile(c(15,20,35,40,50), .4) = 29
        CHECK(q.quantile(0.9) == doctest::Approx(46.0));
        CHECK(q.quantile(1.0) == 50.0);
        CHECK(std::isnan(Quantiles{}.quantile(0.5)));
    }

    TEST_CASE("Student t: known quantiles") {
        // Two-sided 95% critical values from any t table.
        CHECK(memchain::sim::student_t_quantile(1, 0.975) ==
              doctest::Approx(12.7062).epsilon(1e-5));
        CHECK(memchain::sim::student_t_quantile(9, 0.975) ==
              doctest::Approx(2.26216).epsilon(1e-5));
        CHECK(memchain::sim::student_t_quantile(30, 0.975) ==
              doctest::Approx(2.04227).epsilon(1e-5));
        CHECK(memchain::sim::student_t_quantile(1e6, 0.975) ==
              doctest::Approx(1.95996).epsilon(1e-4));
    }

    TEST_CASE("confidence_interval: ten observations by hand") {
        RunningStats s;
        for (int i = 1; i <= 10; ++i) s.add(i);  // mean 5.5, sd 3.02765
        const ConfidenceInterval ci = memchain::sim::confidence_interval(s, 0.95);
        CHECK(ci.mean == doctest::Approx(5.5));
        CHECK(ci.half_width == doctest::Approx(2.26216 * 3.02765 / std::sqrt(10.0)).epsilon(1e-4));
        CHECK(ci.contains(5.5));
        CHECK_FALSE(ci.contains(8.0));
        RunningStats one;
        one.add(1.0);
        CHECK(std::isinf(memchain::sim::confidence_interval(one).half_width));
    }
}  // TEST_SUITE
