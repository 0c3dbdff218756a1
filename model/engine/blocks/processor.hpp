#pragma once
// What a station and an assembly share: processes jobs with c servers (a sampled time per job)
// or at a capacity in units per day (one job at a time), applies its yield, holds lots for a
// cycle time, and sends the good units downstream. What arrives is held by the input buffers
// (input_buffers.hpp: room, reservations, replenishment, kits, starvation); where a job comes
// from is the subclass's: a Station (station.hpp) takes each arriving lot as one job from its
// queue, an Assembly (assembly.hpp) starts one when a whole kit is there. Outages, the capacity
// plan (capacity_plan.hpp) and shocks change what it can do over time; it reports itself active
// (bottleneck detection) while every available server is busy or while it is down.
//
// While a finished lot waits for room downstream it starts nothing, or, with a cycle time and
// `when_blocked: replace`, one lot for each that leaves (CONWIP: Spearman, Woodruff and Hopp,
// "CONWIP: a pull alternative to kanban", IJPR 28(5), 1990): a fab whose store is full keeps
// its pipeline as full as it was and releases wafers at the rate its output is taken, instead
// of stopping every start until the last held lot is gone and leaving a cycle time without
// output when it starts again.

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

class Processor : public Block {
public:
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
    void reset_statistics(sim::Time t) override;
    [[nodiscard]] std::size_t lots_held() const override {
        return waiting_lots() + lots_in_process();
    }
    [[nodiscard]] bool is_resource() const override { return true; }

protected:
    Processor(Context& ctx, NodeId id, const Node& spec);

    // Where jobs come from, the subclass's part. An arrival, after the input buffers hold it;
    // whether a job can start; starting the next one (by start_job); what a finished job gives
    // back to the inputs; the units and lots waiting for a server.
    virtual void take_in(sim::Time now, Lot& lot) = 0;
    [[nodiscard]] virtual bool has_work() const = 0;
    virtual void start_next(sim::Kernel& k) = 0;
    virtual void finish_work(sim::Kernel& k, const Lot& lot) = 0;
    [[nodiscard]] virtual double queued_units() const = 0;
    [[nodiscard]] virtual std::size_t waiting_lots() const = 0;
    // At the start, before the first job: lots that were there before the run.
    virtual void on_start(sim::Kernel&) {}
    // Whenever its activity may have changed: `starved` says it is idle, not blocked and not
    // down, with nothing to start.
    virtual void on_activity(sim::Time, bool /*starved*/) {}

    // Starts a job on `lot` giving `output_units` before yield.
    void start_job(sim::Kernel& k, Lot lot, double output_units);

    ProductId product_;  // output
    InputBuffers inputs_;
    sim::TimeWeighted lots_in_queue_;
    sim::TimeWeighted lots_in_station_;

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
    // Lots in service, in the cycle-time pipeline and finished waiting for room downstream.
    [[nodiscard]] std::size_t lots_in_process() const {
        return (jobs_.size() - free_jobs_.size()) + pipeline_.live() + output_hold_.size();
    }
    void schedule_job(sim::Kernel& k, std::uint32_t job);
    // The one place a job starts or stops running, so that running_jobs_ stays its count.
    void set_running(Job& job, bool running);
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

    bool rate_mode_;
    std::vector<Job> jobs_;
    std::vector<std::uint32_t> free_jobs_;
    int busy_ = 0;
    int running_jobs_ = 0;  // jobs with `running` set: counted, not found by a scan per event
    std::deque<Lot> output_hold_;  // finished lots waiting for room downstream
    // when_blocked: replace: the lots in process when the first of output_hold_ began to wait.
    std::size_t blocked_cap_ = 0;
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
