#include "model/engine/blocks/pool.hpp"

#include <algorithm>

#include "model/engine/context.hpp"
#include "model/engine/run_statistics.hpp"

namespace memchain::model::blocks {

Pool::Pool(Context& ctx, NodeId id, const Node& spec)
    : Block(ctx, id, spec),
      capacity_(spec.pool_capacity ? &*spec.pool_capacity : nullptr, 0.0, spec.active_from) {}

void Pool::start(sim::Kernel& k) {
    occupied_ = spec_.initial_stock;
    if (!spec_.pool_capacity) return;
    capacity_.start(k.now(), ctx_.scenario().horizon);
    capacity_.schedule_next(k, handler_, PlanUpdate);
    update_shares(k.now());
}

void Pool::update_shares(sim::Time now) {
    if (!spec_.pool_capacity) return;
    const double capacity = capacity_now();
    utilization_.set(now, capacity > 0.0 ? occupied_ / capacity : 1.0);
    if (spec_.expansion)
        taken_.set(now, capacity > 0.0 ? std::min(1.0, (occupied_ + reserved_) / capacity) : 1.0);
}

void Pool::reserve(ProductId, double units) {
    reserved_ += units;
    update_shares(ctx_.kernel().now());
}

double Pool::capacity_now() const {
    if (!spec_.pool_capacity) return unbounded;
    return capacity_.scaled();
}

double Pool::room_for(ProductId) const {
    if (!spec_.pool_capacity) return unbounded;
    return capacity_now() - occupied_ - reserved_;
}

void Pool::receive(sim::Kernel& k, Lot lot) {
    if (lot.order) ctx_.record_delivery(k, *lot.order, lot.units);
    reserved_ = std::max(0.0, reserved_ - lot.units);
    occupied_ += lot.units;
    if (ctx_.counting(k.now())) absorbed_ += lot.units;
    ctx_.statistics().record_absorbed(k.now(), lot);
    update_shares(k.now());
}

void Pool::on_event(sim::Kernel& k, const sim::Event& ev) {
    switch (static_cast<Kind>(ev.kind)) {
    case PlanUpdate:
        capacity_.read(k.now());
        capacity_changed(k);
        capacity_.schedule_next(k, handler_, PlanUpdate);
        break;
    case Recheck:
        // The woken senders have retried by now; those still waiting registered again.
        if (active_ && !has_waiters()) {
            active_ = false;
            ctx_.set_active(id_, false, k.now());
        }
        break;
    }
}

void Pool::capacity_changed(sim::Kernel& k) {
    update_shares(k.now());
    if (!has_waiters()) return;
    wake_waiters(k);
    k.schedule_in(sim::Duration::zero(), handler_, Recheck, 0, 1000);
}

void Pool::on_waiter_added() {
    if (active_ || !spec_.pool_capacity) return;
    active_ = true;
    ctx_.set_active(id_, true, ctx_.kernel().now());
}

void Pool::set_capacity_factor(sim::Kernel& k, double factor) {
    capacity_.set_factor(factor);
    capacity_changed(k);
}

void Pool::set_capacity_addition(sim::Kernel& k, double units) {
    capacity_.set_addition(units);
    capacity_changed(k);
}

void Pool::sample(sim::Time now, NodeSample& out) {
    out.inventory = occupied_;
    out.capacity = spec_.pool_capacity ? capacity_now() : 0.0;
    const double integral = utilization_.integral(now);
    // The integral is in value x seconds, so the interval is taken in seconds too.
    const double seconds = ctx_.scenario().recording.sample_interval.to_seconds();
    out.utilization =
        spec_.pool_capacity && seconds > 0.0 ? (integral - last_integral_) / seconds : 0.0;
    last_integral_ = integral;
    out.busy = occupied_;
    out.output = occupied_;
}

void Pool::reset_statistics(sim::Time t) {
    absorbed_ = 0.0;
    utilization_.reset(t);
    taken_.reset(t);
    counted_.reset(t);
    last_integral_ = 0.0;
}

void Pool::add_kpis(sim::Time end, std::vector<Kpi>& out) const {
    out.push_back({"absorbed_units", "", "", spec_.name, absorbed_});
    if (spec_.pool_capacity) {
        out.push_back({"utilization_mean", "", "", spec_.name, utilization_.average(end)});
        out.push_back({"occupied_end", "", "", spec_.name, occupied_});
    }
}

}  // namespace memchain::model::blocks
