#include "validation/queueing_theory.hpp"

#include <doctest/doctest.h>

#include <cmath>

namespace theory = memchain::validation;

namespace {

// Erlang C from its defining sums, P0 = [sum_{n<c} a^n/n! + a^c / (c! (1 - rho))]^-1 and
// C = a^c / (c! (1 - rho)) P0 [GH 2.3], to check the recurrence in queueing_theory.hpp.
double erlang_c_by_sums(int c, double a) {
    double term = 1.0, sum = 0.0;
    for (int n = 0; n < c; ++n) {
        sum += term;
        term *= a / (n + 1);
    }
    const double last = term / (1.0 - a / c);
    return last / (sum + last);
}

}  // namespace

TEST_SUITE("validation") {
    TEST_CASE("Theory: M/M/1 at rho = 0.8 has L = 4, Lq = 3.2, W = 5, Wq = 4") {
        const theory::QueueMeans q = theory::mm1(0.8, 1.0);
        CHECK(q.utilization == doctest::Approx(0.8));
        CHECK(q.p_wait == doctest::Approx(0.8));
        CHECK(q.in_system == doctest::Approx(4.0));
        CHECK(q.queue_length == doctest::Approx(3.2));
        CHECK(q.sojourn == doctest::Approx(5.0));
        CHECK(q.wait == doctest::Approx(4.0));
    }

    TEST_CASE("Theory: Erlang C is 4/9 for 2 erlangs on 3 servers, 1/3 for 1 erlang on 2") {
        CHECK(theory::erlang_c(3, 2.0) == doctest::Approx(4.0 / 9.0));
        CHECK(theory::erlang_c(2, 1.0) == doctest::Approx(1.0 / 3.0));
        CHECK(theory::erlang_c(1, 0.7) == doctest::Approx(0.7));  // one server: P(wait) = rho
        // Erlang B: 2 erlangs on 3 servers lose (8/6) / (1 + 2 + 2 + 8/6) = 4/19.
        CHECK(theory::erlang_b(3, 2.0) == doctest::Approx(4.0 / 19.0));
    }

    TEST_CASE("Theory: the Erlang C recurrence agrees with the defining sums") {
        for (int c : {1, 2, 3, 5, 8, 20})
            for (double load : {0.3, 0.6, 0.9}) {
                CAPTURE(c);
                CAPTURE(load);
                CHECK(theory::erlang_c(c, load * c) ==
                      doctest::Approx(erlang_c_by_sums(c, load * c)));
            }
    }

    TEST_CASE("Theory: M/M/2 with lambda = mu = 1 has Lq = Wq = 1/3 and W = 4/3") {
        const theory::QueueMeans q = theory::mmc(1.0, 1.0, 2);
        CHECK(q.utilization == doctest::Approx(0.5));
        CHECK(q.queue_length == doctest::Approx(1.0 / 3.0));
        CHECK(q.wait == doctest::Approx(1.0 / 3.0));
        CHECK(q.sojourn == doctest::Approx(4.0 / 3.0));
        CHECK(q.in_system == doctest::Approx(4.0 / 3.0));
    }

    TEST_CASE("Theory: M/M/3 with 2 erlangs waits 4/9 on average") {
        const theory::QueueMeans q = theory::mmc(2.0, 1.0, 3);
        CHECK(q.wait == doctest::Approx(4.0 / 9.0));
        CHECK(q.queue_length == doctest::Approx(8.0 / 9.0));
        CHECK(q.in_system == doctest::Approx(26.0 / 9.0));
    }

    TEST_CASE("Theory: M/M/c with one server is M/M/1") {
        for (double rho : {0.2, 0.5, 0.8, 0.95}) {
            const theory::QueueMeans a = theory::mmc(rho * 3.0, 3.0, 1);
            const theory::QueueMeans b = theory::mm1(rho * 3.0, 3.0);
            CHECK(a.wait == doctest::Approx(b.wait));
            CHECK(a.sojourn == doctest::Approx(b.sojourn));
            CHECK(a.queue_length == doctest::Approx(b.queue_length));
            CHECK(a.in_system == doctest::Approx(b.in_system));
            CHECK(a.p_wait == doctest::Approx(b.p_wait));
        }
    }

    TEST_CASE(
        "Theory: Pollaczek-Khinchine gives M/M/1 for exponential service, less for constant") {
        const theory::QueueMeans exponential = theory::mg1(0.6, 1.0, 1.0);
        CHECK(exponential.wait == doctest::Approx(theory::mm1(0.6, 1.0).wait));
        // M/D/1 at rho = 0.5, E[S] = 1: Wq = rho / (2 mu (1 - rho)) = 0.5, Lq = 0.25.
        const theory::QueueMeans constant = theory::md1(0.5, 1.0);
        CHECK(constant.wait == doctest::Approx(0.5));
        CHECK(constant.queue_length == doctest::Approx(0.25));
        CHECK(constant.sojourn == doctest::Approx(1.5));
        // Uniform(0, 2) service, lambda = 0.5: E[S^2] = 4/3, Wq = 0.5 * 4/3 / (2 * 0.5) = 2/3.
        CHECK(theory::mg1(0.5, 1.0, 1.0 / 3.0).wait == doctest::Approx(2.0 / 3.0));
    }

    TEST_CASE("Theory: M/M/1/K blocking, throughput and means") {
        SUBCASE("rho = 1 makes every state equally likely") {
            const theory::FiniteQueue f = theory::mm1k(2.0, 2.0, 4);
            CHECK(f.blocking == doctest::Approx(0.2));
            CHECK(f.throughput == doctest::Approx(1.6));
            CHECK(f.means.in_system == doctest::Approx(2.0));
        }
        SUBCASE("rho = 1/2, K = 2: p = (4, 2, 1) / 7") {
            const theory::FiniteQueue f = theory::mm1k(0.5, 1.0, 2);
            CHECK(f.blocking == doctest::Approx(1.0 / 7.0));
            CHECK(f.throughput == doctest::Approx(0.5 * 6.0 / 7.0));
            CHECK(f.means.in_system == doctest::Approx(4.0 / 7.0));
            CHECK(f.means.utilization == doctest::Approx(3.0 / 7.0));
            // Flow balance: what joins is what the server completes.
            CHECK(f.throughput == doctest::Approx(f.means.utilization * 1.0));
            // Of the arrivals that join (states 0 and 1), those that find state 1 wait.
            CHECK(f.means.p_wait == doctest::Approx(1.0 / 3.0));
        }
        SUBCASE("a large K is M/M/1") {
            const theory::FiniteQueue f = theory::mm1k(0.7, 1.0, 200);
            const theory::QueueMeans q = theory::mm1(0.7, 1.0);
            CHECK(f.blocking < 1e-20);
            CHECK(f.means.sojourn == doctest::Approx(q.sojourn));
            CHECK(f.means.wait == doctest::Approx(q.wait));
            CHECK(f.means.p_wait == doctest::Approx(q.p_wait));
        }
    }

    TEST_CASE("Theory: a Jackson tandem's end-to-end time is the sum of its stations' sojourns") {
        CHECK(theory::jackson_tandem_sojourn(0.8, {{1.0, 1}}) == doctest::Approx(5.0));
        // M/M/1 at 0.5 (W = 2), M/M/2 with lambda = mu = 1 scaled: lambda 0.5, mu 0.5 (W = 8/3),
        // M/M/1 at 0.5 / 0.625 (W = 1 / 0.125 = 8).
        CHECK(theory::jackson_tandem_sojourn(0.5, {{1.0, 1}, {0.5, 2}, {0.625, 1}}) ==
              doctest::Approx(2.0 + 8.0 / 3.0 + 8.0));
    }

    TEST_CASE("Theory: base stock with Poisson lead-time demand of mean 2 and S = 3") {
        const double e2 = std::exp(-2.0);
        const theory::BaseStock b = theory::base_stock_poisson(0.5, 4.0, 3);
        CHECK(b.fill_rate == doctest::Approx(5.0 * e2));  // P(D <= 2) = e^-2 (1 + 2 + 2)
        CHECK(b.on_hand == doctest::Approx(9.0 * e2));    // 3 P(0) + 2 P(1) + 1 P(2)
        CHECK(b.backorders == doctest::Approx(9.0 * e2 - 1.0));
        SUBCASE("S = 0 keeps no stock and backorders all lead-time demand") {
            const theory::BaseStock zero = theory::base_stock_poisson(0.5, 4.0, 0);
            CHECK(zero.fill_rate == 0.0);
            CHECK(zero.on_hand == 0.0);
            CHECK(zero.backorders == doctest::Approx(2.0));
        }
        SUBCASE("E[backorders] is the tail sum of (d - S) P(d)") {
            const double mean = 3.7;
            const int level = 5;
            double tail = 0.0, pmf = std::exp(-mean);
            for (int d = 0; d < 200; ++d) {
                if (d > level) tail += (d - level) * pmf;
                pmf *= mean / (d + 1);
            }
            CHECK(theory::base_stock_poisson(mean, 1.0, level).backorders == doctest::Approx(tail));
        }
    }

    TEST_CASE("Theory: the Chen et al. bullwhip ratio 1 + 2L/p + 2L^2/p^2") {
        CHECK(theory::bullwhip_ratio(1.0, 1) == doctest::Approx(5.0));
        CHECK(theory::bullwhip_ratio(2.0, 4) == doctest::Approx(2.5));
        CHECK(theory::bullwhip_ratio(1.0, 5) == doctest::Approx(1.48));
        CHECK(theory::bullwhip_ratio(0.0, 3) == doctest::Approx(1.0));
        // The ratio is the variance of q_t = (1 + L/p) D_t - (L/p) D_{t-p} over Var(D).
        const double l = 3.0;
        const int p = 7;
        const double k = l / p;
        CHECK(theory::bullwhip_ratio(l, p) == doctest::Approx((1 + k) * (1 + k) + k * k));
    }
}  // TEST_SUITE
