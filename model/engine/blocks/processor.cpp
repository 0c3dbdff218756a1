#include "model/engine/blocks/processor.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "model/engine/context.hpp"
#include "model/engine/run_statistics.hpp"

namespace memchain::model::blocks {

Processor::Processor(Context& ctx, NodeId id, const Node& spec)
    : Block(ctx, id, spec),
      product_(ctx.product_id(spec.product)),
      inputs_(ctx, *this, spec),
      rate_mode_(spec.capacity.has_value()),
      capacity_(
          spec.capacity ? &*spec.capacity : (spec.servers_plan ? &*spec.servers_plan : nullptr),
          1.0, spec.active_from),
      process_rng_(ctx.stream("node/" + spec.name, "process_time")),
      yield_rng_(ctx.stream("node/" + spec.name, "yield")),
      cycle_rng_(ctx.stream("node/" + spec.name, "cycle_time")),
      outage_rng_(ctx.stream("node/" + spec.name, "outage")) {}

void Processor::start(sim::Kernel& k) {
    capacity_.start(k.now(), ctx_.scenario().horizon);
    capacity_.schedule_next(k, handler_, PlanUpdate);
    inputs_.start(k, handler_, ReplenishDue, SubstituteFrom);
    if (spec_.outages.time_between_failures && spec_.outages.time_to_repair) {
        const double days = std::max(0.0, spec_.outages.time_between_failures->sample(outage_rng_));
        k.schedule_in(sim::Duration::from_days(days), handler_, FailureDue);
    }
    if (spec_.initial_wip_full && capacity_.exists()) fill_pipeline(k);
    on_start(k);
    try_start(k);
    update_activity(k);
}

void Processor::fill_pipeline(sim::Kernel& k) {
    assert(spec_.cycle_time && "initial_wip: full needs a cycle time (checked by the loader)");
    // Output units per day at full capacity now: the rate plan, or every server busy.
    const double rate = rate_mode_ ? rate_per_day()
                                   : available_servers() * spec_.lot_size /
                                         std::max(1e-9, spec_.process_time.mean());
    const double cycle_days = spec_.cycle_time->mean();
    if (rate <= 0.0 || cycle_days <= 0.0 || spec_.lot_size <= 0.0) return;
    // Lots started at an even pace over the last mean cycle time finish at that pace from now
    // on; their inputs were consumed before the run.
    const double spacing_days = spec_.lot_size / rate;
    const auto lots = static_cast<std::int64_t>(std::llround(cycle_days / spacing_days));
    const double yield = std::clamp(spec_.yield.at(0.0) * yield_factor_, 0.0, 1.0);
    for (std::int64_t i = 0; i < lots; ++i) {
        double good = spec_.lot_size * yield;
        if (spec_.binomial_yield && yield < 1.0)
            good =
                sim::Distribution::binomial(std::llround(spec_.lot_size), yield).sample(yield_rng_);
        Lot lot;
        lot.id = ctx_.shipping().next_lot_id();
        lot.product = product_;
        lot.units = good;
        lot.created = lot.arrived = lot.started = k.now();
        pipeline_units_ += good;
        lots_in_station_.add(k.now(), 1.0);
        ctx_.statistics().lots_in_system_changed(k.now(), 1.0);
        const std::uint32_t slot = pipeline_.put(lot);
        const double done = (static_cast<double>(i) + 0.5) * spacing_days;
        k.schedule_in(sim::Duration::from_days(done), handler_, PipelineDone, slot);
    }
}

double Processor::room_for(ProductId product) const {
    return inputs_.room_for(product);
}

void Processor::reserve(ProductId product, double units) {
    inputs_.reserve(product, units);
}

bool Processor::is_empty_for(ProductId product) const {
    return inputs_.is_empty_for(product);
}

void Processor::receive(sim::Kernel& k, Lot lot) {
    if (lot.order) ctx_.record_delivery(k, *lot.order, lot.units);
    const sim::Time now = k.now();
    inputs_.arrive(lot.product, lot.units);
    take_in(now, lot);
    try_start(k);
    update_activity(k);
}

void Processor::set_capacity_factor(sim::Kernel& k, double factor) {
    capacity_.set_factor(factor);
    refresh_capacity(k);
}

void Processor::set_capacity_addition(sim::Kernel& k, double units_per_day) {
    capacity_.set_addition(units_per_day);
    refresh_capacity(k);
}

void Processor::set_down(sim::Kernel& k, bool down) {
    const int before = down_;
    down_ = std::max(0, down_ + (down ? 1 : -1));
    if (before == 0 && down_ > 0) pause_jobs(k);
    if (before > 0 && down_ == 0) {
        resume_jobs(k);
        try_start(k);
    }
    update_activity(k);
}

void Processor::on_event(sim::Kernel& k, const sim::Event& ev) {
    switch (static_cast<Kind>(ev.kind)) {
    case ServiceDone: on_service_done(k, static_cast<std::uint32_t>(ev.arg)); break;
    case PipelineDone: on_pipeline_done(k, static_cast<std::uint32_t>(ev.arg)); break;
    case PlanUpdate: on_plan_update(k); break;
    case FailureDue: on_failure(k); break;
    case RepairDue: on_repair(k); break;
    case ReplenishDue: inputs_.flush(k, ev.arg); break;
    case SubstituteFrom:
        inputs_.open_substitute(ev.arg);
        retry(k);
        break;
    }
}

void Processor::on_plan_update(sim::Kernel& k) {
    if (capacity_.read(k.now())) wake_waiters(k);  // a new line: senders may try it now
    refresh_capacity(k);
    capacity_.schedule_next(k, handler_, PlanUpdate);
}

void Processor::on_failure(sim::Kernel& k) {
    const double repair_days = std::max(0.0, spec_.outages.time_to_repair->sample(outage_rng_));
    ctx_.statistics().record_outage(id_, k.now(), repair_days);
    set_down(k, true);
    k.schedule_in(sim::Duration::from_days(repair_days), handler_, RepairDue);
}

void Processor::on_repair(sim::Kernel& k) {
    set_down(k, false);
    const double days = std::max(0.0, spec_.outages.time_between_failures->sample(outage_rng_));
    k.schedule_in(sim::Duration::from_days(days), handler_, FailureDue);
}

double Processor::rate_per_day() const {
    return capacity_.available();
}

double Processor::server_capacity() const {
    return capacity_.available();
}

// A capacity that is not a whole number of servers (one server losing half its capacity, a
// plan ramping from 2 to 3) is the next whole number of servers, each slowed so that together
// they give the capacity: 0.5 is one server at half speed, 7.5 eight at 15/16 speed.
int Processor::available_servers() const {
    if (!capacity_.exists() || down_ > 0) return 0;
    if (rate_mode_) return rate_per_day() > 0.0 ? 1 : 0;
    const double capacity = server_capacity();
    return capacity <= 1e-9 ? 0 : static_cast<int>(std::ceil(capacity - 1e-9));
}

double Processor::server_speed() const {
    const double capacity = server_capacity();
    return capacity <= 1e-9 ? 0.0 : capacity / std::ceil(capacity - 1e-9);
}

bool Processor::can_start() const {
    if (down_ > 0 || !capacity_.exists()) return false;
    if (!output_hold_.empty() &&
        (spec_.when_blocked == BlockedStarts::Stop || lots_in_process() >= blocked_cap_))
        return false;
    if (busy_ >= available_servers()) return false;
    return has_work();
}

void Processor::try_start(sim::Kernel& k) {
    while (can_start()) start_next(k);
}

void Processor::start_job(sim::Kernel& k, Lot lot, double output_units) {
    lot.started = k.now();
    const double waited = (lot.started - lot.arrived).to_days();
    if (ctx_.counting(k.now())) {
        wait_days_.add(waited);
        if (waited > 0.0) waited_lots_ += 1.0;
    }
    std::uint32_t j;
    if (free_jobs_.empty()) {
        j = static_cast<std::uint32_t>(jobs_.size());
        jobs_.emplace_back();
    } else {
        j = free_jobs_.back();
        free_jobs_.pop_back();
    }
    Job& job = jobs_[j];
    job.lot = lot;
    job.output_units = output_units;
    job.remaining =
        rate_mode_ ? output_units : std::max(0.0, spec_.process_time.sample(process_rng_));
    ++busy_;
    if (down_ == 0) schedule_job(k, j);
}

void Processor::schedule_job(sim::Kernel& k, std::uint32_t j) {
    Job& job = jobs_[j];
    const double rate = rate_mode_ ? rate_per_day() : server_speed();
    if (rate <= 0.0) return;  // stalled until capacity returns
    const double days = job.remaining / rate;
    job.rate = rate;
    job.resumed = k.now();
    job.event = k.schedule_cancellable_in(sim::Duration::from_days(days), handler_, ServiceDone, j);
    set_running(job, true);
}

void Processor::set_running(Job& job, bool running) {
    if (job.running == running) return;
    job.running = running;
    running_jobs_ += running ? 1 : -1;
}

void Processor::pause_jobs(sim::Kernel& k) {
    for (std::uint32_t j = 0; j < jobs_.size(); ++j) {
        Job& job = jobs_[j];
        if (!job.running) continue;
        const double elapsed = (k.now() - job.resumed).to_days();
        job.remaining = std::max(0.0, job.remaining - elapsed * job.rate);
        k.cancel(job.event);
        set_running(job, false);
    }
}

void Processor::resume_jobs(sim::Kernel& k) {
    if (down_ > 0) return;
    for (std::uint32_t j = 0; j < jobs_.size(); ++j)
        if (!jobs_[j].running && jobs_[j].output_units > 0.0) schedule_job(k, j);
}

void Processor::refresh_capacity(sim::Kernel& k) {
    // Jobs in process go on at the new rate or speed (servers left at full speed are not
    // disturbed).
    if (rate_mode_ || server_speed() != scheduled_speed_) {
        pause_jobs(k);
        resume_jobs(k);
        scheduled_speed_ = server_speed();
    }
    try_start(k);
    update_activity(k);
}

void Processor::on_service_done(sim::Kernel& k, std::uint32_t j) {
    Job& job = jobs_[j];
    Lot lot = job.lot;
    const double output_units = job.output_units;
    set_running(job, false);
    job.output_units = 0.0;
    free_jobs_.push_back(j);
    --busy_;
    const sim::Time now = k.now();
    finish_work(k, lot);
    if (ctx_.recording())
        ctx_.statistics().record_lot_stage(id_, lot, ctx_.product_name(lot.product), now);

    const double yield = std::clamp(spec_.yield.at(now.to_days()) * yield_factor_, 0.0, 1.0);
    double good = output_units * yield;
    if (spec_.binomial_yield && yield < 1.0) {
        const double trials = std::round(output_units);
        good = sim::Distribution::binomial(static_cast<std::int64_t>(trials), yield)
                   .sample(yield_rng_);
    }
    if (ctx_.counting(now)) units_scrapped_ += output_units - good;
    lot.product = product_;
    lot.units = good;

    if (spec_.cycle_time) {
        const double days = std::max(0.0, spec_.cycle_time->sample(cycle_rng_));
        pipeline_units_ += good;
        const std::uint32_t slot = pipeline_.put(lot);
        k.schedule_in(sim::Duration::from_days(days), handler_, PipelineDone, slot);
    } else {
        release(k, lot);
    }
    try_start(k);
    update_activity(k);
}

void Processor::on_pipeline_done(sim::Kernel& k, std::uint32_t slot) {
    Lot lot = pipeline_.take(slot);
    pipeline_units_ -= lot.units;
    release(k, lot);
    try_start(k);
    update_activity(k);
}

void Processor::leave(sim::Kernel& k, const Lot& lot) {
    const sim::Time now = k.now();
    lots_in_station_.add(now, -1.0);
    total_units_out_ += lot.units;
    if (!ctx_.counting(now)) return;
    lots_done_ += 1.0;
    units_out_ += lot.units;
    sojourn_days_.add((now - lot.arrived).to_days());
}

void Processor::release(sim::Kernel& k, Lot lot) {
    if (lot.units <= 0.0) {
        // Every unit was lost to yield. The lot still leaves the station and the network
        // here, and counts as a departure of both: lots in station and in system include
        // its time, so throughput and sojourn must too (Little's law).
        leave(k, lot);
        ctx_.statistics().record_absorbed(k.now(), lot);
        return;
    }
    if (out_lanes_.empty()) {
        leave(k, lot);
        ctx_.statistics().record_absorbed(k.now(), lot);
        return;
    }
    if (output_hold_.empty() && try_send(k, lot)) {
        leave(k, lot);
        return;
    }
    // The first lot to wait sets the count a node that replaces keeps to while any waits.
    if (output_hold_.empty()) blocked_cap_ = lots_in_process() + 1;
    output_hold_.push_back(lot);
}

void Processor::flush_output(sim::Kernel& k) {
    while (!output_hold_.empty()) {
        if (!try_send(k, output_hold_.front())) return;
        leave(k, output_hold_.front());
        output_hold_.pop_front();
    }
}

void Processor::retry(sim::Kernel& k) {
    flush_output(k);
    try_start(k);
    update_activity(k);
}

void Processor::update_activity(sim::Kernel& k) {
    const sim::Time now = k.now();
    const int available = available_servers();
    const int running = running_jobs_;
    busy_tw_.set(now, rate_mode_ ? std::min(1, running) : running);
    available_tw_.set(now, available);

    const bool work_waiting = has_work();
    const bool blocked = !output_hold_.empty();
    const bool active =
        capacity_.exists() && (down_ > 0 || (available > 0 && busy_ >= available && running > 0) ||
                               (available == 0 && (work_waiting || busy_ > 0) && !blocked));
    if (active != active_) {
        active_ = active;
        ctx_.set_active(id_, active, now);
    }

    on_activity(now,
                capacity_.exists() && down_ == 0 && !blocked && busy_ < available && !work_waiting);
}

void Processor::sample(sim::Time now, NodeSample& out) {
    const double busy_integral = busy_tw_.integral(now);
    const double available_integral = available_tw_.integral(now);
    const double d_busy = busy_integral - last_sample_busy_;
    const double d_available = available_integral - last_sample_available_;
    last_sample_busy_ = busy_integral;
    last_sample_available_ = available_integral;
    out.queue = queued_units();
    double wip = pipeline_units_;
    for (const Job& job : jobs_) wip += job.output_units;
    out.wip = wip;
    out.busy = busy_tw_.current();
    out.capacity = down_ > 0 ? 0.0 : (rate_mode_ ? rate_per_day() : server_capacity());
    out.utilization = d_available > 0.0 ? std::min(1.0, d_busy / d_available) : 0.0;
    double held = 0.0;
    for (const Lot& lot : output_hold_) held += lot.units;
    out.inventory = held;
    out.output = total_units_out_;
}

void Processor::reset_statistics(sim::Time t) {
    busy_tw_.reset(t);
    available_tw_.reset(t);
    lots_in_queue_.reset(t);
    lots_in_station_.reset(t);
    wait_days_ = {};
    sojourn_days_ = {};
    waited_lots_ = lots_done_ = units_out_ = units_scrapped_ = 0.0;
    inputs_.reset_statistics(t);
    stats_start_ = t;
    queued_at_stats_start_ = queued_units();
    last_sample_busy_ = busy_tw_.integral(t);
    last_sample_available_ = available_tw_.integral(t);
}

void Processor::add_kpis(sim::Time end, std::vector<Kpi>& out) const {
    const double days = (end - stats_start_).to_days();
    auto kpi = [&](const char* name, double value) {
        out.push_back({name, "", "", spec_.name, value});
    };
    const double available = available_tw_.average(end);
    kpi("utilization_mean", available > 0.0 ? busy_tw_.average(end) / available : 0.0);
    kpi("output_units", units_out_);
    kpi("scrap_units", units_scrapped_);
    if (days > 0.0) {
        kpi("throughput_lots_per_day", lots_done_ / days);
        // A queue that keeps growing marks a constraint as surely as a high utilization.
        kpi("queue_growth_per_day", (queued_units() - queued_at_stats_start_) / days);
    }
    kpi("lots_in_queue_mean", lots_in_queue_.average(end));
    kpi("lots_in_station_mean", lots_in_station_.average(end));
    if (wait_days_.count() > 0) {
        kpi("wait_mean_days", wait_days_.mean());
        kpi("p_wait", waited_lots_ / static_cast<double>(wait_days_.count()));
    }
    if (sojourn_days_.count() > 0) kpi("sojourn_mean_days", sojourn_days_.mean());
    inputs_.add_kpis(out);
}

}  // namespace memchain::model::blocks
