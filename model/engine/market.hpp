#pragma once
// The markets of a run: one per product with a `market:`, each with a spot and a contract
// price moved every sample interval by the rule in policy/price.hpp, from what the engine saw
// over the throughput window (units ordered and delivered per day, the sellers' stock, the
// open orders). Prices reach demand: a capex buyer of the product buys budget / price (its
// blended unit price scales with contract / reference price), and a buyer with elasticities
// multiplies its units and its content per unit by (price / reference)^elasticity, the price
// being the contract, or with an adjustment time T a perceived price that starts at the
// contract and moves 1 - e^(-dt/T) of the way to it at each step of dt (a first-order delay).
// Deliveries are paid: every sample interval each seller (an allocator of the product) earns
// its delivered units x the price in force over the interval (policy transaction_price), and
// books units x cash cost as cost.
//
// A market with a forward horizon H (stock coverage only) also counts the output its makers
// (the stations and assemblies of its product with a capacity rate) are expected to deliver
// over the next H days: each maker's capacity plan times its yield plan, with the scenario's
// scheduled capacity_loss, outage and capacity_expansion shocks on it applied as they will run
// (linear recovery, ramp), each known from its start day on (a fire is news the day it
// starts, not before). Random shocks' occurrences and expansions decided in the run are not
// read ahead: a limitation. Makers are taken to run at capacity.
//
// Both prices start at the reference price, or spot at the market's `initial_spot` for a run
// that starts mid-cycle: spot holds there until prices are discovered, then moves by the rule.
//
// A run without a market has no Markets object at all, so it is unchanged event for event.
// The event path (on_order, on_delivery) indexes vectors; it never allocates or looks up names.

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "model/engine/ids.hpp"
#include "model/engine/order_listener.hpp"
#include "model/engine/sample_step.hpp"
#include "model/policy/price.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class Context;

class Markets final : public SampleStep, public OrderListener {
public:
    explicit Markets(Context& ctx);

    // Whether any product of `scenario` has a market (a run builds Markets only then).
    [[nodiscard]] static bool any(const Scenario& scenario);

    // Units of `product` ordered now, and units a `supplier` delivered (arrived at the buyer).
    void on_order(ProductId product, double units) override {
        const int m = market_of_product_[index_of(product)];
        if (m >= 0) markets_[static_cast<std::size_t>(m)].ordered += units;
    }
    void on_delivery(NodeId supplier, double units) override {
        const int s = seller_of_node_[index_of(supplier)];
        if (s < 0) return;
        Seller& seller = sellers_[static_cast<std::size_t>(s)];
        seller.units += units;
        markets_[static_cast<std::size_t>(seller.market)].delivered += units;
    }
    // A price shock: the indicated price of `product`'s market is multiplied by `premium`.
    void set_premium(ProductId product, double premium);
    [[nodiscard]] bool has_market(ProductId product) const {
        return market_of_product_[index_of(product)] >= 0;
    }

    // (contract - cash cost) / contract of `product`'s market now; none without a market.
    [[nodiscard]] std::optional<double> contract_margin(ProductId product) const {
        const int m = market_of_product_[index_of(product)];
        if (m < 0) return std::nullopt;
        const State& s = markets_[static_cast<std::size_t>(m)];
        return (s.contract - s.spec->cash_cost) / s.contract;
    }

    // spot / reference price - 1 of `product`'s market now; none without a market.
    [[nodiscard]] std::optional<double> spot_premium(ProductId product) const {
        const int m = market_of_product_[index_of(product)];
        if (m < 0) return std::nullopt;
        const State& s = markets_[static_cast<std::size_t>(m)];
        return s.spot / s.spec->reference_price - 1.0;
    }

    // contract - cash cost of `product`'s market now, per unit; none without a market.
    [[nodiscard]] std::optional<double> contract_margin_per_unit(ProductId product) const {
        const int m = market_of_product_[index_of(product)];
        if (m < 0) return std::nullopt;
        const State& s = markets_[static_cast<std::size_t>(m)];
        return s.contract - s.spec->cash_cost;
    }

    void add_kpis(sim::Time warmup_end, std::vector<Kpi>& out) const;

    std::vector<MarketSample> samples;
    std::vector<RevenueRecord> revenue;

private:
    struct Window {
        double ordered = 0.0;
        double delivered = 0.0;
    };
    struct State {
        const Market* spec = nullptr;
        PriceRule rule;
        ProductId product{};
        double spot = 0.0;
        double contract = 0.0;
        double premium = 1.0;
        double anchor = 0.0;  // the traders' expected price (policy/price.hpp)
        double next_reset_day = 0.0;
        double ordered = 0.0;       // since the last step
        double delivered = 0.0;     // since the last step
        std::deque<Window> window;  // the last steps' flows, newest last
        Window window_sum;
        std::vector<std::pair<double, double>> spot_history;  // (day, spot), for contract lags
        std::vector<NodeId> sellers;                          // allocator nodes
        std::optional<double> trading_since;  // the day of the step of its first delivery
        bool trading = false;                 // a whole window of trade has passed: the price moves
        double coverage = 1.0;                // its own relative coverage at this step
        int downstream = -1;                  // the market it is priced off, if any
        double stock = 0.0;  // what the sellers hold, read once per step for prices and samples
        std::vector<std::size_t> makers;  // node indexes: with a forward horizon only
        std::vector<std::pair<std::size_t, const Shock*>> known;  // (maker node, its shock)
    };
    struct Seller {
        NodeId node{};
        int market = 0;
        double units = 0.0;  // delivered since the last step
    };
    struct PricedBuyer {
        NodeId node{};
        int market = 0;
        bool capex = false;
        double units_elasticity = 0.0;
        double content_elasticity = 0.0;
        double adjustment_days = 0.0;  // 0: the elasticities answer to the contract at once
        double perceived = 0.0;        // the price they answer to: the contract's at the start
    };

    void step(sim::Kernel& k) override;
    [[nodiscard]] double sellers_stock(const State& m, sim::Time now);
    void pay_sellers(double start_day, double end_day);
    void observe(State& m, double day, double step_days);
    void update_prices(State& m, double day, double step_days);
    void reset_contracts(State& m, double day);
    [[nodiscard]] double spot_at(const State& m, double day) const;
    // The makers' output per day expected over the next forward horizon, as known on `day`.
    [[nodiscard]] double expected_supply_per_day(const State& m, double day) const;
    void set_buyer_factors(double step_days);

    std::vector<State> markets_;
    std::vector<Seller> sellers_;
    std::vector<PricedBuyer> buyers_;
    std::vector<int> market_of_product_;  // -1: no market
    std::vector<int> seller_of_node_;     // -1: sells in no market
    int period_ = 0;
    double last_step_day_ = 0.0;
    std::size_t window_steps_ = 1;
};

}  // namespace memchain::model
