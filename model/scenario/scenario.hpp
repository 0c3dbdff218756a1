#pragma once
// What a scenario says, as plain structs (no yaml-cpp types): products and their bills of
// materials, nodes (blocks), lanes, buyers' demand and ordering, shocks, and run settings.
// The loader fills and validates these; the network builder turns them into a runnable model.
//
// Units are normalised by the loader: every rate is in units per day and quantities are in the
// unit of the product they count. Time has one vocabulary: a span is a sim::Duration, a point
// in the run is a sim::Time (ticks since the scenario's start date; sim/time.hpp holds the one
// day<->tick conversion). Two exceptions keep days as doubles and say so in their names or
// comments: plans (Series, see there) and random durations (Distribution over days), whose
// values are drawn as reals. YAML keys keep their names (`review: 2w` is OrderRules::review).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/scenario/calendar.hpp"
#include "sim/distribution.hpp"
#include "sim/time.hpp"

namespace memchain::model {

// Where something was written, so that errors found after loading still name file:line:col.
struct SourcePos {
    std::string file;
    int line = 0;    // 1-based; 0 when unknown
    int column = 0;  // 1-based
};

// A value that changes over time: points (day offset, value) with step or linear
// interpolation. Before the first point the first value holds; after the last, the last.
// Kept in double days, not sim::Time: a plan is read on every rate lookup and interpolated
// in days (rates are per day); ticks would round each point to a microsecond and move the
// interpolated values, so results would change (model/README.md).
struct Series {
    enum class Interpolation : std::uint8_t { Step, Linear };
    std::vector<std::pair<double, double>> points;  // (day since start, value), sorted by day
    Interpolation interpolation = Interpolation::Step;

    static Series constant(double value) { return Series{{{0.0, value}}, Interpolation::Step}; }
    [[nodiscard]] double at(double day) const;
    [[nodiscard]] bool empty() const { return points.empty(); }
    // Days (after `after`) at which the value next changes slope or steps; for scheduling.
    [[nodiscard]] std::vector<double> breakpoints() const;
    [[nodiscard]] Series scaled(double factor) const;
};

struct BomLine {
    std::string component;  // a product name
    double quantity = 1.0;  // component units per unit of the product
};

// What a market's price responds to (policy/price.hpp gives the formulas, PriceRule::Coverage).
enum class CoverageSignal : std::uint8_t {
    Flow,   // recent supply over recent demand, both per day (no reference needed)
    Stock,  // sellers' stock in days of recent demand, over `reference_coverage`
    Orders  // `reference_coverage` over open orders in days of recent supply
};

// A product's market: a spot and a contract price, in money per unit of the product, moved by
// the rule in policy/price.hpp. Prices are in the scenario's money (USD unless said).
struct Market {
    double reference_price = 0.0;  // the price at balance (relative coverage 1); the start price
    // The spot price on the start day of a run that starts mid-cycle, held until prices are
    // discovered (as the reference is without it); none: the reference. Contracts start at the
    // reference all the same.
    std::optional<double> initial_spot;
    double cash_cost = 0.0;    // the floor: makers stop selling below their cash cost
    double sensitivity = 1.0;  // s: the indicated price is reference x coverage^-s
    // tau: first-order smoothing of spot toward the indicated price
    sim::Duration adjustment = sim::Duration::from_days(30.0);
    CoverageSignal coverage = CoverageSignal::Flow;
    sim::Duration reference_coverage;     // Stock and Orders
    double max_relative_coverage = 10.0;  // relative coverage held in [1/max, max]
    sim::Duration forward_horizon;        // Stock: count expected output over it; 0: none
    // Traders' expected price: the anchor of the indicated price starts at the reference and
    // follows spot with this first-order delay (policy/price.hpp, next_anchor); 0: fixed.
    sim::Duration anchor_time;
    // Contracts reset every period from the start; a reset takes spot as it was `contract_lag`
    // before.
    sim::Duration contract_period = sim::Duration::from_days(91.0);
    sim::Duration contract_lag;
    double contract_pass_through = 1.0;  // share of the gap to that spot a reset closes
    double spot_share = 0.0;             // share of delivered units sold at spot, not contract
    // A part priced off what it goes into: the relative coverage is blended with the market
    // of `downstream` (policy/price.hpp, blended_coverage) with this weight; "" for none.
    std::string downstream;
    double downstream_weight = 0.0;
    SourcePos downstream_pos;
    SourcePos pos;
};

struct Product {
    std::string name;
    std::string unit = "units";  // what one unit is called: wafers, dies, stacks, modules...
    std::vector<BomLine> bom;    // empty for a raw product
    std::string description;
    std::optional<Market> market;
    SourcePos pos;
};

enum class Block : std::uint8_t {
    Source,     // creates lots: Poisson, fixed interval, or a rate plan
    Station,    // c servers or a capacity per day; lot size, yield, outages, capacity plan
    Assembly,   // waits for a kit of its product's bill of materials, then works as a station
    Inventory,  // holds stock of one product, up to a capacity; passes it downstream
    Allocator,  // holds a supplier's stock and splits it among open orders by a policy
    Pool,       // absorbs units for good, up to a capacity that may grow (power, rack space)
    Sink,       // absorbs everything (end of a line)
    Buyer       // places orders from a demand plan; receives deliveries; may hold stock
};

enum class QueueDiscipline : std::uint8_t { Fifo, Priority };

enum class AllocationPolicy : std::uint8_t {
    Fcfs,      // oldest open order first
    ProRata,   // in proportion to each buyer's open order units
    Contract,  // in proportion to contract shares; unused shares go pro rata to the rest
    Priority,  // strict tiers (1 first), first-come-first-served within a tier
    MaxMin     // max-min fair: equal shares, capped at each buyer's open units (water-filling)
};

struct PolicyChange {
    sim::Time from;
    AllocationPolicy policy = AllocationPolicy::Fcfs;
    SourcePos pos;
};

// Random up/down behaviour: exponential times between failures and to repair (days).
struct Outages {
    std::optional<sim::Distribution> time_between_failures;  // days
    std::optional<sim::Distribution> time_to_repair;         // days
};

// A supplier contract beyond its share (sourcing that flexes; policy/sourcing.hpp has the
// rule): the largest share of the orderer's volume the supplier may take when others fall
// short, and the day it is qualified from (before it, it gets no orders; the other suppliers'
// shares are scaled up to fill its share).
struct SupplierTerms {
    std::optional<double> up_to;              // 0-1, at least the (scaled) share; none: the share
    std::optional<sim::Time> qualified_from;  // none: qualified from the start
    SourcePos pos;
};

// Orders an input buffer places by itself (pull): whenever units are taken from the buffer,
// the same number is ordered from the suppliers (one-for-one), keeping the inventory
// position (on hand + on order) at `base_stock`. The level is a plan: when it rises the
// difference is ordered too, when it falls consumption is not reordered until the position is
// back at the level (a line's safety stock follows its planned volume).
struct Replenishment {
    std::map<std::string, double> suppliers;              // allocator name -> share of each order
    std::map<std::string, SupplierTerms> supplier_terms;  // suppliers written with terms
    std::optional<sim::Duration> resource_after;  // unshipped this long at a supplier: it is short
    Series base_stock = Series::constant(0.0);
    std::optional<sim::Duration> order_period;  // batch orders: at most one per period
};

// Assembly: an alternative input for one bill-of-materials line (an HBM3E stack for an HBM4
// stack). The rule is in engine/blocks/input_buffers.hpp: from `from` on, a kit whose line is
// short takes the missing line units from the substitute, `ratio` substitute units for each, as
// long as they are at most `up_to` of the line's units in that kit.
struct Substitute {
    std::string line;     // the bill-of-materials component it stands in for
    std::string product;  // the substitute, not the line itself
    double ratio = 1.0;   // substitute units per line unit, positive
    sim::Time from;
    double up_to = 1.0;  // (0, 1]
    SourcePos pos;       // of `product`
};

// One input buffer of a station or assembly (for an assembly, one per bill-of-materials line).
struct InputSpec {
    std::string product;
    std::optional<double> capacity;  // units held plus units on their way here; none: unbounded
    double initial = 0.0;            // units on hand at the start
    std::optional<Replenishment> replenishment;
    SourcePos pos;
};

enum class WhenBlocked : std::uint8_t { Lose, Hold };

// What a station or assembly with a cycle time starts while a finished lot waits for room
// downstream: nothing (Stop), or one lot for each that leaves it (Replace: its lots in process,
// in service, in the pipeline and finished, held at their count when the first began to wait).
enum class BlockedStarts : std::uint8_t { Stop, Replace };

struct Arrivals {
    enum class Kind : std::uint8_t { Poisson, Interval, Rate };
    Kind kind = Kind::Poisson;
    Series rate;                 // Poisson or Rate: units per day (Poisson: lots per day)
    sim::Distribution interval;  // Interval: days between lots
    sim::Distribution lot_size = sim::Distribution::deterministic(1.0);  // units per lot
    WhenBlocked when_blocked = WhenBlocked::Hold;
    std::optional<std::uint64_t> limit;  // stop after this many lots
    std::int16_t priority = 0;           // lot priority for priority queues (lower first)
};

enum class DemandKind : std::uint8_t {
    None,     // no end demand (a buyer that only forwards what it receives)
    Rate,     // a deterministic plan: units per day, ordered once per period
    Poisson,  // unit demands at a Poisson rate per day (rate may follow a plan)
    Normal    // i.i.d. normal demand per period: mean and sd in units per period
};

struct Demand {
    DemandKind kind = DemandKind::None;
    Series rate;        // units per day (Rate: the plan; Poisson: the arrival rate)
    double mean = 0.0;  // Normal: units per period
    double sd = 0.0;    // Normal: units per period
    sim::Duration period = sim::Duration::from_days(7.0);
    // Capex plans: `rate` is money per day; divided by `unit_price` (money per unit) and
    // multiplied by `capex_share` (the part that buys this product, a plan: it shifts as
    // spending moves between chips and buildings) it becomes units per day.
    std::optional<double> unit_price;
    Series capex_share = Series::constant(1.0);
    // Device makers: `rate` counts devices per day and each carries `content` units of the
    // product (a plan: GB of DRAM per phone over time); none: `rate` is in product units.
    std::optional<Series> content;
};

// How a buyer's demand answers to its product's market (engine/market.hpp): units (devices)
// and content per unit are each multiplied by (price / reference price)^elasticity.
// Elasticities are <= 0. Capex buyers need none: their budget buys budget / price. The price
// is the contract itself, or with an `adjustment` time T the buyer's perceived price: it
// starts at the contract and at each market step of dt moves 1 - e^(-dt/T) of the way to the
// contract (a first-order delay, as the spot moves toward its indicated price).
struct PriceResponse {
    double units_elasticity = 0.0;
    double content_elasticity = 0.0;
    std::optional<sim::Duration> adjustment;  // none: the factor answers to the contract at once
    SourcePos pos;
};

// A maker's or packager's capacity that answers to scarcity (engine/expansion.hpp): when the
// trigger stays above its threshold for `sustain`, the node commits `step` x its capacity
// rate that day, which arrives `lead_time` later and ramps up linearly over `ramp`. At most
// `in_build` commitments are in build at a time (one unless stated); at most `max_commitments`
// in a run.
struct Expansion {
    enum class Trigger : std::uint8_t {
        Utilization,  // the node's busy share of its capacity over each sample interval
        Margin        // (contract - cash cost) / contract of `margin_product`'s market
    };
    Trigger trigger = Trigger::Utilization;
    std::string margin_product;  // Margin: the product whose market is read (default: the node's)
    double above = 0.9;
    sim::Duration sustain = sim::Duration::from_days(91.0);
    double step = 0.1;  // fraction of the capacity rate on the day of commitment
    sim::Duration lead_time = sim::Duration::from_days(365.0);
    sim::Duration ramp;
    double capex = 0.0;  // money per commitment, recorded
    int in_build = 1;    // commitments that may be in build at once
    std::optional<int> max_commitments;
    SourcePos pos;
};

// A maker's output that answers to a glut (engine/cut.hpp): when the contract margin of
// `margin_product`'s market stays below `below` for `sustain`, the node cuts `step` x its
// planned capacity rate, taking effect `lead_time` later (wafer starts cut); when the margin
// stays at or above `restore_above` for `sustain`, the newest cut in force ends `lead_time`
// later. One decision is pending at a time; at most `max_cuts` cuts in force at once.
struct Cut {
    std::string margin_product;  // the product whose market is read (default: the node's)
    double below = 0.0;
    double restore_above = 0.1;
    sim::Duration sustain = sim::Duration::from_days(91.0);
    double step = 0.1;  // fraction of the planned capacity rate taken out per cut
    sim::Duration lead_time = sim::Duration::from_days(91.0);
    int max_cuts = 1;
    SourcePos pos;
};

// A maker's temporary shift of capacity into its product on a shortage (engine/surge.hpp): when
// the spot of `product`'s market has stayed at or above (1 + `above`) x its reference price for
// `sustain`, the node adds `share` x its capacity rate, `delay` later, until the spot has stayed
// below that level for `sustain` or the addition has run for `longest`. At most `max_surges`.
struct Surge {
    std::string product;  // the product whose market is read (default: the node's)
    double above = 0.1;   // spot / reference price - 1
    sim::Duration sustain;
    double share = 0.1;  // fraction of the capacity rate on the day of the decision
    sim::Duration delay;
    sim::Duration longest = sim::Duration::from_days(91.0);
    int max_surges = 1;
    SourcePos pos;
};

// A fab's split of its wafers between HBM and conventional DRAM that follows margin per wafer
// (engine/wafer_mix.hpp): each route is an out-lane of the fab with the product whose market
// prices it and the units of it a wafer becomes (HBM's wafer trade ratio is in these numbers).
struct WaferRoute {
    std::string to;       // the out-lane's destination
    std::string product;  // priced by its market
    double per_wafer = 0.0;
};
struct WaferMix {
    WaferRoute hbm;
    WaferRoute conventional;
    double min_hbm_share = 0.0;
    double max_hbm_share = 1.0;
    double max_change_per_quarter = 0.05;  // share points
    SourcePos pos;
};

enum class OrderingPolicy : std::uint8_t {
    MakeToOrder,  // each period's demand becomes an order (no own stock is kept)
    BaseStock,    // continuous review, one-for-one: end demand is served from stock, each
                  // unit taken is reordered at once (inventory position = level)
    OrderUpTo     // periodic review with a moving-average forecast over `forecast_periods`
                  // periods: up-to level = L * forecast + z * sd * sqrt(L), L the lead time in
                  // periods, sd the sample sd of the last p periods' demand (Chen, Drezner,
                  // Ryan & Simchi-Levi 2000); each review orders level - inventory position
};

struct Ordering {
    OrderingPolicy policy = OrderingPolicy::MakeToOrder;
    double level = 0.0;                  // BaseStock: S
    int forecast_periods = 4;            // OrderUpTo: p
    double lead_time_periods = 1.0;      // OrderUpTo: L, in review periods
    double safety_factor = 0.0;          // OrderUpTo: z (times the demand sd times sqrt(L))
    bool allow_negative_orders = false;  // OrderUpTo: negative orders return stock
    double initial_stock = 0.0;
};

// Buyers inflate orders when quoted lead times grow (off by default): the order is multiplied
// by (quoted / reference) ^ elasticity, capped at max_factor, where reference is the quoted
// lead time when the run starts (or `reference` if given).
struct Inflation {
    bool enabled = false;
    double elasticity = 0.5;
    double max_factor = 2.0;
    std::optional<sim::Duration> reference;
};

// A buyer that stocks up on news of a shock (off unless stated; base-stock buyers only): when
// a scheduled capacity_loss or outage shock begins on a maker of the buyer's product upstream
// of it (a station or assembly with a capacity rate from which lanes lead to one of its
// suppliers), the buyer raises its base-stock level by share x `cover` x its demand per day,
// share being that maker's capacity over the capacity of all makers of the product upstream of
// the buyer on the shock's first day, times the shock's magnitude (an outage: 1). The level falls
// back by the same amount when the shock's full effect ends (its duration; never without one),
// so the buyer then orders that much less. Assumption (data/README.md): buyers who bought in
// bulk on the news of the 2013 Wuxi fire and the 2020 Fab 11 outage, by amounts no source gives.
//
// With `pace: with_loss` (off unless stated) the extra is bought as the loss happens instead of
// in one order on the first day: each day the shock stops the maker, the buyer orders share x
// its demand that day more, until it has added `cover` days of it or the stop ends, whichever is
// first. So the amount is share x min(stop, cover) x demand per day, sized by the loss the shock
// announces (a week's stop buys a week of the share, a month's a month, capped by the buyer's
// cover), and the price reads it as orders that build over the stop. Assumption
// (data/README.md): the record of 2013 has the spot rising over the weeks of the stop (+20% the
// first day, +30% in two weeks, +36% in three), not in one step.
struct StockUp {
    enum class Pace : std::uint8_t { AtOnce, WithLoss };
    sim::Duration cover;  // days of the buyer's demand, on the share the shock takes
    Pace pace = Pace::AtOnce;
    SourcePos pos;
};

// Orders open at the start (off by default): `units` the buyer ordered before the run began,
// placed on a date before the start and still open (none of them shipped) on day 0; one entry,
// or several in date order (a book placed over months: the oldest are served first). They are
// split over the buyer's suppliers as its own orders are on day 0, booked with each supplier
// before any order of the run, oldest first, and carry their placement date: their age (max_age,
// lead_time_tolerance), their due date (placed + target_lead_time) and the `orders` table
// (placed_day negative) count from it. They are in the product's backlog, so the quoted lead time
// reads them, but they are not new demand of the run: markets do not hear them as ordered, the
// order KPIs (which count orders placed after the warm-up) leave them out, and they stay with the
// supplier they were placed with (re-sourcing moves only what is ordered in the run). The sold-out
// books of end-2025 for accelerators (configs/examples/open_book.yaml, data/README.md) are what it
// is for.
struct OpenAtStart {
    double units = 0.0;
    sim::Time placed;  // before the start: negative
    SourcePos pos;
};

// Booking ahead (off by default; make-to-order buyers only). While the quoted lead time a
// period's order would be given (the product's backlog with one period's need added, over recent
// throughput) is above `above`, the buyer keeps orders open for its need over a booking horizon
// beyond the period it is ordering for: that quote itself, at most `max_horizon` (a buyer quoted
// L must order now what it needs L from now), or a stated span. The need is the demand
// rate on the day of the order times the horizon; what is already booked ahead counts, so in a
// steady state the buyer orders one period's need. Booked-ahead units are future need: each
// period's demand is taken from them first, and only the rest is ordered. With the order rule
// `unwind_phantom`, booked-ahead units above what today's horizon asks for are cancelled when
// the quote falls, newest orders first (policy/order_rules.hpp). Assumption: buyers of AI
// servers in 2023 booked for the lead times they were quoted (configs/history/README.md,
// data/README.md), not a fitted behaviour.
struct Booking {
    bool enabled = false;
    std::optional<sim::Duration> horizon;      // none: the quoted lead time
    std::optional<sim::Duration> max_horizon;  // with the quoted lead time: its cap
    sim::Duration above = sim::Duration::zero();
};

// What a buyer does with its open orders (all off by default). At every review (each demand
// period unless `review` is set) the buyer looks at each open order's unshipped part:
//   - max age: an order older than `max_age` has its unshipped part cancelled;
//   - lead-time tolerance: when the order's age plus the product's quoted lead time (what it
//     still expects to wait) exceeds `lead_time_tolerance`, its unshipped part is
//     cancelled, or with `push_out_on_tolerance` its due date moves to now + the quote;
//   - downstream re-timing: when the buyer cannot pass on what it has received (its downstream,
//     a cluster build or a power pool, is full) or its own capacity is full, every open order
//     is held at its supplier until the next review (pushed out), so the supplier serves others;
//   - phantom unwinding: units added by `inflation` count as phantom; when the inflation factor
//     the current quote justifies falls, phantom units above open units x (1 - 1/factor) are
//     cancelled, newest orders first.
// Units already shipped (in transit) are never cancelled. Each change is recorded. Assumption:
// rules of thumb after the 2021-2023 chip shortage's double ordering and cancellations (see
// data/README.md), not a fitted behaviour.
struct OrderRules {
    std::optional<sim::Duration> lead_time_tolerance;
    bool push_out_on_tolerance = false;  // false: cancel
    std::optional<sim::Duration> max_age;
    bool retime_when_downstream_full = false;
    bool unwind_phantom = false;
    std::optional<sim::Duration> review;  // none: the buyer's demand period

    [[nodiscard]] bool any() const {
        return lead_time_tolerance || max_age || retime_when_downstream_full || unwind_phantom;
    }
};

struct Node {
    std::string name;
    Block block = Block::Station;
    std::string preset;  // fab, logic_foundry, tsv, cowos, osat, test, cluster_build, power, ...
    std::string stage;   // how reports group it ("DRAM fab", "HBM stacking", ...)
    std::string region;
    std::string owner;
    std::string product;  // output (source, station, assembly) or held product (others)
    std::string description;
    SourcePos pos;
    std::optional<sim::Time> active_from;  // a node that exists only from then on (new fab)

    // Station and assembly. Either `servers` with a `process_time` per lot (days), or a
    // `capacity` plan in output units per day (one lot at a time at that rate).
    std::optional<Series> servers_plan;           // number of servers over time
    std::optional<Series> capacity;               // units per day over time
    sim::Distribution process_time;               // days per lot (servers mode)
    std::optional<sim::Distribution> cycle_time;  // days after processing, in parallel
    // The cycle-time pipeline holds lots at the start, as if the station had been working at
    // its capacity for one mean cycle time before the run (a fab that is already running).
    bool initial_wip_full = false;
    BlockedStarts when_blocked = BlockedStarts::Stop;  // with a cycle time only
    double lot_size = 1.0;                             // output units per lot
    double output_per_unit = 1.0;                      // station: output units per input unit
    Series yield = Series::constant(1.0);              // fraction of good units, over time
    bool binomial_yield = true;                        // units lost one by one, not as a factor
    QueueDiscipline queue = QueueDiscipline::Fifo;
    std::vector<InputSpec> inputs;        // station: at most one; assembly: one per BOM line, then
                                          // one per substitute product not in the bill of materials
    std::vector<Substitute> substitutes;  // assembly: at most one per line, no cycles
    // Assembly: its own bill of materials, overriding the product's (one accelerator product
    // built by lines with different HBM counts per unit).
    std::vector<BomLine> bom;
    Outages outages;

    // Source.
    Arrivals arrivals;

    // Inventory, allocator, buyer: stock bounds (a buyer's: what it received and has not yet
    // passed on or used). Pool: capacity over time (units it can hold).
    std::optional<double> stock_capacity;
    double initial_stock = 0.0;
    bool unlimited = false;  // allocator: never runs out (a supplier outside the model)
    std::optional<Series> pool_capacity;

    // Allocator.
    AllocationPolicy policy = AllocationPolicy::Fcfs;
    std::vector<PolicyChange> policy_changes;
    std::map<std::string, double> contract_shares;   // buyer -> share
    std::map<std::string, int> tiers;                // buyer -> tier (1 highest); default 1
    std::optional<sim::Duration> allocation_period;  // batch allocation; none: on every change

    // Buyer.
    Demand demand;
    Ordering ordering;
    std::map<std::string, double> suppliers;              // allocator name -> share of each order
    std::map<std::string, SupplierTerms> supplier_terms;  // suppliers written with terms
    std::optional<sim::Duration> resource_after;  // unshipped this long at a supplier: it is short
    int tier = 1;
    std::optional<sim::Duration> target_lead_time;  // orders are due this long after placing
    Inflation inflation;
    Booking booking;
    std::optional<PriceResponse> price_response;
    std::optional<Expansion> expansion;  // stations and assemblies with a rate, and pools
    std::optional<Cut> cut;              // stations and assemblies with a rate
    std::optional<Surge> surge;          // stations and assemblies with a rate
    OrderRules order_rules;
    std::optional<StockUp> stock_up;         // buyers with a base-stock policy
    std::vector<OpenAtStart> open_at_start;  // buyers: orders placed before the start, oldest first
    std::optional<WaferMix> wafer_mix;       // stations with two out-lanes to split between

    // A station or assembly that makes `product_name` at a capacity rate: the output a market's
    // forward horizon expects and a buyer's news of a shock is about.
    [[nodiscard]] bool makes_at_rate(const std::string& product_name) const {
        return (block == Block::Station || block == Block::Assembly) && product == product_name &&
               capacity.has_value();
    }
};

// A directed edge for material: from a node's output to another node's input.
struct Lane {
    std::string from;
    std::string to;
    std::string product;  // the from-node's product (filled by the loader)
    sim::Distribution transit = sim::Distribution::deterministic(0.0);  // days
    std::optional<double> capacity;                                     // units in transit at most
    std::optional<Series> share;  // routing weight among the from-node's lanes
    std::string from_region;      // default: the from-node's region
    std::string to_region;        // default: the to-node's region
    SourcePos pos;

    [[nodiscard]] std::string name() const { return from + "->" + to; }
};

enum class ShockKind : std::uint8_t {
    CapacityLoss,       // nodes lose `magnitude` (fraction) of capacity; recover linearly
    Outage,             // nodes go down (no capacity at all) for the duration
    YieldExcursion,     // nodes' yield is multiplied by (1 - magnitude); recovers linearly
    DemandSurge,        // buyers' demand is multiplied by (1 + magnitude) from the start
    CapacityExpansion,  // nodes gain `magnitude` units/day, ramping up over `ramp`
    PolicyChange,       // allocators switch to `policy`
    LaneClosure,        // lanes stop carrying (export control) for the duration
    Price,              // the targets' market's indicated price x (1 + magnitude); recovers
    // Decided in a run only, never written in a scenario (engine/cut.hpp): nodes lose
    // `magnitude` of their planned capacity until the cut is restored.
    CapacityCut
};

// A random trigger: the shock happens at the times of a Poisson process with
// `probability_per_year` chance of at least one occurrence per year (each occurrence with the
// same effect), sampled per replication.
struct RandomTrigger {
    double probability_per_year = 0.0;
};

struct Shock {
    std::string name;
    ShockKind kind = ShockKind::CapacityLoss;
    std::vector<std::string> targets;       // node, buyer or lane ("from->to") names, resolved
    sim::Time start;                        // random: when its process starts
    std::optional<sim::Duration> duration;  // none: lasts to the end
    double magnitude = 0.0;
    sim::Duration recovery;                            // linear return to normal after the duration
    sim::Duration ramp;                                // CapacityExpansion: linear ramp to full
    AllocationPolicy policy = AllocationPolicy::Fcfs;  // PolicyChange
    std::optional<RandomTrigger> random;
    std::string description;
    SourcePos pos;
};

// A lever: the capacity of every target multiplied by `factor` from `from` on (a station's
// or assembly's capacity rate or servers, a pool's capacity). Applied by the loader to the
// nodes' plans (see model/scenario/levers.hpp), so the engine sees only changed plans; kept
// here to say what was changed.
struct Lever {
    std::string name;                  // as written, or the selector and factor
    std::vector<std::string> targets;  // node names, resolved (each has a capacity)
    double factor = 1.0;
    sim::Time from;
    SourcePos pos;
};

enum class Detail : std::uint8_t {
    Summary,     // nodes, edges, shocks, samples, bottlenecks, KPIs
    Orders,      // + every order (quantity, placed, due, filled, completed)
    Deliveries,  // + what arrived of each order, summed per sample interval
    Lots         // + every lot's wait and process time at every stage, and every lot delivered
};

struct Recording {
    sim::Duration sample_interval = sim::Duration::from_days(7.0);
    Detail detail = Detail::Orders;
    sim::Duration throughput_window = sim::Duration::from_days(91.0);  // for quoted lead times
};

struct BottleneckSettings {
    // Inactive gaps shorter than this do not end an active period (a fab briefly waiting for
    // its next lot is still the constraint).
    sim::Duration merge_gap = sim::Duration::zero();
};

// A data file a scenario read (a CSV plan or an empirical distribution), kept whole so that the
// scenario's hash covers the data as well as the YAML.
struct DataFile {
    std::string path;
    std::string content;
};

struct Scenario {
    std::string name;
    std::string description;
    std::string path;  // the file it was loaded from
    Date start;
    sim::Duration horizon = sim::Duration::from_days(365.0);
    sim::Duration warmup = sim::Duration::zero();  // statistics start after this
    std::uint64_t seed = 1;
    Recording recording;
    BottleneckSettings bottleneck;
    std::vector<Product> products;
    std::vector<Node> nodes;
    std::vector<Lane> lanes;
    std::vector<Shock> shocks;
    std::vector<Lever> levers;  // already applied to the nodes' plans
    // The resolved scenario (after extends: and overrides) as YAML, for the runs table.
    std::string resolved_text;
    std::vector<DataFile> data_files;  // every CSV file read, in the order first read

    [[nodiscard]] const Product* find_product(const std::string& product_name) const;
    [[nodiscard]] const Node* find_node(const std::string& node_name) const;
    // What an assembly consumes per unit: its own bill of materials or else its product's.
    [[nodiscard]] const std::vector<BomLine>& bill_of_materials(const Node& node) const;
};

[[nodiscard]] const char* to_string(Block b);
[[nodiscard]] const char* to_string(AllocationPolicy p);
[[nodiscard]] const char* to_string(ShockKind k);

}  // namespace memchain::model
