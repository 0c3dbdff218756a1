#include "model/engine/blocks/allocator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "model/engine/context.hpp"
#include "model/engine/lane.hpp"
#include "model/engine/order_book.hpp"
#include "model/engine/routes.hpp"
#include "model/engine/run_statistics.hpp"
#include "model/policy/allocation.hpp"

namespace memchain::model::blocks {

Allocator::Allocator(Context& ctx, NodeId id, const Node& spec)
    : Block(ctx, id, spec),
      product_(ctx.product_id(spec.product)),
      unlimited_(spec.unlimited),
      policy_(spec.policy) {
    ctx.add_order_taker(id, *this);
    for (const auto& [buyer, share] : spec.contract_shares) contract_shares_[buyer] = share;
    for (const Node& n : ctx.scenario().nodes) {
        const auto it = spec.tiers.find(n.name);
        tier_by_node_.push_back(it != spec.tiers.end() ? it->second : n.tier);
    }
    const std::vector<Node>& nodes = ctx.scenario().nodes;
    std::vector<std::uint32_t> by_name(nodes.size());
    std::iota(by_name.begin(), by_name.end(), 0u);
    std::sort(by_name.begin(), by_name.end(),
              [&](std::uint32_t a, std::uint32_t b) { return nodes[a].name < nodes[b].name; });
    name_rank_by_node_.resize(nodes.size());
    for (std::uint32_t r = 0; r < by_name.size(); ++r) name_rank_by_node_[by_name[r]] = r + 1;
    for (const Node& n : nodes) {
        const auto it = contract_shares_.find(n.name);
        share_by_node_.push_back(it != contract_shares_.end() ? it->second : 0.0);
        name_by_node_.emplace_back(n.name);
    }
}

void Allocator::start(sim::Kernel& k) {
    stock_ = spec_.initial_stock;
    stock_tw_.set(k.now(), stock_);
    for (std::size_t i = 0; i < spec_.policy_changes.size(); ++i) {
        const sim::Time from = spec_.policy_changes[i].from;
        if (from <= sim::Time::zero()) {
            policy_ = spec_.policy_changes[i].policy;
            continue;
        }
        k.schedule_at(from, handler_, PolicyDue, i);
    }
    if (spec_.allocation_period) k.schedule_in(*spec_.allocation_period, handler_, AllocateDue);
}

double Allocator::room_for(ProductId) const {
    if (!spec_.stock_capacity) return unbounded;
    return *spec_.stock_capacity - stock_ - reserved_;
}

void Allocator::receive(sim::Kernel& k, Lot lot) {
    if (lot.order) ctx_.record_delivery(k, *lot.order, lot.units);
    reserved_ = std::max(0.0, reserved_ - lot.units);
    ctx_.statistics().record_absorbed(k.now(), lot);  // into stock: the lot's own way ends here
    stock_ += lot.units;
    stock_tw_.set(k.now(), stock_);
    if (!spec_.allocation_period) allocate(k);
}

Allocator::Queue& Allocator::queue_of(NodeId orderer) {
    if (queue_of_node_.empty()) queue_of_node_.resize(ctx_.scenario().nodes.size());
    std::optional<std::uint32_t>& i = queue_of_node_[index_of(orderer)];
    if (!i) {
        i = static_cast<std::uint32_t>(queues_.size());
        queues_.push_back(
            Queue{orderer, {}, 0.0, 0.0, std::nullopt, !ctx_.routes().route(id_, orderer).empty()});
    }
    return queues_[*i];
}

void Allocator::add_order(sim::Kernel& k, OrderId order) {
    const Order& o = ctx_.orders().order(order);
    Queue& q = queue_of(o.orderer);
    q.orders.push_back(order);
    q.unshipped += o.unshipped();
    open_.push_back(order);
    if (!spec_.allocation_period) allocate(k);
}

void Allocator::cancel(OrderId id, double units) {
    const Order& o = ctx_.orders().order(id);
    queue_of(o.orderer).unshipped -= units;
    // The order book has already taken the units off: an order with nothing left unshipped
    // counts as shipped here, and is dropped from the book like one.
    if (o.unshipped() < 1e-9 && o.unshipped() + units >= 1e-9) ++shipped_in_open_;
    forget_shipped();
}

void Allocator::hold(sim::Kernel& k, NodeId orderer, sim::Time until) {
    Queue& q = queue_of(orderer);
    if (q.held_until && *q.held_until >= until) return;
    q.held_until = until;
    k.schedule_at(until, handler_, HoldEnds, index_of(orderer));
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
    case HoldEnds: allocate(k); break;
    }
}

bool Allocator::route_open(const Queue& q) const {
    return q.has_route &&
           (!ctx_.shipping().any_lane_closed() || ctx_.routes().is_open(id_, q.orderer));
}

double Allocator::cap_for(Queue& q, OrderId order) {
    const Order& o = ctx_.orders().order(order);
    if (!route_open(q)) {
        blocked_ = true;
        return 0.0;
    }
    const double cap = std::floor(std::min(o.unshipped(), q.room) + 1e-9);
    if (cap < o.unshipped() - 1e-9) blocked_ = true;
    return cap < 1.0 ? 0.0 : cap;
}

void Allocator::offer_in_order(double supply, bool by_tier, sim::Time now) {
    // Tiers present, best first; first-come-first-served is one pass over every tier.
    int tier_low = 1, tier_high = 1;
    if (by_tier) {
        tier_low = std::numeric_limits<int>::max();
        tier_high = std::numeric_limits<int>::min();
        for (const Queue& q : queues_) {
            if (q.orders.empty()) continue;
            const int tier = tier_of(q.orderer);
            tier_low = std::min(tier_low, tier);
            tier_high = std::max(tier_high, tier);
        }
    }
    double asked = 0.0;
    for (int tier = tier_low; tier <= tier_high && asked < supply; ++tier) {
        for (OrderId id : open_) {
            if (asked >= supply) break;
            const Order& o = ctx_.orders().order(id);
            if (o.unshipped() < 1e-9 || (by_tier && tier_of(o.orderer) != tier)) continue;
            Queue& q = queue_of(o.orderer);
            if (is_held(q, now)) continue;
            const double cap = cap_for(q, id);
            if (cap <= 0.0) continue;
            q.room -= cap;
            asked += cap;
            offers_.push_back(OpenOrder{
                index_of(id), name_by_node_[index_of(o.orderer)], tier_of(o.orderer), cap, o.placed,
                name_rank_by_node_[index_of(o.orderer)], share_by_node_[index_of(o.orderer)]});
            offer_refs_.push_back(static_cast<std::uint32_t>(id));
        }
    }
}

void Allocator::offer_by_orderer(sim::Time now) {
    for (std::size_t i = 0; i < queues_.size(); ++i) {
        Queue& q = queues_[i];
        if (q.unshipped < 1e-9 || q.orders.empty() || is_held(q, now)) continue;
        if (!route_open(q)) {
            blocked_ = true;
            continue;
        }
        const double cap = std::floor(std::min(q.unshipped, q.room) + 1e-9);
        if (cap < q.unshipped - 1e-9) blocked_ = true;
        if (cap < 1.0) continue;
        const Order& oldest = ctx_.orders().order(q.orders.front());
        offers_.push_back(OpenOrder{static_cast<std::uint64_t>(i),
                                    name_by_node_[index_of(q.orderer)], tier_of(q.orderer), cap,
                                    oldest.placed, name_rank_by_node_[index_of(q.orderer)],
                                    share_by_node_[index_of(q.orderer)]});
        offer_refs_.push_back(static_cast<std::uint32_t>(i));
    }
}

void Allocator::allocate(sim::Kernel& k) {
    if (open_.size() == shipped_in_open_) return;
    const double available = unlimited_ ? unbounded : std::floor(stock_ + 1e-9);
    if (available < 1.0) return;
    blocked_ = false;
    for (Queue& q : queues_) {
        const Block& to = ctx_.block(q.orderer);
        q.room = to.room_for(product_);
        if (to.is_empty_for(product_) && !q.orders.empty())
            q.room = std::max(q.room, ctx_.orders().order(q.orders.front()).unshipped());
    }
    offers_.clear();
    offer_refs_.clear();
    const bool per_order =
        policy_ == AllocationPolicy::Fcfs || policy_ == AllocationPolicy::Priority;
    if (per_order)
        offer_in_order(available, policy_ == AllocationPolicy::Priority, k.now());
    else
        offer_by_orderer(k.now());
    if (!offers_.empty()) {
        double asked = 0.0;
        for (const OpenOrder& offer : offers_) asked += offer.remaining;
        grants_.resize(offers_.size());
        model::allocate(policy_, std::min(available, asked), offers_, contract_shares_, true,
                        grants_, workspace_);
        bool shipped_any = false;
        for (std::size_t i = 0; i < grants_.size(); ++i) {
            double grant = grants_[i];
            if (grant <= 0.0) continue;
            shipped_any = true;
            if (per_order) {
                ship(k, OrderId{offer_refs_[i]}, grant);
                continue;
            }
            // An orderer's share goes to its orders, oldest first.
            Queue& q = queues_[offer_refs_[i]];
            for (OrderId id : q.orders) {
                if (grant <= 1e-9) break;
                const double part = std::min(grant, ctx_.orders().order(id).unshipped());
                if (part <= 0.0) continue;
                ship(k, q, id, part);
                grant -= part;
            }
        }
        if (shipped_any) {
            forget_shipped();
            stock_tw_.set(k.now(), stock_);
            wake_waiters(k);
        }
    }
    if (!blocked_) return;
    // Some orderer had no room (or its route was closed): try again when that changes.
    for (const Queue& q : queues_) {
        if (q.unshipped < 1e-9) continue;
        ctx_.block(q.orderer).add_waiter(id_);
        for (LaneId lane : ctx_.routes().route(id_, q.orderer)) ctx_.lane(lane).add_waiter(*this);
    }
}

void Allocator::forget_shipped() {
    for (Queue& q : queues_)
        while (!q.orders.empty() && ctx_.orders().order(q.orders.front()).unshipped() < 1e-9)
            q.orders.pop_front();
    while (!open_.empty() && ctx_.orders().order(open_.front()).unshipped() < 1e-9) {
        open_.pop_front();
        --shipped_in_open_;
    }
    // Orders shipped out of turn (behind one that waits for room) are dropped in batches.
    if (shipped_in_open_ * 2 > open_.size()) {
        std::erase_if(open_,
                      [&](OrderId id) { return ctx_.orders().order(id).unshipped() < 1e-9; });
        shipped_in_open_ = 0;
    }
}

void Allocator::ship(sim::Kernel& k, OrderId id, double units) {
    ship(k, queue_of(ctx_.orders().order(id).orderer), id, units);
}

void Allocator::ship(sim::Kernel& k, Queue& q, OrderId id, double units) {
    Order& o = ctx_.orders().order(id);
    q.unshipped -= units;
    const bool was_open = o.unshipped() >= 1e-9;
    if (!unlimited_) stock_ = std::max(0.0, stock_ - units);
    ctx_.orders().record_shipment(id, units);
    if (was_open && o.unshipped() < 1e-9) ++shipped_in_open_;
    shipped_total_ += units;
    if (ctx_.counting(k.now())) shipped_ += units;
    Lot lot;
    lot.id = ctx_.shipping().next_lot_id();
    lot.product = o.product;
    lot.units = units;
    lot.created = lot.arrived = lot.started = k.now();
    lot.order = id;
    ctx_.block(o.orderer).reserve(o.product, units);
    if (ctx_.routes().ship(k, id_, o.orderer, lot)) count_rerouted(k.now(), units);
}

void Allocator::sample(sim::Time, NodeSample& out) {
    double backlog = 0.0;
    for (const Queue& q : queues_) backlog += std::max(0.0, q.unshipped);
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
