#pragma once
// An assembly: its inputs (the bill of materials' lines, with their substitutes) pool in the
// input buffers, and a job starts when a whole kit of `lot_size` output units is there; the kit
// becomes a new lot. While it sits idle for want of a kit, the time is charged to the inputs
// that are short (starvation). The servers, yield, cycle time and what follows them are the
// Processor's (processor.hpp).

#include "model/engine/blocks/processor.hpp"

namespace memchain::model::blocks {

class Assembly final : public Processor {
public:
    Assembly(Context& ctx, NodeId id, const Node& spec) : Processor(ctx, id, spec) {}

    void add_starvation(std::vector<StarvationRecord>& out) const override;

private:
    void take_in(sim::Time now, Lot& lot) override;
    [[nodiscard]] bool has_work() const override { return inputs_.kit_ready(); }
    void start_next(sim::Kernel& k) override;
    void finish_work(sim::Kernel&, const Lot&) override {}  // the kit was taken at its start
    [[nodiscard]] double queued_units() const override { return inputs_.held(); }
    [[nodiscard]] std::size_t waiting_lots() const override { return 0; }
    void on_activity(sim::Time now, bool starved) override;
};

}  // namespace memchain::model::blocks
