// Reading markets: a product's `market:` (the price rule's parameters, policy/price.hpp), a
// buyer's `elasticity:` and device makers' demand (`devices:` with `content:` per device).

#include <algorithm>

#include "model/scenario/network.hpp"
#include "model/scenario/reader.hpp"
#include "model/scenario/suggest.hpp"

namespace memchain::model {

namespace {

Measure money(const char* name) {
    return Measure{name, Measure::Kind::Money, Measure::Range::Positive, {}, {}};
}

}  // namespace

Market ScenarioReader::read_market(const TreeNode& map, const Product& product) {
    as_map(map, "a market like {reference_price: 3.5 USD, cash_cost: 1.2 USD, sensitivity: 1}");
    check_keys(map, {"reference_price", "cash_cost", "sensitivity", "adjustment_time", "coverage",
                     "reference_coverage", "max_relative_coverage", "contract", "spot_share",
                     "downstream", "forward_horizon", "anchor_time", "initial_spot"});
    Market m;
    m.pos = map.pos;
    m.reference_price =
        values_->quantity(required(map, "reference_price"), money("reference_price"));
    const TreeNode& cash = required(map, "cash_cost");
    m.cash_cost = values_->quantity(cash, money("cash_cost"));
    if (m.cash_cost > m.reference_price)
        fail(cash.pos, "cash_cost " + cash.text + " is above the reference_price of " +
                           product.name + " (the floor must be below the price at balance)");
    if (const TreeNode* spot = map.find("initial_spot")) {
        m.initial_spot = values_->quantity(*spot, money("initial_spot"));
        if (*m.initial_spot < m.cash_cost)
            fail(spot->pos, "initial_spot " + spot->text + " is below the cash_cost of " +
                                product.name +
                                " (expected a start price at or above the floor, which no "
                                "maker sells below)");
    }
    if (const TreeNode* s = map.find("sensitivity"))
        m.sensitivity = values_->quantity(*s, Measure::number("sensitivity"));
    if (const TreeNode* t = map.find("adjustment_time"))
        m.adjustment = span_at_least(*t, "adjustment_time", false);
    read_market_coverage(map, m);
    if (const TreeNode* c = map.find("contract")) read_market_contract(*c, m);
    if (const TreeNode* s = map.find("spot_share"))
        m.spot_share = values_->quantity(
            *s,
            Measure{"spot_share", Measure::Kind::Fraction, Measure::Range::NonNegative, {}, {}});
    if (m.spot_share > 1)
        fail(map.find("spot_share")->pos,
             "spot_share must be at most 1, found " + describe(*map.find("spot_share")));
    if (const TreeNode* d = map.find("downstream")) read_market_downstream(*d, product, m);
    if (const TreeNode* a = map.find("anchor_time"))
        m.anchor_time = span_at_least(*a, "anchor_time", false);
    return m;
}

// What the price responds to: the coverage signal, its reference and its bound.
void ScenarioReader::read_market_coverage(const TreeNode& map, Market& m) {
    if (const TreeNode* c = map.find("coverage")) {
        const std::string signal = values_->text(*c);
        if (signal == "flow")
            m.coverage = CoverageSignal::Flow;
        else if (signal == "stock")
            m.coverage = CoverageSignal::Stock;
        else if (signal == "orders")
            m.coverage = CoverageSignal::Orders;
        else
            fail(c->pos, "unknown coverage " + describe(*c) +
                             did_you_mean(signal, {"flow", "stock", "orders"}) +
                             " (expected flow, stock or orders)");
    }
    const TreeNode* reference = map.find("reference_coverage");
    if (m.coverage != CoverageSignal::Flow && reference == nullptr)
        fail(map.pos, "coverage " + map.find("coverage")->text +
                          " needs reference_coverage (the days of cover at balance)");
    if (reference != nullptr) {
        if (m.coverage == CoverageSignal::Flow)
            fail(map.entry("reference_coverage")->key_pos,
                 "key 'reference_coverage' applies to coverage stock or orders only");
        m.reference_coverage = span_at_least(*reference, "reference_coverage", false);
    }
    if (const TreeNode* h = map.find("forward_horizon")) {
        if (m.coverage != CoverageSignal::Stock)
            fail(map.entry("forward_horizon")->key_pos,
                 "key 'forward_horizon' applies to coverage stock only (the stock and the "
                 "output expected over the horizon)");
        m.forward_horizon = span_at_least(*h, "forward_horizon", false);
    }
    if (const TreeNode* x = map.find("max_relative_coverage")) {
        m.max_relative_coverage = values_->quantity(*x, Measure::number("max_relative_coverage"));
        if (m.max_relative_coverage < 1)
            fail(x->pos, "max_relative_coverage must be at least 1, found " + describe(*x));
    }
}

void ScenarioReader::read_market_contract(const TreeNode& contract, Market& m) {
    as_map(contract, "a contract like {period: 1q, lag: 0d, pass_through: 1}");
    check_keys(contract, {"period", "lag", "pass_through"});
    if (const TreeNode* p = contract.find("period")) {
        m.contract_period = span_at_least(*p, "period", false);
        const double sample_days = s_.recording.sample_interval.to_days();
        if (m.contract_period.to_days() < sample_days - 1e-9)
            fail(p->pos, "contract period " + p->text + " is shorter than the sample interval (" +
                             format_days(sample_days) +
                             "): prices change only once per sample interval");
    }
    if (const TreeNode* l = contract.find("lag")) m.contract_lag = span_at_least(*l, "lag", true);
    if (const TreeNode* w = contract.find("pass_through"))
        m.contract_pass_through = values_->quantity(
            *w,
            Measure{"pass_through", Measure::Kind::Fraction, Measure::Range::UnitInterval, {}, {}});
}

void ScenarioReader::read_market_downstream(const TreeNode& downstream, const Product& product,
                                            Market& m) {
    as_map(downstream, "a downstream market like {product: accelerator, weight: 0.5}");
    check_keys(downstream, {"product", "weight"});
    const TreeNode& name = required(downstream, "product");
    m.downstream = values_->text(name);
    m.downstream_pos = name.pos;
    const TreeNode& weight = required(downstream, "weight");
    m.downstream_weight = values_->quantity(
        weight, Measure{"weight", Measure::Kind::Fraction, Measure::Range::UnitInterval, {}, {}});
    if (m.downstream == product.name)
        fail(name.pos, "a market cannot be priced off itself (" + product.name + ")");
}

void ScenarioReader::read_price_response(const TreeNode& map, Node& node) {
    as_map(map, "elasticities like {units: -0.2, content: -0.3, adjustment_time: 13w}");
    check_keys(map, {"units", "content", "adjustment_time"});
    PriceResponse r;
    r.pos = map.pos;
    for (const auto& e : map.entries) {
        if (e.key == "adjustment_time") {
            r.adjustment = span_at_least(e.value, "adjustment_time", false);
            continue;
        }
        const double value =
            values_->quantity(e.value, Measure::number("elasticity", Measure::Range::Any));
        if (value > 0)
            fail(e.value.pos, "elasticity " + e.key + " must be zero or negative (demand falls " +
                                  "as the price rises), found " + describe(e.value));
        (e.key == "units" ? r.units_elasticity : r.content_elasticity) = value;
    }
    if (r.content_elasticity != 0 && !node.demand.content)
        fail(map.entry("content")->key_pos,
             "elasticity content needs devices demand with content per device");
    if (node.demand.kind == DemandKind::Poisson)
        fail(map.pos, "elasticity applies to rate, capex or devices demand, not poisson");
    node.price_response = r;
}

void ScenarioReader::read_devices(const TreeNode& map, Node& node) {
    const Product& product = *s_.find_product(node.product);
    Demand& d = node.demand;
    d.kind = DemandKind::Rate;
    const Product devices{"devices", "devices", {}, {}, {}, {}};
    d.rate =
        values_->plan(*map.find("devices"), Measure::of("devices", Measure::Kind::Rate, devices));
    d.content = values_->plan(required(map, "content"),
                              Measure::of("content", Measure::Kind::Amount, product));
}

void ScenarioReader::check_markets() const {
    for (const Product& p : s_.products) {
        if (!p.market) continue;
        const bool sold = std::any_of(s_.nodes.begin(), s_.nodes.end(), [&](const Node& n) {
            return n.block == Block::Allocator && n.product == p.name;
        });
        if (!sold)
            fail(p.market->pos, "market on " + p.name +
                                    ", which no one sells (no allocator holds " + p.name + ")");
        const bool made = std::any_of(s_.nodes.begin(), s_.nodes.end(),
                                      [&](const Node& n) { return n.makes_at_rate(p.name); });
        if (p.market->forward_horizon > sim::Duration::zero() && !made)
            fail(p.market->pos, "market on " + p.name +
                                    " has a forward_horizon, but no station or assembly makes " +
                                    p.name + " at a capacity rate (the output it expects)");
        if (p.market->downstream.empty()) continue;
        const Product* down = s_.find_product(p.market->downstream);
        if (down == nullptr || !down->market)
            fail(p.market->downstream_pos,
                 "downstream market " + p.market->downstream + " of " + p.name + ": " +
                     (down == nullptr ? "no such product" : "that product has no market"));
        if (!down->market->downstream.empty())
            fail(p.market->downstream_pos,
                 "downstream market " + down->name + " of " + p.name +
                     " is itself priced off another market; a part is priced off one market "
                     "that prices on its own coverage");
    }
    for (const Node& n : s_.nodes) {
        if (!n.price_response) continue;
        if (!s_.find_product(n.product)->market)
            fail(n.price_response->pos, "elasticity on buyer '" + n.name + "', but its product " +
                                            n.product + " has no market");
    }
}

}  // namespace memchain::model
