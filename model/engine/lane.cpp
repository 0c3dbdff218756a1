#include "model/engine/lane.hpp"

#include <algorithm>

#include "model/engine/blocks/block.hpp"
#include "model/engine/context.hpp"

namespace memchain::model {

LaneRuntime::LaneRuntime(Context& ctx, LaneId id, const Lane& spec, NodeId from, NodeId to,
                         sim::RandomStream transit_stream)
    : ctx_(ctx), id_(id), spec_(spec), from_(from), to_(to), transit_stream_(transit_stream) {}

double LaneRuntime::room() const {
    if (!spec_.capacity) return unbounded;
    // An empty lane takes any lot, however large, so that a lot bigger than the lane's
    // capacity cannot block the line for ever.
    if (in_transit_ <= 0.0) return unbounded;
    return *spec_.capacity - in_transit_;
}

double LaneRuntime::sample_transit_days() {
    return std::max(0.0, spec_.transit.sample(transit_stream_));
}

void LaneRuntime::dispatch(sim::Kernel& k, Lot lot, double extra_days) {
    in_transit_ += lot.units;
    const auto delay = sim::Duration::from_days(sample_transit_days() + extra_days);
    const std::uint32_t slot = ctx_.shipping().transit().put(lot);
    k.schedule_in(delay, handler_, Arrival, slot);
}

void LaneRuntime::handle(sim::Kernel& k, const sim::Event& ev) {
    Lot lot = ctx_.shipping().transit().take(static_cast<std::uint32_t>(ev.arg));
    in_transit_ -= lot.units;
    if (in_transit_ < 1e-9) in_transit_ = 0.0;
    lot.arrived = k.now();
    ctx_.block(to_).receive(k, lot);
    if (spec_.capacity) wake(k);
}

void LaneRuntime::close() {
    ++closures_;
}

void LaneRuntime::reopen(sim::Kernel& k) {
    if (closures_ > 0) --closures_;
    if (closures_ == 0) {
        wake(k);
        ctx_.block(from_).request_retry(k);
    }
}

void LaneRuntime::add_waiter(NodeId node) {
    if (std::find(waiters_.begin(), waiters_.end(), node) == waiters_.end())
        waiters_.push_back(node);
}

void LaneRuntime::wake(sim::Kernel& k) {
    if (waiters_.empty()) return;
    for (NodeId node : waiters_) ctx_.block(node).request_retry(k);
    waiters_.clear();
}

}  // namespace memchain::model
