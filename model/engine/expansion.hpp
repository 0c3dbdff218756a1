#pragma once
// Capacity that answers to scarcity: every station, assembly or pool with an `expansion:` is
// watched once per sample interval. Its signal is either its utilization over the interval (busy
// capacity over available capacity, from the block's own integrals, so sampling and recording
// are not disturbed; a pool's: the share of its capacity taken by units installed or on their
// way in) or the contract margin of a product's market, (contract - cash cost) / contract. When
// the signal has stayed at or above `above` for `for` (every interval since the first at or above
// it, the whole interval counted), the node commits `step` x its capacity rate that day (a pool:
// x the units it can hold that day; the plan with earlier additions, before shocks): the capacity
// arrives `lead_time` later and ramps up linearly over `ramp`, through the shock scheduler, which
// records it in the shocks table (kind capacity_expansion, "committed on day ...; capex ...").
// A commitment restarts the count; none is made while `in_build` commitments (one unless stated)
// are in build, nor after `max_commitments`. A commitment in build does not count in the next
// one's size: each is `step` x the capacity that has arrived. An interval across the warm-up's
// statistics reset is not judged.
//
// Rules and their sources: a fab shell takes 18-24 months, tools into an existing shell 9-12
// (configs/README.md, Expansion); the trigger, threshold and builds-at-a-time rule are
// assumptions (data/README.md).
//
// A run without an expansion has no Expansions object: it is unchanged event for event.

#include <cstdint>
#include <optional>
#include <vector>

#include "model/engine/ids.hpp"
#include "model/engine/sample_step.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class Context;
class Markets;
class ShockScheduler;

class Expansions final : public SampleStep {
public:
    // `markets`: the run's, for margin triggers; none when no product has a market.
    Expansions(Context& ctx, ShockScheduler& shocks, const Markets* markets);

    // Whether any node of `scenario` has an expansion (a run builds Expansions only then).
    [[nodiscard]] static bool any(const Scenario& scenario);

    // Per watched node: expansion_commitments, expansion_capex, expansion_units_per_day (all
    // commitments of the run, arrived or not).
    void add_kpis(std::vector<Kpi>& out) const;

private:
    struct Watch {
        NodeId node{};
        const Expansion* spec = nullptr;
        ProductId margin_product{};
        std::optional<double> above_since;  // the day the signal went (and stayed) above
        double last_busy = 0.0;
        double last_available = 0.0;
        std::vector<double> arrivals;  // the day each commitment arrives, in commitment order
        int commitments = 0;
        double capex = 0.0;
        double units_per_day = 0.0;
    };

    void step(sim::Kernel& k) override;
    // The signal over the interval that ends now; none when it cannot be judged.
    [[nodiscard]] std::optional<double> signal(Watch& w, sim::Time now);
    void commit(sim::Kernel& k, Watch& w, double day);

    ShockScheduler& shocks_;
    const Markets* markets_;
    std::vector<Watch> watches_;
    double last_step_day_ = 0.0;
};

}  // namespace memchain::model
