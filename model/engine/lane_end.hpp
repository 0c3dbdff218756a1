#pragma once
// A block as the lanes see it: the block at a lane's far end takes the lots that arrive, and a
// sender waiting for a lane (closed, or without room) is asked to retry when that changes. Lanes
// need nothing else of a block, so a lane depends on this and not on blocks/block.hpp, which
// sends lots along lanes.

#include "model/engine/lot.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class LaneEnd {
public:
    // A lot has arrived here (its room was reserved by the sender).
    virtual void receive(sim::Kernel& k, Lot lot) = 0;
    // Room or a lane this end waits for may have appeared: retry sending, by an event now.
    virtual void request_retry(sim::Kernel& k) = 0;

protected:
    LaneEnd() = default;
    ~LaneEnd() = default;
    LaneEnd(const LaneEnd&) = default;
    LaneEnd& operator=(const LaneEnd&) = default;
};

}  // namespace memchain::model
