#pragma once
// A lane at run time: carries lots from one block to another after a sampled transit time, up
// to a number of units in transit, unless closed (export control). Lots in transit sit in the
// shipping part's slab; the arrival event carries the slot.

#include <cstdint>
#include <optional>
#include <vector>

#include "model/engine/lane_end.hpp"
#include "model/engine/lot.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"
#include "sim/rng.hpp"

namespace memchain::model {

class LaneRuntime final : public sim::EventHandler {
public:
    // `source` and `destination` are the blocks of nodes `from` and `to`.
    LaneRuntime(Shipping& shipping, LaneId id, const Lane& spec, NodeId from, LaneEnd& source,
                NodeId to, LaneEnd& destination, sim::RandomStream transit_stream);

    [[nodiscard]] LaneId id() const { return id_; }
    [[nodiscard]] NodeId from() const { return from_; }
    [[nodiscard]] NodeId to() const { return to_; }
    [[nodiscard]] const Lane& spec() const { return spec_; }
    [[nodiscard]] const Shipping& shipping() const { return shipping_; }
    void set_handler(sim::HandlerId id) { handler_ = id; }

    [[nodiscard]] bool is_open() const { return closures_ == 0; }
    // Units this lane can still take now (capacity minus in transit; unbounded without one).
    [[nodiscard]] double room() const {
        if (!spec_.capacity) return unbounded;
        // An empty lane takes any lot, however large, so that a lot bigger than the lane's
        // capacity cannot block the line for ever.
        if (in_transit_ <= 0.0) return unbounded;
        return *spec_.capacity - in_transit_;
    }
    // The routing weight on `day`: the plan's, or the one set at run time (a wafer mix).
    [[nodiscard]] double share(double day) const {
        return share_set_ ? *share_set_ : planned_share(day);
    }
    [[nodiscard]] double planned_share(double day) const {
        return constant_share_ ? *constant_share_ : spec_.share->at(day);
    }
    void set_share(double share) { share_set_ = share; }
    [[nodiscard]] double in_transit() const { return in_transit_; }

    // Starts `lot` on its way; the caller has checked room and reserved it at the destination.
    // `extra_days` lengthens the transit (earlier lanes of a multi-lane route).
    void dispatch(sim::Kernel& k, Lot lot, double extra_days = 0.0);
    // Samples one transit time (days) from this lane's stream.
    [[nodiscard]] double sample_transit_days();

    // Lane closures nest: a lane is open when every closure has ended.
    void close();
    void reopen(sim::Kernel& k);
    // `sender` retries when this lane reopens or frees room.
    void add_waiter(LaneEnd& sender);

    void handle(sim::Kernel& k, const sim::Event& ev) override;

private:
    enum Kind : std::uint8_t { Arrival };  // its one kind of event: a lot arrives (arg: its slot)

    void wake(sim::Kernel& k);

    Shipping& shipping_;
    LaneId id_;
    const Lane& spec_;
    NodeId from_;
    NodeId to_;
    LaneEnd& source_;
    LaneEnd& destination_;
    sim::RandomStream transit_stream_;
    sim::HandlerId handler_ = 0;
    double in_transit_ = 0.0;
    int closures_ = 0;
    std::optional<double> share_set_;
    // The plan's share when it never changes (no plan, or a plan of one point), so that
    // routing a lot reads no series; unset when the plan has points to look up.
    std::optional<double> constant_share_;
    std::vector<LaneEnd*> waiters_;
};

}  // namespace memchain::model
