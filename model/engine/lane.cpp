#include "model/engine/lane.hpp"

#include <algorithm>

namespace memchain::model {

LaneRuntime::LaneRuntime(Shipping& shipping, LaneId id, const Lane& spec, NodeId from,
                         LaneEnd& source, NodeId to, LaneEnd& destination,
                         sim::RandomStream transit_stream)
    : shipping_(shipping),
      id_(id),
      spec_(spec),
      from_(from),
      to_(to),
      source_(source),
      destination_(destination),
      transit_stream_(transit_stream) {
    if (!spec.share)
        constant_share_ = 1.0;
    else if (spec.share->points.size() <= 1)
        constant_share_ = spec.share->at(0.0);  // Series::at is the one point's value (0: none)
}

double LaneRuntime::sample_transit_days() {
    return std::max(0.0, spec_.transit.sample(transit_stream_));
}

void LaneRuntime::dispatch(sim::Kernel& k, Lot lot, double extra_days) {
    in_transit_ += lot.units;
    const auto delay = sim::Duration::from_days(sample_transit_days() + extra_days);
    const std::uint32_t slot = shipping_.transit().put(lot);
    k.schedule_in(delay, handler_, Arrival, slot);
}

void LaneRuntime::handle(sim::Kernel& k, const sim::Event& ev) {
    Lot lot = shipping_.transit().take(static_cast<std::uint32_t>(ev.arg));
    in_transit_ -= lot.units;
    if (in_transit_ < 1e-9) in_transit_ = 0.0;
    lot.arrived = k.now();
    destination_.receive(k, lot);
    if (spec_.capacity) wake(k);
}

void LaneRuntime::close() {
    if (closures_++ == 0) shipping_.count_lane_closed(1);
}

void LaneRuntime::reopen(sim::Kernel& k) {
    if (closures_ > 0 && --closures_ == 0) shipping_.count_lane_closed(-1);
    if (closures_ == 0) {
        wake(k);
        source_.request_retry(k);
    }
}

void LaneRuntime::add_waiter(LaneEnd& sender) {
    if (std::find(waiters_.begin(), waiters_.end(), &sender) == waiters_.end())
        waiters_.push_back(&sender);
}

void LaneRuntime::wake(sim::Kernel& k) {
    if (waiters_.empty()) return;
    for (LaneEnd* sender : waiters_) sender->request_retry(k);
    waiters_.clear();
}

}  // namespace memchain::model
