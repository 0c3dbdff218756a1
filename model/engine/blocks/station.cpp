#include "model/engine/blocks/station.hpp"

#include <algorithm>

#include "model/engine/context.hpp"
#include "model/engine/run_statistics.hpp"

namespace memchain::model::blocks {

Station::Station(Context& ctx, NodeId id, const Node& spec) : Processor(ctx, id, spec) {
    if (spec.inputs.empty() || spec.inputs.front().initial <= 0.0) return;
    Lot lot;
    lot.id = ctx.shipping().next_lot_id();
    lot.product = *inputs_.first_product();
    lot.units = spec.inputs.front().initial;
    lot.in_system = true;
    queue_.push_back(lot);
}

void Station::on_start(sim::Kernel& k) {
    for (const Lot& lot : queue_) {
        inputs_.add_initial(lot.units);
        lots_in_queue_.add(k.now(), 1.0);
        lots_in_station_.add(k.now(), 1.0);
        ctx_.statistics().lots_in_system_changed(k.now(), 1.0);
    }
}

void Station::take_in(sim::Time now, Lot& lot) {
    lot.arrived = now;
    if (spec_.queue == QueueDiscipline::Priority) {
        const auto at = std::find_if(queue_.begin(), queue_.end(),
                                     [&](const Lot& q) { return q.priority > lot.priority; });
        queue_.insert(at, lot);
    } else {
        queue_.push_back(lot);
    }
    lots_in_queue_.add(now, 1.0);
    lots_in_station_.add(now, 1.0);
}

void Station::start_next(sim::Kernel& k) {
    Lot lot = queue_.front();
    queue_.pop_front();
    lots_in_queue_.add(k.now(), -1.0);
    start_job(k, lot, lot.units * spec_.output_per_unit);
}

void Station::finish_work(sim::Kernel& k, const Lot& lot) {
    inputs_.take(k, 0, lot.units);
}

double Station::queued_units() const {
    double units = 0.0;
    for (const Lot& lot : queue_) units += lot.units;
    return units;
}

}  // namespace memchain::model::blocks
