#include "model/engine/wafer_mix.hpp"

#include <algorithm>

#include "model/engine/context.hpp"
#include "model/engine/lane.hpp"
#include "model/engine/market.hpp"

namespace memchain::model {

namespace {

// After the markets (999) and the sampler (1000): it reads this interval's prices.
constexpr std::int16_t step_priority = 1001;
constexpr double quarter_days = 91.0;

LaneId lane_between(const Scenario& s, const std::string& from, const std::string& to) {
    for (std::size_t i = 0; i < s.lanes.size(); ++i)
        if (s.lanes[i].from == from && s.lanes[i].to == to)
            return LaneId{static_cast<std::uint32_t>(i)};
    return LaneId{};  // the reader checked that the lane exists
}

}  // namespace

bool WaferMixes::any(const Scenario& scenario) {
    return std::any_of(scenario.nodes.begin(), scenario.nodes.end(),
                       [](const Node& n) { return n.wafer_mix.has_value(); });
}

WaferMixes::WaferMixes(Context& ctx, const Markets* markets)
    : SampleStep(ctx, step_priority), markets_(markets) {
    const Scenario& s = ctx.scenario();
    for (std::size_t n = 0; n < s.nodes.size(); ++n) {
        if (!s.nodes[n].wafer_mix) continue;
        const WaferMix& mix = *s.nodes[n].wafer_mix;
        Fab f;
        f.node = NodeId{static_cast<std::uint32_t>(n)};
        f.spec = &mix;
        f.hbm_lane = lane_between(s, s.nodes[n].name, mix.hbm.to);
        f.conventional_lane = lane_between(s, s.nodes[n].name, mix.conventional.to);
        f.hbm_product = ctx.product_id(mix.hbm.product);
        f.conventional_product = ctx.product_id(mix.conventional.product);
        const double hbm = ctx.lane(f.hbm_lane).planned_share(0.0);
        const double conventional = ctx.lane(f.conventional_lane).planned_share(0.0);
        const double planned = hbm + conventional > 0.0 ? hbm / (hbm + conventional) : 0.5;
        f.start_share = f.share = std::clamp(planned, mix.min_hbm_share, mix.max_hbm_share);
        fabs_.push_back(f);
    }
}

void WaferMixes::start(sim::Kernel& k) {
    for (Fab& f : fabs_) apply(f, 0.0);
    SampleStep::start(k);
}

// The two routes keep the weight their plans give them together against the fab's other
// out-lanes; the wafer mix splits that weight.
void WaferMixes::apply(Fab& f, double day) {
    LaneRuntime& hbm = ctx_.lane(f.hbm_lane);
    LaneRuntime& conventional = ctx_.lane(f.conventional_lane);
    const double together = hbm.planned_share(day) + conventional.planned_share(day);
    hbm.set_share(f.share * together);
    conventional.set_share((1.0 - f.share) * together);
}

void WaferMixes::step(sim::Kernel& k) {
    const double day = k.now().to_days();
    const double dt = day - last_step_day_;
    last_step_day_ = day;
    const Markets* markets = markets_;
    for (Fab& f : fabs_) {
        if (ctx_.counting(k.now()) && dt > 0.0) {
            f.share_days += f.share * dt;  // the share in force over the interval just ended
            f.days += dt;
        }
        if (markets != nullptr && dt > 0.0) move(f, *markets, dt);
        apply(f, day);
    }
}

// Toward the richer route by at most max_change a quarter; no move without both prices.
void WaferMixes::move(Fab& f, const Markets& markets, double dt) {
    const std::optional<double> hbm = markets.contract_margin_per_unit(f.hbm_product);
    const std::optional<double> conv = markets.contract_margin_per_unit(f.conventional_product);
    if (!hbm || !conv) return;
    const double hbm_per_wafer = f.spec->hbm.per_wafer * *hbm;
    const double conv_per_wafer = f.spec->conventional.per_wafer * *conv;
    const double most = f.spec->max_change_per_quarter * dt / quarter_days;
    if (hbm_per_wafer > conv_per_wafer)
        f.share = std::min(f.spec->max_hbm_share, f.share + most);
    else if (hbm_per_wafer < conv_per_wafer)
        f.share = std::max(f.spec->min_hbm_share, f.share - most);
}

void WaferMixes::add_kpis(std::vector<Kpi>& out) const {
    for (const Fab& f : fabs_) {
        const std::string& name = ctx_.scenario().nodes[index_of(f.node)].name;
        out.push_back({"hbm_share_start", "", "", name, f.start_share});
        out.push_back({"hbm_share_end", "", "", name, f.share});
        if (f.days > 0.0) out.push_back({"hbm_share_mean", "", "", name, f.share_days / f.days});
    }
}

}  // namespace memchain::model
