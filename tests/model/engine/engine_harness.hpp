#pragma once
// The parts of a replication without the replication: a kernel, the random streams, an order
// book, routes, lots in transit, run statistics and a bottleneck detector over a small scenario,
// and a Context over them. A test adds the blocks it needs, node by node in the scenario's
// order (real ones or a Receiver standing in), adds the lanes, and drives the kernel itself.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/engine/blocks/block.hpp"
#include "model/engine/context.hpp"
#include "model/engine/lane.hpp"
#include "model/engine/order_book.hpp"
#include "model/engine/routes.hpp"
#include "model/engine/run_statistics.hpp"
#include "model/policy/bottleneck.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"
#include "sim/rng.hpp"

namespace memchain::testing {

// A stand-in node: takes what arrives (recording deliveries of orders) up to `room`, and counts
// the retries it is asked for.
class Receiver final : public model::blocks::Block {
public:
    using Block::Block;

    [[nodiscard]] double room_for(model::ProductId) const override { return room - reserved; }
    void reserve(model::ProductId, double units) override { reserved += units; }
    void receive(sim::Kernel& k, model::Lot lot) override {
        if (lot.order) ctx_.record_delivery(k, *lot.order, lot.units);
        reserved -= lot.units;
        room -= lot.units;
        received.push_back(lot);
        arrival_days.push_back(k.now().to_days());
    }
    void sample(sim::Time, model::NodeSample& out) override { out.inventory = units(); }
    void set_capacity_factor(sim::Kernel&, double factor) override {
        capacity_factors.push_back(factor);
    }
    void reset_statistics(sim::Time t) override { resets.push_back(t.to_days()); }
    [[nodiscard]] double units() const {
        double sum = 0.0;
        for (const model::Lot& lot : received) sum += lot.units;
        return sum;
    }

    double room = model::unbounded;
    double reserved = 0.0;
    std::vector<model::Lot> received;
    std::vector<double> arrival_days;
    std::vector<double> capacity_factors;
    std::vector<double> resets;
    int retries = 0;

private:
    void on_event(sim::Kernel&, const sim::Event&) override {}
    void retry(sim::Kernel&) override { ++retries; }
};

class EngineHarness {
public:
    explicit EngineHarness(const model::Scenario& scenario)
        : scenario_(scenario),
          orders(scenario, sim::Time::zero()),
          statistics(scenario, sim::Time::zero()),
          detector(static_cast<int>(scenario.nodes.size()), sim::Duration::zero()),
          ctx(model::ContextParts{&kernel, &scenario_, &streams, 0, &blocks, &routes, &orders,
                                  &shipping, &statistics, &detector},
              sim::Time::zero()) {}

    // Adds the block of the next node of the scenario (blocks come in the scenario's order).
    template <class B>
    B& add() {
        const model::NodeId id{static_cast<std::uint32_t>(blocks.size())};
        auto block = std::make_unique<B>(ctx, id, scenario_.nodes[model::index_of(id)]);
        B& added = *block;
        blocks.push_back(std::move(block));
        added.set_handler(kernel.add_handler(added));
        return added;
    }

    // Every lane of the scenario, and the routes from each allocator to each node it ships to
    // directly; a block's out-lanes as the replication sets them.
    void add_lanes() {
        for (std::size_t i = 0; i < scenario_.lanes.size(); ++i) {
            const model::Lane& lane = scenario_.lanes[i];
            const model::LaneId id{static_cast<std::uint32_t>(i)};
            const model::NodeId from = ctx.node_id(lane.from), to = ctx.node_id(lane.to);
            routes.add_lane(std::make_unique<model::LaneRuntime>(
                shipping, id, lane, from, *blocks[model::index_of(from)], to,
                *blocks[model::index_of(to)], ctx.stream("lane/" + lane.name(), "transit")));
            routes.lane(id).set_handler(kernel.add_handler(routes.lane(id)));
            if (scenario_.nodes[model::index_of(from)].block == model::Block::Allocator)
                routes.add_route(from, to, scenario_.nodes);
            else
                blocks[model::index_of(from)]->add_out_lane(id);
        }
    }

    [[nodiscard]] model::NodeId node(const std::string& name) const { return ctx.node_id(name); }
    [[nodiscard]] model::ProductId product(const std::string& name) const {
        return ctx.product_id(name);
    }
    void start() {
        for (auto& b : blocks) b->start(kernel);
    }
    void run_until_day(double day) {
        kernel.run_until(sim::Time::zero() + sim::Duration::from_days(day));
    }

private:
    const model::Scenario& scenario_;

public:
    sim::StreamFactory streams{1};
    sim::Kernel kernel;
    std::vector<std::unique_ptr<model::blocks::Block>> blocks;
    model::Routes routes;
    model::OrderBook orders;
    model::Shipping shipping;
    model::RunStatistics statistics;
    model::BottleneckDetector detector;
    model::Context ctx;
};

}  // namespace memchain::testing
