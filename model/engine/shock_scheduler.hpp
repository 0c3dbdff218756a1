#pragma once
// Applies a scenario's shocks over a run: scheduled ones at their dates, random ones at the
// times of a Poisson process sampled per replication (from the shock's own stream, so a
// baseline and a variant draw the same occurrences). Each occurrence changes its targets for
// its duration and then recovers linearly; overlapping occurrences on one target combine
// (capacity and yield factors multiply, additions add; cuts add up to one share taken out of
// the factor). Every occurrence is recorded.

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "model/engine/ids.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class Context;
class Markets;

class ShockScheduler final : public sim::EventHandler {
public:
    // `markets`: the run's, which price shocks move; none when no product has a market.
    ShockScheduler(Context& ctx, Markets* markets);

    void set_handler(sim::HandlerId id) { handler_ = id; }
    // Samples random occurrences and schedules every start.
    void start(sim::Kernel& k);
    void handle(sim::Kernel& k, const sim::Event& ev) override;
    [[nodiscard]] const std::vector<ShockRecord>& records() const { return records_; }
    // A capacity expansion decided during the run (engine/expansion.hpp): `units_per_day` are
    // added to `node` from `start_day`, ramping up over `ramp`; recorded like a scheduled
    // capacity_expansion shock named "<node> expansion <ordinal>", with `description`.
    // Arrivals after the horizon are recorded only.
    void commit_expansion(sim::Kernel& k, NodeId node, int ordinal, double units_per_day,
                          double start_day, sim::Duration ramp, const std::string& description);
    // A cut decided during the run (engine/cut.hpp): `share` of `node`'s planned capacity is
    // taken out from `start_day` until restore_cut(); recorded as a capacity_cut named
    // "<node> cut <ordinal>", with `description`. Returns the cut's handle for restore_cut().
    // A start after the horizon is recorded only.
    std::size_t commit_cut(sim::Kernel& k, NodeId node, int ordinal, double share, double start_day,
                           const std::string& description);
    // Ends the cut `handle` on `end_day` (its row's end_day; `note` is added to its
    // description). An end after the horizon is recorded only.
    void restore_cut(sim::Kernel& k, std::size_t handle, double end_day, const std::string& note);
    // A surge decided during the run (engine/surge.hpp): `units_per_day` are added to `node` from
    // `start_day` to `end_day`; recorded as a capacity_expansion named "<node> surge <ordinal>",
    // with `description`. Returns its handle for end_surge(). Days after the horizon are
    // recorded only.
    std::size_t commit_surge(sim::Kernel& k, NodeId node, int ordinal, double units_per_day,
                             double start_day, double end_day, const std::string& description);
    // Ends the surge `handle` early, on `end_day` (from its start, not before now): its row's
    // end_day, with `note` added to its description.
    void end_surge(sim::Kernel& k, std::size_t handle, double end_day, const std::string& note);

private:
    enum Kind : std::uint8_t { Begin, End, Tick };

    struct Occurrence {
        const Shock* shock = nullptr;
        double start_day = 0.0;
        std::optional<double> end_day;  // when the full effect ends (recovery starts)
        std::vector<NodeId> nodes;
        std::vector<LaneId> lanes;
        std::vector<AllocationPolicy> previous;  // PolicyChange: per node, to restore
        bool running = false;
        bool finished = false;
    };

    // A shock decided in the run on `node` from `start_day` (to `end_day`, if given): kept,
    // recorded and begun when it starts within the horizon. Returns its occurrence's index.
    std::size_t add_committed(sim::Kernel& k, NodeId node, Shock shock, double start_day,
                              std::optional<double> end_day = std::nullopt);
    // Sets the end of the committed occurrence `handle` to `end_day` and schedules it.
    void set_end(sim::Kernel& k, std::size_t handle, double end_day, const std::string& note);
    // How much of the shock's full effect applies on `day`: 0 before, 1 during, falling
    // linearly to 0 over the recovery; ramps up over `ramp` for expansions.
    [[nodiscard]] double severity(const Occurrence& o, double day) const;
    void add_record(const Occurrence& o);
    void apply(sim::Kernel& k);
    void begin(sim::Kernel& k, std::size_t i);
    void end(sim::Kernel& k, std::size_t i);
    // Lanes closed or reopened: routes find their detours again (engine/routes.hpp).
    void reroute(sim::Kernel& k);

    Context& ctx_;
    Markets* markets_;
    sim::HandlerId handler_ = 0;
    std::vector<Occurrence> occurrences_;
    std::deque<Shock> committed_;  // expansions and cuts decided in the run (stable addresses)
    std::vector<ShockRecord> records_;
};

}  // namespace memchain::model
