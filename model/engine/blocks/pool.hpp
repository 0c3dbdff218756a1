#pragma once
// A capacity that what flows in occupies for good: installed data-centre power (in the units
// of what it absorbs, e.g. accelerators at a number of kW each) or rack space. The capacity
// follows a plan; when it is full, senders wait and the pool binds (it is active for the
// bottleneck detector while someone waits for it). A sink is a pool without a capacity.

#include "model/engine/blocks/block.hpp"
#include "model/engine/capacity_plan.hpp"
#include "sim/stats.hpp"

namespace memchain::model::blocks {

class Pool final : public Block {
public:
    Pool(Context& ctx, NodeId id, const Node& spec);

    void start(sim::Kernel& k) override;
    [[nodiscard]] double room_for(ProductId product) const override;
    void reserve(ProductId, double units) override;
    [[nodiscard]] bool is_empty_for(ProductId) const override { return false; }
    void receive(sim::Kernel& k, Lot lot) override;
    void sample(sim::Time now, NodeSample& out) override;
    void add_kpis(sim::Time end, std::vector<Kpi>& out) const override;
    void reset_statistics(sim::Time t) override;
    [[nodiscard]] bool is_resource() const override { return spec_.pool_capacity.has_value(); }
    void set_capacity_factor(sim::Kernel& k, double factor) override;
    void set_capacity_addition(sim::Kernel& k, double units) override;
    // For an `expansion:` (engine/expansion.hpp): busy = the integral of the share of the
    // capacity taken, occupied or reserved by units on their way in (a pool whose room is all
    // promised is full to its senders, though the units in transit have not arrived), available
    // = the integral of 1, both since the statistics' start, so their ratio over an interval is
    // that share's mean; the nominal "rate" is the capacity it holds (the plan with earlier
    // additions, before shocks), so a step adds units held, not per day.
    [[nodiscard]] std::optional<WorkIntegrals> work(sim::Time now) const override {
        if (!spec_.pool_capacity || !spec_.expansion) return std::nullopt;
        return WorkIntegrals{taken_.integral(now), counted_.integral(now)};
    }
    [[nodiscard]] double nominal_rate() const override {
        return spec_.pool_capacity ? capacity_.nominal() : 0.0;
    }

private:
    enum Kind : std::uint8_t { PlanUpdate = first_own_kind, Recheck };

    void on_event(sim::Kernel& k, const sim::Event& ev) override;
    void on_waiter_added() override;
    [[nodiscard]] double capacity_now() const;
    // Sets the time-weighted utilization and, for an expansion, the taken share from the
    // current counts.
    void update_shares(sim::Time now);
    void capacity_changed(sim::Kernel& k);

    double occupied_ = 0.0;
    double reserved_ = 0.0;
    CapacityPlan capacity_;
    bool active_ = false;
    double absorbed_ = 0.0;
    sim::TimeWeighted utilization_;
    sim::TimeWeighted taken_;  // (occupied + reserved) / capacity, kept for an expansion only
    sim::TimeWeighted counted_{sim::Time::zero(), 1.0};  // 1 throughout: time since the reset
    double last_integral_ = 0.0;
};

}  // namespace memchain::model::blocks
