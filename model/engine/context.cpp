#include "model/engine/context.hpp"

#include <cassert>

#include "model/engine/order_book.hpp"
#include "model/engine/order_taker.hpp"
#include "model/engine/routes.hpp"
#include "model/policy/bottleneck.hpp"

namespace memchain::model {

Context::Context(ContextParts parts, sim::Time warmup_end) : p_(parts), warmup_end_(warmup_end) {}

sim::RandomStream Context::stream(std::string_view entity, std::string_view purpose) const {
    return p_.streams->get(static_cast<std::uint64_t>(p_.replication), entity, purpose);
}

LaneRuntime& Context::lane(LaneId lane) {
    return p_.routes->lane(lane);
}

std::optional<ProductId> Context::find_product(std::string_view name) const {
    const std::vector<Product>& products = p_.scenario->products;
    for (std::size_t i = 0; i < products.size(); ++i)
        if (products[i].name == name) return ProductId{static_cast<std::uint32_t>(i)};
    return std::nullopt;
}

std::optional<NodeId> Context::find_node(std::string_view name) const {
    const std::vector<Node>& nodes = p_.scenario->nodes;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].name == name) return NodeId{static_cast<std::uint32_t>(i)};
    return std::nullopt;
}

ProductId Context::product_id(std::string_view name) const {
    const std::optional<ProductId> id = find_product(name);
    assert(id && "the loader checked every product name");
    return id.value_or(ProductId{});
}

NodeId Context::node_id(std::string_view name) const {
    const std::optional<NodeId> id = find_node(name);
    assert(id && "the loader checked every node name");
    return id.value_or(NodeId{});
}

const std::string& Context::product_name(ProductId product) const {
    return p_.scenario->products[index_of(product)].name;
}

OrderId Context::place_order(sim::Kernel& k, Order order, std::optional<sim::Duration> lead_target,
                             bool new_demand, std::optional<sim::Time> placed) {
    order.placed = placed.value_or(k.now());
    if (lead_target) order.due = order.placed + *lead_target;
    const NodeId supplier = order.supplier;
    const ProductId product = order.product;
    const double units = order.quantity;
    const OrderId id = p_.orders->place(order);
    if (new_demand && !placed && p_.order_listener != nullptr)
        p_.order_listener->on_order(product, units);
    order_taker(supplier).add_order(k, id);
    return id;
}

void Context::record_delivery(sim::Kernel& k, OrderId order, double units) {
    p_.orders->record_delivery(k.now(), order, units);
    if (p_.order_listener != nullptr)
        p_.order_listener->on_delivery(p_.orders->order(order).supplier, units);
}

double Context::cancel_order(sim::Kernel& k, OrderId id, double units, OrderChangeReason why) {
    const double cancelled = p_.orders->cancel(
        k.now(), id, units,
        why == OrderChangeReason::PhantomUnwound || why == OrderChangeReason::BookingUnwound);
    if (cancelled <= 0.0) return 0.0;
    Order& o = p_.orders->order(id);
    if (why == OrderChangeReason::Resourced) o.resourced += cancelled;
    order_taker(o.supplier).cancel(id, cancelled);
    if (record_)
        p_.orders->record_change({index_of(id), k.now().to_days(),
                                  to_string(OrderChange::Cancelled), to_string(why), cancelled,
                                  std::nullopt});
    return cancelled;
}

void Context::push_out_order(sim::Kernel& k, OrderId id, sim::Time due, OrderChangeReason why,
                             bool record) {
    Order& o = p_.orders->order(id);
    if (why == OrderChangeReason::DownstreamFull) order_taker(o.supplier).hold(k, o.orderer, due);
    // A held order without a due date gets none: it is not late for being held.
    const bool dated = o.due || why != OrderChangeReason::DownstreamFull;
    if (dated && (!o.due || *o.due < due)) o.due = due;
    if (record && record_)
        p_.orders->record_change({index_of(id), k.now().to_days(),
                                  to_string(OrderChange::PushedOut), to_string(why), o.unshipped(),
                                  (o.due ? *o.due : due).to_days()});
}

void Context::add_order_taker(NodeId node, OrderTaker& taker) {
    if (order_takers_.size() <= index_of(node)) order_takers_.resize(index_of(node) + 1, nullptr);
    order_takers_[index_of(node)] = &taker;
}

OrderTaker& Context::order_taker(NodeId supplier) {
    assert(index_of(supplier) < order_takers_.size() && order_takers_[index_of(supplier)] &&
           "orders go to allocators (checked by the loader)");
    return *order_takers_[index_of(supplier)];
}

void Context::set_active(NodeId node, bool active, sim::Time t) {
    p_.bottlenecks->set_active(static_cast<int>(index_of(node)), active, t);
}

void Context::schedule_next_sample(sim::Kernel& k, sim::HandlerId handler, std::uint8_t kind,
                                   std::int16_t priority) const {
    const sim::Time next = k.now() + scenario().recording.sample_interval;
    if (next <= sim::Time::zero() + scenario().horizon)
        k.schedule_at(next, handler, kind, 0, priority);
}

}  // namespace memchain::model
