#include "model/engine/replication.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <queue>
#include <stdexcept>

#include "model/engine/blocks/allocator.hpp"
#include "model/engine/blocks/block.hpp"
#include "model/engine/blocks/buyer.hpp"
#include "model/engine/blocks/inventory.hpp"
#include "model/engine/blocks/pool.hpp"
#include "model/engine/blocks/source.hpp"
#include "model/engine/blocks/station.hpp"
#include "model/engine/lane.hpp"
#include "model/engine/sampler.hpp"
#include "model/engine/shock_scheduler.hpp"
#include "model/policy/bottleneck.hpp"

namespace memchain::model {

namespace {

std::unique_ptr<blocks::Block> make_block(Replication& model, int index, const Node& spec) {
    switch (spec.block) {
    case Block::Source: return std::make_unique<blocks::Source>(model, index, spec);
    case Block::Station:
    case Block::Assembly: return std::make_unique<blocks::Station>(model, index, spec);
    case Block::Inventory: return std::make_unique<blocks::Inventory>(model, index, spec);
    case Block::Allocator: return std::make_unique<blocks::Allocator>(model, index, spec);
    case Block::Pool:
    case Block::Sink: return std::make_unique<blocks::Pool>(model, index, spec);
    case Block::Buyer: return std::make_unique<blocks::Buyer>(model, index, spec);
    }
    return nullptr;
}

}  // namespace

Replication::Replication(const Scenario& scenario, std::uint64_t master_seed, int replication)
    : scenario_(scenario),
      streams_(master_seed),
      replication_(replication),
      warmup_end_(sim::Time::zero() + scenario.warmup),
      horizon_(sim::Time::zero() + scenario.horizon) {
    build();
}

Replication::~Replication() = default;

sim::RandomStream Replication::stream(std::string_view entity, std::string_view purpose) const {
    return streams_.get(static_cast<std::uint64_t>(replication_), entity, purpose);
}

int Replication::product_index(const std::string& name) const {
    for (std::size_t i = 0; i < scenario_.products.size(); ++i)
        if (scenario_.products[i].name == name) return static_cast<int>(i);
    return -1;
}

int Replication::node_index(const std::string& name) const {
    for (std::size_t i = 0; i < scenario_.nodes.size(); ++i)
        if (scenario_.nodes[i].name == name) return static_cast<int>(i);
    return -1;
}

const std::string& Replication::product_name(int product) const {
    static const std::string none;
    if (product < 0 || static_cast<std::size_t>(product) >= scenario_.products.size()) return none;
    return scenario_.products[static_cast<std::size_t>(product)].name;
}

void Replication::build() {
    const std::size_t products = scenario_.products.size();
    ordered_.assign(products, false);
    backlog_.assign(products, 0.0);
    backlog_peak_.assign(products, 0.0);
    delivered_counted_.assign(products, 0.0);
    recent_deliveries_.assign(products, {});
    recent_delivered_.assign(products, 0.0);
    first_delivery_.assign(products, std::nullopt);
    quoted_stats_.assign(products, {});
    quoted_peak_.assign(products, 0.0);

    for (std::size_t i = 0; i < scenario_.nodes.size(); ++i) {
        blocks_.push_back(make_block(*this, static_cast<int>(i), scenario_.nodes[i]));
        blocks_.back()->set_handler(kernel_.add_handler(*blocks_.back()));
    }
    for (std::size_t i = 0; i < scenario_.lanes.size(); ++i) {
        const Lane& lane = scenario_.lanes[i];
        const int from = node_index(lane.from), to = node_index(lane.to);
        assert(from >= 0 && to >= 0 && "lanes join known nodes");
        lanes_.push_back(std::make_unique<LaneRuntime>(*this, static_cast<int>(i), lane, from, to,
                                                       stream("lane/" + lane.name(), "transit")));
        lanes_.back()->set_handler(kernel_.add_handler(*lanes_.back()));
        // Allocators ship along routes to their orderers, not by routing their output.
        if (scenario_.nodes[static_cast<std::size_t>(from)].block != Block::Allocator)
            blocks_[static_cast<std::size_t>(from)]->add_out_lane(static_cast<int>(i));
    }
    build_routes();
    detector_ = std::make_unique<BottleneckDetector>(static_cast<int>(blocks_.size()),
                                                     scenario_.bottleneck.merge_gap);
    // Like every other statistic, bottleneck and active shares start after the warm-up.
    detector_->count_shares_from(warmup_end_);
}

void Replication::build_routes() {
    auto add_route = [&](int supplier, int orderer) {
        if (routes_.count({supplier, orderer})) return;
        // Breadth-first over lanes from the supplier, passing through inventories only.
        std::vector<int> via(blocks_.size(), -1);
        std::vector<bool> seen(blocks_.size(), false);
        std::queue<int> frontier;
        frontier.push(supplier);
        seen[static_cast<std::size_t>(supplier)] = true;
        while (!frontier.empty()) {
            const int at = frontier.front();
            frontier.pop();
            if (at == orderer) break;
            if (at != supplier &&
                scenario_.nodes[static_cast<std::size_t>(at)].block != Block::Inventory)
                continue;
            for (std::size_t l = 0; l < lanes_.size(); ++l) {
                if (lanes_[l]->from() != at) continue;
                const auto to = static_cast<std::size_t>(lanes_[l]->to());
                if (seen[to]) continue;
                seen[to] = true;
                via[to] = static_cast<int>(l);
                frontier.push(lanes_[l]->to());
            }
        }
        std::vector<int> path;
        for (int at = orderer; at != supplier && via[static_cast<std::size_t>(at)] >= 0;
             at = lanes_[static_cast<std::size_t>(via[static_cast<std::size_t>(at)])]->from())
            path.push_back(via[static_cast<std::size_t>(at)]);
        std::reverse(path.begin(), path.end());
        assert(!path.empty() && "the loader checked that every supplier reaches its orderers");
        routes_[{supplier, orderer}] = std::move(path);
    };
    for (std::size_t n = 0; n < scenario_.nodes.size(); ++n) {
        const Node& node = scenario_.nodes[n];
        const int orderer = static_cast<int>(n);
        if (node.block == Block::Buyer) {
            ordered_[static_cast<std::size_t>(product_index(node.product))] = true;
            for (const auto& [supplier, share] : node.suppliers)
                add_route(node_index(supplier), orderer);
        }
        for (const InputSpec& in : node.inputs) {
            if (!in.replenishment) continue;
            ordered_[static_cast<std::size_t>(product_index(in.product))] = true;
            for (const auto& [supplier, share] : in.replenishment->suppliers)
                add_route(node_index(supplier), orderer);
        }
    }
}

const std::vector<int>& Replication::route(int supplier, int orderer) const {
    static const std::vector<int> none;
    const auto it = routes_.find({supplier, orderer});
    return it == routes_.end() ? none : it->second;
}

bool Replication::route_open(int supplier, int orderer) const {
    const std::vector<int>& lanes = route(supplier, orderer);
    if (lanes.empty()) return false;
    return std::all_of(lanes.begin(), lanes.end(),
                       [&](int l) { return lanes_[static_cast<std::size_t>(l)]->is_open(); });
}

void Replication::ship_along_route(sim::Kernel& k, int supplier, int orderer, Lot lot) {
    const std::vector<int>& lanes = route(supplier, orderer);
    assert(!lanes.empty() && "shipping needs a route");
    // A route through inventories takes the sum of its lanes' transit times; the lot travels
    // as if on the last lane, whose capacity it occupies.
    double earlier_days = 0.0;
    for (std::size_t i = 0; i + 1 < lanes.size(); ++i)
        earlier_days += lanes_[static_cast<std::size_t>(lanes[i])]->sample_transit_days();
    lanes_[static_cast<std::size_t>(lanes.back())]->dispatch(k, lot, earlier_days);
}

std::uint32_t Replication::place_order(sim::Kernel& k, int orderer, int input, int supplier,
                                       int product, double units, int tier,
                                       std::optional<sim::Duration> lead_target) {
    Order o;
    o.id = static_cast<std::uint32_t>(orders_.size());
    o.orderer = orderer;
    o.input = input;
    o.supplier = supplier;
    o.product = product;
    o.tier = tier;
    o.quantity = units;
    o.placed = k.now();
    if (lead_target) o.due = k.now() + *lead_target;
    orders_.push_back(o);
    auto& backlog = backlog_[static_cast<std::size_t>(product)];
    backlog += units;
    if (counting(k.now()))
        backlog_peak_[static_cast<std::size_t>(product)] =
            std::max(backlog_peak_[static_cast<std::size_t>(product)], backlog);
    static_cast<blocks::Allocator&>(block(supplier)).add_order(k, o.id);
    return o.id;
}

void Replication::record_shipment(std::uint32_t id, double units) {
    orders_[id].shipped += units;
}

void Replication::record_delivery(sim::Kernel& k, std::uint32_t id, double units) {
    Order& o = orders_[id];
    const sim::Time now = k.now();
    o.delivered += units;
    if (!o.due || now <= *o.due) o.on_time += units;
    if (!o.completed && o.delivered >= o.quantity - 1e-9) o.completed = now;
    const auto p = static_cast<std::size_t>(o.product);
    backlog_[p] = std::max(0.0, backlog_[p] - units);
    if (!first_delivery_[p]) first_delivery_[p] = now;
    recent_deliveries_[p].emplace_back(now, units);
    recent_delivered_[p] += units;
    if (counting(now)) delivered_counted_[p] += units;
    if (record_ && (scenario_.recording.detail == Detail::Deliveries ||
                    scenario_.recording.detail == Detail::Lots))
        record_delivery_row(o, now, units);
}

void Replication::record_delivery_row(Order& o, sim::Time now, double units) {
    // Detail `deliveries` keeps one row per order and sample interval, at the interval's last
    // arrival (a line shipping lot by lot would write hundreds a day; the samples resolve no
    // finer); detail `lots` keeps every lot's arrival.
    const double today = day(now);
    if (scenario_.recording.detail == Detail::Deliveries && o.last_delivery_row) {
        DeliveryRecord& last = deliveries_[*o.last_delivery_row];
        const double interval = scenario_.recording.sample_interval.to_days();
        if (std::floor(last.day / interval) == std::floor(today / interval)) {
            last.day = today;
            last.units += units;
            return;
        }
    }
    o.last_delivery_row = deliveries_.size();
    deliveries_.push_back({o.id, today, units});
}

void Replication::trim_throughput_window(int product, sim::Time now) {
    const auto p = static_cast<std::size_t>(product);
    const sim::Time from = now - scenario_.recording.throughput_window;
    auto& window = recent_deliveries_[p];
    while (!window.empty() && window.front().first <= from) {
        recent_delivered_[p] -= window.front().second;
        window.pop_front();
    }
    if (window.empty()) recent_delivered_[p] = 0.0;
}

double Replication::recent_throughput_per_day(int product) {
    trim_throughput_window(product, kernel_.now());
    const double days =
        std::min(scenario_.recording.throughput_window, kernel_.now() - sim::Time::zero())
            .to_days();
    if (days <= 0.0) return 0.0;
    return recent_delivered_[static_cast<std::size_t>(product)] / days;
}

std::optional<double> Replication::quoted_lead_time_days(int product, sim::Time now) {
    // Until a whole window has passed since the first delivery, throughput is not yet known:
    // early quotes would divide the first orders by the first trickle of deliveries.
    const auto& first = first_delivery_[static_cast<std::size_t>(product)];
    if (!first || now - *first < scenario_.recording.throughput_window) return std::nullopt;
    const double throughput = recent_throughput_per_day(product);
    const double backlog = backlog_[static_cast<std::size_t>(product)];
    if (backlog <= 1e-9) return 0.0;
    if (throughput <= 0.0) return std::nullopt;
    return backlog / throughput;
}

void Replication::record_absorbed(sim::Time now, const Lot& lot) {
    if (!lot.in_system) return;
    lots_in_system_changed(now, -1.0);
    if (!counting(now)) return;
    absorbed_lots_ += 1.0;
    system_sojourn_days_.add((now - lot.created).to_days());
}

void Replication::record_lot_stage(int node, const Lot& lot, sim::Time finished) {
    if (scenario_.recording.detail != Detail::Lots) return;
    lot_stages_.push_back({node, lot.id, product_name(lot.product), lot.units, day(lot.arrived),
                           day(lot.started), day(finished)});
}

void Replication::lots_in_system_changed(sim::Time now, double delta) {
    lots_in_system_.add(now, delta);
}

void Replication::set_active(int node, bool active, sim::Time t) {
    detector_->set_active(node, active, t);
}

void Replication::record_outage(int node, sim::Time start, double repair_days) {
    ShockRecord r;
    r.name = scenario_.nodes[static_cast<std::size_t>(node)].name + " outage";
    r.kind = "outage";
    r.target = scenario_.nodes[static_cast<std::size_t>(node)].name;
    r.start_day = day(start);
    r.end_day = day(start) + repair_days;
    r.magnitude = 1.0;
    r.random = true;
    r.description = "random failure (time between failures and to repair as configured)";
    shocks_->add_record(std::move(r));
}

void Replication::reset_statistics(sim::Time t) {
    for (auto& b : blocks_) b->reset_statistics(t);
    lots_in_system_.reset(t);
    system_sojourn_days_ = {};
    absorbed_lots_ = 0.0;
}

void Replication::check_limits(const RunLimits& limits) const {
    std::size_t live = transit_.live();
    std::size_t most = 0;
    std::size_t at = 0;
    for (std::size_t n = 0; n < blocks_.size(); ++n) {
        const std::size_t held = blocks_[n]->lots_held();
        live += held;
        if (held > most) {
            most = held;
            at = n;
        }
    }
    const std::string when = "on day " + std::to_string(static_cast<long long>(day(kernel_.now())));
    const std::string holder = most > 0 ? "; node '" + scenario_.nodes[at].name + "' holds " +
                                              std::to_string(most) + " lots"
                                        : "";
    auto fail = [&](const std::string& what) {
        throw std::runtime_error("memory budget exceeded " + when + ": " + what);
    };
    if (most > limits.lots_per_node)
        fail("node '" + scenario_.nodes[at].name + "' holds " + std::to_string(most) +
             " lots, more than the " + std::to_string(limits.lots_per_node) +
             " one node may hold (what arrives there outpaces what leaves)");
    if (live > limits.lots)
        fail(std::to_string(live) + " lots are live, more than the " + std::to_string(limits.lots) +
             " a replication may hold" + holder);
    if (kernel_.pending() > limits.pending_events)
        fail(std::to_string(kernel_.pending()) + " events are pending, more than the " +
             std::to_string(limits.pending_events) + " a replication may hold" + holder);
    if (orders_.size() > limits.orders)
        fail(std::to_string(orders_.size()) + " orders were placed, more than the " +
             std::to_string(limits.orders) + " a replication may keep; the latest by node '" +
             scenario_.nodes[static_cast<std::size_t>(orders_.back().orderer)].name + "'");
}

RunResult Replication::run(const RunControl& control) {
    const auto wall_start = std::chrono::steady_clock::now();
    record_ = control.record;
    shocks_ = std::make_unique<ShockScheduler>(*this);
    shocks_->set_handler(kernel_.add_handler(*shocks_));
    sampler_ = std::make_unique<Sampler>(*this, control);
    sampler_->set_handler(kernel_.add_handler(*sampler_));

    shocks_->start(kernel_);
    sampler_->start(kernel_);
    for (auto& b : blocks_) b->start(kernel_);
    // In slices of events, so that a stop request (Ctrl-C) is seen within milliseconds of wall
    // time however slowly simulated time moves, and memory is checked as the run grows.
    constexpr std::uint64_t slice = 1 << 16;
    while (!kernel_.run_slice(horizon_, slice)) {
        if (control.stop && control.stop->load(std::memory_order_relaxed)) {
            stopped_ = true;
            break;
        }
        check_limits(control.limits);
    }
    const sim::Time end = kernel_.now();

    RunResult out;
    describe_network(out);
    out.shocks = shocks_->records();
    for (std::size_t i = 0; i < out.shocks.size(); ++i) out.shocks[i].id = static_cast<int>(i);
    collect_kpis(out, end);
    add_bottleneck_results(out, end);
    out.product_samples = std::move(sampler_->product_samples);
    if (record_) {
        out.samples = std::move(sampler_->node_samples);
        if (scenario_.recording.detail != Detail::Summary) {
            for (const Order& o : orders_) {
                OrderRecord r;
                r.id = o.id;
                r.buyer = o.orderer;
                r.supplier = o.supplier;
                r.product = product_name(o.product);
                r.quantity = o.quantity;
                r.placed_day = day(o.placed);
                if (o.due) r.due_day = day(*o.due);
                r.filled = o.delivered;
                if (o.completed) r.completed_day = day(*o.completed);
                out.orders.push_back(std::move(r));
            }
            out.deliveries = std::move(deliveries_);
        }
        out.lot_stages = std::move(lot_stages_);
    }
    out.events = kernel_.events_handled();
    out.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    return out;
}

void Replication::describe_network(RunResult& out) const {
    for (std::size_t i = 0; i < scenario_.nodes.size(); ++i) {
        const Node& n = scenario_.nodes[i];
        out.nodes.push_back({static_cast<int>(i), n.name, to_string(n.block), n.preset, n.stage,
                             n.region, n.owner, n.product});
    }
    for (std::size_t i = 0; i < scenario_.lanes.size(); ++i) {
        const Lane& l = scenario_.lanes[i];
        out.edges.push_back({static_cast<int>(i), node_index(l.from), node_index(l.to), l.product,
                             l.transit.mean(), l.capacity, l.from_region, l.to_region});
    }
}

void Replication::collect_kpis(RunResult& out, sim::Time end) {
    for (const auto& b : blocks_) {
        b->add_kpis(end, out.kpis);
        b->add_starvation(out.starvation);
    }
    add_order_kpis(out, end);
    add_product_kpis(out);
    const double days = (end - warmup_end_).to_days();
    if (absorbed_lots_ > 0.0) {
        out.kpis.push_back({"system_lots_mean", "", "", "", lots_in_system_.average(end)});
        out.kpis.push_back({"system_sojourn_mean_days", "", "", "", system_sojourn_days_.mean()});
        if (days > 0.0)
            out.kpis.push_back(
                {"system_throughput_lots_per_day", "", "", "", absorbed_lots_ / days});
    }
}

void Replication::add_order_kpis(RunResult& out, sim::Time end) {
    struct Group {
        sim::Quantiles lead_times;
        double ordered = 0.0, delivered = 0.0, due_ordered = 0.0, on_time = 0.0;
    };
    const auto stock_buyer = [&](int node) -> const blocks::Buyer* {
        if (node < 0 || scenario_.nodes[static_cast<std::size_t>(node)].block != Block::Buyer)
            return nullptr;
        const auto& b = static_cast<const blocks::Buyer&>(*blocks_[static_cast<std::size_t>(node)]);
        return b.keeps_stock() ? &b : nullptr;
    };
    // Keyed by (product, buyer); buyer "" is the product total. std::map keeps the order fixed.
    std::map<std::pair<std::string, std::string>, Group> groups;
    for (const Order& o : orders_) {
        if (!counting(o.placed)) continue;
        const std::string& product = product_name(o.product);
        const std::string& buyer = scenario_.nodes[static_cast<std::size_t>(o.orderer)].name;
        const bool from_stock_buyer = stock_buyer(o.orderer) != nullptr;
        for (const std::string* who : {&buyer, static_cast<const std::string*>(nullptr)}) {
            Group& g = groups[{product, who ? *who : std::string()}];
            g.ordered += o.quantity;
            g.delivered += o.delivered;
            if (o.completed) g.lead_times.add((*o.completed - o.placed).to_days());
            // A stock buyer's replenishment orders are not end demand: its customers' fill
            // rate, added below, goes into the product's instead.
            if (!who && from_stock_buyer) continue;
            if (!o.due || *o.due <= end) {
                g.due_ordered += o.quantity;
                g.on_time += o.on_time;
            }
        }
    }
    // The product's fill rate is the share of end demand met on time: orders delivered by their
    // due time at make-to-order buyers, units served from stock at once at stock buyers.
    for (std::size_t n = 0; n < blocks_.size(); ++n) {
        const blocks::Buyer* b = stock_buyer(static_cast<int>(n));
        if (!b || b->end_demand_units() <= 0.0) continue;
        Group& g = groups[{scenario_.nodes[n].product, std::string()}];
        g.due_ordered += b->end_demand_units();
        g.on_time += b->served_from_stock_units();
    }
    for (const auto& [key, g] : groups) {
        const auto& [product, buyer] = key;
        auto kpi = [&](const char* name, double value) {
            out.kpis.push_back({name, product, buyer, "", value});
        };
        kpi("units_ordered", g.ordered);
        kpi("units_delivered", g.delivered);
        if (g.lead_times.count() > 0) {
            double sum = 0.0;
            for (double v : g.lead_times.values()) sum += v;
            kpi("lead_time_mean_days", sum / static_cast<double>(g.lead_times.count()));
            kpi("lead_time_p50_days", g.lead_times.quantile(0.5));
            kpi("lead_time_p90_days", g.lead_times.quantile(0.9));
            kpi("lead_time_p99_days", g.lead_times.quantile(0.99));
        }
        // Buyers that keep stock report the fill rate of end demand themselves.
        if (!stock_buyer(buyer.empty() ? -1 : node_index(buyer)) && g.due_ordered > 0.0)
            kpi("fill_rate", g.on_time / g.due_ordered);
    }
}

void Replication::add_product_kpis(RunResult& out) {
    const double days = (horizon_ - warmup_end_).to_days();
    for (std::size_t p = 0; p < scenario_.products.size(); ++p) {
        if (!ordered_[p]) continue;
        const std::string& product = scenario_.products[p].name;
        auto kpi = [&](const char* name, double value) {
            out.kpis.push_back({name, product, "", "", value});
        };
        kpi("backlog_peak", backlog_peak_[p]);
        kpi("backlog_end", backlog_[p]);
        if (days > 0.0) kpi("throughput_per_day", delivered_counted_[p] / days);
        if (quoted_stats_[p].count() > 0) {
            kpi("quoted_lead_time_mean_days", quoted_stats_[p].mean());
            kpi("quoted_lead_time_peak_days", quoted_peak_[p]);
        }
    }
}

void Replication::add_bottleneck_results(RunResult& out, sim::Time end) {
    detector_->finish(end);
    out.bottleneck_periods = detector_->bottleneck_periods();
    out.bottleneck_shifts = detector_->shifts();
    for (std::size_t n = 0; n < blocks_.size(); ++n) {
        if (!blocks_[n]->is_resource()) continue;
        const int node = static_cast<int>(n);
        const std::string& name = scenario_.nodes[n].name;
        out.kpis.push_back({"active_share", "", "", name, detector_->active_share(node)});
        out.kpis.push_back({"bottleneck_sole_share", "", "", name, detector_->sole_share(node)});
        out.kpis.push_back(
            {"bottleneck_shifting_share", "", "", name, detector_->shifting_share(node)});
    }
}

}  // namespace memchain::model
