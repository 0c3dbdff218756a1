#include "model/engine/context.hpp"

#include "model/engine/blocks/allocator.hpp"
#include "model/engine/order_book.hpp"
#include "model/engine/routes.hpp"
#include "model/policy/bottleneck.hpp"

namespace memchain::model {

Context::Context(ContextParts parts, sim::Time warmup_end) : p_(parts), warmup_end_(warmup_end) {}

sim::RandomStream Context::stream(std::string_view entity, std::string_view purpose) const {
    return p_.streams->get(static_cast<std::uint64_t>(p_.replication), entity, purpose);
}

LaneRuntime& Context::lane(int index) {
    return p_.routes->lane(index);
}

int Context::product_index(const std::string& name) const {
    const std::vector<Product>& products = p_.scenario->products;
    for (std::size_t i = 0; i < products.size(); ++i)
        if (products[i].name == name) return static_cast<int>(i);
    return -1;
}

int Context::node_index(const std::string& name) const {
    const std::vector<Node>& nodes = p_.scenario->nodes;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].name == name) return static_cast<int>(i);
    return -1;
}

const std::string& Context::product_name(int product) const {
    static const std::string none;
    const std::vector<Product>& products = p_.scenario->products;
    if (product < 0 || static_cast<std::size_t>(product) >= products.size()) return none;
    return products[static_cast<std::size_t>(product)].name;
}

std::uint32_t Context::place_order(sim::Kernel& k, int orderer, int input, int supplier,
                                   int product, double units, int tier,
                                   std::optional<sim::Duration> lead_target) {
    Order o;
    o.orderer = orderer;
    o.input = input;
    o.supplier = supplier;
    o.product = product;
    o.tier = tier;
    o.quantity = units;
    o.placed = k.now();
    if (lead_target) o.due = k.now() + *lead_target;
    const std::uint32_t id = p_.orders->place(o);
    static_cast<blocks::Allocator&>(block(supplier)).add_order(k, id);
    return id;
}

void Context::record_delivery(sim::Kernel& k, std::uint32_t order, double units) {
    p_.orders->record_delivery(k.now(), order, units);
}

void Context::set_active(int node, bool active, sim::Time t) {
    p_.bottlenecks->set_active(node, active, t);
}

}  // namespace memchain::model
