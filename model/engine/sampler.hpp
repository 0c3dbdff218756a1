#pragma once
// Periodic observation of a run: every sample interval, a NodeSample per node and a
// ProductSample per product (backlog, recent throughput, quoted lead time); at the end of the
// warm-up, the statistics reset; now and then, progress and the stop flag.

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "model/engine/context.hpp"
#include "model/result/run_result.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

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

class Sampler final : public sim::EventHandler {
public:
    Sampler(Context& ctx, const RunControl& control);

    void set_handler(sim::HandlerId id) { handler_ = id; }
    void start(sim::Kernel& k);
    void handle(sim::Kernel& k, const sim::Event& ev) override;
    // The stop flag was seen: the run ended early.
    [[nodiscard]] bool stopped() const { return stopped_; }

    std::vector<NodeSample> node_samples;
    std::vector<ProductSample> product_samples;

private:
    enum Kind : std::uint8_t { Sample, WarmupEnd, Heartbeat };

    void take_sample(sim::Kernel& k);
    void end_warmup(sim::Time t);

    Context& ctx_;
    const RunControl& control_;
    sim::HandlerId handler_ = 0;
    sim::Duration heartbeat_;
    bool stopped_ = false;
};

}  // namespace memchain::model
