// Reading a station's or assembly's `expansion:`, the capacity that answers to scarcity
// (engine/expansion.hpp).

#include "model/scenario/reader.hpp"
#include "model/scenario/suggest.hpp"

namespace memchain::model {

void ScenarioReader::read_expansion(const TreeNode& map, Node& node) {
    as_map(map,
           "an expansion like {when: utilization, above: 0.9, for: 13w, step: 0.2, "
           "lead_time: 52w}");
    check_keys(map, {"when", "product", "above", "for", "step", "lead_time", "ramp", "capex",
                     "max_commitments"});
    Expansion e;
    e.pos = map.pos;
    if (const TreeNode* w = map.find("when")) {
        const std::string when = values_->text(*w);
        if (when == "utilization")
            e.trigger = Expansion::Trigger::Utilization;
        else if (when == "margin")
            e.trigger = Expansion::Trigger::Margin;
        else
            fail(w->pos, "unknown expansion trigger " + describe(*w) +
                             did_you_mean(when, {"utilization", "margin"}) +
                             " (expected utilization or margin)");
    }
    if (const TreeNode* p = map.find("product")) {
        if (e.trigger != Expansion::Trigger::Margin)
            fail(map.entry("product")->key_pos, "key 'product' applies to when: margin only");
        e.margin_product = product_named(values_->text(*p), p->pos).name;
    } else {
        e.margin_product = node.product;
    }
    const TreeNode& above = required(map, "above");
    e.above = values_->quantity(
        above, Measure{"above", Measure::Kind::Fraction, Measure::Range::UnitInterval, {}, {}});
    e.sustain_days = duration_at_least(required(map, "for"), "for", false);
    e.step = values_->quantity(required(map, "step"), Measure::number("step"));
    e.lead_days = duration_at_least(required(map, "lead_time"), "lead_time", true);
    if (const TreeNode* r = map.find("ramp")) e.ramp_days = duration_at_least(*r, "ramp", true);
    if (const TreeNode* c = map.find("capex"))
        e.capex = values_->quantity(
            *c, Measure{"capex", Measure::Kind::Money, Measure::Range::NonNegative, {}, {}});
    if (const TreeNode* m = map.find("max_commitments")) {
        const std::int64_t most = values_->integer(*m);
        if (most < 1 || most > 1000)
            fail(m->pos,
                 "max_commitments must be a whole number from 1 to 1000, found " + describe(*m));
        e.max_commitments = static_cast<int>(most);
    }
    node.expansion = e;
}

void ScenarioReader::check_expansions() const {
    for (const Node& n : s_.nodes) {
        if (!n.expansion) continue;
        if (!n.capacity)
            fail(n.expansion->pos, std::string("expansion on ") + to_string(n.block) + " '" +
                                       n.name +
                                       "', which counts servers: an expansion adds to a "
                                       "capacity rate");
        if (n.expansion->trigger == Expansion::Trigger::Margin &&
            !s_.find_product(n.expansion->margin_product)->market)
            fail(n.expansion->pos, "expansion when: margin on '" + n.name +
                                       "' reads the market of " + n.expansion->margin_product +
                                       ", which has none (give the product a market, or name "
                                       "one with product:)");
    }
}

}  // namespace memchain::model
