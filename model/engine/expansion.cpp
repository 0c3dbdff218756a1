#include "model/engine/expansion.hpp"

#include <algorithm>
#include <sstream>

#include "model/engine/blocks/block.hpp"
#include "model/engine/context.hpp"
#include "model/engine/market.hpp"
#include "model/engine/shock_scheduler.hpp"
#include "model/engine/sustained.hpp"

namespace memchain::model {

namespace {

// Just before the markets (999) and the sampler (1000), after everything else at that time.
constexpr std::int16_t step_priority = 998;

}  // namespace

bool Expansions::any(const Scenario& scenario) {
    return std::any_of(scenario.nodes.begin(), scenario.nodes.end(),
                       [](const Node& n) { return n.expansion.has_value(); });
}

Expansions::Expansions(Context& ctx, ShockScheduler& shocks, const Markets* markets)
    : SampleStep(ctx, step_priority), shocks_(shocks), markets_(markets) {
    const std::vector<Node>& nodes = ctx.scenario().nodes;
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        if (!nodes[n].expansion) continue;
        Watch w;
        w.node = NodeId{static_cast<std::uint32_t>(n)};
        w.spec = &*nodes[n].expansion;
        w.margin_product = ctx.product_id(w.spec->margin_product);
        watches_.push_back(w);
    }
}

std::optional<double> Expansions::signal(Watch& w, sim::Time now) {
    if (w.spec->trigger == Expansion::Trigger::Margin) {
        return markets_ != nullptr ? markets_->contract_margin(w.margin_product) : std::nullopt;
    }
    const std::optional<blocks::Block::WorkIntegrals> work = ctx_.block(w.node).work(now);
    if (!work) return std::nullopt;
    const double busy = work->busy - w.last_busy;
    const double available = work->available - w.last_available;
    w.last_busy = work->busy;
    w.last_available = work->available;
    // The integrals restart at the warm-up's reset: that interval is not judged.
    if (busy < 0.0 || available <= 0.0) return std::nullopt;
    return std::min(1.0, busy / available);
}

void Expansions::step(sim::Kernel& k) {
    const double day = k.now().to_days();
    const double interval_start = last_step_day_;
    last_step_day_ = day;
    for (Watch& w : watches_) {
        const std::optional<double> seen = signal(w, k.now());
        if (day <= 0.0 || !seen) continue;
        if (*seen + 1e-12 < w.spec->above) {
            w.above_since.reset();
            continue;
        }
        if (!w.above_since) w.above_since = interval_start;
        const auto in_build = std::count_if(w.arrivals.begin(), w.arrivals.end(),
                                            [day](double arrives) { return day < arrives; });
        const bool building = in_build >= w.spec->in_build;
        const bool allowed = !w.spec->max_commitments || w.commitments < *w.spec->max_commitments;
        if (sustained(w.above_since, day, w.spec->sustain) && !building && allowed)
            commit(k, w, day);
    }
}

void Expansions::commit(sim::Kernel& k, Watch& w, double day) {
    const Expansion& e = *w.spec;
    const double units = e.step * ctx_.block(w.node).nominal_rate();
    w.above_since.reset();
    if (units <= 0.0) return;
    const double arrives = day + e.lead_time.to_days();
    w.arrivals.push_back(arrives);
    ++w.commitments;
    w.capex += e.capex;
    w.units_per_day += units;
    std::ostringstream what;
    what << "committed on day " << day << " after "
         << (e.trigger == Expansion::Trigger::Utilization ? "utilization"
                                                          : e.margin_product + " contract margin")
         << " >= " << e.above << " for " << e.sustain.to_days() << " days; capex " << e.capex;
    shocks_.commit_expansion(k, w.node, w.commitments, units, arrives, e.ramp, what.str());
}

void Expansions::add_kpis(std::vector<Kpi>& out) const {
    for (const Watch& w : watches_) {
        const std::string& name = ctx_.scenario().nodes[index_of(w.node)].name;
        out.push_back({"expansion_commitments", "", "", name, static_cast<double>(w.commitments)});
        out.push_back({"expansion_capex", "", "", name, w.capex});
        out.push_back({"expansion_units_per_day", "", "", name, w.units_per_day});
    }
}

}  // namespace memchain::model
