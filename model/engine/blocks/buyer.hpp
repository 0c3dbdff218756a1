#pragma once
// A buyer: turns its demand (a plan, capex through a unit price, Poisson unit demands or i.i.d.
// normal demand per period) into orders with its suppliers, split by their shares, under its
// ordering policy: make-to-order (each period's demand is ordered), base stock (continuous
// review, one-for-one) or order-up-to with a moving-average forecast (periodic review). Stock
// policies serve end demand from stock and backorder the rest; deliveries serve backorders
// first. What arrives is passed downstream when the buyer has out-lanes (e.g. to a cluster
// build); a delivery larger than the room downstream goes on in parts, as much as one lane's
// destination can take each time room appears (a rule: racks are installed a few at a time,
// not by the delivery, so a buyer with large deliveries is not shut out by others' small ones).
// Orders may be inflated when quoted lead times grow, and a make-to-order buyer may book ahead
// of need while quotes are long (Booking in scenario.hpp; both off by default).
//
// Order rules (OrderRules in scenario.hpp, policy/order_rules.hpp; off by default): at each
// review the buyer cancels or pushes out its open orders' unshipped parts past a maximum age
// or a lead-time tolerance, holds its deliveries at its suppliers while it cannot pass on what
// it has (its downstream is full), and cancels phantom (inflated) units the quoted lead time
// no longer justifies, newest orders first, and units booked ahead beyond what today's quote
// asks for. Cancelled units leave its units on order, so a
// stock policy orders them again if it still needs them.
//
// Stocking up on news (StockUp in scenario.hpp; off by default): a base-stock buyer raises its
// level by its stated cover of the share of its supply a scheduled capacity shock upstream takes,
// on the shock's first day (or, with `pace: with_loss`, day by day while the stop lasts, up to
// its cover), and lowers it again when the shock's full effect ends.
//
// Suppliers are contracts (engine/sourcing.hpp): orders go to the suppliers qualified on the
// day, and with flexible ranges what a supplier falls short on is re-sourced to the others when
// the buyer next orders, at most once per demand period, never while its deliveries are held.

#include <deque>
#include <optional>
#include <vector>

#include "model/engine/blocks/block.hpp"
#include "model/engine/sourcing.hpp"
#include "model/policy/order_rules.hpp"
#include "sim/rng.hpp"
#include "sim/stats.hpp"

namespace memchain::model::blocks {

class Buyer final : public Block {
public:
    Buyer(Context& ctx, NodeId id, const Node& spec);

    void start(sim::Kernel& k) override;
    [[nodiscard]] double room_for(ProductId product) const override;
    void reserve(ProductId, double units) override { reserved_ += units; }
    [[nodiscard]] bool is_empty_for(ProductId) const override { return held_ + reserved_ <= 1e-9; }
    void receive(sim::Kernel& k, Lot lot) override;
    void set_demand_factor(double factor) override { demand_factor_ = factor; }
    // The market's answer (engine/market.hpp): units and content per unit are multiplied by
    // these factors from now on. Their time averages are the KPIs units_price_factor_mean and
    // content_price_factor_mean: the share of the plan the buyer kept at the prices it met.
    void set_price_factors(sim::Time now, double units, double content) {
        units_price_factor_ = units;
        content_price_factor_ = content;
        units_factor_tw_.set(now, units);
        content_factor_tw_.set(now, content);
        priced_ = true;
    }

    void sample(sim::Time now, NodeSample& out) override;
    void add_kpis(sim::Time end, std::vector<Kpi>& out) const override;
    void reset_statistics(sim::Time t) override;
    // A buyer with a stock bound is a resource for bottleneck detection: it binds (is active)
    // while it is full and a supplier waits to deliver, like a full pool.
    [[nodiscard]] bool is_resource() const override { return spec_.stock_capacity.has_value(); }

    [[nodiscard]] bool keeps_stock() const;
    // Since the warm-up: units of end demand, and those served from stock at once.
    [[nodiscard]] double end_demand_units() const { return demand_units_; }
    [[nodiscard]] double served_from_stock_units() const { return immediate_units_; }

private:
    enum Kind : std::uint8_t {
        PeriodEnd = first_own_kind,
        UnitDemand,
        OrdersReview,
        Recheck,
        NewsBegins,  // arg: index in news_
        NewsDay,     // arg: index in news_ (pace: with_loss)
        NewsEnds
    };
    // A scheduled shock on a maker upstream of the buyer, and the level it added while it ran.
    struct News {
        const Shock* shock = nullptr;
        std::size_t maker = 0;  // node index
        double extra = 0.0;
        double share = 0.0;      // the maker's share of supply times what the shock takes
        double days_left = 0.0;  // pace with_loss: days of the share still to buy
        bool ended = false;
    };

    void on_event(sim::Kernel& k, const sim::Event& ev) override;
    void retry(sim::Kernel& k) override { forward(k); }
    void on_waiter_added() override;
    // Room freed here: the waiting suppliers retry, and the buyer stops binding once none of
    // them is still waiting.
    void room_freed(sim::Kernel& k);
    void on_period_end(sim::Kernel& k);
    void schedule_unit_demand(sim::Kernel& k);
    void end_demand(sim::Kernel& k, double units);
    void review(sim::Kernel& k);
    // Orders open at the start (OpenAtStart in scenario.hpp): placed with the suppliers on day 0
    // as if on their date, before any order of the run.
    void place_open_at_start(sim::Kernel& k);
    // Orders `units`, of which the share 1 - 1/factor is inflation (phantom).
    void order(sim::Kernel& k, double units, double factor = 1.0);
    void review_orders(sim::Kernel& k);
    [[nodiscard]] bool downstream_full() const;
    // Cancels up to `units` of open orders' unshipped parts, newest first; returns units
    // cancelled.
    double cancel_newest(sim::Kernel& k, double units, OrderChangeReason why);
    [[nodiscard]] sim::Duration review_period() const;
    void forward(sim::Kernel& k);
    void set_stock(sim::Time now);
    [[nodiscard]] double rate_per_day(double day) const;
    [[nodiscard]] double inflation_factor(sim::Time now);
    // Stocking up: the shocks that are news to this buyer, found once when it starts.
    void find_news();
    void on_news_begins(sim::Kernel& k, std::size_t i);
    void on_news_day(sim::Kernel& k, std::size_t i);
    [[nodiscard]] double news_demand_per_day(double day) const;
    void on_news_ends(std::size_t i);
    // Booking ahead: the units the booking horizon asks to keep booked ahead of need now (none
    // without a quote), and of a period's need `units`, what must still be ordered (the rest
    // was booked before).
    [[nodiscard]] std::optional<double> booking_target(sim::Time now);
    [[nodiscard]] double take_booked(double units);

    ProductId product_;
    Sourcing sourcing_;
    sim::RandomStream demand_rng_;
    double demand_factor_ = 1.0;
    double units_price_factor_ = 1.0;
    double content_price_factor_ = 1.0;
    double max_rate_ = 0.0;

    double held_ = 0.0;  // on hand: stock, or lots waiting to be passed downstream
    std::deque<Lot> outgoing_;
    double reserved_ = 0.0;
    double backorders_ = 0.0;
    double on_order_ = 0.0;   // ordered, not yet delivered
    double unordered_ = 0.0;  // fractions of a unit carried to the next order
    double period_demand_ = 0.0;
    double demand_carry_ = 0.0;   // make-to-order fractions of a unit
    std::deque<double> history_;  // order-up-to: the last p periods' demand
    std::optional<double> reference_quote_;
    std::vector<std::size_t> upstream_makers_;  // stocking up: node indexes
    std::vector<News> news_;
    double booked_ahead_ = 0.0;  // ordered ahead of need (booking), not yet taken by demand
    // Order rules: this buyer's orders that may still have unshipped units, oldest first
    // (filled ones are dropped at reviews), and the phantom units among them.
    std::deque<OrderId> open_orders_;
    double phantom_ = 0.0;
    // While deliveries are held (downstream full): the newest order whose push-out this spell
    // has recorded (ids grow with time).
    std::optional<OrderId> held_up_to_;
    double received_total_ = 0.0;
    bool active_ = false;  // full with a supplier waiting (bottleneck detection)

    // Statistics since the end of the warm-up.
    double demand_units_ = 0.0;
    double immediate_units_ = 0.0;
    sim::TimeWeighted on_hand_;
    sim::TimeWeighted units_factor_tw_{sim::Time::zero(), 1.0};
    sim::TimeWeighted content_factor_tw_{sim::Time::zero(), 1.0};
    bool priced_ = false;  // a market has set the price factors
    sim::TimeWeighted backorders_tw_;
    sim::RunningStats period_demand_stats_;
    sim::RunningStats period_order_stats_;
};

}  // namespace memchain::model::blocks
