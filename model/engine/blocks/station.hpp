#pragma once
// A station or an assembly: processes lots with c servers (a sampled time per lot) or at a
// capacity in units per day (one lot at a time), applies its yield, holds lots for a cycle
// time, and sends the good units downstream. A station takes each arriving lot as one job; an
// assembly pools its inputs and starts a job when a whole kit of `lot_size` output units is
// there. What arrives is held by the input buffers (input_buffers.hpp: room, reservations,
// replenishment, kits, starvation); the station owns the queue of lots, the servers and what
// follows them. Outages, capacity plans and shocks change what it can do over time; it
// reports itself active (bottleneck detection) while every available server is busy or while
// it is down.

#include <deque>
#include <optional>
#include <vector>

#include "model/engine/blocks/block.hpp"
#include "model/engine/blocks/input_buffers.hpp"
#include "model/engine/capacity_plan.hpp"
#include "sim/distribution.hpp"
#include "sim/rng.hpp"
#include "sim/stats.hpp"

namespace memchain::model::blocks {

class Station final : public Block {
public:
    Station(Context& ctx, NodeId id, const Node& spec);

    void start(sim::Kernel& k) override;
    [[nodiscard]] double room_for(ProductId product) const override;
    void reserve(ProductId product, double units) override;
    [[nodiscard]] bool is_empty_for(ProductId product) const override;
    void receive(sim::Kernel& k, Lot lot) override;

    void set_capacity_factor(sim::Kernel& k, double factor) override;
    void set_capacity_addition(sim::Kernel& k, double units_per_day) override;
    void set_down(sim::Kernel& k, bool down) override;
    void set_yield_factor(double factor) override { yield_factor_ = factor; }

    [[nodiscard]] std::optional<WorkIntegrals> work(sim::Time now) const override {
        return WorkIntegrals{busy_tw_.integral(now), available_tw_.integral(now)};
    }
    [[nodiscard]] double nominal_rate() const override {
        return rate_mode_ ? capacity_.nominal() : 0.0;
    }
    void sample(sim::Time now, NodeSample& out) override;
    void add_kpis(sim::Time end, std::vector<Kpi>& out) const override;
    void add_starvation(std::vector<StarvationRecord>& out) const override;
    void reset_statistics(sim::Time t) override;
    [[nodiscard]] std::size_t lots_held() const override {
        return queue_.size() + (jobs_.size() - free_jobs_.size()) + pipeline_.live() +
               output_hold_.size();
    }
    [[nodiscard]] bool is_resource() const override { return true; }

private:
    enum Kind : std::uint8_t {
        ServiceDone = first_own_kind,
        PipelineDone,
        PlanUpdate,
        FailureDue,
        RepairDue,
        ReplenishDue,
        SubstituteFrom  // an input's substitute may be taken from now on
    };

    struct Job {
        Lot lot;
        double output_units = 0.0;  // before yield
        double remaining = 0.0;     // rate mode: output units still to process; servers mode:
                                    // days of work at full speed
        double rate = 0.0;          // how fast `remaining` falls while running, per day: rate
                                    // mode: units; servers mode: the servers' speed
        sim::Time resumed;          // when the current stretch of work began
        sim::EventId event;
        bool running = false;
    };

    void on_event(sim::Kernel& k, const sim::Event& ev) override;
    void retry(sim::Kernel& k) override;

    void on_service_done(sim::Kernel& k, std::uint32_t job);
    void on_pipeline_done(sim::Kernel& k, std::uint32_t slot);
    void on_plan_update(sim::Kernel& k);
    void on_failure(sim::Kernel& k);
    void on_repair(sim::Kernel& k);

    void try_start(sim::Kernel& k);
    [[nodiscard]] bool can_start() const;
    void start_job(sim::Kernel& k, Lot lot, double output_units);
    void schedule_job(sim::Kernel& k, std::uint32_t job);
    void pause_jobs(sim::Kernel& k);
    void resume_jobs(sim::Kernel& k);
    void release(sim::Kernel& k, Lot lot);
    void leave(sim::Kernel& k, const Lot& lot);
    void fill_pipeline(sim::Kernel& k);
    void flush_output(sim::Kernel& k);
    void refresh_capacity(sim::Kernel& k);
    void update_activity(sim::Kernel& k);
    [[nodiscard]] double rate_per_day() const;
    [[nodiscard]] int available_servers() const;
    // Servers mode: the servers' capacity now, in servers at full speed (the plan times the
    // capacity factor), and the speed at which each available server works so that together
    // they give exactly that capacity.
    [[nodiscard]] double server_capacity() const;
    [[nodiscard]] double server_speed() const;
    [[nodiscard]] double queued_units() const;

    bool assembly_;
    bool rate_mode_;
    ProductId product_;  // output
    InputBuffers inputs_;
    std::deque<Lot> queue_;  // station: lots waiting for a server
    double in_service_units_ = 0.0;
    std::vector<Job> jobs_;
    std::vector<std::uint32_t> free_jobs_;
    int busy_ = 0;
    std::deque<Lot> output_hold_;  // finished lots waiting for room downstream
    Slab<Lot> pipeline_;
    double pipeline_units_ = 0.0;

    CapacityPlan capacity_;         // servers or units per day; none before active_from
    double scheduled_speed_ = 1.0;  // servers mode: the speed running jobs were scheduled at
    double yield_factor_ = 1.0;
    int down_ = 0;
    bool active_ = false;

    sim::RandomStream process_rng_;
    sim::RandomStream yield_rng_;
    sim::RandomStream cycle_rng_;
    sim::RandomStream outage_rng_;

    // Statistics since the end of the warm-up.
    sim::TimeWeighted busy_tw_;
    sim::TimeWeighted available_tw_;
    sim::TimeWeighted lots_in_queue_;
    sim::TimeWeighted lots_in_station_;
    sim::RunningStats wait_days_;
    sim::RunningStats sojourn_days_;
    double waited_lots_ = 0.0;
    double lots_done_ = 0.0;
    double units_out_ = 0.0;
    double units_scrapped_ = 0.0;
    double total_units_out_ = 0.0;  // from the start, for samples
    sim::Time stats_start_;
    double queued_at_stats_start_ = 0.0;  // for queue growth, the second bottleneck signal
    double last_sample_busy_ = 0.0;       // busy integral at the last sample
    double last_sample_available_ = 0.0;  // available integral at the last sample
};

}  // namespace memchain::model::blocks
