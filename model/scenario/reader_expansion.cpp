// Reading what makers decide during a run: a station's, assembly's or pool's `expansion:`,
// capacity that answers to scarcity (engine/expansion.hpp), a station's or assembly's `cut:`,
// output that answers to a glut (engine/cut.hpp), a station's or assembly's `surge:`, capacity
// shifted into its product on a shortage (engine/surge.hpp), and a fab's `wafer_mix:`, its split of
// wafers between HBM and conventional DRAM by margin per wafer (engine/wafer_mix.hpp).

#include <algorithm>

#include "model/scenario/reader.hpp"
#include "model/scenario/suggest.hpp"
#include "model/scenario/units.hpp"

namespace memchain::model {

void ScenarioReader::read_expansion(const TreeNode& map, Node& node) {
    as_map(map,
           "an expansion like {when: utilization, above: 0.9, for: 13w, step: 0.2, "
           "lead_time: 52w}");
    check_keys(map, {"when", "product", "above", "for", "step", "lead_time", "ramp", "capex",
                     "in_build", "max_commitments"});
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
    e.sustain = span_at_least(required(map, "for"), "for", false);
    e.step = values_->quantity(required(map, "step"), Measure::number("step"));
    e.lead_time = span_at_least(required(map, "lead_time"), "lead_time", true);
    if (const TreeNode* r = map.find("ramp")) e.ramp = span_at_least(*r, "ramp", true);
    if (const TreeNode* c = map.find("capex"))
        e.capex = values_->quantity(
            *c, Measure{"capex", Measure::Kind::Money, Measure::Range::NonNegative, {}, {}});
    if (const TreeNode* b = map.find("in_build")) {
        const std::int64_t most = values_->integer(*b);
        if (most < 1 || most > 1000)
            fail(b->pos, "in_build must be a whole number from 1 to 1000, found " + describe(*b));
        e.in_build = static_cast<int>(most);
    }
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
        // A pool always has a capacity (units held); a station or assembly may count servers.
        if (n.block != Block::Pool && !n.capacity)
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

void ScenarioReader::read_cut(const TreeNode& map, Node& node) {
    as_map(map,
           "a cut like {when: margin, below: 0, for: 13w, step: 0.2, lead_time: 13w, "
           "max_cuts: 2, restore_above: 0.2}");
    check_keys(
        map, {"when", "product", "below", "for", "step", "lead_time", "max_cuts", "restore_above"});
    Cut c;
    c.pos = map.pos;
    if (const TreeNode* w = map.find("when"); w && values_->text(*w) != "margin")
        fail(w->pos, "unknown cut trigger " + describe(*w) + " (expected margin)");
    const TreeNode* p = map.find("product");
    c.margin_product = p ? product_named(values_->text(*p), p->pos).name : node.product;
    const Measure margin{"below", Measure::Kind::Fraction, Measure::Range::Any, {}, {}};
    const TreeNode& below = required(map, "below");
    c.below = values_->quantity(below, margin);
    if (c.below <= -1.0 || c.below > 1.0)
        fail(below.pos, "below must be a margin in (-1, 1], found " + describe(below));
    const TreeNode& restore = required(map, "restore_above");
    c.restore_above = values_->quantity(restore, margin);
    if (c.restore_above <= c.below || c.restore_above > 1.0)
        fail(restore.pos, "restore_above must be above below (" + format_number(c.below) +
                              ") and at most 1, found " + describe(restore));
    c.sustain = span_at_least(required(map, "for"), "for", false);
    const TreeNode& step = required(map, "step");
    c.step = values_->quantity(step, Measure::number("step", Measure::Range::Any));
    if (c.step <= 0.0 || c.step >= 1.0)
        fail(step.pos, "step must be a share of capacity in (0, 1), found " + describe(step));
    c.lead_time = span_at_least(required(map, "lead_time"), "lead_time", true);
    if (const TreeNode* m = map.find("max_cuts")) {
        const std::int64_t most = values_->integer(*m);
        if (most < 1 || static_cast<double>(most) * c.step >= 1.0)
            fail(m->pos, "max_cuts must be a whole number from 1 with max_cuts x step (" +
                             format_number(c.step) + ") below 1, found " + describe(*m));
        c.max_cuts = static_cast<int>(most);
    }
    node.cut = c;
}

void ScenarioReader::check_cuts() const {
    for (const Node& n : s_.nodes) {
        if (!n.cut) continue;
        if (!n.capacity)
            fail(n.cut->pos, std::string("cut on ") + to_string(n.block) + " '" + n.name +
                                 "', which counts servers: a cut takes a share of a capacity "
                                 "rate");
        if (!s_.find_product(n.cut->margin_product)->market)
            fail(n.cut->pos, "cut on '" + n.name + "' reads the market of " +
                                 n.cut->margin_product +
                                 ", which has none (give the product a market, or name one "
                                 "with product:)");
    }
}

void ScenarioReader::read_surge(const TreeNode& map, Node& node) {
    as_map(map,
           "a surge like {when: spot, above: 0.1, for: 1w, share: 0.15, delay: 10w, "
           "longest: 13w}");
    check_keys(map, {"when", "product", "above", "for", "share", "delay", "longest", "max_surges"});
    Surge u;
    u.pos = map.pos;
    if (const TreeNode* w = map.find("when"); w && values_->text(*w) != "spot")
        fail(w->pos, "unknown surge trigger " + describe(*w) + " (expected spot)");
    const TreeNode* p = map.find("product");
    u.product = p ? product_named(values_->text(*p), p->pos).name : node.product;
    const TreeNode& above = required(map, "above");
    u.above = values_->quantity(
        above, Measure{"above", Measure::Kind::Fraction, Measure::Range::NonNegative, {}, {}});
    if (const TreeNode* f = map.find("for")) u.sustain = span_at_least(*f, "for", true);
    const TreeNode& share = required(map, "share");
    u.share = values_->quantity(share, Measure::number("share", Measure::Range::Any));
    if (u.share <= 0.0 || u.share > 1.0)
        fail(share.pos, "share must be a share of capacity in (0, 1], found " + describe(share));
    u.delay = span_at_least(required(map, "delay"), "delay", true);
    u.longest = span_at_least(required(map, "longest"), "longest", false);
    if (const TreeNode* m = map.find("max_surges")) {
        const std::int64_t most = values_->integer(*m);
        if (most < 1 || most > 1000)
            fail(m->pos, "max_surges must be a whole number from 1 to 1000, found " + describe(*m));
        u.max_surges = static_cast<int>(most);
    }
    node.surge = u;
}

void ScenarioReader::check_surges() const {
    for (const Node& n : s_.nodes) {
        if (!n.surge) continue;
        if (!n.capacity)
            fail(n.surge->pos, std::string("surge on ") + to_string(n.block) + " '" + n.name +
                                   "', which counts servers: a surge adds to a capacity rate");
        if (!s_.find_product(n.surge->product)->market)
            fail(n.surge->pos, "surge on '" + n.name + "' reads the spot of " + n.surge->product +
                                   ", which has no market (give the product a market, or name "
                                   "one with product:)");
    }
}

void ScenarioReader::read_wafer_mix(const TreeNode& map, Node& node) {
    as_map(map,
           "a wafer mix like {hbm: {to: tsv, product: hbm3e_12hi, per_wafer: 25}, "
           "conventional: {to: backend, product: dram_gb, per_wafer: 2430}, "
           "hbm_share: [0.1, 0.5], max_change: 0.05}");
    check_keys(map, {"hbm", "conventional", "hbm_share", "max_change"});
    WaferMix mix;
    mix.pos = map.pos;
    auto route = [&](const char* key) {
        const TreeNode& r = required(map, key);
        as_map(r, "a route like {to: tsv, product: hbm3e_12hi, per_wafer: 25}");
        check_keys(r, {"to", "product", "per_wafer"});
        WaferRoute out;
        const TreeNode& to = required(r, "to");
        out.to = node_named(values_->text(to), to.pos).name;
        const TreeNode& product = required(r, "product");
        out.product = product_named(values_->text(product), product.pos).name;
        out.per_wafer = values_->quantity(required(r, "per_wafer"), Measure::number("per_wafer"));
        return out;
    };
    mix.hbm = route("hbm");
    mix.conventional = route("conventional");
    if (const TreeNode* b = map.find("hbm_share")) {
        if (!b->is_sequence() || b->items.size() != 2)
            fail(b->pos, "hbm_share must be [lowest, highest], found " + describe(*b));
        const Measure share{
            "hbm_share", Measure::Kind::Fraction, Measure::Range::NonNegative, {}, {}};
        mix.min_hbm_share = values_->quantity(b->items[0], share);
        mix.max_hbm_share = values_->quantity(b->items[1], share);
        if (mix.max_hbm_share > 1 || mix.min_hbm_share > mix.max_hbm_share)
            fail(b->pos, "hbm_share must be [lowest, highest] within [0, 1], found [" +
                             format_number(mix.min_hbm_share) + ", " +
                             format_number(mix.max_hbm_share) + "]");
    }
    if (const TreeNode* c = map.find("max_change"))
        mix.max_change_per_quarter = values_->quantity(
            *c,
            Measure{"max_change", Measure::Kind::Fraction, Measure::Range::UnitInterval, {}, {}});
    node.wafer_mix = mix;
}

void ScenarioReader::check_wafer_mixes() const {
    for (const Node& n : s_.nodes) {
        if (!n.wafer_mix) continue;
        for (const WaferRoute* r : {&n.wafer_mix->hbm, &n.wafer_mix->conventional}) {
            const bool lane = std::any_of(s_.lanes.begin(), s_.lanes.end(), [&](const Lane& l) {
                return l.from == n.name && l.to == r->to;
            });
            if (!lane)
                fail(n.wafer_mix->pos, "wafer_mix of '" + n.name + "' routes to '" + r->to +
                                           "', but no lane goes from '" + n.name + "' there");
            if (!s_.find_product(r->product)->market)
                fail(n.wafer_mix->pos, "wafer_mix of '" + n.name + "' prices its route to '" +
                                           r->to + "' by " + r->product + ", which has no market");
        }
        if (n.wafer_mix->hbm.to == n.wafer_mix->conventional.to)
            fail(n.wafer_mix->pos, "wafer_mix of '" + n.name + "' sends both routes to '" +
                                       n.wafer_mix->hbm.to + "'");
    }
}

}  // namespace memchain::model
