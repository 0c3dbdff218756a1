#include "model/engine/market.hpp"

#include <algorithm>
#include <cmath>

#include "model/engine/blocks/buyer.hpp"
#include "model/engine/context.hpp"
#include "model/engine/order_book.hpp"
#include "model/policy/price.hpp"

namespace memchain::model {

namespace {

// Markets move just before the sampler looks (priority 1000), so that both see one state.
constexpr std::int16_t step_priority = 999;

PriceRule price_rule(const Market& market) {
    PriceRule r;
    r.reference_price = market.reference_price;
    r.cash_cost = market.cash_cost;
    r.sensitivity = market.sensitivity;
    r.adjustment_days = market.adjustment.to_days();
    switch (market.coverage) {
    case CoverageSignal::Flow: r.coverage = PriceRule::Coverage::Flow; break;
    case CoverageSignal::Stock: r.coverage = PriceRule::Coverage::Stock; break;
    case CoverageSignal::Orders: r.coverage = PriceRule::Coverage::Orders; break;
    }
    r.reference_coverage_days = market.reference_coverage.to_days();
    r.forward_horizon_days = market.forward_horizon.to_days();
    r.max_relative_coverage = market.max_relative_coverage;
    r.contract_pass_through = market.contract_pass_through;
    r.spot_share = market.spot_share;
    r.anchor_days = market.anchor_time.to_days();
    return r;
}

// How much of a scheduled shock's full effect applies on `day` (as engine/shock_scheduler
// applies it): none before its start, all of it over its duration, back linearly over its
// recovery; an expansion ramps up over its ramp; an outage has no recovery.
double scheduled_severity(const Shock& s, double day) {
    const double start = s.start.to_days();
    if (day < start) return 0.0;
    double level = 1.0;
    if (s.kind == ShockKind::CapacityExpansion && s.ramp > sim::Duration::zero())
        level = std::clamp((day - start) / s.ramp.to_days(), 0.0, 1.0);
    if (s.duration && day >= start + s.duration->to_days()) {
        if (s.kind == ShockKind::Outage || s.recovery <= sim::Duration::zero()) return 0.0;
        level *= std::clamp(1.0 - (day - start - s.duration->to_days()) / s.recovery.to_days(), 0.0,
                            1.0);
    }
    return level;
}

bool moves_capacity(ShockKind kind) {
    return kind == ShockKind::CapacityLoss || kind == ShockKind::Outage ||
           kind == ShockKind::CapacityExpansion;
}

}  // namespace

bool Markets::any(const Scenario& scenario) {
    return std::any_of(scenario.products.begin(), scenario.products.end(),
                       [](const Product& p) { return p.market.has_value(); });
}

Markets::Markets(Context& ctx) : SampleStep(ctx, step_priority) {
    const Scenario& s = ctx.scenario();
    market_of_product_.assign(s.products.size(), -1);
    seller_of_node_.assign(s.nodes.size(), -1);
    for (std::size_t p = 0; p < s.products.size(); ++p) {
        if (!s.products[p].market) continue;
        State m;
        m.spec = &*s.products[p].market;
        m.rule = price_rule(*m.spec);
        m.product = ProductId{static_cast<std::uint32_t>(p)};
        m.contract = m.anchor = m.spec->reference_price;
        m.spot = m.spec->initial_spot.value_or(m.spec->reference_price);
        m.next_reset_day = m.spec->contract_period.to_days();
        market_of_product_[p] = static_cast<int>(markets_.size());
        markets_.push_back(std::move(m));
    }
    for (State& m : markets_) {
        if (m.rule.forward_horizon_days <= 0.0) continue;
        const std::string& product = ctx.product_name(m.product);
        for (std::size_t n = 0; n < s.nodes.size(); ++n) {
            const Node& node = s.nodes[n];
            if (!node.makes_at_rate(product)) continue;
            m.makers.push_back(n);
            for (const Shock& shock : s.shocks) {
                if (shock.random || !moves_capacity(shock.kind)) continue;
                if (std::find(shock.targets.begin(), shock.targets.end(), node.name) !=
                    shock.targets.end())
                    m.known.emplace_back(n, &shock);
            }
        }
    }
    for (State& m : markets_)
        if (!m.spec->downstream.empty())  // the reader checks it names a market
            m.downstream = market_of_product_[index_of(ctx.product_id(m.spec->downstream))];
    for (std::size_t n = 0; n < s.nodes.size(); ++n) {
        const Node& node = s.nodes[n];
        const int m = market_of_product_[index_of(ctx.product_id(node.product))];
        if (m < 0) continue;
        if (node.block == Block::Allocator) {
            seller_of_node_[n] = static_cast<int>(sellers_.size());
            const NodeId id{static_cast<std::uint32_t>(n)};
            sellers_.push_back({id, m, 0.0});
            markets_[static_cast<std::size_t>(m)].sellers.push_back(id);
        }
        if (node.block == Block::Buyer && (node.demand.unit_price || node.price_response)) {
            PricedBuyer b{NodeId{static_cast<std::uint32_t>(n)}, m,
                          node.demand.unit_price.has_value()};
            b.perceived = markets_[static_cast<std::size_t>(m)].contract;
            if (node.price_response) {
                b.units_elasticity = node.price_response->units_elasticity;
                b.content_elasticity = node.price_response->content_elasticity;
                if (node.price_response->adjustment)
                    b.adjustment_days = node.price_response->adjustment->to_days();
            }
            buyers_.push_back(b);
        }
    }
    const double interval = s.recording.sample_interval.to_days();
    window_steps_ = static_cast<std::size_t>(
        std::max(1.0, std::round(s.recording.throughput_window.to_days() / interval)));
}

void Markets::set_premium(ProductId product, double premium) {
    const int m = market_of_product_[index_of(product)];
    if (m >= 0) markets_[static_cast<std::size_t>(m)].premium = premium;
}

void Markets::step(sim::Kernel& k) {
    const double day = k.now().to_days();
    const double step_days = day - last_step_day_;
    for (State& m : markets_) m.stock = sellers_stock(m, k.now());
    if (step_days > 0.0) {
        pay_sellers(last_step_day_, day);
        // Every market's own coverage first, so a part priced off its downstream market reads
        // that market's coverage of this step whatever their order.
        for (State& m : markets_) observe(m, day, step_days);
        for (State& m : markets_) update_prices(m, day, step_days);
        ++period_;
    }
    last_step_day_ = day;
    set_buyer_factors(step_days);
    for (State& m : markets_) {
        MarketSample s;
        s.product = ctx_.product_name(m.product);
        s.day = day;
        s.spot = m.spot;
        s.contract = m.contract;
        const double window_days = static_cast<double>(m.window.size()) * step_days;
        if (window_days > 0.0) {
            s.demand_per_day = m.window_sum.ordered / window_days;
            s.supply_per_day = m.window_sum.delivered / window_days;
        }
        s.inventory = m.stock;
        s.open_orders = ctx_.orders().backlog(m.product);
        samples.push_back(std::move(s));
    }
}

double Markets::sellers_stock(const State& m, sim::Time now) {
    double stock = 0.0;
    NodeSample seen;
    for (NodeId seller : m.sellers) {
        ctx_.block(seller).sample(now, seen);
        stock += seen.inventory;
    }
    return stock;
}

void Markets::pay_sellers(double start_day, double end_day) {
    // Units delivered over the interval fetch the price in force over it, set at its start.
    for (Seller& seller : sellers_) {
        if (seller.units <= 0.0) continue;
        const State& m = markets_[static_cast<std::size_t>(seller.market)];
        const Node& node = ctx_.scenario().nodes[index_of(seller.node)];
        RevenueRecord r;
        r.period = period_;
        r.start_day = start_day;
        r.end_day = end_day;
        r.node = static_cast<int>(index_of(seller.node));
        r.owner = node.owner;
        r.product = node.product;
        r.units = seller.units;
        r.price = transaction_price(m.rule, m.spot, m.contract);
        r.revenue = r.units * r.price;
        r.cost = r.units * m.spec->cash_cost;
        revenue.push_back(std::move(r));
        seller.units = 0.0;
    }
}

void Markets::observe(State& m, double day, double step_days) {
    m.window.push_back({m.ordered, m.delivered});
    m.window_sum.ordered += m.ordered;
    m.window_sum.delivered += m.delivered;
    m.ordered = m.delivered = 0.0;
    if (m.window.size() > window_steps_) {
        m.window_sum.ordered -= m.window.front().ordered;
        m.window_sum.delivered -= m.window.front().delivered;
        m.window.pop_front();
    }
    // Prices are discovered by trade: until a whole throughput window has passed since the
    // market's first delivery, the flows say only how long the first orders take to arrive
    // (no supply yet would read as a market covered 1/M of its demand), so spot holds.
    if (!m.trading_since && m.window.back().delivered > 0.0) m.trading_since = day - step_days;
    m.trading = m.trading_since &&
                day - *m.trading_since + 1e-9 >= static_cast<double>(window_steps_) * step_days;
    m.coverage = 1.0;
    if (!m.trading) return;
    const double window_days = static_cast<double>(m.window.size()) * step_days;
    MarketSignals signals;
    signals.demand_per_day = m.window_sum.ordered / window_days;
    signals.supply_per_day = m.window_sum.delivered / window_days;
    signals.open_orders = ctx_.orders().backlog(m.product);
    signals.stock = m.stock;
    if (m.rule.forward_horizon_days > 0.0)
        signals.expected_supply_per_day = expected_supply_per_day(m, day);
    m.coverage = relative_coverage(m.rule, signals);
}

void Markets::update_prices(State& m, double day, double step_days) {
    if (m.trading) {
        double x = m.coverage;
        if (m.downstream >= 0)
            x = blended_coverage(x, markets_[static_cast<std::size_t>(m.downstream)].coverage,
                                 m.spec->downstream_weight);
        m.spot = next_spot(m.rule, m.spot, anchored_indicated_price(m.rule, m.anchor, x, m.premium),
                           step_days);
        m.anchor = next_anchor(m.rule, m.anchor, m.spot, step_days);
    }
    m.spot_history.emplace_back(day, m.spot);
    reset_contracts(m, day);
}

void Markets::reset_contracts(State& m, double day) {
    // Contracts reset each period from the start; a reset takes spot as it was `lag` earlier.
    while (day + 1e-9 >= m.next_reset_day) {
        m.contract = next_contract(m.rule, m.contract,
                                   spot_at(m, m.next_reset_day - m.spec->contract_lag.to_days()));
        m.next_reset_day += m.spec->contract_period.to_days();
    }
}

double Markets::spot_at(const State& m, double day) const {
    // The last spot set at or before `day`; before the first step, the start price.
    double spot = m.spec->initial_spot.value_or(m.spec->reference_price);
    for (const auto& [d, p] : m.spot_history) {
        if (d > day + 1e-9) break;
        spot = p;
    }
    return spot;
}

double Markets::expected_supply_per_day(const State& m, double day) const {
    // The midpoint rule over days (at most a day apart) of the horizon ahead.
    const Scenario& s = ctx_.scenario();
    const double horizon = m.rule.forward_horizon_days;
    const double steps = std::max(1.0, std::ceil(horizon - 1e-9));
    const double dt = horizon / steps;
    double units = 0.0;
    for (double i = 0.0; i < steps; i += 1.0) {
        const double d = day + (i + 0.5) * dt;
        for (std::size_t n : m.makers) {
            const Node& node = s.nodes[n];
            if (node.active_from && d < node.active_from->to_days()) continue;
            double factor = 1.0, addition = 0.0;
            for (const auto& [maker, shock] : m.known) {
                if (maker != n || shock->start.to_days() > day + 1e-9) continue;  // not known yet
                const double severity = scheduled_severity(*shock, d);
                if (shock->kind == ShockKind::CapacityExpansion)
                    addition += shock->magnitude * severity;
                else if (shock->kind == ShockKind::Outage)
                    factor *= 1.0 - severity;
                else
                    factor *= 1.0 - std::clamp(shock->magnitude, 0.0, 1.0) * severity;
            }
            const double capacity = std::max(0.0, node.capacity->at(d) * factor + addition);
            units += capacity * node.yield.at(d) * dt;
        }
    }
    return units / horizon;
}

void Markets::set_buyer_factors(double step_days) {
    for (PricedBuyer& b : buyers_) {
        const State& m = markets_[static_cast<std::size_t>(b.market)];
        const double relative = m.contract / m.spec->reference_price;
        // The price the elasticities answer to: the contract, or with an adjustment time a
        // first-order delay of it from the start's contract (the first step is at day 0).
        b.perceived = b.adjustment_days <= 0.0 ? m.contract
                                               : next_perceived_price(b.perceived, m.contract,
                                                                      step_days, b.adjustment_days);
        const double perceived = b.perceived / m.spec->reference_price;
        double units = std::pow(perceived, b.units_elasticity);
        if (b.capex) units /= relative;  // the budget buys budget / the contract it pays
        const double content = std::pow(perceived, b.content_elasticity);
        static_cast<blocks::Buyer&>(ctx_.block(b.node))
            .set_price_factors(ctx_.kernel().now(), units, content);
    }
}

void Markets::add_kpis(sim::Time warmup_end, std::vector<Kpi>& out) const {
    const double from = warmup_end.to_days();
    for (const State& m : markets_) {
        const std::string& product = ctx_.product_name(m.product);
        double spot_sum = 0.0, contract_sum = 0.0, peak = 0.0, n = 0.0;
        for (const MarketSample& s : samples) {
            if (s.product != product || s.day < from) continue;
            spot_sum += s.spot;
            contract_sum += s.contract;
            peak = std::max(peak, s.spot);
            n += 1.0;
        }
        if (n > 0.0) {
            out.push_back({"spot_price_mean", product, "", "", spot_sum / n});
            out.push_back({"spot_price_peak", product, "", "", peak});
            out.push_back({"contract_price_mean", product, "", "", contract_sum / n});
        }
        if (m.rule.anchor_days > 0.0)
            out.push_back({"anchor_price_end", product, "", "", m.anchor});
        double total = 0.0;
        std::vector<double> by_seller(m.sellers.size(), 0.0), margin(m.sellers.size(), 0.0);
        for (const RevenueRecord& r : revenue) {
            if (r.product != product || r.start_day < from) continue;
            const auto at = std::find(m.sellers.begin(), m.sellers.end(),
                                      NodeId{static_cast<std::uint32_t>(r.node)});
            const auto i = static_cast<std::size_t>(at - m.sellers.begin());
            by_seller[i] += r.revenue;
            margin[i] += r.revenue - r.cost;
            total += r.revenue;
        }
        out.push_back({"revenue", product, "", "", total});
        for (std::size_t i = 0; i < m.sellers.size(); ++i) {
            const std::string& seller = ctx_.scenario().nodes[index_of(m.sellers[i])].name;
            out.push_back({"revenue", product, "", seller, by_seller[i]});
            out.push_back({"margin", product, "", seller, margin[i]});
            if (total > 0.0)
                out.push_back({"revenue_share", product, "", seller, by_seller[i] / total});
        }
    }
}

}  // namespace memchain::model
