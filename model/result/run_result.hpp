#pragma once
// What one replication produced, in memory, in calendar-free units (days since the run's
// start): the model fills it, the recorder writes it in one transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace memchain::model {

struct NodeRecord {
    int id = 0;
    std::string name;
    std::string block;   // source, station, assembly, inventory, allocator, pool, buyer
    std::string preset;  // fab, tsv, cowos, ... ("" for none)
    std::string stage;   // the stage a report groups it under ("" for none)
    std::string region;
    std::string owner;
    std::string product;  // what it outputs or holds
};

struct EdgeRecord {
    int id = 0;
    int from = 0;
    int to = 0;
    std::string product;
    double transit_days = 0.0;
    std::optional<double> capacity;  // units in transit at most
    std::string from_region;
    std::string to_region;
};

struct ShockRecord {
    int id = 0;
    std::string name;
    std::string kind;    // capacity_loss, yield_excursion, demand_surge, ...
    std::string target;  // node, lane or buyer name
    double start_day = 0.0;
    std::optional<double> end_day;
    double magnitude = 0.0;
    bool random = false;  // sampled (MTBF/MTTR, probability) rather than scheduled
    std::string description;
};

struct OrderRecord {
    std::uint64_t id = 0;
    int buyer = 0;     // node id (NodeRecord::id)
    int supplier = 0;  // node id
    std::string product;
    double quantity = 0.0;
    double placed_day = 0.0;
    std::optional<double> due_day;
    double filled = 0.0;
    std::optional<double> completed_day;  // when the last unit arrived
};

// Units of an order that arrived: with detail `deliveries`, the sum over one sample interval
// (`day` is the interval's last arrival); with detail `lots`, one lot.
struct DeliveryRecord {
    std::uint64_t order_id = 0;
    double day = 0.0;
    double units = 0.0;
};

// A change to an open order by its buyer's order rules (policy/order_rules.hpp): pushed out
// (due date moved, or deliveries held while the buyer's downstream is full) or cancelled (its
// unshipped units).
struct OrderChangeRecord {
    std::uint64_t order_id = 0;
    double day = 0.0;
    std::string change;             // "pushed out" or "cancelled"
    std::string reason;             // "max age", "lead-time tolerance", "downstream full", ...
    double units = 0.0;             // units cancelled, or units held back by a push-out
    std::optional<double> due_day;  // pushed out: the new due date (held: held until then)
};

struct NodeSample {
    int node = 0;
    double day = 0.0;
    double queue = 0.0;        // units waiting for service (or, for a buyer, open order units)
    double wip = 0.0;          // units in process
    double busy = 0.0;         // servers or capacity in use
    double capacity = 0.0;     // servers or units/day available now (0 while down)
    double utilization = 0.0;  // busy share of the available capacity over the last interval
    double inventory = 0.0;    // units held in the output buffer / stock
    double backlog = 0.0;      // open order units waiting for this node's output
    double output = 0.0;       // cumulative good units out
};

struct ProductSample {
    std::string product;
    double day = 0.0;
    double backlog = 0.0;
    double throughput_per_day = 0.0;              // recent deliveries per day
    std::optional<double> quoted_lead_time_days;  // backlog / recent throughput
};

// A market at one sample (engine/market.hpp): prices in money per unit, flows per day over the
// throughput window, stock and open orders in units.
struct MarketSample {
    std::string product;
    double day = 0.0;
    double spot = 0.0;
    double contract = 0.0;
    double demand_per_day = 0.0;  // units ordered per day
    double supply_per_day = 0.0;  // units delivered per day
    double inventory = 0.0;       // units the sellers hold
    double open_orders = 0.0;     // units ordered and not yet delivered
};

// What one seller was paid over one sample interval: units delivered to its buyers, at the
// price in force over the interval; cost at the market's cash cost per unit.
struct RevenueRecord {
    int period = 0;  // sample interval since the start, from 0
    double start_day = 0.0;
    double end_day = 0.0;
    int node = 0;  // the seller (an allocator)
    std::string owner;
    std::string product;
    double units = 0.0;
    double price = 0.0;
    double revenue = 0.0;  // units x price
    double cost = 0.0;     // units x cash cost
};

struct LotStageRecord {
    int node = 0;
    std::uint64_t lot = 0;
    std::string product;
    double units = 0.0;
    double arrived_day = 0.0;
    double started_day = 0.0;
    double finished_day = 0.0;
};

struct BottleneckPeriod {
    int node = 0;
    double start_day = 0.0;
    double end_day = 0.0;
    bool shifting = false;
};

struct BottleneckShift {
    double day = 0.0;
    std::optional<int> from;  // none for the first bottleneck of the run
    int to = 0;
};

struct StarvationRecord {
    int node = 0;
    std::string input;  // the product that was short
    double days = 0.0;
};

struct Kpi {
    std::string name;
    std::string product;  // "" where the KPI is not per product
    std::string buyer;
    std::string node;
    double value = 0.0;
};

struct RunResult {
    std::vector<NodeRecord> nodes;
    std::vector<EdgeRecord> edges;
    std::vector<ShockRecord> shocks;
    std::vector<OrderRecord> orders;
    std::vector<DeliveryRecord> deliveries;
    std::vector<OrderChangeRecord> order_changes;
    std::vector<NodeSample> samples;
    std::vector<ProductSample> product_samples;
    std::vector<MarketSample> market_samples;
    std::vector<RevenueRecord> revenue;
    std::vector<LotStageRecord> lot_stages;
    std::vector<BottleneckPeriod> bottleneck_periods;
    std::vector<BottleneckShift> bottleneck_shifts;
    std::vector<StarvationRecord> starvation;
    std::vector<Kpi> kpis;
    std::uint64_t events = 0;
    double wall_seconds = 0.0;
};

}  // namespace memchain::model
