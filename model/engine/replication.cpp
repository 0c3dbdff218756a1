#include "model/engine/replication.hpp"

#include <cassert>
#include <chrono>
#include <stdexcept>

#include "model/engine/blocks/allocator.hpp"
#include "model/engine/blocks/assembly.hpp"
#include "model/engine/blocks/block.hpp"
#include "model/engine/blocks/buyer.hpp"
#include "model/engine/blocks/inventory.hpp"
#include "model/engine/blocks/pool.hpp"
#include "model/engine/blocks/source.hpp"
#include "model/engine/blocks/station.hpp"
#include "model/engine/cut.hpp"
#include "model/engine/expansion.hpp"
#include "model/engine/lane.hpp"
#include "model/engine/market.hpp"
#include "model/engine/shock_scheduler.hpp"
#include "model/engine/surge.hpp"
#include "model/engine/wafer_mix.hpp"
#include "model/policy/bottleneck.hpp"
#include "model/policy/chains.hpp"

namespace memchain::model {

namespace {

std::unique_ptr<blocks::Block> make_block(Context& ctx, NodeId id, const Node& spec) {
    switch (spec.block) {
    case Block::Source: return std::make_unique<blocks::Source>(ctx, id, spec);
    case Block::Station: return std::make_unique<blocks::Station>(ctx, id, spec);
    case Block::Assembly: return std::make_unique<blocks::Assembly>(ctx, id, spec);
    case Block::Inventory: return std::make_unique<blocks::Inventory>(ctx, id, spec);
    case Block::Allocator: return std::make_unique<blocks::Allocator>(ctx, id, spec);
    case Block::Pool:
    case Block::Sink: return std::make_unique<blocks::Pool>(ctx, id, spec);
    case Block::Buyer: return std::make_unique<blocks::Buyer>(ctx, id, spec);
    }
    return nullptr;
}

}  // namespace

Replication::Replication(const Scenario& scenario, std::uint64_t master_seed, int replication)
    : scenario_(scenario),
      streams_(master_seed),
      warmup_end_(sim::Time::zero() + scenario.warmup),
      horizon_(sim::Time::zero() + scenario.horizon),
      orders_(scenario, warmup_end_),
      statistics_(scenario, warmup_end_),
      detector_(std::make_unique<BottleneckDetector>(static_cast<int>(scenario.nodes.size()),
                                                     scenario.bottleneck.merge_gap)),
      context_(ContextParts{&kernel_, &scenario_, &streams_, replication, &blocks_, &routes_,
                            &orders_, &shipping_, &statistics_, detector_.get()},
               warmup_end_) {
    // Like every other statistic, bottleneck and active shares start after the warm-up.
    detector_->count_shares_from(warmup_end_);
    // One detector per product chain as well, when there is more than one: a chain whose
    // stations are never the whole network's longest-active still gets its bottleneck.
    // Each is the whole network's detector restricted to its chain's nodes at the end.
    if (auto chains = product_chains(scenario); chains.size() > 1)
        chains_ = std::make_unique<ChainDetectors>(std::move(chains));
    build();
}

Replication::~Replication() = default;

void Replication::build() {
    for (std::size_t i = 0; i < scenario_.nodes.size(); ++i) {
        const NodeId id{static_cast<std::uint32_t>(i)};
        blocks_.push_back(make_block(context_, id, scenario_.nodes[i]));
        blocks_.back()->set_handler(kernel_.add_handler(*blocks_.back()));
    }
    for (std::size_t i = 0; i < scenario_.lanes.size(); ++i) {
        const Lane& lane = scenario_.lanes[i];
        const LaneId id{static_cast<std::uint32_t>(i)};
        const NodeId from = context_.node_id(lane.from), to = context_.node_id(lane.to);
        routes_.add_lane(std::make_unique<LaneRuntime>(
            shipping_, id, lane, from, *blocks_[index_of(from)], to, *blocks_[index_of(to)],
            context_.stream("lane/" + lane.name(), "transit")));
        LaneRuntime& added = routes_.lane(id);
        added.set_handler(kernel_.add_handler(added));
        // Allocators ship along routes to their orderers, not by routing their output.
        if (scenario_.nodes[index_of(from)].block != Block::Allocator)
            blocks_[index_of(from)]->add_out_lane(id);
    }
    build_routes();
}

void Replication::build_routes() {
    for (std::size_t n = 0; n < scenario_.nodes.size(); ++n) {
        const Node& node = scenario_.nodes[n];
        const NodeId orderer{static_cast<std::uint32_t>(n)};
        if (node.block == Block::Buyer) {
            orders_.mark_ordered(context_.product_id(node.product));
            for (const auto& [supplier, share] : node.suppliers)
                routes_.add_route(context_.node_id(supplier), orderer, scenario_.nodes);
        }
        for (const InputSpec& in : node.inputs) {
            if (!in.replenishment) continue;
            orders_.mark_ordered(context_.product_id(in.product));
            for (const auto& [supplier, share] : in.replenishment->suppliers)
                routes_.add_route(context_.node_id(supplier), orderer, scenario_.nodes);
        }
    }
}

RunResult Replication::run(const RunControl& control) {
    const auto wall_start = std::chrono::steady_clock::now();
    context_.set_recording(control.record);
    orders_.keep_delivery_rows(control.record &&
                               (scenario_.recording.detail == Detail::Deliveries ||
                                scenario_.recording.detail == Detail::Lots));
    orders_.keep_change_rows(control.record && scenario_.recording.detail != Detail::Summary);
    if (Markets::any(scenario_)) markets_ = std::make_unique<Markets>(context_);
    shocks_ = std::make_unique<ShockScheduler>(context_, markets_.get());
    shocks_->set_handler(kernel_.add_handler(*shocks_));
    sampler_ = std::make_unique<Sampler>(context_, control);
    sampler_->set_handler(kernel_.add_handler(*sampler_));
    if (markets_) {
        markets_->set_handler(kernel_.add_handler(*markets_));
        context_.set_order_listener(markets_.get());
        markets_->start(kernel_);
    }
    if (WaferMixes::any(scenario_)) {
        mixes_ = std::make_unique<WaferMixes>(context_, markets_.get());
        mixes_->set_handler(kernel_.add_handler(*mixes_));
        mixes_->start(kernel_);
    }
    if (Expansions::any(scenario_)) {
        expansions_ = std::make_unique<Expansions>(context_, *shocks_, markets_.get());
        expansions_->set_handler(kernel_.add_handler(*expansions_));
        expansions_->start(kernel_);
    }
    if (Cuts::any(scenario_)) {
        cuts_ = std::make_unique<Cuts>(context_, *shocks_, *markets_);
        cuts_->set_handler(kernel_.add_handler(*cuts_));
        cuts_->start(kernel_);
    }
    if (Surges::any(scenario_)) {
        surges_ = std::make_unique<Surges>(context_, *shocks_, *markets_);
        surges_->set_handler(kernel_.add_handler(*surges_));
        surges_->start(kernel_);
    }

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

    RunResult out;
    collect_results(out, kernel_.now());
    out.events = kernel_.events_handled();
    out.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    return out;
}

void Replication::check_limits(const RunLimits& limits) const {
    std::size_t live = shipping_.live_in_transit();
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
    const std::string when =
        "on day " + std::to_string(static_cast<long long>(kernel_.now().to_days()));
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
    const std::vector<Order>& orders = orders_.orders();
    if (orders.size() > limits.orders)
        fail(std::to_string(orders.size()) + " orders were placed, more than the " +
             std::to_string(limits.orders) + " a replication may keep; the latest by node '" +
             scenario_.nodes[static_cast<std::size_t>(orders.back().orderer)].name + "'");
}

void Replication::collect_results(RunResult& out, sim::Time end) {
    describe_network(out);
    out.shocks = shocks_->records();
    for (ShockRecord& outage : statistics_.take_outages()) out.shocks.push_back(std::move(outage));
    for (std::size_t i = 0; i < out.shocks.size(); ++i) out.shocks[i].id = static_cast<int>(i);
    collect_kpis(out, end);
    add_bottleneck_results(out, end);
    out.product_samples = std::move(sampler_->product_samples);
    if (expansions_) expansions_->add_kpis(out.kpis);
    if (cuts_) cuts_->add_kpis(out.kpis);
    if (surges_) surges_->add_kpis(out.kpis);
    if (mixes_) mixes_->add_kpis(out.kpis);
    if (markets_) {
        markets_->add_kpis(warmup_end_, out.kpis);
        out.market_samples = std::move(markets_->samples);
        out.revenue = std::move(markets_->revenue);
    }
    if (context_.recording()) add_recorded_detail(out);
}

void Replication::add_recorded_detail(RunResult& out) {
    out.samples = std::move(sampler_->node_samples);
    if (scenario_.recording.detail != Detail::Summary) {
        for (const Order& o : orders_.orders()) {
            OrderRecord r;
            r.id = index_of(o.id);
            r.buyer = static_cast<int>(index_of(o.orderer));
            r.supplier = static_cast<int>(index_of(o.supplier));
            r.product = context_.product_name(o.product);
            r.quantity = o.quantity;
            r.placed_day = o.placed.to_days();
            if (o.due) r.due_day = o.due->to_days();
            r.filled = o.delivered;
            if (o.completed) r.completed_day = o.completed->to_days();
            out.orders.push_back(std::move(r));
        }
        out.deliveries = orders_.take_delivery_rows();
        out.order_changes = orders_.take_change_rows();
    }
    out.lot_stages = statistics_.take_lot_stages();
}

void Replication::describe_network(RunResult& out) const {
    for (std::size_t i = 0; i < scenario_.nodes.size(); ++i) {
        const Node& n = scenario_.nodes[i];
        out.nodes.push_back({static_cast<int>(i), n.name, to_string(n.block), n.preset, n.stage,
                             n.region, n.owner, n.product});
    }
    for (std::size_t i = 0; i < scenario_.lanes.size(); ++i) {
        const Lane& l = scenario_.lanes[i];
        const LaneRuntime& lane = routes_.lane(LaneId{static_cast<std::uint32_t>(i)});
        out.edges.push_back({static_cast<int>(i), static_cast<int>(index_of(lane.from())),
                             static_cast<int>(index_of(lane.to())), l.product, l.transit.mean(),
                             l.capacity, l.from_region, l.to_region});
    }
}

void Replication::collect_kpis(RunResult& out, sim::Time end) {
    std::vector<std::optional<StockDemand>> stock_demand(blocks_.size());
    for (std::size_t n = 0; n < blocks_.size(); ++n) {
        blocks_[n]->add_kpis(end, out.kpis);
        blocks_[n]->add_starvation(out.starvation);
        if (const auto rerouted = blocks_[n]->rerouted_units())
            out.kpis.push_back({"rerouted_units", scenario_.nodes[n].product, "",
                                scenario_.nodes[n].name, *rerouted});
        if (scenario_.nodes[n].block != Block::Buyer) continue;
        const auto& buyer = static_cast<const blocks::Buyer&>(*blocks_[n]);
        if (buyer.keeps_stock())
            stock_demand[n] =
                StockDemand{buyer.end_demand_units(), buyer.served_from_stock_units()};
    }
    statistics_.add_order_kpis(out.kpis, orders_, stock_demand, end);
    orders_.add_product_kpis(out.kpis, horizon_);
    statistics_.add_system_kpis(out.kpis, end);
}

void Replication::add_bottleneck_results(RunResult& out, sim::Time end) {
    // The chains' detectors take the whole network's periods before it closes them.
    if (chains_) chains_->finish(*detector_, end);
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
    if (!chains_) return;
    // Per chain: the sole share of each of its resources, keyed by the chain's end product (a
    // node is in one chain per end product at most).
    for (std::size_t c = 0; c < chains_->chains().size(); ++c) {
        const ProductChain& chain = chains_->chains()[c];
        const BottleneckDetector& d = chains_->detector(c);
        for (std::size_t i = 0; i < chain.nodes.size(); ++i) {
            const auto n = static_cast<std::size_t>(chain.nodes[i]);
            if (!blocks_[n]->is_resource()) continue;
            out.kpis.push_back({"chain_bottleneck_sole_share", chain.product, "",
                                scenario_.nodes[n].name, d.sole_share(static_cast<int>(i))});
        }
    }
}

}  // namespace memchain::model
