#pragma once
// What the parts of a running replication may touch: the blocks, lanes, shock scheduler and
// sampler get a Context instead of the replication. It names the parts they share (the kernel,
// the random streams, the order book, the routes and their lanes, the lots in transit, the run
// statistics, the bottleneck detector) and the recording flags; it owns none of them. A test
// builds a Context over a few parts of its own, without a whole network.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/engine/lot.hpp"
#include "model/engine/order_listener.hpp"
#include "model/policy/order_rules.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"
#include "sim/rng.hpp"

namespace memchain::model {

namespace blocks {
class Block;
}
class BottleneckDetector;
class LaneRuntime;
class OrderBook;
class OrderTaker;
struct Order;
class Routes;
class RunStatistics;

struct ContextParts {
    sim::Kernel* kernel = nullptr;
    const Scenario* scenario = nullptr;
    const sim::StreamFactory* streams = nullptr;
    int replication = 0;
    std::vector<std::unique_ptr<blocks::Block>>* blocks = nullptr;
    Routes* routes = nullptr;
    OrderBook* orders = nullptr;
    Shipping* shipping = nullptr;
    RunStatistics* statistics = nullptr;
    BottleneckDetector* bottlenecks = nullptr;
    OrderListener* order_listener = nullptr;  // the markets; none unless a product has one
};

class Context {
public:
    // Every part must outlive the context; statistics count from `warmup_end`.
    Context(ContextParts parts, sim::Time warmup_end);

    [[nodiscard]] sim::Kernel& kernel() { return *p_.kernel; }
    [[nodiscard]] const Scenario& scenario() const { return *p_.scenario; }
    // A periodic step (the sampler, markets, expansions, cuts, wafer mixes): schedules the
    // handler's next one a sample interval after now, unless that is past the horizon.
    void schedule_next_sample(sim::Kernel& k, sim::HandlerId handler, std::uint8_t kind,
                              std::int16_t priority) const;
    // The stream of this replication named by (entity, purpose); for construction, not events.
    [[nodiscard]] sim::RandomStream stream(std::string_view entity, std::string_view purpose) const;
    [[nodiscard]] blocks::Block& block(NodeId node) { return *(*p_.blocks)[index_of(node)]; }
    [[nodiscard]] std::size_t block_count() const { return p_.blocks->size(); }
    [[nodiscard]] Routes& routes() { return *p_.routes; }
    [[nodiscard]] LaneRuntime& lane(LaneId lane);
    [[nodiscard]] OrderBook& orders() { return *p_.orders; }
    [[nodiscard]] Shipping& shipping() { return *p_.shipping; }
    [[nodiscard]] RunStatistics& statistics() { return *p_.statistics; }
    // Who hears of orders placed and delivered (the run's markets, when a product has one).
    void set_order_listener(OrderListener* listener) { p_.order_listener = listener; }

    // Names resolved to ids (none: no such name); for building, not for events. The loader
    // checked every name a scenario uses.
    [[nodiscard]] std::optional<ProductId> find_product(std::string_view name) const;
    [[nodiscard]] std::optional<NodeId> find_node(std::string_view name) const;
    [[nodiscard]] ProductId product_id(std::string_view name) const;
    [[nodiscard]] NodeId node_id(std::string_view name) const;
    [[nodiscard]] const std::string& product_name(ProductId product) const;

    // Recording flags: whether node samples, orders and lots are kept, and whether statistics
    // count at `t` (after the warm-up).
    [[nodiscard]] bool recording() const { return record_; }
    void set_recording(bool record) { record_ = record; }
    [[nodiscard]] bool counting(sim::Time t) const { return t >= warmup_end_; }

    // Books an order (its id, placed and due times are filled here) and hands it to its
    // supplier's allocator. `new_demand` false: units moved from another supplier's order
    // (re-sourced), which the order listener does not hear of as ordered again. `placed`: an
    // order placed before now (open at the start), its due time counted from then; the order
    // listener does not hear of it either (it is not demand of the run).
    OrderId place_order(sim::Kernel& k, Order order, std::optional<sim::Duration> lead_target,
                        bool new_demand = true, std::optional<sim::Time> placed = std::nullopt);
    // Units of an order have arrived at its orderer (the order listener hears of them).
    void record_delivery(sim::Kernel& k, OrderId order, double units);
    // The buyer cancels up to `units` of an order's unshipped part (order rules): they leave
    // the order book's backlog and the supplier's book; recorded. With Resourced the units are
    // counted as moved (the caller orders them elsewhere). Returns the units cancelled.
    double cancel_order(sim::Kernel& k, OrderId order, double units, OrderChangeReason why);
    // The buyer moves an order's due date later (order rules), or with DownstreamFull holds
    // its deliveries at the supplier until `due`; recorded when `record` is set.
    void push_out_order(sim::Kernel& k, OrderId order, sim::Time due, OrderChangeReason why,
                        bool record);
    // A resource's active/inactive state for bottleneck detection.
    void set_active(NodeId node, bool active, sim::Time t);
    // The supplier `node` takes its orders through `taker` (an allocator, when it is built).
    void add_order_taker(NodeId node, OrderTaker& taker);

private:
    [[nodiscard]] OrderTaker& order_taker(NodeId supplier);

    ContextParts p_;
    std::vector<OrderTaker*> order_takers_;  // by node; null for nodes that take no orders
    sim::Time warmup_end_;
    bool record_ = true;
};

}  // namespace memchain::model
