#pragma once
// A capacity that what flows in occupies for good: installed data-centre power (in the units
// of what it absorbs, e.g. accelerators at a number of kW each) or rack space. The capacity
// follows a plan; when it is full, senders wait and the pool binds (it is active for the
// bottleneck detector while someone waits for it). A sink is a pool without a capacity.

#include "model/engine/blocks/block.hpp"
#include "sim/stats.hpp"

namespace memchain::model::blocks {

class Pool final : public Block {
public:
    Pool(Context& ctx, int index, const Node& spec);

    void start(sim::Kernel& k) override;
    [[nodiscard]] double room_for(int product) const override;
    void reserve(int, double units) override { reserved_ += units; }
    [[nodiscard]] bool is_empty_for(int) const override { return false; }
    void receive(sim::Kernel& k, Lot lot) override;
    void sample(sim::Time now, NodeSample& out) override;
    void add_kpis(sim::Time end, std::vector<Kpi>& out) const override;
    void reset_statistics(sim::Time t) override;
    [[nodiscard]] bool is_resource() const override { return spec_.pool_capacity.has_value(); }
    void set_capacity_factor(sim::Kernel& k, double factor) override;
    void set_capacity_addition(sim::Kernel& k, double units) override;

private:
    enum Kind : std::uint8_t { PlanUpdate = first_own_kind, Recheck };

    void on_event(sim::Kernel& k, const sim::Event& ev) override;
    void on_waiter_added() override;
    [[nodiscard]] double capacity_now() const;
    void capacity_changed(sim::Kernel& k);
    void schedule_next_plan_update(sim::Kernel& k);

    double occupied_ = 0.0;
    double reserved_ = 0.0;
    double plan_value_ = 0.0;
    double capacity_factor_ = 1.0;
    double capacity_addition_ = 0.0;
    bool active_ = false;
    std::vector<double> plan_days_;
    std::size_t next_plan_day_ = 0;
    double absorbed_ = 0.0;
    sim::TimeWeighted utilization_;
    double last_integral_ = 0.0;
};

}  // namespace memchain::model::blocks
