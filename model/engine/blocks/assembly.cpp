#include "model/engine/blocks/assembly.hpp"

#include "model/engine/context.hpp"
#include "model/engine/run_statistics.hpp"

namespace memchain::model::blocks {

void Assembly::take_in(sim::Time now, Lot& lot) {
    ctx_.statistics().record_absorbed(now, lot);  // its units join the kits' input buffer
}

void Assembly::start_next(sim::Kernel& k) {
    inputs_.take_kit(k);
    Lot kit;
    kit.id = ctx_.shipping().next_lot_id();
    kit.product = product_;
    kit.units = spec_.lot_size;
    kit.created = k.now();
    kit.arrived = k.now();
    kit.in_system = true;
    lots_in_station_.add(k.now(), 1.0);
    ctx_.statistics().lots_in_system_changed(k.now(), 1.0);
    start_job(k, kit, spec_.lot_size);
}

void Assembly::on_activity(sim::Time now, bool starved) {
    inputs_.track_starvation(now, starved, ctx_.counting(now));
}

void Assembly::add_starvation(std::vector<StarvationRecord>& out) const {
    inputs_.add_starvation(id_, out);
}

}  // namespace memchain::model::blocks
