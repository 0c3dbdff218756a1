#pragma once
// Price formation in a product's market: the commodity-cycle form of Sterman, *Business
// Dynamics* (2000), ch. 20 ("The commodity cycle"): traders set a price relative to a reference
// from how well the market is covered relative to a reference coverage, with a sensitivity;
// the price they quote follows that indicated price with a first-order delay; no maker sells
// below its cash cost for long, so the indicated price is floored there. Contract prices reset
// at their own period toward spot, with a lag (prices negotiated ahead). Pure functions of
// plain numbers: every step can be checked by hand.
//
// The rule, with p_ref the reference price, c the cash cost, s the sensitivity, tau the
// adjustment time, M the largest relative coverage:
//
//   relative coverage  x = one of (PriceRule::coverage)
//       Flow    supply per day / demand per day
//       Stock   (stock / demand per day) / reference coverage days
//               with a forward horizon H > 0 (expectations, below):
//               (stock + H x expected supply per day) / (demand per day x (reference + H))
//       Orders  reference coverage days / (open orders / supply per day)
//     held within [1/M, M] (an empty stock or order book gives a finite price); with no
//     demand and no supply x = 1 (nothing to learn), with one of them zero x is 1/M or M.
//     A part priced off what it goes into (a `downstream` market with weight w in (0, 1])
//     uses x = x_own^(1 - w) x x_down^w, the downstream market's own x of the same step: with
//     its own market balanced, HBM's indicated price is p_ref x x_down^(-w s).
//   expectations       traders price in supply loss already known before the stock runs
//     down: with H > 0 the stock counts with the output the makers are expected to deliver
//     over the next H days (E per day, from their capacity plans and the capacity shocks
//     already announced; engine/market.hpp), against the demand of reference + H days. At
//     balance (E = demand, stock = reference days) x = 1; a known loss of L units over the
//     horizon lowers x by L / (demand x (reference + H)) at once, and as it happens the stock
//     falls by what the horizon no longer holds, so x stays where the news put it. With H = 0
//     it is the stock form above. Sterman's commodity chapter (ch. 20) has traders read
//     inventory coverage; the forward part, like traders' expected production in the
//     commodity-storage literature (Williams and Wright, *Storage and Commodity Markets*,
//     1991: price reflects expected availability over the horizon before the harvest), is
//     an assumption of the model (data/README.md).
//   indicated price    p* = max(c, premium x a x x^-s)          premium 1 unless a price shock
//   anchor             a = p_ref, fixed, unless the market has an anchor time T_a: then the
//                      traders' expected price of Sterman's commodity chapter (section 20.2,
//                      price formation: traders anchor on the price they expect and adjust it
//                      toward the price they see), a(t + dt) = p + (a(t) - p) e^(-dt / T_a)
//                      with p the spot just set, also >= c. With a fixed anchor a coverage
//                      held away from 1 holds the price away from p_ref; with a moving one
//                      the price keeps moving until coverage is back at 1: the rule has
//                      integral action, so a lasting shift in demand or supply is priced
//                      until the coverage (with coverage orders: the quoted lead time) is
//                      back at its reference, not just until the flows balance.
//   spot               p(t + dt) = p* + (p(t) - p*) e^(-dt / tau)
//     the exact solution of dp/dt = (p* - p) / tau with p* held over the step: for any step
//     the spot moves 1 - e^(-dt/tau) of the way (63% after tau, 95% after 3 tau), never
//     overshoots, and stays >= c when it starts >= c.
//   contract           at every reset (each contract period from the start)
//                      K' = K + w (p(t - lag) - K), w the pass-through, also >= c.
//
// Equilibria a reader can derive (tests/model/policy/price_test.cpp checks each):
//   - a sustained supply cut of a fraction f with unchanged demand (Flow) moves the spot to
//     p_ref (1 - f)^-s, reaching 1 - e^(-t/tau) of the move after t;
//   - with demand D(p) = a - b p and supply S(p) = c0 + d p answering to the price (Flow),
//     the rest point is the algebra's equilibrium p_e = (a - c0) / (b + d) when p_ref = p_e;
//   - cobweb (supply set at last step's price, Flow): near p_e one step maps a deviation e to
//     (1 - alpha (1 + k)) e with alpha = 1 - e^(-dt/tau) and k = s p_e (b + d) / q_e, so the
//     price converges when alpha (1 + k) < 2 (without oscillation when <= 1) and oscillates
//     with growing swings, until the floor and M bound them, when alpha (1 + k) > 2. With
//     alpha = 1 and s = q_e / (p_e (b + d)) this is Ezekiel's (1938) cobweb condition d < b.
//
// Bad input (non-positive prices, s <= 0, tau <= 0, M < 1) is refused by the scenario reader;
// here it is asserted. Cost: a pow and an exp per market and step.

#include <cstdint>

namespace memchain::model {

// The parameters of one market's rule, in money per unit of its product and days.
struct PriceRule {
    enum class Coverage : std::uint8_t { Flow, Stock, Orders };
    double reference_price = 1.0;   // p_ref: the price at balance (x = 1)
    double cash_cost = 0.0;         // c: the floor
    double sensitivity = 1.0;       // s > 0
    double adjustment_days = 30.0;  // tau > 0
    Coverage coverage = Coverage::Flow;
    double reference_coverage_days = 0.0;  // Stock and Orders
    double forward_horizon_days = 0.0;     // H: Stock only; 0 reads the stock alone
    double max_relative_coverage = 10.0;   // M >= 1
    double contract_pass_through = 1.0;    // w in (0, 1]
    double spot_share = 0.0;               // share of units paid at spot, [0, 1]
    double anchor_days = 0.0;              // T_a: the anchor follows spot over it; 0: fixed
};

// What the engine observes of a market each step, in the product's units.
struct MarketSignals {
    double stock = 0.0;                    // units the sellers hold
    double open_orders = 0.0;              // units ordered and not yet delivered
    double supply_per_day = 0.0;           // recent deliveries per day
    double demand_per_day = 0.0;           // recent orders per day
    double expected_supply_per_day = 0.0;  // makers' expected output over the forward horizon
};

[[nodiscard]] double relative_coverage(const PriceRule& market, const MarketSignals& signals);

// x_own^(1 - weight) x x_down^weight: a part's coverage blended with its downstream market's.
[[nodiscard]] double blended_coverage(double own, double downstream, double weight);

// p* above; `premium` multiplies it (a price shock: 1.2 is 20% above what coverage says).
[[nodiscard]] double indicated_price(const PriceRule& market, double relative_coverage,
                                     double premium = 1.0);

// p* with the anchor `anchor` in the reference price's place (the traders' expected price).
[[nodiscard]] double anchored_indicated_price(const PriceRule& market, double anchor,
                                              double relative_coverage, double premium = 1.0);

// The anchor `step_days` later, from `anchor` now and the spot just set: unchanged when
// anchor_days is 0.
[[nodiscard]] double next_anchor(const PriceRule& market, double anchor, double spot,
                                 double step_days);

// The spot price `step_days` later, from `spot` now and the indicated price held over the step.
[[nodiscard]] double next_spot(const PriceRule& market, double spot, double indicated,
                               double step_days);

// A buyer's perceived price `step_days` later (a first-order delay, Sterman's perception of
// price): it moves 1 - e^(-step/T) of the way from `perceived` to `contract`, T =
// `adjustment_days` > 0.
[[nodiscard]] double next_perceived_price(double perceived, double contract, double step_days,
                                          double adjustment_days);

// The contract price after a reset, from the contract price before it and the spot price
// `contract_lag_days` before the reset.
[[nodiscard]] double next_contract(const PriceRule& market, double contract, double lagged_spot);

// The price one delivered unit fetches: spot_share x spot + (1 - spot_share) x contract.
[[nodiscard]] double transaction_price(const PriceRule& market, double spot, double contract);

}  // namespace memchain::model
