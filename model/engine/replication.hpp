#pragma once
// One replication of a scenario: builds the blocks and lanes from a validated Scenario, runs
// the kernel to the horizon, and returns everything it observed as a RunResult. The model also
// keeps what blocks share: the order book, the lots in transit, product backlogs and quoted
// lead times, and the bottleneck detector.

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/engine/lot.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"
#include "sim/rng.hpp"
#include "sim/stats.hpp"

namespace memchain::model {

namespace blocks {
class Block;
}
class LaneRuntime;
class BottleneckDetector;
class ShockScheduler;
class Sampler;

// An order from a buyer (or a node's replenished input) to a supplier (an allocator).
struct Order {
    std::uint32_t id = 0;
    int orderer = 0;  // node that receives the units
    int input = -1;   // the orderer's input buffer, or -1 for a buyer's own stock
    int supplier = 0;
    int product = 0;
    int tier = 1;
    double quantity = 0.0;
    double shipped = 0.0;    // allocated and on its way
    double delivered = 0.0;  // arrived
    double on_time = 0.0;    // arrived by the due time (all of it when there is none)
    sim::Time placed;
    std::optional<sim::Time> due;
    std::optional<sim::Time> completed;
    std::optional<std::size_t> last_delivery_row;  // its latest recorded delivery

    [[nodiscard]] double unshipped() const { return quantity - shipped; }
    [[nodiscard]] double undelivered() const { return quantity - delivered; }
};

// One replication's memory budget: past any of these, run() fails with a message naming the
// node that holds the most (instead of the machine's OOM killer ending the process). A lot, an
// event or an order takes about 100 bytes, so the defaults stay within a few hundred MB.
struct RunLimits {
    std::size_t lots_per_node = 2'000'000;  // waiting, in process or held at one node
    std::size_t lots = 4'000'000;           // live anywhere, in transit included
    std::size_t pending_events = 4'000'000;
    std::size_t orders = 4'000'000;  // placed (every order is kept for the record)
};

struct RunControl {
    // Set from another thread (Ctrl-C) to end the run early; the result is then marked
    // interrupted by the caller.
    const std::atomic<bool>* stop = nullptr;
    // Off: only KPIs and product samples are kept (node samples, orders and lots are not), to
    // measure what recording costs.
    bool record = true;
    // Called now and then with the fraction of the horizon done and the events so far.
    std::function<void(double fraction, std::uint64_t events)> progress;
    RunLimits limits;
};

class Replication {
public:
    Replication(const Scenario& scenario, std::uint64_t master_seed, int replication);
    ~Replication();
    Replication(const Replication&) = delete;
    Replication& operator=(const Replication&) = delete;

    // Runs to the horizon (or until stopped). Call once.
    RunResult run(const RunControl& control = {});
    [[nodiscard]] bool was_stopped() const { return stopped_; }

    // --- services for blocks, lanes and shocks ---
    [[nodiscard]] const Scenario& scenario() const { return scenario_; }
    [[nodiscard]] sim::Kernel& kernel() { return kernel_; }
    [[nodiscard]] sim::RandomStream stream(std::string_view entity, std::string_view purpose) const;
    [[nodiscard]] blocks::Block& block(int node) {
        return *blocks_[static_cast<std::size_t>(node)];
    }
    [[nodiscard]] LaneRuntime& lane(int index) { return *lanes_[static_cast<std::size_t>(index)]; }
    [[nodiscard]] int product_index(const std::string& name) const;
    [[nodiscard]] int node_index(const std::string& name) const;
    [[nodiscard]] const std::string& product_name(int product) const;
    [[nodiscard]] static double day(sim::Time t) { return t.to_days(); }
    [[nodiscard]] bool recording() const { return record_; }
    [[nodiscard]] bool counting(sim::Time t) const { return t >= warmup_end_; }

    std::uint64_t next_lot_id() { return next_lot_id_++; }
    Slab<Lot>& transit() { return transit_; }

    // Places an order for `units` (whole units) with `supplier`; returns its id.
    std::uint32_t place_order(sim::Kernel& k, int orderer, int input, int supplier, int product,
                              double units, int tier, std::optional<sim::Duration> lead_target);
    [[nodiscard]] Order& order(std::uint32_t id) { return orders_[id]; }
    // Units of an order have arrived at its orderer.
    void record_delivery(sim::Kernel& k, std::uint32_t order, double units);
    // A supplier shipped units of an order (allocated and sent).
    void record_shipment(std::uint32_t order, double units);
    // The route (lanes) from a supplier to an orderer, and whether it is open now.
    [[nodiscard]] const std::vector<int>& route(int supplier, int orderer) const;
    [[nodiscard]] bool route_open(int supplier, int orderer) const;
    // Sends a supplier's shipment to its orderer; room at the orderer is already reserved.
    void ship_along_route(sim::Kernel& k, int supplier, int orderer, Lot lot);
    // A node's random outage (MTBF/MTTR), recorded in the shocks table.
    void record_outage(int node, sim::Time start, double repair_days);

    // Quoted lead time of a product now: backlog / recent throughput, in days.
    [[nodiscard]] std::optional<double> quoted_lead_time_days(int product, sim::Time now);
    [[nodiscard]] double backlog(int product) const {
        return backlog_[static_cast<std::size_t>(product)];
    }
    [[nodiscard]] double recent_throughput_per_day(int product);

    // A lot leaves the network of lots (see Lot::in_system); ignored for lots not in it. For
    // end-to-end times, lots in system and system throughput.
    void record_absorbed(sim::Time now, const Lot& lot);
    void record_lot_stage(int node, const Lot& lot, sim::Time finished);
    void lots_in_system_changed(sim::Time now, double delta);

    // A resource's active/inactive state for bottleneck detection.
    void set_active(int node, bool active, sim::Time t);

private:
    void build();
    void build_routes();
    void collect_kpis(RunResult& out, sim::Time end);
    void add_order_kpis(RunResult& out, sim::Time end);
    void add_product_kpis(RunResult& out);
    void add_bottleneck_results(RunResult& out, sim::Time end);
    void describe_network(RunResult& out) const;
    void trim_throughput_window(int product, sim::Time now);
    void record_delivery_row(Order& o, sim::Time now, double units);
    void reset_statistics(sim::Time t);
    // Throws std::runtime_error naming the node when the run has outgrown `limits`.
    void check_limits(const RunLimits& limits) const;

    friend class Sampler;

    const Scenario& scenario_;
    sim::StreamFactory streams_;
    int replication_;
    sim::Kernel kernel_;
    std::vector<std::unique_ptr<blocks::Block>> blocks_;
    std::vector<std::unique_ptr<LaneRuntime>> lanes_;
    std::unique_ptr<BottleneckDetector> detector_;
    std::unique_ptr<ShockScheduler> shocks_;
    std::unique_ptr<Sampler> sampler_;
    Slab<Lot> transit_;
    std::uint64_t next_lot_id_ = 0;
    bool record_ = true;
    bool stopped_ = false;
    sim::Time warmup_end_;
    sim::Time horizon_;

    std::vector<Order> orders_;
    std::vector<DeliveryRecord> deliveries_;
    std::vector<LotStageRecord> lot_stages_;
    std::map<std::pair<int, int>, std::vector<int>> routes_;  // (supplier, orderer) -> lanes

    // Per product: open (undelivered) order units, and deliveries in the throughput window.
    std::vector<bool> ordered_;  // products that someone orders
    std::vector<double> backlog_;
    std::vector<double> backlog_peak_;
    std::vector<double> delivered_counted_;  // units delivered since the warm-up
    std::vector<std::deque<std::pair<sim::Time, double>>> recent_deliveries_;
    std::vector<double> recent_delivered_;
    std::vector<std::optional<sim::Time>> first_delivery_;
    std::vector<sim::RunningStats> quoted_stats_;
    std::vector<double> quoted_peak_;

    // End-to-end lots (validation): time in system and lots in system.
    sim::RunningStats system_sojourn_days_;
    sim::TimeWeighted lots_in_system_;
    double absorbed_lots_ = 0.0;
};

}  // namespace memchain::model
