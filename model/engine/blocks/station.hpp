#pragma once
// A station: each lot that arrives is one job. Lots wait in a queue for a server, first come
// first served or by priority (lower first, first come first served within a priority; the
// node's `queue:`), and a finished job hands its lot's units back to the input buffer. The
// servers, yield, cycle time and what follows them are the Processor's (processor.hpp).

#include <deque>

#include "model/engine/blocks/processor.hpp"

namespace memchain::model::blocks {

class Station final : public Processor {
public:
    // Initial units of the node's input wait as one lot.
    Station(Context& ctx, NodeId id, const Node& spec);

private:
    void take_in(sim::Time now, Lot& lot) override;
    [[nodiscard]] bool has_work() const override { return !queue_.empty(); }
    void start_next(sim::Kernel& k) override;
    void finish_work(sim::Kernel& k, const Lot& lot) override;
    [[nodiscard]] double queued_units() const override;
    [[nodiscard]] std::size_t waiting_lots() const override { return queue_.size(); }
    void on_start(sim::Kernel& k) override;

    std::deque<Lot> queue_;  // lots waiting for a server
};

}  // namespace memchain::model::blocks
