#pragma once
// Periodic observation of a run: every sample interval, a NodeSample per node and a
// ProductSample per product (backlog, recent throughput, quoted lead time); at the end of the
// warm-up, the statistics reset; now and then, progress and the stop flag.

#include <cstdint>

#include "model/engine/replication.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class Sampler final : public sim::EventHandler {
public:
    Sampler(Replication& model, const RunControl& control);

    void set_handler(sim::HandlerId id) { handler_ = id; }
    void start(sim::Kernel& k);
    void handle(sim::Kernel& k, const sim::Event& ev) override;

    std::vector<NodeSample> node_samples;
    std::vector<ProductSample> product_samples;

private:
    enum Kind : std::uint8_t { Sample, WarmupEnd, Heartbeat };

    void take_sample(sim::Kernel& k);

    Replication& model_;
    const RunControl& control_;
    sim::HandlerId handler_ = 0;
    sim::Duration heartbeat_;
};

}  // namespace memchain::model
