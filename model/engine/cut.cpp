#include "model/engine/cut.hpp"

#include <algorithm>
#include <sstream>
#include <string>

#include "model/engine/context.hpp"
#include "model/engine/market.hpp"
#include "model/engine/shock_scheduler.hpp"
#include "model/engine/sustained.hpp"

namespace memchain::model {

namespace {

// After the expansions (998), before the markets (999) and the sampler (1000).
constexpr std::int16_t step_priority = 998;

// What a decision's row in the shocks table says: "<what> on day D after <product> contract
// margin <op> <threshold> for N days".
std::string reason(const Cut& c, const char* what, double day, const char* op, double threshold) {
    std::ostringstream out;
    out << what << " on day " << day << " after " << c.margin_product << " contract margin " << op
        << " " << threshold << " for " << c.sustain.to_days() << " days";
    return out.str();
}

}  // namespace

bool Cuts::any(const Scenario& scenario) {
    return std::any_of(scenario.nodes.begin(), scenario.nodes.end(),
                       [](const Node& n) { return n.cut.has_value(); });
}

Cuts::Cuts(Context& ctx, ShockScheduler& shocks, const Markets& markets)
    : SampleStep(ctx, step_priority), shocks_(shocks), markets_(markets) {
    const std::vector<Node>& nodes = ctx.scenario().nodes;
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        if (!nodes[n].cut) continue;
        Watch w;
        w.node = NodeId{static_cast<std::uint32_t>(n)};
        w.spec = &*nodes[n].cut;
        w.margin_product = ctx.product_id(w.spec->margin_product);
        watches_.push_back(w);
    }
}

void Cuts::step(sim::Kernel& k) {
    const double day = k.now().to_days();
    const double interval_start = last_step_day_;
    last_step_day_ = day;
    for (Watch& w : watches_) {
        const std::optional<double> margin = markets_.contract_margin(w.margin_product);
        if (day <= 0.0 || !margin) continue;
        const Cut& c = *w.spec;
        if (*margin <= c.below + 1e-12) {
            if (!w.below_since) w.below_since = interval_start;
        } else {
            w.below_since.reset();
        }
        if (*margin + 1e-12 >= c.restore_above) {
            if (!w.above_since) w.above_since = interval_start;
        } else {
            w.above_since.reset();
        }
        if (day < w.pending_until) continue;
        const bool room = static_cast<int>(w.in_force.size()) < c.max_cuts;
        if (room && sustained(w.below_since, day, c.sustain))
            cut(k, w, day);
        else if (!w.in_force.empty() && sustained(w.above_since, day, c.sustain))
            restore(k, w, day);
    }
}

double Cuts::decide(Watch& w, double day) {
    w.below_since.reset();
    w.above_since.reset();
    w.pending_until = day + w.spec->lead_time.to_days();
    return w.pending_until;
}

void Cuts::cut(sim::Kernel& k, Watch& w, double day) {
    const Cut& c = *w.spec;
    const double takes_effect = decide(w, day);
    ++w.commitments;
    w.in_force.push_back(shocks_.commit_cut(k, w.node, w.commitments, c.step, takes_effect,
                                            reason(c, "committed", day, "<=", c.below)));
}

void Cuts::restore(sim::Kernel& k, Watch& w, double day) {
    const Cut& c = *w.spec;
    const double takes_effect = decide(w, day);
    ++w.restorations;
    shocks_.restore_cut(k, w.in_force.back(), takes_effect,
                        reason(c, "restore committed", day, ">=", c.restore_above));
    w.in_force.pop_back();
}

void Cuts::add_kpis(std::vector<Kpi>& out) const {
    for (const Watch& w : watches_) {
        const std::string& name = ctx_.scenario().nodes[index_of(w.node)].name;
        out.push_back({"cut_commitments", "", "", name, static_cast<double>(w.commitments)});
        out.push_back({"cut_restorations", "", "", name, static_cast<double>(w.restorations)});
        out.push_back(
            {"cut_share_end", "", "", name, static_cast<double>(w.in_force.size()) * w.spec->step});
    }
}

}  // namespace memchain::model
