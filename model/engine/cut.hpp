#pragma once
// Output that answers to a glut: every station or assembly with a `cut:` reads the contract
// margin of its product's market (or of `product:`), (contract - cash cost) / contract, once per
// sample interval, as expansions (engine/expansion.hpp) read theirs. When the margin has stayed
// at or below `below` for `for` (every interval since the first at or below it, the whole
// interval counted), the node commits a cut that day: `step` x its planned capacity rate is
// taken out `lead_time` later (wafer starts cut; the plan before expansions and shocks), until
// restored. When the margin has stayed at or above `restore_above` for `for` and a cut is in
// force, the newest cut in force is restored, again `lead_time` after the decision. Cuts in
// force add up (two cuts of 0.2 leave 0.6 of the plan; a capacity_loss scales what they leave).
// A decision restarts both counts; none is made while the last one is pending (before it takes
// effect), nor a cut with `max_cuts` in force. Each cut is a row of the shocks table (kind
// capacity_cut, "committed on day ..."; its end_day the day it is restored, with "restore
// committed on day ..." added).
//
// Rules and their sources: makers cut wafer starts in the downturns of 2019 and 2022-2023
// (Micron about 20% from November 2022; Samsung a "meaningful" cut from April 2023, about 30%
// by 4Q23; configs/README.md, Cut); the trigger, thresholds, step and lead time are
// assumptions (data/README.md).
//
// A run without a cut has no Cuts object: it is unchanged event for event.

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

class Cuts final : public SampleStep {
public:
    // `markets`: the run's (the reader checks that every cut's product has a market).
    Cuts(Context& ctx, ShockScheduler& shocks, const Markets& markets);

    // Whether any node of `scenario` has a cut (a run builds Cuts only then).
    [[nodiscard]] static bool any(const Scenario& scenario);

    // Per watched node: cut_commitments, cut_restorations, and cut_share_end, the share of its
    // planned capacity decided out at the end (cuts committed, less those restored).
    void add_kpis(std::vector<Kpi>& out) const;

private:
    struct Watch {
        NodeId node{};
        const Cut* spec = nullptr;
        ProductId margin_product{};
        std::optional<double> below_since;  // the day the margin went (and stayed) at or below
        std::optional<double> above_since;  // ... at or above restore_above
        double pending_until = -1.0;        // the day the latest decision takes effect
        std::vector<std::size_t> in_force;  // the cuts not restored, oldest first
        int commitments = 0;
        int restorations = 0;
    };

    void step(sim::Kernel& k) override;
    // A decision on `day`: restarts both counts; returns the day it takes effect.
    double decide(Watch& w, double day);
    void cut(sim::Kernel& k, Watch& w, double day);
    void restore(sim::Kernel& k, Watch& w, double day);

    ShockScheduler& shocks_;
    const Markets& markets_;
    std::vector<Watch> watches_;
    double last_step_day_ = 0.0;
};

}  // namespace memchain::model
