#pragma once
// What a replication measures beside the blocks' own statistics: lots end to end (time in
// system and lots in system, for validation against Little's law), every lot's stage times at
// detail `lots`, random outages for the shocks table, and the run's KPIs over orders.

#include <optional>
#include <string>
#include <vector>

#include "model/engine/lot.hpp"
#include "model/engine/order_book.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/stats.hpp"

namespace memchain::model {

// What a buyer that keeps stock says about its end demand since the warm-up: its customers'
// fill rate replaces that of its replenishment orders.
struct StockDemand {
    double end_demand_units = 0.0;
    double served_from_stock_units = 0.0;
};

class RunStatistics {
public:
    // Counts from `warmup_end` (and again from each reset).
    RunStatistics(const Scenario& scenario, sim::Time warmup_end);

    // A lot leaves the network of lots (see Lot::in_system); ignored for lots not in it.
    void record_absorbed(sim::Time now, const Lot& lot);
    void lots_in_system_changed(sim::Time now, double delta) { lots_in_system_.add(now, delta); }
    // At detail `lots`: one lot's stage at `node` ended (`product` names the lot's product).
    void record_lot_stage(NodeId node, const Lot& lot, const std::string& product,
                          sim::Time finished);
    // A node's random outage (MTBF/MTTR), for the shocks table.
    void record_outage(NodeId node, sim::Time start, double repair_days);
    // The end of the warm-up.
    void reset(sim::Time t);

    // Lots in system, time in system and system throughput (when lots were absorbed).
    void add_system_kpis(std::vector<Kpi>& out, sim::Time end) const;
    // Per (product, buyer) and per product: units ordered and delivered, lead-time mean and
    // quantiles, fill rate. `stock_demand` is indexed by node, set for buyers keeping stock.
    void add_order_kpis(std::vector<Kpi>& out, const OrderBook& book,
                        const std::vector<std::optional<StockDemand>>& stock_demand,
                        sim::Time end) const;

    [[nodiscard]] std::vector<LotStageRecord> take_lot_stages() { return std::move(lot_stages_); }
    [[nodiscard]] std::vector<ShockRecord> take_outages() { return std::move(outages_); }

private:
    [[nodiscard]] bool counting(sim::Time t) const { return t >= warmup_end_; }

    const Scenario& scenario_;
    sim::Time warmup_end_;
    sim::RunningStats system_sojourn_days_;
    sim::TimeWeighted lots_in_system_;
    double absorbed_lots_ = 0.0;
    std::vector<LotStageRecord> lot_stages_;
    std::vector<ShockRecord> outages_;
};

}  // namespace memchain::model
