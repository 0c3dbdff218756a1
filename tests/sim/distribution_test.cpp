#include "sim/distribution.hpp"

#include <doctest/doctest.h>

#include <cmath>

#include "sim/stats.hpp"

using memchain::sim::Distribution;
using memchain::sim::RandomStream;
using memchain::sim::RunningStats;

namespace {

RunningStats sample_many(const Distribution& d, int n, std::uint64_t seed = 2024) {
    RandomStream rng(seed);
    RunningStats s;
    for (int i = 0; i < n; ++i) s.add(d.sample(rng));
    return s;
}

}  // namespace

TEST_SUITE("sim") {
    TEST_CASE("Distribution: sample mean and variance match the analytic ones") {
        const Distribution cases[] = {
            Distribution::deterministic(3.0),
            Distribution::exponential(2.0),
            Distribution::uniform(1.0, 5.0),
            Distribution::normal(10.0, 2.0),
            Distribution::lognormal(4.0, 1.0),
            Distribution::triangular(1.0, 2.0, 6.0),
            Distribution::gamma(3.0, 0.5),
            Distribution::binomial(50, 0.3),
            Distribution::empirical({1.0, 2.0, 10.0}, {0.5, 0.25, 0.25}),
        };
        for (const Distribution& d : cases) {
            CAPTURE(d.describe());
            const RunningStats s = sample_many(d, 200000);
            // 200,000 draws: the sample mean is within 5 standard errors of the mean
            const double se = std::sqrt(d.variance() / 200000.0);
            CHECK(std::abs(s.mean() - d.mean()) <= 5.0 * se + 1e-12);
            CHECK(s.variance() == doctest::Approx(d.variance()).epsilon(0.03));
        }
    }

    TEST_CASE("Distribution: analytic moments by hand") {
        CHECK(Distribution::uniform(1.0, 5.0).mean() == 3.0);
        CHECK(Distribution::triangular(1.0, 2.0, 6.0).mean() == 3.0);
        CHECK(Distribution::binomial(50, 0.3).variance() == doctest::Approx(10.5));
        CHECK(Distribution::empirical({1.0, 2.0, 10.0}, {0.5, 0.25, 0.25}).mean() == 3.5);
        CHECK(Distribution::gamma(3.0, 0.5).variance() == doctest::Approx(0.75));
    }

    TEST_CASE("Distribution: the same stream gives the same draws") {
        const Distribution d = Distribution::lognormal(5.0, 2.0);
        RandomStream a(7), b(7);
        for (int i = 0; i < 50; ++i) CHECK(d.sample(a) == d.sample(b));
    }

    TEST_CASE("Distribution: scaled multiplies values, keeping the shape") {
        const Distribution d = Distribution::triangular(1.0, 2.0, 3.0).scaled(10.0);
        CHECK(d.mean() == doctest::Approx(20.0));
        CHECK(Distribution::exponential(2.0).scaled(3.0).mean() == doctest::Approx(6.0));
        CHECK(Distribution::gamma(2.0, 1.0).scaled(4.0).variance() == doctest::Approx(32.0));
    }

    TEST_CASE("Distribution: binomial draws whole numbers between 0 and n") {
        RandomStream rng(3);
        const Distribution d = Distribution::binomial(12, 0.9);
        for (int i = 0; i < 1000; ++i) {
            const double x = d.sample(rng);
            REQUIRE(x == std::floor(x));
            REQUIRE(x >= 0.0);
            REQUIRE(x <= 12.0);
        }
    }
}  // TEST_SUITE
