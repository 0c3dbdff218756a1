#include "model/policy/price.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using memchain::model::MarketSignals;
using Market = memchain::model::PriceRule;
using CoverageSignal = memchain::model::PriceRule::Coverage;

namespace model = memchain::model;

namespace {

Market market(double reference, double sensitivity, double tau_days,
              CoverageSignal coverage = CoverageSignal::Flow) {
    Market m;
    m.reference_price = reference;
    m.cash_cost = 10.0;
    m.sensitivity = sensitivity;
    m.adjustment_days = tau_days;
    m.coverage = coverage;
    return m;
}

// Linear demand D(p) = 1000 - 5p and supply S(p) = 200 + 3p: equilibrium p = 800 / 8 = 100,
// q = 500.
double demand(double p) {
    return 1000.0 - 5.0 * p;
}
double supply(double p) {
    return 200.0 + 3.0 * p;
}

// One step of the Flow market whose supply and demand answer to the price of the step before
// (the cobweb's lag).
double flow_step(const Market& m, double p, double step_days) {
    const MarketSignals signals{0.0, 0.0, supply(p), demand(p)};
    const double indicated = model::indicated_price(m, model::relative_coverage(m, signals));
    return model::next_spot(m, p, indicated, step_days);
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Price: an anchor follows spot by its first-order delay, floored at the cash cost") {
        Market m = market(100.0, 1.0, 30.0);
        // Fixed (no anchor time): the anchor never moves.
        CHECK(model::next_anchor(m, 100.0, 200.0, 7.0) == 100.0);
        m.anchor_days = 28.0;
        // 200 + (100 - 200) e^(-7/28) = 200 - 77.8801 = 122.1199
        CHECK(model::next_anchor(m, 100.0, 200.0, 7.0) == doctest::Approx(122.1199).epsilon(1e-6));
        // Two steps of 7 days are one of 14 when spot holds: 200 - 100 e^(-0.5) = 139.3469
        const double twice =
            model::next_anchor(m, model::next_anchor(m, 100.0, 200.0, 7.0), 200.0, 7.0);
        CHECK(twice == doctest::Approx(139.3469).epsilon(1e-6));
        CHECK(model::next_anchor(m, 100.0, 200.0, 14.0) == doctest::Approx(twice));
        // Floored at the cash cost (10): a spot of 5 held for long.
        CHECK(model::next_anchor(m, 12.0, 5.0, 280.0) == 10.0);
        // The indicated price scales the anchor as it scaled the reference: 20 / 0.8 = 25,
        // with a premium of 1.2 30, and never below the cash cost.
        CHECK(model::anchored_indicated_price(m, 20.0, 0.8) == doctest::Approx(25.0));
        CHECK(model::anchored_indicated_price(m, 20.0, 0.8, 1.2) == doctest::Approx(30.0));
        CHECK(model::anchored_indicated_price(m, 20.0, 4.0) == 10.0);
        CHECK(model::indicated_price(m, 0.8) == doctest::Approx(125.0));
    }

    TEST_CASE("Price: relative coverage per signal, held within [1/M, M]") {
        Market m = market(100.0, 1.0, 30.0);
        m.reference_coverage_days = 20.0;
        // supply 800/day, demand 1000/day, stock 10000, open orders 40000
        const MarketSignals s{10000.0, 40000.0, 800.0, 1000.0};
        CHECK(model::relative_coverage(m, s) == doctest::Approx(0.8));
        m.coverage = CoverageSignal::Stock;  // 10 days of demand in stock against 20
        CHECK(model::relative_coverage(m, s) == doctest::Approx(0.5));
        m.coverage = CoverageSignal::Orders;  // 20 days against 50 days of open orders
        CHECK(model::relative_coverage(m, s) == doctest::Approx(0.4));
        // An empty stock or order book, or no demand, is an extreme the clamp bounds.
        CHECK(model::relative_coverage(m, {0.0, 0.0, 800.0, 1000.0}) == doctest::Approx(10.0));
        m.coverage = CoverageSignal::Stock;
        CHECK(model::relative_coverage(m, {0.0, 0.0, 800.0, 1000.0}) == doctest::Approx(0.1));
        m.coverage = CoverageSignal::Flow;
        CHECK(model::relative_coverage(m, {0.0, 0.0, 0.0, 0.0}) == doctest::Approx(1.0));
        CHECK(model::relative_coverage(m, {0.0, 0.0, 5.0, 0.0}) == doctest::Approx(10.0));
    }

    TEST_CASE("Price: a forward horizon counts the output expected over it with the stock") {
        Market m = market(100.0, 2.5, 2.0, CoverageSignal::Stock);
        m.reference_coverage_days = 30.0;
        m.forward_horizon_days = 90.0;
        // At balance: 30 days of demand in stock, output expected at the demand's rate:
        // (3000 + 90 x 100) / (100 x 120) = 1.
        MarketSignals s{3000.0, 0.0, 100.0, 100.0};
        s.expected_supply_per_day = 100.0;
        CHECK(model::relative_coverage(m, s) == doctest::Approx(1.0));
        // A fab of 10% of the output stops for 60 of the next 90 days: 600 units expected
        // lost, known before any stock is missing: x = (3000 + 9000 - 600) / 12000 = 0.95,
        // and the indicated price 100 x 0.95^-2.5 = 113.68.
        s.expected_supply_per_day = 100.0 - 600.0 / 90.0;
        CHECK(model::relative_coverage(m, s) == doctest::Approx(0.95));
        CHECK(model::indicated_price(m, model::relative_coverage(m, s)) ==
              doctest::Approx(113.68).epsilon(1e-4));
        // Thirty days on, 300 of them are gone from the stock and 300 are still ahead: the
        // same x, the news already in the price.
        s.stock = 2700.0;
        s.expected_supply_per_day = 100.0 - 300.0 / 90.0;
        CHECK(model::relative_coverage(m, s) == doctest::Approx(0.95));
        // Without the horizon, the stock alone: 27 days against 30.
        m.forward_horizon_days = 0.0;
        CHECK(model::relative_coverage(m, s) == doctest::Approx(0.9));
        // An empty market with nothing expected is the bound 1/M, as for the stock alone.
        m.forward_horizon_days = 90.0;
        CHECK(model::relative_coverage(m, {0.0, 0.0, 0.0, 100.0}) == doctest::Approx(0.1));
    }

    TEST_CASE("Price: a part's coverage blends with its downstream market's, x^(1-w) x_d^w") {
        CHECK(model::blended_coverage(0.8, 0.5, 0.5) == doctest::Approx(std::sqrt(0.4)));
        CHECK(model::blended_coverage(0.8, 0.5, 1.0) == doctest::Approx(0.5));
        CHECK(model::blended_coverage(1.0, 0.64, 0.5) == doctest::Approx(0.8));
        // Its own market balanced, the downstream 20% short, w = 0.5, s = 2: the part's
        // indicated price is p_ref x 0.8^(-0.5 x 2) = 125.
        const Market m = market(100.0, 2.0, 30.0);
        CHECK(model::indicated_price(m, model::blended_coverage(1.0, 0.8, 0.5)) ==
              doctest::Approx(125.0));
    }

    TEST_CASE("Price: the indicated price is reference x coverage^-s, floored at cash cost") {
        const Market m = market(100.0, 2.0, 30.0);
        CHECK(model::indicated_price(m, 0.5) == doctest::Approx(400.0));  // 100 x 0.5^-2
        CHECK(model::indicated_price(m, 2.0) == doctest::Approx(25.0));
        CHECK(model::indicated_price(m, 10.0) == doctest::Approx(10.0));       // 1 < cash cost 10
        CHECK(model::indicated_price(m, 1.0, 1.2) == doctest::Approx(120.0));  // a premium
    }

    TEST_CASE("Price: a sustained 20% supply cut moves spot to p_ref x 0.8^-s with lag tau") {
        // s = 0.5: the new level is 100 / sqrt(0.8) = 111.80; tau = 30 days.
        const Market m = market(100.0, 0.5, 30.0);
        const double level = 100.0 / std::sqrt(0.8);
        double spot = 100.0;
        for (int day = 1; day <= 90; ++day) {
            const double x = model::relative_coverage(m, {0.0, 0.0, 800.0, 1000.0});
            spot = model::next_spot(m, spot, model::indicated_price(m, x), 1.0);
            if (day == 30) CHECK(spot == doctest::Approx(level - 11.803 * std::exp(-1.0)));
        }
        // After 3 tau, 95% of the move: 111.80 - 11.80 x e^-3 = 111.21.
        CHECK(spot == doctest::Approx(111.215).epsilon(1e-4));
        // Step size does not matter: one 90-day step lands on the same price.
        const double x = model::relative_coverage(m, {0.0, 0.0, 800.0, 1000.0});
        CHECK(model::next_spot(m, 100.0, model::indicated_price(m, x), 90.0) ==
              doctest::Approx(spot).epsilon(1e-12));
    }

    TEST_CASE("Price: a buyer's perceived price closes 1 - e^(-dt/T) of the gap per step") {
        // The contract steps from the reference (10) to twice it; T = 13 weeks, weekly steps,
        // elasticity -0.4. After one step: 10 + 10 x (1 - e^(-7/91)) = 10.7404, a factor of
        // 1.07404^-0.4 = 0.97183 (against 2^-0.4 = 0.75786 at once).
        const double t = 91.0, e = -0.4;
        double perceived = model::next_perceived_price(10.0, 20.0, 7.0, t);
        CHECK(perceived == doctest::Approx(10.740389).epsilon(1e-6));
        CHECK(std::pow(perceived / 10.0, e) == doctest::Approx(0.971834).epsilon(1e-5));
        // After 39 steps (3 T): 20 - 10 e^-3 = 19.5021, a factor within 5% of 2^-0.4 (1.01%).
        for (int week = 2; week <= 39; ++week)
            perceived = model::next_perceived_price(perceived, 20.0, 7.0, t);
        CHECK(perceived == doctest::Approx(20.0 - 10.0 * std::exp(-3.0)).epsilon(1e-9));
        const double factor = std::pow(perceived / 10.0, e);
        CHECK(std::abs(factor / std::pow(2.0, e) - 1.0) < 0.05);
        CHECK(factor / std::pow(2.0, e) == doctest::Approx(1.010134).epsilon(1e-5));
        // Step size does not matter, and no step leaves the price where it was.
        CHECK(model::next_perceived_price(10.0, 20.0, 273.0, t) ==
              doctest::Approx(perceived).epsilon(1e-12));
        CHECK(model::next_perceived_price(12.0, 20.0, 0.0, t) == 12.0);
    }

    TEST_CASE("Price: linear supply and demand settle at the algebra's equilibrium (Stock)") {
        // Stock integrates S(p) - D(p), so the price rests only where S = D: p = 100, q = 500,
        // whatever the reference price (80 here). There, 80 x x^-1 = 100 gives x = 0.8: the
        // stock rests at 0.8 x 20 days x 500 = 8000 units.
        Market m = market(80.0, 1.0, 10.0, CoverageSignal::Stock);
        m.reference_coverage_days = 20.0;
        double p = 60.0, stock = 5000.0;
        const double dt = 0.1;
        for (int step = 0; step < 36500; ++step) {
            const MarketSignals s{stock, 0.0, supply(p), demand(p)};
            const double indicated = model::indicated_price(m, model::relative_coverage(m, s));
            stock += (supply(p) - demand(p)) * dt;
            p = model::next_spot(m, p, indicated, dt);
        }
        CHECK(p == doctest::Approx(100.0).epsilon(1e-9));
        CHECK(demand(p) == doctest::Approx(500.0).epsilon(1e-9));
        CHECK(stock == doctest::Approx(8000.0).epsilon(1e-9));
    }

    TEST_CASE("Price: the cobweb converges when alpha (1 + k) < 2 and oscillates when above") {
        // p_ref = p_e = 100, s = 1: k = s p_e (b + d) / q_e = 100 x 8 / 500 = 1.6, so the
        // condition is alpha < 2 / 2.6 = 0.77; alpha = 1 - e^(-dt/tau).
        const Market m = market(100.0, 1.0, 10.0);
        const auto path = [&](double alpha) {
            const double dt = -10.0 * std::log(1.0 - alpha);
            std::vector<double> deviation;
            double p = 90.0;
            for (int step = 0; step < 200; ++step) {
                p = flow_step(m, p, dt);
                deviation.push_back(p - 100.0);
            }
            return deviation;
        };
        SUBCASE("alpha (1 + k) = 0.78 <= 1: converges without crossing") {
            const auto e = path(0.3);
            for (double d : e) CHECK(d <= 0.0);
            CHECK(std::abs(e.back()) < 1e-9);
        }
        SUBCASE("alpha (1 + k) = 1.3: converges, crossing the equilibrium every step") {
            const auto e = path(0.5);
            for (std::size_t i = 1; i < 8; ++i) CHECK(e[i] * e[i - 1] < 0.0);
            CHECK(std::abs(e.back()) < 1e-9);
        }
        SUBCASE("alpha (1 + k) = 2.6 > 2: swings grow, then persist within the bounds") {
            const auto e = path(0.999);
            for (std::size_t i = 1; i < e.size(); ++i) CHECK(e[i] * e[i - 1] < 0.0);
            CHECK(std::abs(e[3]) > std::abs(e[1]));
            CHECK(std::abs(e[199]) > 50.0);
            CHECK(std::abs(e[198]) > 50.0);
        }
    }

    TEST_CASE("Price: a contract reset closes pass-through of the gap to lagged spot") {
        Market m = market(100.0, 1.0, 30.0);
        m.contract_pass_through = 0.5;
        CHECK(model::next_contract(m, 100.0, 140.0) == doctest::Approx(120.0));
        m.contract_pass_through = 1.0;
        CHECK(model::next_contract(m, 100.0, 140.0) == doctest::Approx(140.0));
        CHECK(model::next_contract(m, 100.0, 5.0) == doctest::Approx(10.0));  // cash cost
        m.spot_share = 0.25;
        CHECK(model::transaction_price(m, 200.0, 100.0) == doctest::Approx(125.0));
    }
}  // TEST_SUITE
