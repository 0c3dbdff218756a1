#include "model/engine/blocks/inventory.hpp"

#include <algorithm>

#include "model/engine/context.hpp"

namespace memchain::model::blocks {

Inventory::Inventory(Context& ctx, NodeId id, const Node& spec) : Block(ctx, id, spec) {}

void Inventory::start(sim::Kernel& k) {
    if (spec_.initial_stock > 0.0) {
        Lot lot;
        lot.id = ctx_.shipping().next_lot_id();
        lot.product = ctx_.product_id(spec_.product);
        lot.units = spec_.initial_stock;
        receive(k, lot);
    }
}

double Inventory::room_for(ProductId) const {
    if (!spec_.stock_capacity) return unbounded;
    return *spec_.stock_capacity - held_ - reserved_;
}

void Inventory::receive(sim::Kernel& k, Lot lot) {
    if (lot.order) ctx_.record_delivery(k, *lot.order, lot.units);
    reserved_ = std::max(0.0, reserved_ - lot.units);
    held_ += lot.units;
    lot.arrived = k.now();
    lots_.push_back(lot);
    stock_.set(k.now(), held_);
    forward(k);
}

void Inventory::forward(sim::Kernel& k) {
    if (out_lanes_.empty()) return;
    bool sent = false;
    while (!lots_.empty() && try_send(k, lots_.front())) {
        held_ -= lots_.front().units;
        total_out_ += lots_.front().units;
        lots_.pop_front();
        sent = true;
    }
    if (!sent) return;
    if (held_ < 1e-9) held_ = 0.0;
    stock_.set(k.now(), held_);
    wake_waiters(k);
}

void Inventory::sample(sim::Time, NodeSample& out) {
    out.inventory = held_;
    out.output = total_out_;
}

void Inventory::add_kpis(sim::Time end, std::vector<Kpi>& out) const {
    out.push_back({"stock_mean", "", "", spec_.name, stock_.average(end)});
}

}  // namespace memchain::model::blocks
