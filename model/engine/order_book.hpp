#pragma once
// The order book of a replication: every order placed (by buyers and by replenished input
// buffers), what was shipped and delivered of each, and per product the open backlog, the
// deliveries of the recent throughput window and the quoted lead time they imply. It also
// keeps the delivery rows the `deliveries` and `lots` recording details ask for.
//
// Quoted lead time of a product = backlog / recent throughput (units delivered in the last
// `recording.throughput_window`, per day); unknown until a whole window has passed since the
// product's first delivery, zero when nothing is open.

#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "model/engine/lot.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/stats.hpp"
#include "sim/time.hpp"

namespace memchain::model {

// An order from a buyer (or a node's replenished input) to a supplier (an allocator).
struct Order {
    OrderId id{};
    NodeId orderer{};                    // the node that receives the units
    std::optional<std::uint32_t> input;  // the orderer's input buffer; none: a buyer's stock
    NodeId supplier{};
    ProductId product{};
    int tier = 1;
    double quantity = 0.0;   // as placed
    double cancelled = 0.0;  // unshipped units its buyer cancelled (order rules)
    double unwound = 0.0;    // of those, phantom (inflated) units, never real demand, and units
                             // booked ahead of need, ordered again when the need comes
    double resourced = 0.0;  // of those, units moved to another supplier (sourcing): the demand
                             // lives on in the new order
    double shipped = 0.0;    // allocated and on its way
    double delivered = 0.0;  // arrived
    double on_time = 0.0;    // arrived by the due time (all of it when there is none)
    sim::Time placed;
    std::optional<sim::Time> due;
    std::optional<sim::Time> completed;            // nothing more to come: all arrived, or the rest
                                                   // cancelled
    std::optional<std::size_t> last_delivery_row;  // its latest recorded delivery

    [[nodiscard]] double unshipped() const { return quantity - cancelled - shipped; }
    [[nodiscard]] double undelivered() const { return quantity - cancelled - delivered; }
};

class OrderBook {
public:
    // Statistics (peaks, delivered units, quote statistics) count from `warmup_end`.
    OrderBook(const Scenario& scenario, sim::Time warmup_end);

    // Delivery rows are kept only while recording at detail `deliveries` or `lots`.
    void keep_delivery_rows(bool keep) { keep_rows_ = keep; }
    // A product someone orders: it gets product samples and KPIs.
    void mark_ordered(ProductId product) { ordered_[index_of(product)] = true; }
    [[nodiscard]] bool is_ordered(ProductId product) const { return ordered_[index_of(product)]; }

    // Books a new order (the caller hands it to its supplier); returns its id.
    OrderId place(Order order);
    [[nodiscard]] Order& order(OrderId id) { return orders_[index_of(id)]; }
    [[nodiscard]] const Order& order(OrderId id) const { return orders_[index_of(id)]; }
    [[nodiscard]] const std::vector<Order>& orders() const { return orders_; }
    // A supplier shipped units of an order (allocated and sent).
    void record_shipment(OrderId id, double units) { order(id).shipped += units; }
    // Units of an order arrived at its orderer.
    void record_delivery(sim::Time now, OrderId id, double units);
    // Its buyer cancelled `units` of an order's unshipped part (at most what is unshipped;
    // the caller takes them out of the supplier's book): they leave the product's backlog.
    // `phantom`: inflated units, not real demand. Returns the units cancelled.
    double cancel(sim::Time now, OrderId id, double units, bool phantom);
    // A push-out or cancellation, kept as a row while change rows are kept.
    void keep_change_rows(bool keep) { keep_changes_ = keep; }
    void record_change(OrderChangeRecord change) {
        if (keep_changes_) changes_.push_back(std::move(change));
    }

    [[nodiscard]] double backlog(ProductId product) const { return backlog_[index_of(product)]; }
    [[nodiscard]] double recent_throughput_per_day(ProductId product, sim::Time now);
    // Backlog over recent throughput; none until a whole throughput window has passed since the
    // first delivery. `placing`: units about to be ordered, counted in the backlog (the quote a
    // new order of that size is given).
    [[nodiscard]] std::optional<double> quoted_lead_time_days(ProductId product, sim::Time now,
                                                              double placing = 0.0);
    // A quote taken by the sampler after the warm-up, for the quoted lead time KPIs.
    void note_quote(ProductId product, double days);

    // Per ordered product: backlog peak and end, throughput, quoted lead time mean and peak.
    void add_product_kpis(std::vector<Kpi>& out, sim::Time horizon) const;
    [[nodiscard]] std::vector<DeliveryRecord> take_delivery_rows() { return std::move(rows_); }
    [[nodiscard]] std::vector<OrderChangeRecord> take_change_rows() { return std::move(changes_); }

private:
    [[nodiscard]] bool counting(sim::Time t) const { return t >= warmup_end_; }
    void trim_throughput_window(std::size_t product, sim::Time now);
    void record_delivery_row(Order& o, sim::Time now, double units);

    const Scenario& scenario_;
    sim::Time warmup_end_;
    bool keep_rows_ = false;
    bool keep_changes_ = false;
    std::vector<Order> orders_;
    std::vector<DeliveryRecord> rows_;
    std::vector<OrderChangeRecord> changes_;

    // Per product: open (undelivered) order units, and deliveries in the throughput window.
    std::vector<bool> ordered_;
    std::vector<double> backlog_;
    std::vector<double> backlog_peak_;
    std::vector<double> delivered_counted_;  // units delivered since the warm-up
    std::vector<std::deque<std::pair<sim::Time, double>>> recent_deliveries_;
    std::vector<double> recent_delivered_;
    std::vector<std::optional<sim::Time>> first_delivery_;
    std::vector<sim::RunningStats> quoted_stats_;
    std::vector<double> quoted_peak_;
};

}  // namespace memchain::model
