#include "model/engine/blocks/buyer.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <numeric>

#include "model/engine/context.hpp"
#include "model/engine/order_book.hpp"
#include "model/engine/replenisher.hpp"
#include "model/engine/run_statistics.hpp"

namespace memchain::model::blocks {

Buyer::Buyer(Context& ctx, NodeId id, const Node& spec)
    : Block(ctx, id, spec),
      product_(ctx.product_id(spec.product)),
      sourcing_(ctx, id, spec.suppliers, spec.supplier_terms, spec.resource_after,
                spec.demand.period),
      demand_rng_(ctx.stream("buyer/" + spec.name, "demand")) {
    for (const auto& [day, rate] : spec.demand.rate.points) max_rate_ = std::max(max_rate_, rate);
}

bool Buyer::keeps_stock() const {
    return spec_.ordering.policy != OrderingPolicy::MakeToOrder;
}

void Buyer::start(sim::Kernel& k) {
    const Ordering& o = spec_.ordering;
    if (!spec_.open_at_start.empty()) place_open_at_start(k);
    if (keeps_stock()) {
        held_ = o.policy == OrderingPolicy::BaseStock && o.initial_stock <= 0.0 ? o.level
                                                                                : o.initial_stock;
        set_stock(k.now());
        if (o.policy == OrderingPolicy::BaseStock && held_ < o.level) order(k, o.level - held_);
    }
    if (spec_.order_rules.any()) k.schedule_in(review_period(), handler_, OrdersReview);
    if (spec_.stock_up) {
        find_news();
        for (std::size_t i = 0; i < news_.size(); ++i)
            k.schedule_at(std::max(k.now(), news_[i].shock->start), handler_, NewsBegins, i);
    }
    switch (spec_.demand.kind) {
    case DemandKind::None: break;
    case DemandKind::Poisson:
        schedule_unit_demand(k);
        if (o.policy == OrderingPolicy::OrderUpTo)
            k.schedule_in(spec_.demand.period, handler_, PeriodEnd);
        break;
    case DemandKind::Rate:
    case DemandKind::Normal: k.schedule_in(spec_.demand.period, handler_, PeriodEnd); break;
    }
}

double Buyer::rate_per_day(double day) const {
    if (spec_.active_from && day < spec_.active_from->to_days()) return 0.0;
    double rate = spec_.demand.rate.at(day);
    if (spec_.demand.unit_price)
        rate = rate / *spec_.demand.unit_price * spec_.demand.capex_share.at(day);
    if (spec_.demand.content) rate *= spec_.demand.content->at(day) * content_price_factor_;
    return rate * demand_factor_ * units_price_factor_;
}

void Buyer::schedule_unit_demand(sim::Kernel& k) {
    const double horizon = ctx_.scenario().horizon.to_days();
    double peak = max_rate_;
    if (spec_.demand.unit_price) {
        // The largest share of the plan bounds the share on every day (interpolation never
        // leaves the range of the points).
        double share = 0.0;
        for (const auto& [day, value] : spec_.demand.capex_share.points)
            share = std::max(share, value);
        peak = peak / *spec_.demand.unit_price * share;
    }
    const double top = peak * std::max(1.0, demand_factor_);
    if (top <= 0.0) return;
    double day = k.now().to_days();
    for (;;) {  // thinning against the highest rate of the plan
        day += boost::random::exponential_distribution<double>(top)(demand_rng_);
        if (day > horizon) return;
        if (demand_rng_.uniform01() * top < rate_per_day(day)) break;
    }
    k.schedule_at(sim::Time::from_days(day), handler_, UnitDemand);
}

void Buyer::on_event(sim::Kernel& k, const sim::Event& ev) {
    switch (static_cast<Kind>(ev.kind)) {
    case UnitDemand:
        end_demand(k, 1.0);
        schedule_unit_demand(k);
        break;
    case PeriodEnd:
        on_period_end(k);
        k.schedule_in(spec_.demand.period, handler_, PeriodEnd);
        break;
    case OrdersReview:
        review_orders(k);
        k.schedule_in(review_period(), handler_, OrdersReview);
        break;
    case NewsBegins: on_news_begins(k, ev.arg); break;
    case NewsDay: on_news_day(k, ev.arg); break;
    case NewsEnds: on_news_ends(ev.arg); break;
    case Recheck:
        // The woken suppliers have retried by now; those still waiting registered again.
        if (active_ && !has_waiters()) {
            active_ = false;
            ctx_.set_active(id_, false, k.now());
        }
        break;
    }
}

void Buyer::on_waiter_added() {
    if (active_ || !spec_.stock_capacity) return;
    active_ = true;
    ctx_.set_active(id_, true, ctx_.kernel().now());
}

void Buyer::room_freed(sim::Kernel& k) {
    if (!has_waiters()) return;
    wake_waiters(k);
    if (active_) k.schedule_in(sim::Duration::zero(), handler_, Recheck, 0, 1000);
}

void Buyer::on_period_end(sim::Kernel& k) {
    const double period_days = spec_.demand.period.to_days();
    const double mid = k.now().to_days() - period_days / 2.0;
    switch (spec_.demand.kind) {
    case DemandKind::Rate:
        // The midpoint rule is exact on steps aligned with periods and on linear ramps.
        end_demand(k, rate_per_day(mid) * period_days);
        break;
    case DemandKind::Normal: {
        const double draw = boost::random::normal_distribution<double>(
            spec_.demand.mean, spec_.demand.sd)(demand_rng_);
        end_demand(k, std::max(0.0, draw) * demand_factor_);
        break;
    }
    case DemandKind::Poisson:
    case DemandKind::None: break;
    }
    if (spec_.ordering.policy == OrderingPolicy::OrderUpTo) review(k);
}

void Buyer::end_demand(sim::Kernel& k, double units) {
    if (units <= 0.0) return;
    const sim::Time now = k.now();
    if (spec_.ordering.policy == OrderingPolicy::OrderUpTo) period_demand_ += units;
    if (ctx_.counting(now)) demand_units_ += units;
    switch (spec_.ordering.policy) {
    case OrderingPolicy::MakeToOrder: {
        demand_carry_ += units;
        const double whole = std::floor(demand_carry_ + 1e-9);
        demand_carry_ -= whole;
        if (whole < 1.0) return;
        // Booking ahead: the period's need is taken from what was booked before, and the
        // bookings are topped up to what the horizon asks for now.
        const double due = take_booked(whole);
        const double ahead = std::max(0.0, booking_target(now).value_or(0.0) - booked_ahead_);
        booked_ahead_ += ahead;
        const double factor = inflation_factor(now);
        order(k, (due + ahead) * factor, factor);
        return;
    }
    case OrderingPolicy::BaseStock:
    case OrderingPolicy::OrderUpTo: {
        const double served = std::min(held_, units);
        held_ -= served;
        backorders_ += units - served;
        if (ctx_.counting(now)) immediate_units_ += served;
        set_stock(now);
        if (served > 0.0 && spec_.stock_capacity) room_freed(k);
        if (spec_.ordering.policy != OrderingPolicy::BaseStock) return;
        const double factor = inflation_factor(now);
        order(k, units * factor, factor);
        return;
    }
    }
}

void Buyer::review(sim::Kernel& k) {
    const Ordering& o = spec_.ordering;
    const sim::Time now = k.now();
    const double demand = period_demand_;
    period_demand_ = 0.0;
    history_.push_back(demand);
    if (history_.size() > static_cast<std::size_t>(o.forecast_periods)) history_.pop_front();
    double q = demand;  // until there is a full forecast window, pass demand on
    if (history_.size() == static_cast<std::size_t>(o.forecast_periods)) {
        const double n = static_cast<double>(history_.size());
        const double mean = std::accumulate(history_.begin(), history_.end(), 0.0) / n;
        double ss = 0.0;
        for (double d : history_) ss += (d - mean) * (d - mean);
        const double sd = n > 1.0 ? std::sqrt(ss / (n - 1.0)) : 0.0;
        // Chen, Drezner, Ryan & Simchi-Levi (2000): y_t = L * MA_p + z * sd * sqrt(L).
        const double level =
            o.lead_time_periods * mean + o.safety_factor * sd * std::sqrt(o.lead_time_periods);
        // Fractions of a unit decided but not yet ordered (orders are whole units) are part of
        // the position: leaving them out would order them twice and add noise to every order.
        const double position = held_ - backorders_ + on_order_ + unordered_;
        q = level - position;
        if (ctx_.counting(now)) {
            period_demand_stats_.add(demand);
            period_order_stats_.add(o.allow_negative_orders ? q : std::max(0.0, q));
        }
    }
    if (q < 0.0) {
        if (!o.allow_negative_orders) return;
        // A negative order returns stock to the supplier.
        const double returned = std::min(held_, -q);
        held_ -= returned;
        backorders_ += -q - returned;
        set_stock(now);
        return;
    }
    const double factor = inflation_factor(now);
    order(k, q * factor, factor);
}

double Buyer::inflation_factor(sim::Time now) {
    const Inflation& inf = spec_.inflation;
    if (!inf.enabled) return 1.0;
    const std::optional<double> quoted = ctx_.orders().quoted_lead_time_days(product_, now);
    if (!quoted) return 1.0;
    if (!reference_quote_) {
        if (inf.reference) {
            reference_quote_ = inf.reference->to_days();
        } else if (now - sim::Time::zero() >= ctx_.scenario().recording.throughput_window &&
                   *quoted > 0.0) {
            reference_quote_ = *quoted;
        } else {
            return 1.0;
        }
    }
    if (*reference_quote_ <= 0.0) return 1.0;
    return std::clamp(std::pow(*quoted / *reference_quote_, inf.elasticity), 1.0, inf.max_factor);
}

void Buyer::find_news() {
    // Upstream: every node from which lanes lead to one of the buyer's suppliers; its makers are
    // the stations and assemblies of the buyer's product with a capacity rate among them.
    const Scenario& s = ctx_.scenario();
    std::vector<bool> seen(s.nodes.size(), false);
    std::vector<std::size_t> todo;
    for (const auto& [name, share] : spec_.suppliers) todo.push_back(index_of(ctx_.node_id(name)));
    for (const std::size_t n : todo) seen[n] = true;
    while (!todo.empty()) {
        const std::size_t n = todo.back();
        todo.pop_back();
        for (const Lane& lane : s.lanes) {
            if (lane.to != s.nodes[n].name) continue;
            const std::size_t from = index_of(ctx_.node_id(lane.from));
            if (seen[from]) continue;
            seen[from] = true;
            todo.push_back(from);
        }
    }
    for (std::size_t n = 0; n < s.nodes.size(); ++n)
        if (seen[n] && s.nodes[n].makes_at_rate(spec_.product)) upstream_makers_.push_back(n);
    // Scheduled shocks only: a random occurrence is not known ahead (as the markets' forward
    // horizon). One entry per shock and maker it hits.
    for (const Shock& shock : s.shocks) {
        if (shock.random ||
            (shock.kind != ShockKind::CapacityLoss && shock.kind != ShockKind::Outage))
            continue;
        for (const std::size_t n : upstream_makers_)
            if (std::find(shock.targets.begin(), shock.targets.end(), s.nodes[n].name) !=
                shock.targets.end())
                news_.push_back({&shock, n});
    }
}

void Buyer::on_news_begins(sim::Kernel& k, std::size_t i) {
    // The rule (StockUp in scenario.hpp; configs/README.md, Buyers): the level rises by
    // share x cover x demand per day, share = the maker's capacity over all upstream makers'
    // on this day times the shock's magnitude; the extra is ordered at once (or, with
    // pace: with_loss, day by day over the stop: on_news_day). Assumption: the
    // record of 2013 (Wuxi, "panic buying") and 2020 (Fab 11, buyers' "willingness to stock
    // up") gives no amount (data/README.md).
    News& news = news_[i];
    const Scenario& s = ctx_.scenario();
    const double day = k.now().to_days();
    auto capacity = [&](std::size_t n) {
        const Node& node = s.nodes[n];
        if (node.active_from && day < node.active_from->to_days()) return 0.0;
        return std::max(0.0, node.capacity->at(day));
    };
    double total = 0.0;
    for (const std::size_t n : upstream_makers_) total += capacity(n);
    if (total <= 0.0) return;
    const double taken =
        news.shock->kind == ShockKind::Outage ? 1.0 : std::clamp(news.shock->magnitude, 0.0, 1.0);
    news.share = capacity(news.maker) / total * taken;
    if (spec_.stock_up->pace == StockUp::Pace::WithLoss) {
        if (news.share <= 0.0) return;
        news.days_left = spec_.stock_up->cover.to_days();
        on_news_day(k, i);
    } else {
        news.extra = news.share * spec_.stock_up->cover.to_days() * news_demand_per_day(day);
        if (news.extra <= 0.0) return;
        order(k, news.extra);
    }
    if (news.shock->duration)
        k.schedule_at(std::max(k.now(), news.shock->start + *news.shock->duration), handler_,
                      NewsEnds, i);
}

double Buyer::news_demand_per_day(double day) const {
    return spec_.demand.kind == DemandKind::Normal
               ? spec_.demand.mean * demand_factor_ / spec_.demand.period.to_days()
               : rate_per_day(day);
}

void Buyer::on_news_day(sim::Kernel& k, std::size_t i) {
    // pace: with_loss (StockUp in scenario.hpp; configs/README.md, Buyers): one day's share of
    // the buyer's demand more, ordered each day the stop lasts, until `cover` days of it are
    // bought; the last part is the fraction of a day left. Sized by the stop the shock
    // announces, capped by the cover. Assumption (data/README.md): the 2013 record's spot rose
    // over the three weeks of the stop, not in one step.
    News& news = news_[i];
    if (news.ended || news.days_left <= 0.0) return;
    const sim::Time now = k.now();
    if (news.shock->duration && now >= news.shock->start + *news.shock->duration) return;
    const double part = std::min(1.0, news.days_left);
    news.days_left -= part;
    const double units = news.share * part * news_demand_per_day(now.to_days());
    news.extra += units;
    order(k, units);
    if (news.days_left > 0.0) k.schedule_in(sim::Duration::from_days(1.0), handler_, NewsDay, i);
}

void Buyer::on_news_ends(std::size_t i) {
    // Back to the normal level: the extra is not reordered as it is used.
    unordered_ -= news_[i].extra;
    news_[i].extra = 0.0;
    news_[i].ended = true;
}

std::optional<double> Buyer::booking_target(sim::Time now) {
    if (!spec_.booking.enabled) return 0.0;
    // The quote is the one a period's order would be given now (the backlog with a period's
    // need added): what the buyer is told when it orders, read the same way at reviews so that
    // a review does not cancel what the next order books again. With no quote yet (or none
    // while nothing is delivered), what is booked stays as it is.
    const double day = now.to_days();
    const double period_need = rate_per_day(day) * spec_.demand.period.to_days();
    const std::optional<double> quoted =
        ctx_.orders().quoted_lead_time_days(product_, now, period_need);
    if (!quoted) return std::nullopt;
    return booking_horizon_days(spec_.booking, quoted) * rate_per_day(day);
}

double Buyer::take_booked(double units) {
    const double taken = std::min(booked_ahead_, units);
    booked_ahead_ -= taken;
    return units - taken;
}

void Buyer::place_open_at_start(sim::Kernel& k) {
    // The rule (OpenAtStart in scenario.hpp; configs/README.md, Buyers): each entry's whole
    // units split by the suppliers' shares on day 0, placed on its date, oldest first. Not new
    // demand of the run, and not given to re-sourcing: they stay with the supplier that took them.
    Order o;
    o.orderer = id_;
    o.product = product_;
    o.tier = spec_.tier;
    for (const OpenAtStart& open : spec_.open_at_start) {
        const std::vector<double>& parts = sourcing_.split(std::floor(open.units + 1e-9), k.now());
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (parts[i] < 1.0) continue;
            on_order_ += parts[i];
            o.supplier = sourcing_.supplier(i);
            o.quantity = parts[i];
            const OrderId id = ctx_.place_order(k, o, spec_.target_lead_time, false, open.placed);
            if (spec_.order_rules.any()) open_orders_.push_back(id);
        }
    }
}

void Buyer::order(sim::Kernel& k, double units, double factor) {
    unordered_ += units;
    const double whole = std::floor(unordered_ + 1e-9);
    if (whole < 1.0) return;
    unordered_ -= whole;
    if (factor > 1.0) phantom_ += whole * (1.0 - 1.0 / factor);
    const bool track = spec_.order_rules.any();
    const std::optional<sim::Duration> target = spec_.target_lead_time;
    Order o;
    o.orderer = id_;
    o.product = product_;
    o.tier = spec_.tier;
    // Deliveries held (downstream full) are late by the buyer's choice, not the supplier's.
    if (!held_up_to_)
        for (const OrderId moved : sourcing_.review(k, o, target))
            if (track) open_orders_.push_back(moved);
    const std::vector<double>& parts = sourcing_.split(whole, k.now());
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i] < 1.0) continue;
        on_order_ += parts[i];
        o.supplier = sourcing_.supplier(i);
        o.quantity = parts[i];
        const OrderId id = ctx_.place_order(k, o, target);
        sourcing_.placed(i, id, parts[i]);
        if (track) open_orders_.push_back(id);
    }
}

sim::Duration Buyer::review_period() const {
    const OrderRules& rules = spec_.order_rules;
    return rules.review ? *rules.review : spec_.demand.period;
}

bool Buyer::downstream_full() const {
    if (!outgoing_.empty()) return true;  // received lots it cannot pass on
    return spec_.stock_capacity && room_for(product_) < 1.0;
}

double Buyer::cancel_newest(sim::Kernel& k, double units, OrderChangeReason why) {
    double left = units;
    for (auto it = open_orders_.rbegin(); it != open_orders_.rend() && left >= 1.0; ++it) {
        const double take = std::min(left, std::floor(ctx_.orders().order(*it).unshipped() + 1e-9));
        if (take < 1.0) continue;
        const double cancelled = ctx_.cancel_order(k, *it, take, why);
        on_order_ = std::max(0.0, on_order_ - cancelled);
        left -= cancelled;
    }
    return units - left;
}

void Buyer::review_orders(sim::Kernel& k) {
    const OrderRules& rules = spec_.order_rules;
    const sim::Time now = k.now();
    OrderBook& book = ctx_.orders();
    std::erase_if(open_orders_, [&](OrderId id) { return book.order(id).unshipped() < 1e-9; });
    if (rules.retime_when_downstream_full && downstream_full()) {
        // Hold every open order until the next review; a spell's push-outs are recorded once
        // per order (when the spell starts, or when the order is placed during it).
        const sim::Time until = now + review_period();
        for (const OrderId id : open_orders_) {
            const bool known = held_up_to_ && index_of(id) <= index_of(*held_up_to_);
            ctx_.push_out_order(k, id, until, OrderChangeReason::DownstreamFull, !known);
        }
        if (!open_orders_.empty()) held_up_to_ = open_orders_.back();
    } else {
        held_up_to_.reset();
    }
    const std::optional<double> quoted = book.quoted_lead_time_days(product_, now);
    for (const OrderId id : open_orders_) {
        const Order& o = book.order(id);
        const OrderDecision d = review_order(rules, (now - o.placed).to_days(), quoted);
        switch (d.action) {
        case OrderDecision::Action::Keep: break;
        case OrderDecision::Action::Cancel:
            on_order_ =
                std::max(0.0, on_order_ - ctx_.cancel_order(k, id, o.unshipped(), d.reason));
            break;
        case OrderDecision::Action::PushOut: {
            // Moved only by at least one review period, so that a slowly growing quote does
            // not move (and record) every order at every review.
            const sim::Time due = now + sim::Duration::from_days(d.due_in_days);
            if (!o.due || *o.due + review_period() <= due)
                ctx_.push_out_order(k, id, due, d.reason, true);
            break;
        }
        }
    }
    if (!rules.unwind_phantom) return;
    if (const std::optional<double> target = booking_target(now)) {
        const double beyond = std::floor(booked_ahead_ - *target + 1e-9);
        if (beyond >= 1.0)
            booked_ahead_ -= cancel_newest(k, beyond, OrderChangeReason::BookingUnwound);
    }
    if (!spec_.inflation.enabled) return;
    double open_units = 0.0;
    for (const OrderId id : open_orders_) open_units += book.order(id).unshipped();
    phantom_ = std::min(phantom_, open_units);  // phantom units delivered became stock
    const double excess =
        std::floor(phantom_excess(phantom_, open_units, inflation_factor(now)) + 1e-9);
    if (excess >= 1.0) phantom_ -= cancel_newest(k, excess, OrderChangeReason::PhantomUnwound);
}

double Buyer::room_for(ProductId) const {
    if (!spec_.stock_capacity) return unbounded;
    return *spec_.stock_capacity - held_ - reserved_;
}

void Buyer::receive(sim::Kernel& k, Lot lot) {
    const sim::Time now = k.now();
    if (lot.order) ctx_.record_delivery(k, *lot.order, lot.units);
    reserved_ = std::max(0.0, reserved_ - lot.units);
    on_order_ = std::max(0.0, on_order_ - lot.units);
    received_total_ += lot.units;
    // Into stock, or kept by a buyer with nowhere to pass it: the lot's own way ends here.
    if (keeps_stock() || out_lanes_.empty()) ctx_.statistics().record_absorbed(now, lot);
    if (keeps_stock()) {
        const double to_backorders = std::min(backorders_, lot.units);
        backorders_ -= to_backorders;
        held_ += lot.units - to_backorders;
        set_stock(now);
        return;
    }
    held_ += lot.units;
    if (out_lanes_.empty()) return;
    lot.arrived = now;
    // The order was filled here; downstream the lot is plain material, so a cluster build or a
    // pool receiving it must not count the same delivery again.
    lot.order.reset();
    outgoing_.push_back(lot);
    forward(k);
}

void Buyer::forward(sim::Kernel& k) {
    bool sent = false;
    while (!outgoing_.empty()) {
        Lot& front = outgoing_.front();
        if (try_send(k, front)) {
            held_ -= front.units;
            outgoing_.pop_front();
            sent = true;
            continue;
        }
        // Too big for any room downstream: pass on the whole units that fit now (accelerators
        // go to the racks a few at a time, not by the delivery), the rest waits.
        const double part = std::floor(largest_room_out(front.product, k.now()) + 1e-9);
        if (part < 1.0 || part >= front.units) break;
        Lot piece = front;
        piece.units = part;
        piece.id = ctx_.shipping().next_lot_id();
        if (!try_send(k, piece)) break;
        front.units -= part;
        held_ -= part;
        sent = true;
    }
    if (!sent) return;
    if (held_ < 1e-9) held_ = 0.0;
    room_freed(k);
}

void Buyer::set_stock(sim::Time now) {
    on_hand_.set(now, held_);
    backorders_tw_.set(now, backorders_);
}

void Buyer::sample(sim::Time, NodeSample& out) {
    out.inventory = held_;
    out.queue = backorders_;
    out.backlog = on_order_;
    out.output = received_total_;
}

void Buyer::reset_statistics(sim::Time t) {
    demand_units_ = immediate_units_ = 0.0;
    on_hand_.reset(t);
    units_factor_tw_.reset(t);
    content_factor_tw_.reset(t);
    backorders_tw_.reset(t);
    period_demand_stats_ = {};
    period_order_stats_ = {};
}

void Buyer::add_kpis(sim::Time end, std::vector<Kpi>& out) const {
    const std::string& product = ctx_.product_name(product_);
    auto kpi = [&](const char* name, double value) {
        out.push_back({name, product, spec_.name, "", value});
    };
    kpi("demand_units", demand_units_);
    if (priced_) {
        kpi("units_price_factor_mean", units_factor_tw_.average(end));
        if (spec_.demand.content) kpi("content_price_factor_mean", content_factor_tw_.average(end));
    }
    if (!keeps_stock()) return;
    if (demand_units_ > 0.0) kpi("fill_rate", immediate_units_ / demand_units_);
    kpi("on_hand_mean", on_hand_.average(end));
    kpi("backorders_mean", backorders_tw_.average(end));
    if (period_demand_stats_.count() > 1) {
        kpi("demand_variance", period_demand_stats_.variance());
        kpi("order_variance", period_order_stats_.variance());
        if (period_demand_stats_.variance() > 0.0)
            kpi("bullwhip_ratio", period_order_stats_.variance() / period_demand_stats_.variance());
    }
}

}  // namespace memchain::model::blocks
