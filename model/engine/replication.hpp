#pragma once
// One replication of a scenario: builds the blocks and lanes from a validated Scenario, runs
// the kernel to the horizon, and returns everything it observed as a RunResult. It owns the
// parts the blocks share (the order book, the routes, the lots in transit, the run statistics,
// the bottleneck detectors: the whole network's and one per product chain) and hands the blocks a
// Context over them.

#include <cstdint>
#include <memory>
#include <vector>

#include "model/engine/context.hpp"
#include "model/engine/order_book.hpp"
#include "model/engine/routes.hpp"
#include "model/engine/run_statistics.hpp"
#include "model/engine/sampler.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"
#include "sim/rng.hpp"

namespace memchain::model {

namespace blocks {
class Block;
}
class ChainDetectors;
class Cuts;
class Surges;
class Expansions;
class Markets;
class WaferMixes;
class ShockScheduler;

class Replication {
public:
    Replication(const Scenario& scenario, std::uint64_t master_seed, int replication);
    ~Replication();
    Replication(const Replication&) = delete;
    Replication& operator=(const Replication&) = delete;

    // Runs to the horizon (or until stopped). Call once.
    RunResult run(const RunControl& control = {});
    [[nodiscard]] bool was_stopped() const { return stopped_ || (sampler_ && sampler_->stopped()); }
    // Simulated time reached: the horizon after a full run, earlier after a stop.
    [[nodiscard]] sim::Time now() const { return kernel_.now(); }

private:
    void build();
    void build_routes();
    void collect_results(RunResult& out, sim::Time end);
    void collect_kpis(RunResult& out, sim::Time end);
    void add_bottleneck_results(RunResult& out, sim::Time end);
    void add_recorded_detail(RunResult& out);
    void describe_network(RunResult& out) const;
    // Throws std::runtime_error naming the node when the run has outgrown `limits`.
    void check_limits(const RunLimits& limits) const;

    const Scenario& scenario_;
    sim::StreamFactory streams_;
    sim::Kernel kernel_;
    sim::Time warmup_end_;
    sim::Time horizon_;
    std::vector<std::unique_ptr<blocks::Block>> blocks_;
    Routes routes_;
    OrderBook orders_;
    Shipping shipping_;
    RunStatistics statistics_;
    std::unique_ptr<BottleneckDetector> detector_;
    std::unique_ptr<ChainDetectors> chains_;  // none unless there are two chains or more
    Context context_;
    std::unique_ptr<ShockScheduler> shocks_;
    std::unique_ptr<Sampler> sampler_;
    std::unique_ptr<Markets> markets_;        // none unless a product has a market
    std::unique_ptr<Expansions> expansions_;  // none unless a node has an expansion
    std::unique_ptr<Cuts> cuts_;              // none unless a node has a cut
    std::unique_ptr<Surges> surges_;          // none unless a node has a surge
    std::unique_ptr<WaferMixes> mixes_;       // none unless a fab has a wafer mix
    bool stopped_ = false;
};

}  // namespace memchain::model
