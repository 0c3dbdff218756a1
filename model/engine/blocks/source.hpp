#pragma once
// Creates lots: a Poisson stream (its rate may follow a plan), lots at sampled intervals, or a
// steady flow at a planned rate. A lot that finds no room downstream is lost or held (then the
// source waits, blocked), as the scenario says.

#include <optional>

#include "model/engine/blocks/block.hpp"
#include "sim/rng.hpp"

namespace memchain::model::blocks {

class Source final : public Block {
public:
    Source(Context& ctx, NodeId id, const Node& spec);

    void start(sim::Kernel& k) override;
    void receive(sim::Kernel& k, Lot lot) override;
    void set_demand_factor(double factor) override { rate_factor_ = factor; }
    void sample(sim::Time now, NodeSample& out) override;
    void add_kpis(sim::Time end, std::vector<Kpi>& out) const override;
    void reset_statistics(sim::Time t) override;

private:
    // LookAgain: a rate plan at zero, to be read again the next day.
    enum Kind : std::uint8_t { Arrival = first_own_kind, LookAgain };

    void on_event(sim::Kernel& k, const sim::Event& ev) override;
    void retry(sim::Kernel& k) override;
    void schedule_next(sim::Kernel& k);
    [[nodiscard]] double rate_at(double day) const;
    void emit(sim::Kernel& k);

    ProductId product_;
    sim::RandomStream arrival_rng_;
    sim::RandomStream size_rng_;
    double max_rate_ = 0.0;
    double rate_factor_ = 1.0;
    std::optional<Lot> held_;
    std::uint64_t generated_total_ = 0;
    double generated_ = 0.0;
    double lost_ = 0.0;
    double units_out_ = 0.0;
    double total_units_out_ = 0.0;
};

}  // namespace memchain::model::blocks
