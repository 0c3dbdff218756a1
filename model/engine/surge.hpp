#pragma once
// Capacity shifted into a product on a shortage: every station or assembly with a `surge:` reads
// the spot of its product's market (or of `product:`) against the market's reference price,
// spot / reference - 1, once per sample interval, as expansions (engine/expansion.hpp) read
// their signal. When it has stayed at or above `above` for `for` (every interval since the first
// at or above it, the whole interval counted; `for: 0d` is the first such step), the node
// decides a surge that day: `share` x its capacity rate that day is added from `delay` later
// (lines converted from another product and their first wafers out) for at most `longest`. The
// surge ends early, on the day it is judged, when the signal has stayed below `above` for `for`,
// judged from its start (a surge decided goes ahead: the lines are being converted until then;
// they go back at once). A decision restarts the count; one surge is pending or in force at a
// time, at most `max_surges` in a run. Each surge goes through the shock scheduler and is a row
// of the shocks table (kind capacity_expansion, "<node> surge <n>", "decided on day ... after
// <product> spot >= ... for ... days; ..."; its end_day the day it ends, with "ended on day ..."
// added when the signal ends it).
//
// What is not modelled: the other product's loss (the lines the surge takes from it make none
// of it while the surge lasts), and the surge's cost. A surge adds capacity, so it makes more
// only when inputs are there: a station fed by a source at a planned rate needs starts above its
// capacity plus the surge. A market's forward horizon does not count surges (as it does not
// count expansions decided in the run): traders see their output when it reaches the stock.
//
// Rules and their sources: makers shifted capacity between DRAM and NAND on a shortage (SK hynix
// after the Wuxi fire of 2013; configs/README.md, Surge); the trigger, its threshold, the share,
// the delay and the longest are each scenario's, assumptions (data/README.md).
//
// A run without a surge has no Surges object: it is unchanged event for event.

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

class Surges final : public SampleStep {
public:
    // `markets`: the run's (the reader checks that every surge's product has a market).
    Surges(Context& ctx, ShockScheduler& shocks, const Markets& markets);

    // Whether any node of `scenario` has a surge (a run builds Surges only then).
    [[nodiscard]] static bool any(const Scenario& scenario);

    // Per watched node: surge_count (surges decided), surge_days (days in force within the
    // horizon) and surge_units (capacity added over those days, units).
    void add_kpis(std::vector<Kpi>& out) const;

private:
    struct Watch {
        NodeId node{};
        const Surge* spec = nullptr;
        ProductId product{};
        std::optional<double> above_since;   // the day the signal went (and stayed) at or above
        std::optional<double> below_since;   // ... below
        std::optional<std::size_t> current;  // the surge pending or in force: its shock handle
        double starts = 0.0;                 // its first day
        double ends = 0.0;                   // its last: start + longest, or the day it ended
        double units_per_day = 0.0;
        int surges = 0;
        double days = 0.0;  // in force within the horizon, over the surges ended
        double units = 0.0;
    };

    void step(sim::Kernel& k) override;
    void decide(sim::Kernel& k, Watch& w, double day);
    void end_early(sim::Kernel& k, Watch& w, double day);
    // Counts the current surge's days and units, to `ends` within the horizon, and clears it.
    void close(Watch& w);

    ShockScheduler& shocks_;
    const Markets& markets_;
    std::vector<Watch> watches_;
    double last_step_day_ = 0.0;
};

}  // namespace memchain::model
