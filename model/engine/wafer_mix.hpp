#pragma once
// Makers choose their wafer mix: a fab with a `wafer_mix:` splits its wafers between two of its
// out-lanes, the HBM route and the conventional one, by margin per wafer. Every sample interval
// each route's margin per wafer is read from its product's market,
//     margin per wafer = per_wafer x (contract price - cash cost),
// (per_wafer holds HBM's wafer trade ratio: ~25 HBM3E stacks against ~2430 GB of DDR5 a
// wafer), and the HBM share moves toward the richer route by at most `max_change` share points
// a quarter (max_change x interval / 91 days per interval), staying within `hbm_share`; equal
// margins leave it where it is. It starts at the lanes' planned split on day 0 (clamped to the
// bounds) and from then splits the weight the two lanes' plans give them together (their
// weight against the fab's other out-lanes is the plan's). The speed limit stands for
// qualification and tool sets: wafers cannot move between HBM and DRAM lines at once.
//
// The rule is an assumption (data/README.md, Wafer mix); a run without a wafer mix has no
// WaferMixes object and is unchanged event for event.

#include <cstdint>
#include <vector>

#include "model/engine/ids.hpp"
#include "model/engine/sample_step.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class Context;
class Markets;

class WaferMixes final : public SampleStep {
public:
    // `markets`: the run's, whose margins move the mix; none when no product has a market.
    WaferMixes(Context& ctx, const Markets* markets);

    [[nodiscard]] static bool any(const Scenario& scenario);

    // Sets each fab's planned split, then schedules the first step (SampleStep::start).
    void start(sim::Kernel& k);

    // Per fab: hbm_share_start, hbm_share_end and hbm_share_mean (over the intervals after the
    // warm-up).
    void add_kpis(std::vector<Kpi>& out) const;

private:
    struct Fab {
        NodeId node{};
        const WaferMix* spec = nullptr;
        LaneId hbm_lane{};
        LaneId conventional_lane{};
        ProductId hbm_product{};
        ProductId conventional_product{};
        double start_share = 0.0;
        double share = 0.0;
        double share_days = 0.0;  // share x days after the warm-up, for the mean
        double days = 0.0;
    };

    void step(sim::Kernel& k) override;
    void move(Fab& f, const Markets& markets, double dt);
    void apply(Fab& f, double day);

    const Markets* markets_;
    std::vector<Fab> fabs_;
    double last_step_day_ = 0.0;
};

}  // namespace memchain::model
