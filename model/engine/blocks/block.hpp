#pragma once
// The base of every node in a running replication. A block receives lots from lanes (after the
// sender reserved room), sends its output along its out-lanes when the destination has room, and
// waits — blocked — when none has. Shocks act on blocks through the set_… hooks, which each
// kind of block interprets (a station's capacity, a buyer's demand, an allocator's policy).

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "model/engine/lane_end.hpp"
#include "model/engine/lot.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {
class Context;
class LaneRuntime;
}  // namespace memchain::model

namespace memchain::model::blocks {

class Block : public sim::EventHandler, public LaneEnd {
public:
    Block(Context& ctx, NodeId id, const Node& spec);
    ~Block() override = default;
    Block(const Block&) = delete;
    Block& operator=(const Block&) = delete;

    [[nodiscard]] NodeId id() const { return id_; }
    [[nodiscard]] const Node& spec() const { return spec_; }
    [[nodiscard]] sim::HandlerId handler() const { return handler_; }
    void set_handler(sim::HandlerId id) { handler_ = id; }

    // Called once at time zero, after every block and lane exists.
    virtual void start(sim::Kernel& k);

    // Material in. `room_for` is what may still be sent here (capacity minus held minus
    // reserved); a sender reserves before dispatching and the lot arrives by `receive`.
    [[nodiscard]] virtual double room_for(ProductId product) const;
    virtual void reserve(ProductId product, double units);
    void receive(sim::Kernel& k, Lot lot) override = 0;
    // True when an empty buffer must accept a lot larger than its capacity (no deadlock).
    [[nodiscard]] virtual bool is_empty_for(ProductId product) const;

    // Material out: the block's out-lanes and the senders waiting for room here.
    void add_out_lane(LaneId lane) { out_lanes_.push_back(lane); }
    [[nodiscard]] const std::vector<LaneId>& out_lanes() const { return out_lanes_; }
    void add_waiter(NodeId node);
    // Hook for blocks whose state depends on being waited for (a full pool binds).
    virtual void on_waiter_added() {}
    // Room freed here: every waiting sender retries (by an event at the current time).
    void wake_waiters(sim::Kernel& k);
    [[nodiscard]] bool has_waiters() const { return !waiters_.empty(); }
    // Schedules this block's retry unless one is already pending.
    void request_retry(sim::Kernel& k) final;

    // Shock hooks; blocks ignore those that do not apply to them.
    virtual void set_capacity_factor(sim::Kernel& k, double factor);
    virtual void set_capacity_addition(sim::Kernel& k, double units_per_day);
    virtual void set_down(sim::Kernel& k, bool down);
    virtual void set_yield_factor(double factor);
    virtual void set_demand_factor(double factor);
    virtual void set_policy(sim::Kernel& k, AllocationPolicy policy);

    // For policies that watch a resource without disturbing sampling: busy and available
    // capacity integrated since the last statistics reset (none for blocks without servers),
    // and the capacity rate planned now with its additions, before shocks (0 without a rate).
    struct WorkIntegrals {
        double busy = 0.0;
        double available = 0.0;
    };
    [[nodiscard]] virtual std::optional<WorkIntegrals> work(sim::Time) const {
        return std::nullopt;
    }
    [[nodiscard]] virtual double nominal_rate() const { return 0.0; }

    // Recording.
    virtual void sample(sim::Time now, NodeSample& out) = 0;
    virtual void add_kpis(sim::Time end, std::vector<Kpi>& out) const;
    virtual void add_starvation(std::vector<StarvationRecord>& out) const;
    virtual void reset_statistics(sim::Time t);
    // Lots held here (waiting, in process, waiting to leave), for the run's memory budget;
    // blocks that hold quantities rather than lots hold none.
    [[nodiscard]] virtual std::size_t lots_held() const { return 0; }
    // Units this block sent, since the warm-up, in place of a closed lane: the closed lanes'
    // share of what left by its other lanes (try_send), or an allocator's shipments along a
    // detour (engine/routes.hpp). None when nothing was re-routed here.
    [[nodiscard]] std::optional<double> rerouted_units() const {
        return rerouted_ ? std::optional<double>(rerouted_units_) : std::nullopt;
    }
    // Resources take part in bottleneck detection (stations, assemblies, pools).
    [[nodiscard]] virtual bool is_resource() const { return false; }

    void handle(sim::Kernel& k, const sim::Event& ev) final;

protected:
    // Event kinds of the base class; subclasses number theirs from first_own_kind.
    static constexpr std::uint8_t retry_kind = 0;
    static constexpr std::uint8_t first_own_kind = 1;

    virtual void on_event(sim::Kernel& k, const sim::Event& ev) = 0;
    // Called when downstream room may have appeared: push held output again.
    virtual void retry(sim::Kernel& k);

    // Sends `lot` along an out-lane with room (routing by the lanes' shares); false, and this
    // block registered as waiting, when no lane can take it now.
    //
    // Re-routing around a closed lane (a rule; assumption, as for routes): a closed lane's share
    // goes to the open lanes in proportion to their own shares (it leaves the sum the shares are
    // scaled by) and it earns no routing credit while closed, so on reopening it takes its share
    // of new lots again and no catch-up burst. Of each lot sent while some lane with a share is
    // closed, the closed lanes' part of all the shares counts as re-routed. Example: shares
    // 0.55/0.27/0.12/0.06 with the 0.27 lane closed: the others take 0.55/0.73, 0.12/0.73 and
    // 0.06/0.73 of the flow, and 27 of every 100 units sent count as re-routed.
    bool try_send(sim::Kernel& k, Lot& lot);
    // The most units of `product` one open out-lane with a share could take now: the smaller of
    // the lane's room and its destination's. 0 when none has room.
    [[nodiscard]] double largest_room_out(ProductId product, sim::Time now) const;
    void count_rerouted(sim::Time now, double units);

private:
    // Looks the out-lanes and their destinations up once (the lanes are added while the
    // replication is built, before any lot moves).
    void look_up_out_lanes();
    // try_send with one out-lane: the weighted round robin has nothing to choose, and a lane's
    // credit is never compared with another's, so only room and the share's sign matter. A
    // closed lane takes nothing and re-routes nothing (no other lane is open).
    bool try_send_one(sim::Kernel& k, Lot& lot);
    // Room for `lot` on `lane` and at its destination `to` (an empty destination takes any lot).
    [[nodiscard]] static bool fits(const LaneRuntime& lane, const Block& to, const Lot& lot);

protected:
    Context& ctx_;
    const Node& spec_;
    NodeId id_;
    sim::HandlerId handler_ = 0;
    std::vector<LaneId> out_lanes_;
    std::vector<double> route_credit_;  // smooth weighted round robin over out-lanes, in units
    std::vector<double> lane_shares_;   // try_send's scratch: each out-lane's share today
    std::vector<LaneRuntime*> out_lane_runtimes_;  // out_lanes_ looked up once
    std::vector<Block*> out_destinations_;         // and the block at the end of each
    std::vector<NodeId> waiters_;
    bool retry_pending_ = false;
    double rerouted_units_ = 0.0;
    bool rerouted_ = false;
};

}  // namespace memchain::model::blocks
