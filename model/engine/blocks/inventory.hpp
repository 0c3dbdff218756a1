#pragma once
// Holds stock of one product, up to a capacity, and passes it downstream lot by lot (first in,
// first out) as room appears there: a decoupling buffer between stages.

#include <deque>

#include "model/engine/blocks/block.hpp"
#include "sim/stats.hpp"

namespace memchain::model::blocks {

class Inventory final : public Block {
public:
    Inventory(Context& ctx, NodeId id, const Node& spec);

    void start(sim::Kernel& k) override;
    [[nodiscard]] double room_for(ProductId product) const override;
    void reserve(ProductId, double units) override { reserved_ += units; }
    [[nodiscard]] bool is_empty_for(ProductId) const override { return held_ + reserved_ <= 1e-9; }
    void receive(sim::Kernel& k, Lot lot) override;
    void sample(sim::Time now, NodeSample& out) override;
    void add_kpis(sim::Time end, std::vector<Kpi>& out) const override;
    void reset_statistics(sim::Time t) override { stock_.reset(t); }

private:
    void on_event(sim::Kernel&, const sim::Event&) override {}
    void retry(sim::Kernel& k) override { forward(k); }
    void forward(sim::Kernel& k);

    std::deque<Lot> lots_;
    double held_ = 0.0;
    double reserved_ = 0.0;
    double total_out_ = 0.0;
    sim::TimeWeighted stock_;
};

}  // namespace memchain::model::blocks
