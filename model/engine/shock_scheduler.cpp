#include "model/engine/shock_scheduler.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <cassert>
#include <cmath>
#include <sstream>

#include "model/engine/blocks/allocator.hpp"
#include "model/engine/blocks/block.hpp"
#include "model/engine/context.hpp"
#include "model/engine/lane.hpp"
#include "model/engine/market.hpp"
#include "model/engine/routes.hpp"
#include "model/scenario/calendar.hpp"

namespace memchain::model {

namespace {

bool is_gradual(ShockKind kind) {
    return kind == ShockKind::CapacityLoss || kind == ShockKind::YieldExcursion ||
           kind == ShockKind::DemandSurge || kind == ShockKind::CapacityExpansion ||
           kind == ShockKind::Price || kind == ShockKind::CapacityCut;
}

}  // namespace

ShockScheduler::ShockScheduler(Context& ctx, Markets* markets) : ctx_(ctx), markets_(markets) {}

void ShockScheduler::start(sim::Kernel& k) {
    const Scenario& sc = ctx_.scenario();
    const double horizon = sc.horizon.to_days();
    for (const Shock& shock : sc.shocks) {
        std::vector<double> starts;
        if (shock.random) {
            // A Poisson process whose chance of at least one occurrence in a year is p, from
            // the shock's start (day 0 when it has none).
            const double p = std::clamp(shock.random->probability_per_year, 0.0, 0.999999);
            const double per_day = -std::log1p(-p) / days_per_year;
            sim::RandomStream rng = ctx_.stream("shock/" + shock.name, "trigger");
            double day = std::max(0.0, shock.start.to_days());
            while (per_day > 0.0) {
                day += boost::random::exponential_distribution<double>(per_day)(rng);
                if (day > horizon) break;
                starts.push_back(day);
            }
        } else {
            starts.push_back(std::max(0.0, shock.start.to_days()));
        }
        for (double start : starts) {
            Occurrence o;
            o.shock = &shock;
            o.start_day = start;
            if (shock.duration) o.end_day = start + shock.duration->to_days();
            for (const std::string& target : shock.targets) {
                if (shock.kind == ShockKind::LaneClosure) {
                    for (const Lane& lane : sc.lanes) {
                        if (lane.name() != target) continue;
                        o.lanes.push_back(
                            LaneId{static_cast<std::uint32_t>(&lane - sc.lanes.data())});
                    }
                } else {
                    o.nodes.push_back(ctx_.node_id(target));
                }
            }
            add_record(o);
            occurrences_.push_back(std::move(o));
            k.schedule_at(sim::Time::from_days(start), handler_, Begin, occurrences_.size() - 1);
        }
    }
}

void ShockScheduler::commit_expansion(sim::Kernel& k, NodeId node, int ordinal,
                                      double units_per_day, double start_day, sim::Duration ramp,
                                      const std::string& description) {
    Shock shock;
    shock.name =
        ctx_.scenario().nodes[index_of(node)].name + " expansion " + std::to_string(ordinal);
    shock.kind = ShockKind::CapacityExpansion;
    shock.magnitude = units_per_day;
    shock.ramp = ramp;
    shock.description = description;
    add_committed(k, node, std::move(shock), start_day);
}

std::size_t ShockScheduler::commit_cut(sim::Kernel& k, NodeId node, int ordinal, double share,
                                       double start_day, const std::string& description) {
    Shock shock;
    shock.name = ctx_.scenario().nodes[index_of(node)].name + " cut " + std::to_string(ordinal);
    shock.kind = ShockKind::CapacityCut;
    shock.magnitude = share;
    shock.description = description;
    return add_committed(k, node, std::move(shock), start_day);
}

std::size_t ShockScheduler::commit_surge(sim::Kernel& k, NodeId node, int ordinal,
                                         double units_per_day, double start_day, double end_day,
                                         const std::string& description) {
    Shock shock;
    shock.name = ctx_.scenario().nodes[index_of(node)].name + " surge " + std::to_string(ordinal);
    shock.kind = ShockKind::CapacityExpansion;
    shock.magnitude = units_per_day;
    shock.description = description;
    return add_committed(k, node, std::move(shock), start_day, end_day);
}

std::size_t ShockScheduler::add_committed(sim::Kernel& k, NodeId node, Shock shock,
                                          double start_day, std::optional<double> end_day) {
    shock.targets = {ctx_.scenario().nodes[index_of(node)].name};
    shock.start = sim::Time::from_days(start_day);
    Occurrence o;
    o.shock = &committed_.emplace_back(std::move(shock));
    o.start_day = start_day;
    o.end_day = end_day;
    o.nodes = {node};
    add_record(o);
    occurrences_.push_back(std::move(o));
    const std::size_t handle = occurrences_.size() - 1;
    if (start_day <= ctx_.scenario().horizon.to_days())
        k.schedule_at(sim::Time::from_days(start_day), handler_, Begin, handle);
    return handle;
}

void ShockScheduler::restore_cut(sim::Kernel& k, std::size_t handle, double end_day,
                                 const std::string& note) {
    [[maybe_unused]] const Occurrence& o = occurrences_[handle];
    assert(o.shock->kind == ShockKind::CapacityCut && !o.end_day && "a cut, restored once");
    set_end(k, handle, end_day, note);
}

void ShockScheduler::end_surge(sim::Kernel& k, std::size_t handle, double end_day,
                               const std::string& note) {
    [[maybe_unused]] const Occurrence& o = occurrences_[handle];
    assert(o.shock->kind == ShockKind::CapacityExpansion && o.end_day && end_day <= *o.end_day &&
           end_day >= o.start_day && "a surge, ended from its start to its longest");
    set_end(k, handle, end_day, note);
}

// An occurrence begun before this keeps its End at the former end_day; it finds the occurrence
// finished and changes nothing (a surge or a cut has no recovery).
void ShockScheduler::set_end(sim::Kernel& k, std::size_t handle, double end_day,
                             const std::string& note) {
    assert(records_.size() == occurrences_.size() && "a record per occurrence, in step");
    occurrences_[handle].end_day = end_day;
    records_[handle].end_day = end_day;
    records_[handle].description += "; " + note;
    if (end_day <= ctx_.scenario().horizon.to_days())
        k.schedule_at(sim::Time::from_days(end_day), handler_, End, handle);
}

// The shocks table's row for one occurrence: its targets joined by commas, its description
// with the recovery, if any.
void ShockScheduler::add_record(const Occurrence& o) {
    const Shock& shock = *o.shock;
    ShockRecord r;
    r.id = static_cast<int>(records_.size());
    r.name = shock.name;
    r.kind = to_string(shock.kind);
    for (std::size_t t = 0; t < shock.targets.size(); ++t)
        r.target += (t ? "," : "") + shock.targets[t];
    r.start_day = o.start_day;
    r.end_day = o.end_day;
    r.magnitude = shock.magnitude;
    r.random = shock.random.has_value();
    std::ostringstream what;
    what << shock.description;
    if (shock.recovery > sim::Duration::zero())
        what << (shock.description.empty() ? "" : "; ") << "recovers over "
             << shock.recovery.to_days() << " days";
    r.description = what.str();
    records_.push_back(std::move(r));
}

double ShockScheduler::severity(const Occurrence& o, double day) const {
    if (o.finished || !o.running) return 0.0;
    const Shock& s = *o.shock;
    double level = 1.0;
    if (s.kind == ShockKind::CapacityExpansion && s.ramp > sim::Duration::zero())
        level = std::clamp((day - o.start_day) / s.ramp.to_days(), 0.0, 1.0);
    if (o.end_day && day >= *o.end_day) {
        if (s.recovery <= sim::Duration::zero()) return 0.0;
        level *= std::clamp(1.0 - (day - *o.end_day) / s.recovery.to_days(), 0.0, 1.0);
    }
    return level;
}

void ShockScheduler::handle(sim::Kernel& k, const sim::Event& ev) {
    switch (static_cast<Kind>(ev.kind)) {
    case Begin: begin(k, ev.arg); break;
    case End: end(k, ev.arg); break;
    case Tick: {
        Occurrence& o = occurrences_[ev.arg];
        if (o.end_day && k.now().to_days() >= *o.end_day + o.shock->recovery.to_days() - 1e-9)
            o.finished = true;
        apply(k);
        break;
    }
    }
}

void ShockScheduler::reroute(sim::Kernel& k) {
    for (NodeId supplier : ctx_.routes().reroute()) ctx_.block(supplier).request_retry(k);
}

void ShockScheduler::begin(sim::Kernel& k, std::size_t i) {
    Occurrence& o = occurrences_[i];
    const Shock& s = *o.shock;
    o.running = true;
    switch (s.kind) {
    case ShockKind::Outage:
        for (NodeId node : o.nodes) ctx_.block(node).set_down(k, true);
        break;
    case ShockKind::LaneClosure:
        for (LaneId lane : o.lanes) ctx_.lane(lane).close();
        reroute(k);
        break;
    case ShockKind::PolicyChange:
        for (NodeId node : o.nodes) {
            auto& allocator = static_cast<blocks::Allocator&>(ctx_.block(node));
            o.previous.push_back(allocator.policy());
            allocator.set_policy(k, s.policy);
        }
        break;
    case ShockKind::CapacityLoss:
    case ShockKind::YieldExcursion:
    case ShockKind::DemandSurge:
    case ShockKind::CapacityExpansion:
    case ShockKind::CapacityCut:
    case ShockKind::Price: apply(k); break;
    }
    const double ramp_days = s.ramp.to_days();
    if (s.kind == ShockKind::CapacityExpansion)
        for (double d = 1.0; d < ramp_days; d += 1.0)
            k.schedule_at(sim::Time::from_days(o.start_day + d), handler_, Tick, i);
    if (s.kind == ShockKind::CapacityExpansion && ramp_days > 0.0)
        k.schedule_at(sim::Time::from_days(o.start_day + ramp_days), handler_, Tick, i);
    if (o.end_day) k.schedule_at(sim::Time::from_days(*o.end_day), handler_, End, i);
}

void ShockScheduler::end(sim::Kernel& k, std::size_t i) {
    Occurrence& o = occurrences_[i];
    const Shock& s = *o.shock;
    switch (s.kind) {
    case ShockKind::Outage:
        for (NodeId node : o.nodes) ctx_.block(node).set_down(k, false);
        o.finished = true;
        return;
    case ShockKind::LaneClosure:
        for (LaneId lane : o.lanes) ctx_.lane(lane).reopen(k);
        reroute(k);
        o.finished = true;
        return;
    case ShockKind::PolicyChange:
        for (std::size_t n = 0; n < o.nodes.size(); ++n)
            ctx_.block(o.nodes[n]).set_policy(k, o.previous[n]);
        o.finished = true;
        return;
    case ShockKind::CapacityLoss:
    case ShockKind::YieldExcursion:
    case ShockKind::DemandSurge:
    case ShockKind::CapacityExpansion:
    case ShockKind::CapacityCut:
    case ShockKind::Price: break;
    }
    const double recovery_days = s.recovery.to_days();
    if (recovery_days <= 0.0) {
        o.finished = true;
        apply(k);
        return;
    }
    apply(k);
    for (double d = 1.0; d < recovery_days; d += 1.0)
        k.schedule_at(sim::Time::from_days(*o.end_day + d), handler_, Tick, i);
    k.schedule_at(sim::Time::from_days(*o.end_day + recovery_days), handler_, Tick, i);
}

void ShockScheduler::apply(sim::Kernel& k) {
    const double today = k.now().to_days();
    struct Effect {
        double capacity = 1.0, cut = 0.0, addition = 0.0, yield = 1.0, demand = 1.0, premium = 1.0;
        bool capacity_touched = false, addition_touched = false, yield_touched = false,
             demand_touched = false, premium_touched = false;
    };
    std::map<NodeId, Effect> effects;
    for (const Occurrence& o : occurrences_) {
        if (!is_gradual(o.shock->kind)) continue;
        if (!o.running && !o.finished) continue;
        const double sev = severity(o, today);
        const double m = o.shock->magnitude;
        for (NodeId node : o.nodes) {
            Effect& e = effects[node];
            switch (o.shock->kind) {
            case ShockKind::CapacityLoss:
                e.capacity *= 1.0 - std::clamp(m, 0.0, 1.0) * sev;
                e.capacity_touched = true;
                break;
            case ShockKind::CapacityCut:
                e.cut += m * sev;
                e.capacity_touched = true;
                break;
            case ShockKind::YieldExcursion:
                e.yield *= 1.0 - std::clamp(m, 0.0, 1.0) * sev;
                e.yield_touched = true;
                break;
            case ShockKind::DemandSurge:
                e.demand *= 1.0 + m * sev;
                e.demand_touched = true;
                break;
            case ShockKind::CapacityExpansion:
                e.addition += m * sev;
                e.addition_touched = true;
                break;
            case ShockKind::Price:
                e.premium *= 1.0 + m * sev;
                e.premium_touched = true;
                break;
            case ShockKind::Outage:
            case ShockKind::PolicyChange:
            case ShockKind::LaneClosure: break;
            }
        }
    }
    for (const auto& [node, e] : effects) {
        blocks::Block& b = ctx_.block(node);
        // Cuts are shares of the plan and add up; a capacity loss scales what they leave.
        if (e.capacity_touched)
            b.set_capacity_factor(k, e.capacity * (1.0 - std::clamp(e.cut, 0.0, 1.0)));
        if (e.addition_touched) b.set_capacity_addition(k, e.addition);
        if (e.yield_touched) b.set_yield_factor(e.yield);
        if (e.demand_touched) b.set_demand_factor(e.demand);
        // A price shock on any seller moves its market (every seller of a product shares one).
        if (e.premium_touched && markets_ != nullptr)
            markets_->set_premium(ctx_.product_id(ctx_.scenario().nodes[index_of(node)].product),
                                  e.premium);
    }
}

}  // namespace memchain::model
