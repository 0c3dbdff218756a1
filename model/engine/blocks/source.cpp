#include "model/engine/blocks/source.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>

#include "model/engine/context.hpp"
#include "model/engine/run_statistics.hpp"

namespace memchain::model::blocks {

Source::Source(Context& ctx, NodeId id, const Node& spec)
    : Block(ctx, id, spec),
      product_(ctx.product_id(spec.product)),
      arrival_rng_(ctx.stream("node/" + spec.name, "arrivals")),
      size_rng_(ctx.stream("node/" + spec.name, "lot_size")) {
    for (const auto& [day, rate] : spec.arrivals.rate.points) max_rate_ = std::max(max_rate_, rate);
}

void Source::start(sim::Kernel& k) {
    schedule_next(k);
}

double Source::rate_at(double day) const {
    if (spec_.active_from && day < spec_.active_from->to_days()) return 0.0;
    return spec_.arrivals.rate.at(day) * rate_factor_;
}

void Source::schedule_next(sim::Kernel& k) {
    const Arrivals& a = spec_.arrivals;
    if (held_ || (a.limit && generated_total_ >= *a.limit)) return;
    const double horizon = ctx_.scenario().horizon.to_days();
    double day = k.now().to_days();
    switch (a.kind) {
    case Arrivals::Kind::Interval: day += std::max(0.0, a.interval.sample(arrival_rng_)); break;
    case Arrivals::Kind::Rate: {
        // A steady flow: the next lot when the planned rate has produced a lot's worth.
        const double rate = rate_at(day);
        if (rate <= 0.0) {
            day += 1.0;  // look again tomorrow (plans change in days)
            k.schedule_at(sim::Time::from_days(day), handler_, LookAgain);
            return;
        }
        day += a.lot_size.mean() / rate;
        break;
    }
    case Arrivals::Kind::Poisson: {
        // Thinning against the plan's highest rate (times the demand factor); a rejected
        // candidate moves the clock on and draws again.
        const double top = max_rate_ * std::max(1.0, rate_factor_);
        if (top <= 0.0) return;
        for (;;) {
            day += boost::random::exponential_distribution<double>(top)(arrival_rng_);
            if (day > horizon) return;
            if (arrival_rng_.uniform01() * top < rate_at(day)) break;
        }
        break;
    }
    }
    if (day > horizon) return;
    k.schedule_at(sim::Time::from_days(day), handler_, Arrival);
}

void Source::on_event(sim::Kernel& k, const sim::Event& ev) {
    switch (static_cast<Kind>(ev.kind)) {
    case Arrival:
        emit(k);
        schedule_next(k);
        break;
    case LookAgain: schedule_next(k); break;
    }
}

void Source::emit(sim::Kernel& k) {
    const sim::Time now = k.now();
    Lot lot;
    lot.id = ctx_.shipping().next_lot_id();
    lot.product = product_;
    lot.units = spec_.arrivals.kind == Arrivals::Kind::Rate
                    ? spec_.arrivals.lot_size.mean()
                    : std::max(0.0, spec_.arrivals.lot_size.sample(size_rng_));
    lot.created = lot.arrived = lot.started = now;
    lot.priority = spec_.arrivals.priority;
    lot.in_system = true;  // once released
    ++generated_total_;
    if (ctx_.counting(now)) generated_ += 1.0;
    if (out_lanes_.empty() || try_send(k, lot)) {
        ctx_.statistics().lots_in_system_changed(now, 1.0);
        total_units_out_ += lot.units;
        if (ctx_.counting(now)) units_out_ += lot.units;
        if (out_lanes_.empty()) ctx_.statistics().record_absorbed(now, lot);
        return;
    }
    if (spec_.arrivals.when_blocked == WhenBlocked::Lose) {
        if (ctx_.counting(now)) lost_ += 1.0;
        return;
    }
    held_ = lot;
}

void Source::retry(sim::Kernel& k) {
    if (!held_) return;
    // A held lot enters the network when it is released, not when it was drawn: its time
    // in the system (and the lots-in-system count) start now, so that end-to-end times and
    // lots in system obey Little's law together.
    held_->created = held_->arrived = held_->started = k.now();
    if (!try_send(k, *held_)) return;
    ctx_.statistics().lots_in_system_changed(k.now(), 1.0);
    total_units_out_ += held_->units;
    if (ctx_.counting(k.now())) units_out_ += held_->units;
    held_.reset();
    schedule_next(k);
}

void Source::receive(sim::Kernel&, Lot) {}

void Source::sample(sim::Time, NodeSample& out) {
    out.inventory = held_ ? held_->units : 0.0;
    out.output = total_units_out_;
}

void Source::reset_statistics(sim::Time) {
    generated_ = lost_ = units_out_ = 0.0;
}

void Source::add_kpis(sim::Time, std::vector<Kpi>& out) const {
    out.push_back({"lots_generated", "", "", spec_.name, generated_});
    out.push_back({"output_units", "", "", spec_.name, units_out_});
    if (spec_.arrivals.when_blocked == WhenBlocked::Lose) {
        out.push_back({"lots_lost", "", "", spec_.name, lost_});
        if (generated_ > 0.0)
            out.push_back({"loss_probability", "", "", spec_.name, lost_ / generated_});
    }
}

}  // namespace memchain::model::blocks
