#include "model/engine/blocks/block.hpp"

#include <algorithm>
#include <optional>

#include "model/engine/context.hpp"
#include "model/engine/lane.hpp"

namespace memchain::model::blocks {

Block::Block(Context& ctx, NodeId id, const Node& spec) : ctx_(ctx), spec_(spec), id_(id) {}

void Block::start(sim::Kernel&) {}

double Block::room_for(ProductId) const {
    return unbounded;
}
void Block::reserve(ProductId, double) {}
bool Block::is_empty_for(ProductId) const {
    return false;
}

void Block::add_waiter(NodeId node) {
    if (std::find(waiters_.begin(), waiters_.end(), node) != waiters_.end()) return;
    waiters_.push_back(node);
    on_waiter_added();
}

void Block::wake_waiters(sim::Kernel& k) {
    if (waiters_.empty()) return;
    // Retries run later, as events, so the list is not changed while it is read.
    for (NodeId node : waiters_) ctx_.block(node).request_retry(k);
    waiters_.clear();
}

void Block::request_retry(sim::Kernel& k) {
    if (retry_pending_) return;
    retry_pending_ = true;
    k.schedule_in(sim::Duration::zero(), handler_, retry_kind);
}

void Block::set_capacity_factor(sim::Kernel&, double) {}
void Block::set_capacity_addition(sim::Kernel&, double) {}
void Block::set_down(sim::Kernel&, bool) {}
void Block::set_yield_factor(double) {}
void Block::set_demand_factor(double) {}
void Block::set_policy(sim::Kernel&, AllocationPolicy) {}
void Block::add_kpis(sim::Time, std::vector<Kpi>&) const {}
void Block::add_starvation(std::vector<StarvationRecord>&) const {}
void Block::reset_statistics(sim::Time) {}
void Block::retry(sim::Kernel&) {}

void Block::handle(sim::Kernel& k, const sim::Event& ev) {
    if (ev.kind == retry_kind) {
        retry_pending_ = false;
        retry(k);
        return;
    }
    on_event(k, ev);
}

void Block::count_rerouted(sim::Time now, double units) {
    if (!ctx_.counting(now)) return;
    rerouted_ = true;
    rerouted_units_ += units;
}

void Block::look_up_out_lanes() {
    route_credit_.assign(out_lanes_.size(), 0.0);
    out_lane_runtimes_.clear();
    out_destinations_.clear();
    for (const LaneId l : out_lanes_) {
        LaneRuntime& lane = ctx_.lane(l);
        out_lane_runtimes_.push_back(&lane);
        out_destinations_.push_back(&ctx_.block(lane.to()));
    }
    lane_shares_.resize(out_lanes_.size());
}

bool Block::try_send(sim::Kernel& k, Lot& lot) {
    if (out_lane_runtimes_.size() != out_lanes_.size()) look_up_out_lanes();
    if (out_lanes_.size() == 1) return try_send_one(k, lot);
    // Each lane's share is looked up in its series once per lot, not once per use.
    const double today = k.now().to_days();
    double total_share = 0.0;  // of the open lanes
    double closed_share = 0.0;
    for (std::size_t i = 0; i < out_lanes_.size(); ++i) {
        const LaneRuntime& lane = *out_lane_runtimes_[i];
        lane_shares_[i] = lane.share(today);
        if (lane.is_open())
            total_share += lane_shares_[i];
        else if (lane_shares_[i] > 0.0)
            closed_share += lane_shares_[i];
    }
    // Smooth weighted round robin by units: every open lane earns its share of each lot sent
    // and the chosen lane pays for the lot, so flows follow the shares; a lane without room
    // keeps its credit and catches up later.
    std::optional<std::size_t> chosen;
    double best = 0.0;
    for (std::size_t i = 0; i < out_lanes_.size(); ++i) {
        LaneRuntime& lane = *out_lane_runtimes_[i];
        const double share = lane_shares_[i];
        if (share <= 0.0 || !lane.is_open()) continue;
        if (!fits(lane, *out_destinations_[i], lot)) continue;
        const double credit = route_credit_[i] + lot.units * share / total_share;
        if (!chosen || credit > best) {
            chosen = i;
            best = credit;
        }
    }
    if (!chosen) {
        for (std::size_t i = 0; i < out_lanes_.size(); ++i) {
            if (lane_shares_[i] <= 0.0) continue;
            out_destinations_[i]->add_waiter(id_);
            out_lane_runtimes_[i]->add_waiter(*this);
        }
        return false;
    }
    for (std::size_t i = 0; i < out_lanes_.size(); ++i)
        if (out_lane_runtimes_[i]->is_open())
            route_credit_[i] += lot.units * lane_shares_[i] / total_share;
    route_credit_[*chosen] -= lot.units;
    if (closed_share > 0.0)
        count_rerouted(k.now(), lot.units * closed_share / (total_share + closed_share));
    out_destinations_[*chosen]->reserve(lot.product, lot.units);
    out_lane_runtimes_[*chosen]->dispatch(k, lot);
    return true;
}

bool Block::fits(const LaneRuntime& lane, const Block& to, const Lot& lot) {
    return lane.room() >= lot.units &&
           (to.room_for(lot.product) >= lot.units || to.is_empty_for(lot.product));
}

bool Block::try_send_one(sim::Kernel& k, Lot& lot) {
    LaneRuntime& lane = *out_lane_runtimes_.front();
    Block& to = *out_destinations_.front();
    const double share = lane.share(k.now().to_days());
    if (share <= 0.0) return false;
    if (!lane.is_open() || !fits(lane, to, lot)) {
        to.add_waiter(id_);
        lane.add_waiter(*this);
        return false;
    }
    to.reserve(lot.product, lot.units);
    lane.dispatch(k, lot);
    return true;
}

double Block::largest_room_out(ProductId product, sim::Time now) const {
    double best = 0.0;
    for (const LaneId l : out_lanes_) {
        const LaneRuntime& lane = ctx_.lane(l);
        if (!lane.is_open() || lane.share(now.to_days()) <= 0.0) continue;
        best = std::max(best, std::min(lane.room(), ctx_.block(lane.to()).room_for(product)));
    }
    return best;
}

}  // namespace memchain::model::blocks
