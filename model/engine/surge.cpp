#include "model/engine/surge.hpp"

#include <algorithm>
#include <sstream>
#include <string>

#include "model/engine/blocks/block.hpp"
#include "model/engine/context.hpp"
#include "model/engine/market.hpp"
#include "model/engine/shock_scheduler.hpp"
#include "model/engine/sustained.hpp"

namespace memchain::model {

namespace {

// With the expansions and cuts (998), before the markets (999) and the sampler (1000).
constexpr std::int16_t step_priority = 998;

// Days of [from, to] within [0, horizon].
double days_within(double from, double to, double horizon) {
    return std::max(0.0, std::min(to, horizon) - std::max(from, 0.0));
}

}  // namespace

bool Surges::any(const Scenario& scenario) {
    return std::any_of(scenario.nodes.begin(), scenario.nodes.end(),
                       [](const Node& n) { return n.surge.has_value(); });
}

Surges::Surges(Context& ctx, ShockScheduler& shocks, const Markets& markets)
    : SampleStep(ctx, step_priority), shocks_(shocks), markets_(markets) {
    const std::vector<Node>& nodes = ctx.scenario().nodes;
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        if (!nodes[n].surge) continue;
        Watch w;
        w.node = NodeId{static_cast<std::uint32_t>(n)};
        w.spec = &*nodes[n].surge;
        w.product = ctx.product_id(w.spec->product);
        watches_.push_back(w);
    }
}

void Surges::step(sim::Kernel& k) {
    const double day = k.now().to_days();
    const double interval_start = last_step_day_;
    last_step_day_ = day;
    for (Watch& w : watches_) {
        const std::optional<double> premium = markets_.spot_premium(w.product);
        if (day <= 0.0 || !premium) continue;
        const Surge& u = *w.spec;
        if (*premium + 1e-12 >= u.above) {
            w.below_since.reset();
            if (!w.above_since) w.above_since = interval_start;
        } else {
            w.above_since.reset();
            if (!w.below_since) w.below_since = interval_start;
        }
        if (w.current && day + 1e-9 >= w.ends) close(w);
        // A surge decided goes ahead: its end is judged from its start (the lines are being
        // converted until then).
        if (w.current && day + 1e-9 < w.starts) w.below_since.reset();
        if (w.current && sustained(w.below_since, day, u.sustain))
            end_early(k, w, day);
        else if (!w.current && w.surges < u.max_surges && sustained(w.above_since, day, u.sustain))
            decide(k, w, day);
    }
}

void Surges::decide(sim::Kernel& k, Watch& w, double day) {
    const Surge& u = *w.spec;
    w.above_since.reset();
    w.below_since.reset();
    ++w.surges;
    w.units_per_day = u.share * ctx_.block(w.node).nominal_rate();
    w.starts = day + u.delay.to_days();
    w.ends = w.starts + u.longest.to_days();
    std::ostringstream what;
    what << "decided on day " << day << " after " << u.product << " spot >= reference x (1 + "
         << u.above << ") for " << u.sustain.to_days() << " days; " << u.share
         << " of capacity, from " << u.delay.to_days() << " days later, for at most "
         << u.longest.to_days() << " days";
    w.current =
        shocks_.commit_surge(k, w.node, w.surges, w.units_per_day, w.starts, w.ends, what.str());
}

void Surges::end_early(sim::Kernel& k, Watch& w, double day) {
    const Surge& u = *w.spec;
    w.above_since.reset();
    w.below_since.reset();
    w.ends = day;
    std::ostringstream note;
    note << "ended on day " << day << " after " << u.product << " spot < reference x (1 + "
         << u.above << ") for " << u.sustain.to_days() << " days";
    shocks_.end_surge(k, *w.current, w.ends, note.str());
    close(w);
}

void Surges::close(Watch& w) {
    const double days = days_within(w.starts, w.ends, ctx_.scenario().horizon.to_days());
    w.days += days;
    w.units += days * w.units_per_day;
    w.current.reset();
}

void Surges::add_kpis(std::vector<Kpi>& out) const {
    const double horizon = ctx_.scenario().horizon.to_days();
    for (const Watch& w : watches_) {
        const std::string& name = ctx_.scenario().nodes[index_of(w.node)].name;
        // A surge still in force at the end counts to the horizon.
        const double open = w.current ? days_within(w.starts, w.ends, horizon) : 0.0;
        out.push_back({"surge_count", "", "", name, static_cast<double>(w.surges)});
        out.push_back({"surge_days", "", "", name, w.days + open});
        out.push_back({"surge_units", "", "", name, w.units + open * w.units_per_day});
    }
}

}  // namespace memchain::model
