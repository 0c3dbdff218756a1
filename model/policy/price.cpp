#include "model/policy/price.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace memchain::model {

namespace {

// a / b as a relative coverage: both zero says nothing (balance), one of them zero is an
// extreme the clamp then bounds.
double ratio(double a, double b, double most) {
    if (a <= 0.0 && b <= 0.0) return 1.0;
    if (b <= 0.0) return most;
    if (a <= 0.0) return 1.0 / most;
    return a / b;
}

// A first-order delay over one step: `value` moves 1 - e^(-step/time) of the way to `target`
// (the exact solution of dv/dt = (target - v) / time with the target held over the step).
double toward(double value, double target, double step_days, double time_days) {
    return target + (value - target) * std::exp(-step_days / time_days);
}

}  // namespace

double relative_coverage(const PriceRule& market, const MarketSignals& signals) {
    assert(market.max_relative_coverage >= 1.0 && "the reader checks max_relative_coverage");
    const double most = market.max_relative_coverage;
    double x = 1.0;
    switch (market.coverage) {
    case PriceRule::Coverage::Flow:
        x = ratio(signals.supply_per_day, signals.demand_per_day, most);
        break;
    case PriceRule::Coverage::Stock:
        // Days of demand in stock over the reference days: stock / (demand x reference);
        // with a forward horizon, the stock and the output expected over it, against the
        // demand of reference + horizon days.
        if (market.forward_horizon_days > 0.0) {
            const double horizon = market.forward_horizon_days;
            x = ratio(signals.stock + horizon * signals.expected_supply_per_day,
                      signals.demand_per_day * (market.reference_coverage_days + horizon), most);
        } else {
            x = ratio(signals.stock, signals.demand_per_day * market.reference_coverage_days, most);
        }
        break;
    case PriceRule::Coverage::Orders:
        // Reference days over days of open orders: supply x reference / open orders.
        x = ratio(signals.supply_per_day * market.reference_coverage_days, signals.open_orders,
                  most);
        break;
    }
    return std::clamp(x, 1.0 / most, most);
}

double blended_coverage(double own, double downstream, double weight) {
    assert(own > 0.0 && downstream > 0.0 && weight >= 0.0 && weight <= 1.0 &&
           "coverages are held in [1/M, M]; the reader checks the weight");
    return std::pow(own, 1.0 - weight) * std::pow(downstream, weight);
}

double indicated_price(const PriceRule& market, double relative_coverage, double premium) {
    return anchored_indicated_price(market, market.reference_price, relative_coverage, premium);
}

double anchored_indicated_price(const PriceRule& market, double anchor, double relative_coverage,
                                double premium) {
    assert(relative_coverage > 0.0 && anchor > 0.0 && "prices are positive");
    const double price = premium * anchor * std::pow(relative_coverage, -market.sensitivity);
    return std::max(market.cash_cost, price);
}

double next_anchor(const PriceRule& market, double anchor, double spot, double step_days) {
    assert(market.anchor_days >= 0.0 && step_days >= 0.0 && "the reader checks times");
    if (market.anchor_days <= 0.0) return anchor;
    return std::max(market.cash_cost, toward(anchor, spot, step_days, market.anchor_days));
}

double next_spot(const PriceRule& market, double spot, double indicated, double step_days) {
    assert(market.adjustment_days > 0.0 && step_days >= 0.0 && "the reader checks times");
    return toward(spot, indicated, step_days, market.adjustment_days);
}

double next_perceived_price(double perceived, double contract, double step_days,
                            double adjustment_days) {
    assert(adjustment_days > 0.0 && step_days >= 0.0 && "the reader checks times");
    return toward(perceived, contract, step_days, adjustment_days);
}

double next_contract(const PriceRule& market, double contract, double lagged_spot) {
    const double next = contract + market.contract_pass_through * (lagged_spot - contract);
    return std::max(market.cash_cost, next);
}

double transaction_price(const PriceRule& market, double spot, double contract) {
    return market.spot_share * spot + (1.0 - market.spot_share) * contract;
}

}  // namespace memchain::model
