#include "model/blocks/allocator.hpp"

#include <algorithm>
#include <cmath>

#include "model/allocation.hpp"
#include "model/lane_runtime.hpp"
#include "model/model.hpp"

namespace memchain::model::blocks {

Allocator::Allocator(Model& model, int index, const Node& spec)
    : Block(model, index, spec), unlimited_(spec.unlimited), policy_(spec.policy) {
    for (const auto& [buyer, share] : spec.contract_shares) contract_shares_[buyer] = share;
}

void Allocator::start(sim::Kernel& k) {
    stock_ = spec_.initial_stock;
    stock_tw_.set(k.now(), stock_);
    for (std::size_t i = 0; i < spec_.policy_changes.size(); ++i) {
        const double day = spec_.policy_changes[i].day;
        if (day <= 0.0) {
            policy_ = spec_.policy_changes[i].policy;
            continue;
        }
        k.schedule_at(sim::Time::zero() + sim::Duration::from_days(day), handler_, PolicyDue, i);
    }
    if (spec_.allocation_period)
        k.schedule_in(*spec_.allocation_period, handler_, AllocateDue);
}

double Allocator::room_for(int) const {
    if (!spec_.stock_capacity) return unbounded;
    return *spec_.stock_capacity - stock_ - reserved_;
}

void Allocator::receive(sim::Kernel& k, Lot lot) {
    if (lot.order != no_order) model_.record_delivery(k, lot.order, lot.units);
    reserved_ = std::max(0.0, reserved_ - lot.units);
    model_.record_absorbed(k.now(), lot);  // into stock: the lot's own way ends here
    stock_ += lot.units;
    stock_tw_.set(k.now(), stock_);
    if (!spec_.allocation_period) allocate(k);
}

void Allocator::add_order(sim::Kernel& k, std::uint32_t order) {
    open_.push_back(order);
    if (!spec_.allocation_period) allocate(k);
}

void Allocator::set_policy(sim::Kernel& k, AllocationPolicy policy) {
    policy_ = policy;
    if (!spec_.allocation_period) allocate(k);
}

void Allocator::on_event(sim::Kernel& k, const sim::Event& ev) {
    switch (static_cast<Kind>(ev.kind)) {
    case AllocateDue:
        allocate(k);
        k.schedule_in(*spec_.allocation_period, handler_, AllocateDue);
        break;
    case PolicyDue: set_policy(k, spec_.policy_changes[ev.arg].policy); break;
    }
}

void Allocator::allocate(sim::Kernel& k) {
    if (open_.empty()) return;
    const double available = unlimited_ ? unbounded : std::floor(stock_ + 1e-9);
    if (available < 1.0) return;
    const int product = model_.product_index(spec_.product);
    // What each order may take now: what is unshipped, capped by the room its orderer has left
    // (shared, oldest order first, among orders to the same orderer) and by an open route.
    offers_.clear();
    offer_ids_.clear();
    room_left_.clear();
    bool blocked = false;
    double asked = 0.0;
    for (std::uint32_t id : open_) {
        const Order& o = model_.order(id);
        if (!model_.route_open(index_, o.orderer)) {
            blocked = true;
            continue;
        }
        auto it = std::find_if(room_left_.begin(), room_left_.end(),
                               [&](const auto& r) { return r.first == o.orderer; });
        if (it == room_left_.end()) {
            const Block& to = model_.block(o.orderer);
            double room = to.room_for(product);
            if (to.is_empty_for(product)) room = std::max(room, o.unshipped());
            room_left_.emplace_back(o.orderer, room);
            it = room_left_.end() - 1;
        }
        const double cap = std::floor(std::min(o.unshipped(), it->second) + 1e-9);
        if (cap < o.unshipped() - 1e-9) blocked = true;
        if (cap < 1.0) continue;
        it->second -= cap;
        asked += cap;
        offers_.push_back(OpenOrder{id, model_.scenario().nodes[static_cast<std::size_t>(o.orderer)].name,
                                    o.tier, cap, o.placed});
        offer_ids_.push_back(id);
    }
    if (!offers_.empty()) {
        grants_.resize(offers_.size());
        model::allocate(policy_, unlimited_ ? asked : available, offers_, contract_shares_, true,
                        grants_, workspace_);
        bool shipped_any = false;
        for (std::size_t i = 0; i < grants_.size(); ++i) {
            if (grants_[i] <= 0.0) continue;
            ship(k, offer_ids_[i], grants_[i]);
            shipped_any = true;
        }
        if (shipped_any) {
            open_.erase(std::remove_if(open_.begin(), open_.end(),
                                       [&](std::uint32_t id) {
                                           return model_.order(id).unshipped() < 1e-9;
                                       }),
                        open_.end());
            stock_tw_.set(k.now(), stock_);
            wake_waiters(k);
        }
    }
    if (!blocked) return;
    // Some orderer had no room (or its route was closed): try again when that changes.
    for (std::uint32_t id : open_) {
        const Order& o = model_.order(id);
        model_.block(o.orderer).add_waiter(index_);
        for (int lane : model_.route(index_, o.orderer)) model_.lane(lane).add_waiter(index_);
    }
}

void Allocator::ship(sim::Kernel& k, std::uint32_t id, double units) {
    Order& o = model_.order(id);
    if (!unlimited_) stock_ = std::max(0.0, stock_ - units);
    model_.record_shipment(id, units);
    shipped_total_ += units;
    if (model_.counting(k.now())) shipped_ += units;
    Lot lot;
    lot.id = model_.next_lot_id();
    lot.product = o.product;
    lot.units = units;
    lot.created = lot.arrived = lot.started = k.now();
    lot.order = id;
    model_.block(o.orderer).reserve(o.product, units);
    model_.ship_along_route(k, index_, o.orderer, lot);
}

void Allocator::sample(sim::Time, NodeSample& out) {
    double backlog = 0.0;
    for (std::uint32_t id : open_) backlog += model_.order(id).unshipped();
    out.inventory = unlimited_ ? 0.0 : stock_;
    out.backlog = backlog;
    out.output = shipped_total_;
}

void Allocator::reset_statistics(sim::Time t) {
    shipped_ = 0.0;
    stock_tw_.reset(t);
}

void Allocator::add_kpis(sim::Time end, std::vector<Kpi>& out) const {
    out.push_back({"shipped_units", "", "", spec_.name, shipped_});
    if (!unlimited_) out.push_back({"stock_mean", "", "", spec_.name, stock_tw_.average(end)});
}

}  // namespace memchain::model::blocks
