#include "model/scenario/reader.hpp"

#include <algorithm>

#include "model/scenario/levers.hpp"
#include "model/scenario/network.hpp"
#include "model/scenario/suggest.hpp"

namespace memchain::model {

namespace {

const std::vector<std::string> top_level_keys = {
    "name",      "description", "extends",  "start", "horizon", "warmup", "seed",
    "recording", "bottleneck",  "products", "nodes", "lanes",   "shocks", "levers"};

const std::vector<std::string> shock_keys = {"name",  "kind",     "targets",   "target",
                                             "start", "duration", "magnitude", "recovery",
                                             "ramp",  "policy",   "random",    "description"};

const std::vector<std::pair<std::string, ShockKind>> shock_kinds = {
    {"capacity_loss", ShockKind::CapacityLoss},
    {"outage", ShockKind::Outage},
    {"yield_excursion", ShockKind::YieldExcursion},
    {"demand_surge", ShockKind::DemandSurge},
    {"capacity_expansion", ShockKind::CapacityExpansion},
    {"policy_change", ShockKind::PolicyChange},
    {"lane_closure", ShockKind::LaneClosure},
    {"price", ShockKind::Price}};

const std::vector<std::pair<std::string, AllocationPolicy>> policies = {
    {"fcfs", AllocationPolicy::Fcfs},
    {"pro_rata", AllocationPolicy::ProRata},
    {"contract", AllocationPolicy::Contract},
    {"priority", AllocationPolicy::Priority},
    {"max_min", AllocationPolicy::MaxMin}};

std::string a_or_an(const std::string& word) {
    return (std::string("aeiou").find(word.front()) != std::string::npos ? "an " : "a ") + word;
}

std::string position_text(const SourcePos& pos) {
    if (pos.line <= 0) return pos.file;
    return pos.file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

}  // namespace

ScenarioReader::ScenarioReader(const TreeNode& root, std::string path) : root_(root) {
    s_.path = std::move(path);
}

Scenario ScenarioReader::read() {
    if (!root_.is_map())
        fail(root_.pos.line > 0 ? root_.pos : SourcePos{s_.path, 1, 1},
             "expected a map of scenario keys (name, start, products, nodes, ...), found " +
                 describe(root_));
    check_keys(root_, top_level_keys);
    read_settings();
    read_products();
    read_nodes();
    read_lanes();
    check_reachability();
    check_contract_policies();
    check_markets();
    check_expansions();
    check_cuts();
    check_surges();
    check_wafer_mixes();
    read_shocks();
    read_levers();
    return std::move(s_);
}

// ---- helpers -------------------------------------------------------------------------------

void ScenarioReader::check_keys(const TreeNode& map,
                                const std::vector<std::string>& allowed) const {
    for (const auto& e : map.entries)
        if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end())
            fail(e.key_pos, "unknown key '" + e.key + "'" + did_you_mean(e.key, allowed));
}

const TreeNode& ScenarioReader::required(const TreeNode& map, const std::string& key) const {
    const TreeNode* value = map.find(key);
    if (value == nullptr) fail(map.pos, "missing required key '" + key + "'");
    return *value;
}

const TreeNode& ScenarioReader::as_map(const TreeNode& node, const std::string& what) const {
    if (!node.is_map()) fail(node.pos, "expected " + what + ", found " + describe(node));
    return node;
}

const Node* ScenarioReader::find_node(const std::string& name) const {
    return s_.find_node(name);
}

std::vector<std::string> ScenarioReader::node_names() const {
    std::vector<std::string> names;
    for (const Node& n : s_.nodes) names.push_back(n.name);
    return names;
}

const Node& ScenarioReader::node_named(const std::string& name, const SourcePos& at) const {
    const Node* node = find_node(name);
    if (node == nullptr) fail(at, "unknown node '" + name + "'" + did_you_mean(name, node_names()));
    return *node;
}

const Product& ScenarioReader::product_named(const std::string& name, const SourcePos& at) const {
    const Product* product = s_.find_product(name);
    if (product == nullptr) {
        std::vector<std::string> names;
        for (const Product& p : s_.products) names.push_back(p.name);
        fail(at, "unknown product '" + name + "'" + did_you_mean(name, names));
    }
    return *product;
}

double ScenarioReader::duration_at_least(const TreeNode& node, const std::string& what,
                                         bool allow_zero) const {
    const double days = values_->duration_days(node);
    if (allow_zero ? days < 0 : days <= 0)
        fail(node.pos, what + (allow_zero ? " must not be negative" : " must be positive") +
                           ", found " + describe(node));
    if (days > 0 && sim::Duration::from_days(days) == sim::Duration::zero())
        fail(node.pos, what + " " + describe(node) +
                           " rounds to zero at the clock's resolution (1 microsecond)");
    if (days > max_duration_days)
        fail(node.pos, what + " " + describe(node) + " is longer than the " +
                           format_days(max_duration_days) + " a duration may span");
    return days;
}

AllocationPolicy ScenarioReader::policy(const TreeNode& node) const {
    const std::string name = values_->text(node);
    std::vector<std::string> names;
    for (const auto& [n, p] : policies) {
        if (n == name) return p;
        names.push_back(n);
    }
    fail(node.pos, "unknown allocation policy " + describe(node) + did_you_mean(name, names) +
                       " (expected fcfs, pro_rata, contract, priority or max_min)");
}

// ---- settings and products -------------------------------------------------------------------

void ScenarioReader::read_settings() {
    // The start date comes first: every other date is relative to it.
    const TreeNode& name = required(root_, "name");
    const TreeNode& start = required(root_, "start");
    s_.start = ValueReader(Date{}, s_.data_files).date(start);
    values_.emplace(s_.start, s_.data_files);
    s_.name = values_->text(name);
    if (s_.name.empty()) fail(name.pos, "name must not be empty");
    if (const TreeNode* d = root_.find("description")) s_.description = values_->text(*d);
    if (const TreeNode* h = root_.find("horizon")) {
        const double days = duration_at_least(*h, "horizon", false);
        if (days > max_horizon_days)
            fail(h->pos, "horizon " + describe(*h) + " is longer than the supported " +
                             format_days(max_horizon_days));
        s_.horizon = sim::Duration::from_days(days);
    }
    if (const TreeNode* w = root_.find("warmup")) {
        s_.warmup = sim::Duration::from_days(duration_at_least(*w, "warmup", true));
        if (s_.warmup >= s_.horizon)
            fail(w->pos, "warmup " + w->text + " must end before the horizon (" +
                             format_days(s_.horizon.to_days()) + ")");
    }
    if (const TreeNode* seed = root_.find("seed")) {
        const std::int64_t value = values_->integer(*seed);
        if (value < 0) fail(seed->pos, "seed must not be negative, found " + describe(*seed));
        s_.seed = static_cast<std::uint64_t>(value);
    }
    if (const TreeNode* r = root_.find("recording")) {
        as_map(*r, "a map with sample_interval, detail, throughput_window");
        check_keys(*r, {"sample_interval", "detail", "throughput_window"});
        if (const TreeNode* i = r->find("sample_interval"))
            s_.recording.sample_interval =
                sim::Duration::from_days(duration_at_least(*i, "sample_interval", false));
        if (const TreeNode* i = r->find("sample_interval");
            i &&
            s_.horizon.to_days() / s_.recording.sample_interval.to_days() > max_samples_per_run)
            fail(i->pos, "sample_interval " + describe(*i) +
                             " takes more than 100000 samples over the horizon, the most a run "
                             "keeps");
        if (const TreeNode* w = r->find("throughput_window"))
            s_.recording.throughput_window =
                sim::Duration::from_days(duration_at_least(*w, "throughput_window", false));
        if (const TreeNode* d = r->find("detail")) {
            const std::string detail = values_->text(*d);
            if (detail == "summary")
                s_.recording.detail = Detail::Summary;
            else if (detail == "orders")
                s_.recording.detail = Detail::Orders;
            else if (detail == "deliveries")
                s_.recording.detail = Detail::Deliveries;
            else if (detail == "lots")
                s_.recording.detail = Detail::Lots;
            else
                fail(d->pos, "unknown detail " + describe(*d) +
                                 did_you_mean(detail, {"summary", "orders", "deliveries", "lots"}) +
                                 " (expected summary, orders, deliveries or lots)");
        }
    }
    if (const TreeNode* b = root_.find("bottleneck")) {
        as_map(*b, "a map with merge_gap");
        check_keys(*b, {"merge_gap"});
        if (const TreeNode* g = b->find("merge_gap"))
            s_.bottleneck.merge_gap =
                sim::Duration::from_days(duration_at_least(*g, "merge_gap", true));
    }
}

void ScenarioReader::read_products() {
    const TreeNode& products = required(root_, "products");
    if (!products.is_map() || products.entries.empty())
        fail(products.pos, "expected products as a map of names to {unit: ..., bom: ...}, found " +
                               describe(products));
    for (const auto& e : products.entries) {
        Product p;
        p.name = e.key;
        p.pos = e.key_pos;
        if (e.key.find("->") != std::string::npos)
            fail(e.key_pos, "product name '" + e.key + "' must not contain '->'");
        if (s_.find_product(e.key) != nullptr) fail(e.key_pos, "duplicate product '" + e.key + "'");
        if (!e.value.is_null()) {
            as_map(e.value, "a map with unit, bom, description");
            check_keys(e.value, {"unit", "bom", "description", "market"});
            if (const TreeNode* unit = e.value.find("unit")) {
                p.unit = values_->text(*unit);
                if (p.unit.empty() || p.unit.find_first_of(" /\t") != std::string::npos)
                    fail(unit->pos,
                         "unit must be one word like wafers or stacks, found " + describe(*unit));
            }
            if (const TreeNode* d = e.value.find("description")) p.description = values_->text(*d);
            if (const TreeNode* bom = e.value.find("bom")) {
                as_map(*bom, "a bill of materials as a map of components to quantities");
                for (const auto& line : bom->entries) {
                    const double quantity = values_->quantity(
                        line.value, Measure::number("a bill-of-materials quantity"));
                    p.bom.push_back(BomLine{line.key, quantity});
                }
            }
            if (const TreeNode* m = e.value.find("market")) p.market = read_market(*m, p);
        }
        s_.products.push_back(std::move(p));
    }
    // Components are checked once every product is known.
    for (const auto& e : products.entries) {
        const TreeNode* bom = e.value.is_map() ? e.value.find("bom") : nullptr;
        if (bom == nullptr) continue;
        for (const auto& line : bom->entries) (void)product_named(line.key, line.key_pos);
    }
    check_bom_cycles();
}

void ScenarioReader::check_bom_cycles() const {
    const auto cycle = find_bom_cycle(s_.products);
    if (cycle.empty()) return;
    std::string text;
    for (const auto& name : cycle) text += (text.empty() ? "" : " -> ") + name;
    fail(s_.find_product(cycle.front())->pos, "bill of materials has a cycle: " + text);
}

// ---- lanes -----------------------------------------------------------------------------------

void ScenarioReader::read_lanes() {
    const TreeNode* lanes = root_.find("lanes");
    if (lanes == nullptr) return;
    if (!lanes->is_sequence())
        fail(lanes->pos,
             "expected lanes as a list of {from: ..., to: ...}, found " + describe(*lanes));
    for (const TreeNode& item : lanes->items) {
        as_map(item, "a lane like {from: a, to: b, transit: 1w}");
        check_keys(item, {"from", "to", "transit", "capacity", "share", "from_region", "to_region",
                          "description"});
        Lane lane;
        lane.pos = item.pos;
        const TreeNode& from = required(item, "from");
        const TreeNode& to = required(item, "to");
        const Node& source = node_named(values_->text(from), from.pos);
        const Node& target = node_named(values_->text(to), to.pos);
        lane.from = source.name;
        lane.to = target.name;
        for (const Lane& other : s_.lanes)
            if (other.from == lane.from && other.to == lane.to)
                fail(item.pos, "duplicate lane " + lane.name() + " (first at " +
                                   position_text(other.pos) + ")");
        if (source.block == Block::Pool || source.block == Block::Sink)
            fail(from.pos, "a lane cannot start at " + std::string(to_string(source.block)) + " '" +
                               source.name + "': a " + to_string(source.block) +
                               " keeps what it receives");
        if (target.block == Block::Source)
            fail(to.pos,
                 "a lane cannot end at source '" + target.name + "': a source takes no input");
        lane.product = source.product;
        const Product& product = product_named(lane.product, from.pos);
        check_lane_destination(lane, to.pos);
        if (const TreeNode* t = item.find("transit"))
            lane.transit = values_->distribution(*t, true);
        if (const TreeNode* c = item.find("capacity"))
            lane.capacity =
                values_->quantity(*c, Measure::of("capacity", Measure::Kind::Amount, product));
        if (const TreeNode* share = item.find("share"))
            // A share is a plain weight; a CSV series of shares may say "fraction".
            lane.share = values_->plan(
                *share,
                Measure{"share", Measure::Kind::Fraction, Measure::Range::Positive, {}, {}});
        lane.from_region = source.region;
        lane.to_region = target.region;
        if (const TreeNode* r = item.find("from_region")) lane.from_region = values_->text(*r);
        if (const TreeNode* r = item.find("to_region")) lane.to_region = values_->text(*r);
        s_.lanes.push_back(std::move(lane));
    }
}

void ScenarioReader::check_lane_destination(const Lane& lane, const SourcePos& at) const {
    const Node& target = *find_node(lane.to);
    const std::string carries = "lane " + lane.name() + " carries " + lane.product + ", but ";
    switch (target.block) {
    case Block::Station: {
        for (const InputSpec& input : target.inputs)
            if (input.product == lane.product) return;
        fail(at, carries + "station '" + target.name + "' " +
                     (target.inputs.empty() ? "has no inputs"
                                            : "takes " + target.inputs.front().product) +
                     " (add " + lane.product + " under its inputs)");
    }
    case Block::Assembly: {
        std::string components;
        for (const BomLine& line : s_.bill_of_materials(target)) {
            if (line.component == lane.product) return;
            components += (components.empty() ? "" : ", ") + line.component;
        }
        for (const Substitute& sub : target.substitutes)
            if (sub.product == lane.product) return;
        fail(at, carries + "assembly '" + target.name + "' builds " + target.product + " from " +
                     components);
    }
    case Block::Source: return;
    case Block::Inventory:
    case Block::Allocator:
    case Block::Pool:
    case Block::Sink:
    case Block::Buyer:
        if (target.product == lane.product) return;
        fail(at,
             carries + to_string(target.block) + " '" + target.name + "' holds " + target.product);
    }
}

void ScenarioReader::check_reachability() const {
    const Network network(s_);
    const auto check = [&](const SupplierRef& ref, const char* who) {
        if (network.reaches_through_inventories(ref.supplier, ref.node)) return;
        fail(ref.pos, "supplier '" + ref.supplier + "' cannot reach " + who + " '" + ref.node +
                          "': no lane from it, directly or through inventory nodes (add a lane " +
                          ref.supplier + "->" + ref.node + ")");
    };
    for (const auto& ref : supplier_refs_) check(ref, "buyer");
    for (const auto& ref : replenishment_refs_) check(ref, "node");
}

void ScenarioReader::check_contract_policies() const {
    for (const auto& [name, pos] : policy_pos_) {
        const Node& node = *find_node(name);
        if (node.contract_shares.empty())
            fail(pos, "policy contract needs contract_shares on allocator '" + name + "'");
    }
}

// ---- shocks ----------------------------------------------------------------------------------

void ScenarioReader::read_shocks() {
    const TreeNode* shocks = root_.find("shocks");
    if (shocks == nullptr) return;
    if (!shocks->is_sequence())
        fail(shocks->pos,
             "expected shocks as a list of {name: ..., kind: ...}, found " + describe(*shocks));
    for (const TreeNode& item : shocks->items) s_.shocks.push_back(read_shock(item));
}

Shock ScenarioReader::read_shock(const TreeNode& item) {
    as_map(item, "a shock like {name: fire, kind: capacity_loss, targets: [...]}");
    check_keys(item, shock_keys);
    Shock shock;
    shock.pos = item.pos;
    const TreeNode& name = required(item, "name");
    shock.name = values_->text(name);
    for (const Shock& other : s_.shocks)
        if (other.name == shock.name)
            fail(name.pos, "duplicate shock '" + shock.name + "' (first at " +
                               position_text(other.pos) + ")");
    const std::string kind_name = read_shock_kind(item, shock);
    if (const TreeNode* d = item.find("description")) shock.description = values_->text(*d);
    check_shock_kind_keys(item, shock, kind_name);
    shock.targets = read_targets(item, shock);
    read_shock_timing(item, shock);
    read_shock_magnitude(item, shock, kind_name);
    return shock;
}

// Sets shock.kind from `kind:` and returns the name as written.
std::string ScenarioReader::read_shock_kind(const TreeNode& item, Shock& shock) {
    const TreeNode& kind = required(item, "kind");
    const std::string kind_name = values_->text(kind);
    std::vector<std::string> kind_names;
    bool known = false;
    for (const auto& [n, k] : shock_kinds) {
        kind_names.push_back(n);
        if (n == kind_name) {
            shock.kind = k;
            known = true;
        }
    }
    if (!known)
        fail(kind.pos, "unknown shock kind " + describe(kind) +
                           did_you_mean(kind_name, kind_names) +
                           " (expected capacity_loss, outage, yield_excursion, demand_surge, "
                           "capacity_expansion, policy_change, lane_closure or price)");
    return kind_name;
}

// Keys that only some kinds take.
void ScenarioReader::check_shock_kind_keys(const TreeNode& item, const Shock& shock,
                                           const std::string& kind_name) const {
    const auto only_for = [&](const char* key, std::vector<ShockKind> kinds, const char* which) {
        const TreeNode::Entry* e = item.entry(key);
        if (e == nullptr || e->value.is_null()) return;
        if (std::find(kinds.begin(), kinds.end(), shock.kind) == kinds.end())
            fail(e->key_pos, std::string("key '") + key + "' does not apply to " +
                                 a_or_an(kind_name) + " shock (only to " + which + ")");
    };
    only_for("magnitude",
             {ShockKind::CapacityLoss, ShockKind::YieldExcursion, ShockKind::DemandSurge,
              ShockKind::CapacityExpansion, ShockKind::Price},
             "capacity_loss, yield_excursion, demand_surge, capacity_expansion and price");
    only_for("recovery",
             {ShockKind::CapacityLoss, ShockKind::YieldExcursion, ShockKind::DemandSurge,
              ShockKind::Price},
             "capacity_loss, yield_excursion, demand_surge and price");
    only_for("ramp", {ShockKind::CapacityExpansion}, "capacity_expansion");
    only_for("policy", {ShockKind::PolicyChange}, "policy_change");
}

// When the shock happens: a start date or a yearly probability, then its durations.
void ScenarioReader::read_shock_timing(const TreeNode& item, Shock& shock) {
    if (const TreeNode* r = item.find("random")) {
        as_map(*r, "a map with probability_per_year");
        check_keys(*r, {"probability_per_year"});
        const TreeNode& p = required(*r, "probability_per_year");
        const double probability = values_->number(p);
        if (probability <= 0 || probability >= 1)
            fail(p.pos,
                 "probability_per_year must be between 0 and 1 (exclusive), found " + describe(p));
        shock.random = RandomTrigger{probability};
    }
    const TreeNode* start = item.find("start");
    if (start == nullptr && !shock.random)
        fail(item.pos,
             "missing required key 'start' (or give random: {probability_per_year: ...})");
    if (start != nullptr) {
        shock.start = values_->time(*start);
        if (shock.start < sim::Time::zero())
            fail(start->pos, "shock '" + shock.name + "' starts " + start->text +
                                 ", before the scenario starts (" + s_.start.to_string() + ")");
    }
    if (const TreeNode* d = item.find("duration"))
        shock.duration = span_at_least(*d, "duration", false);
    if (const TreeNode* r = item.find("recovery"))
        shock.recovery = span_at_least(*r, "recovery", true);
    if (const TreeNode* r = item.find("ramp")) shock.ramp = span_at_least(*r, "ramp", true);
}

void ScenarioReader::read_shock_magnitude(const TreeNode& item, Shock& shock,
                                          const std::string& kind_name) {
    switch (shock.kind) {
    case ShockKind::CapacityLoss:
    case ShockKind::CapacityCut:  // not a scenario's kind (no name reads as it)
    case ShockKind::YieldExcursion:
        shock.magnitude = values_->quantity(
            required(item, "magnitude"),
            Measure{"magnitude", Measure::Kind::Fraction, Measure::Range::UnitInterval, {}, {}});
        break;
    case ShockKind::DemandSurge:
    case ShockKind::Price: {
        const TreeNode& m = required(item, "magnitude");
        shock.magnitude = values_->quantity(m, Measure::number("magnitude", Measure::Range::Any));
        if (shock.magnitude <= -1 || shock.magnitude == 0)
            fail(m.pos, "magnitude of a " + kind_name +
                            " must be above -1 and not 0 (0.2 adds 20%, -0.2 removes 20%), "
                            "found " +
                            describe(m));
        break;
    }
    case ShockKind::CapacityExpansion: {
        const TreeNode& m = required(item, "magnitude");
        for (const auto& target : shock.targets) {
            const Node& node = *find_node(target);
            shock.magnitude = values_->quantity(
                m, Measure::of("magnitude", Measure::Kind::Rate, *s_.find_product(node.product)));
        }
        break;
    }
    case ShockKind::PolicyChange: {
        const TreeNode& p = required(item, "policy");
        shock.policy = policy(p);
        for (const auto& target : shock.targets)
            if (shock.policy == AllocationPolicy::Contract &&
                find_node(target)->contract_shares.empty())
                fail(p.pos, "policy contract needs contract_shares on allocator '" + target + "'");
        break;
    }
    case ShockKind::Outage:
    case ShockKind::LaneClosure: break;
    }
}

std::vector<const TreeNode*> ScenarioReader::target_items(const TreeNode& map,
                                                          const std::string& what) const {
    const TreeNode* targets = map.find("targets");
    const TreeNode* target = map.find("target");
    if (targets != nullptr && target != nullptr)
        fail(map.entry("target")->key_pos, "give targets or target, not both");
    if (targets == nullptr && target == nullptr) fail(map.pos, "missing required key 'targets'");
    std::vector<const TreeNode*> items;
    if (target != nullptr)
        items.push_back(target);
    else if (targets->is_sequence())
        for (const TreeNode& t : targets->items) items.push_back(&t);
    else
        items.push_back(targets);
    if (items.empty()) fail(targets->pos, "targets must name at least one " + what);
    return items;
}

std::vector<std::string> ScenarioReader::read_targets(const TreeNode& map, const Shock& shock) {
    const std::vector<const TreeNode*> items = target_items(map, "node, buyer or lane");
    std::vector<std::string> names;
    const auto add = [&](const std::string& name, const SourcePos& at) {
        check_target(shock, name, at);
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    };
    for (const TreeNode* item : items) {
        if (item->is_scalar()) {
            add(item->text, item->pos);
            continue;
        }
        for (const std::string& name : select_nodes(*item)) add(name, item->pos);
    }
    return names;
}

std::vector<std::string> ScenarioReader::select_nodes(const TreeNode& item,
                                                      bool (*keep)(const Node&)) const {
    // A selector: every node whose fields all match.
    as_map(item, "a node, buyer or lane name, or a selector like {region: TW, preset: cowos}");
    check_keys(item, {"region", "preset", "stage", "owner", "block"});
    if (item.entries.empty())
        fail(item.pos, "a selector needs at least one of region, preset, stage, owner, block");
    std::vector<std::pair<std::string, std::string>> wanted;
    for (const auto& e : item.entries) wanted.emplace_back(e.key, values_->text(e.value));
    std::vector<std::string> names;
    for (const Node& node : s_.nodes) {
        const bool all = std::all_of(wanted.begin(), wanted.end(), [&](const auto& w) {
            if (w.first == "region") return node.region == w.second;
            if (w.first == "preset") return node.preset == w.second;
            if (w.first == "stage") return node.stage == w.second;
            if (w.first == "owner") return node.owner == w.second;
            return w.second == to_string(node.block);
        });
        if (all && (keep == nullptr || keep(node))) names.push_back(node.name);
    }
    if (names.empty()) {
        std::string text;
        for (const auto& [k, v] : wanted) text += (text.empty() ? "" : ", ") + k + ": " + v;
        fail(item.pos, "selector {" + text + "} matches no node" +
                           (keep == nullptr ? "" : " with a capacity"));
    }
    return names;
}

void ScenarioReader::read_levers() {
    const TreeNode* levers = root_.find("levers");
    if (levers == nullptr) return;
    if (!levers->is_sequence())
        fail(levers->pos,
             "expected levers as a list of {targets: ..., scale: ...}, found " + describe(*levers));
    for (const TreeNode& item : levers->items) {
        as_map(item, "a lever like {targets: {stage: HBM TSV}, scale: 2, from: 2027-01-01}");
        check_keys(item, {"name", "targets", "target", "scale", "from", "description"});
        Lever lever;
        lever.pos = item.pos;
        const TreeNode& scale = required(item, "scale");
        lever.factor = values_->number(scale);
        if (!(lever.factor > 0.0))
            fail(scale.pos, "scale must be above 0 (2 doubles a capacity, 0.5 halves it), found " +
                                describe(scale));
        if (const TreeNode* from = item.find("from")) {
            lever.from = values_->time(*from);
            if (lever.from < sim::Time::zero())
                fail(from->pos, "a lever from " + from->text + " starts before the scenario (" +
                                    s_.start.to_string() + ")");
        }
        lever.targets = read_lever_targets(item);
        if (const TreeNode* name = item.find("name"))
            lever.name = values_->text(*name);
        else
            lever.name = "x" + scale.text + " on " + std::to_string(lever.targets.size()) +
                         " node" + (lever.targets.size() == 1 ? "" : "s");
        apply_lever(s_, lever);
        s_.levers.push_back(std::move(lever));
    }
}

std::vector<std::string> ScenarioReader::read_lever_targets(const TreeNode& map) const {
    const std::vector<const TreeNode*> items = target_items(map, "node");
    std::vector<std::string> names;
    const auto add = [&](const std::string& name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    };
    for (const TreeNode* item : items) {
        if (!item->is_scalar()) {
            for (const std::string& name : select_nodes(*item, has_capacity)) add(name);
            continue;
        }
        const Node& node = node_named(item->text, item->pos);
        if (!has_capacity(node))
            fail(item->pos, "a lever scales a capacity, but " + std::string(to_string(node.block)) +
                                " '" + node.name + "' has none");
        add(node.name);
    }
    return names;
}

void ScenarioReader::check_target(const Shock& shock, const std::string& target,
                                  const SourcePos& at) const {
    const std::string kind = to_string(shock.kind);
    if (target.find("->") != std::string::npos) {
        std::vector<std::string> lane_names;
        for (const Lane& lane : s_.lanes) {
            if (lane.name() == target) {
                if (shock.kind != ShockKind::LaneClosure)
                    fail(at, "shock '" + shock.name + "' of kind " + kind + " cannot target lane " +
                                 target + " (only lane_closure shocks target lanes)");
                return;
            }
            lane_names.push_back(lane.name());
        }
        fail(at, "unknown lane '" + target + "'" + did_you_mean(target, lane_names));
    }
    const Node& node = node_named(target, at);
    const auto refuse = [&](const char* expected) {
        fail(at, "shock '" + shock.name + "' of kind " + kind + " cannot target " +
                     to_string(node.block) + " '" + node.name + "' (expected " + expected + ")");
    };
    const Block b = node.block;
    switch (shock.kind) {
    case ShockKind::CapacityLoss:
    case ShockKind::CapacityCut:  // not a scenario's kind (no name reads as it)
        if (b != Block::Station && b != Block::Assembly && b != Block::Pool)
            refuse("a station, assembly or pool");
        return;
    case ShockKind::Outage:
    case ShockKind::YieldExcursion:
    case ShockKind::CapacityExpansion:
        if (b != Block::Station && b != Block::Assembly) refuse("a station or assembly");
        if (shock.kind == ShockKind::CapacityExpansion && !node.capacity)
            fail(at, "shock '" + shock.name +
                         "' of kind capacity_expansion needs a target with "
                         "a capacity rate, but " +
                         to_string(b) + " '" + node.name + "' counts servers");
        return;
    case ShockKind::DemandSurge:
        if (b != Block::Buyer) refuse("a buyer");
        return;
    case ShockKind::PolicyChange:
        if (b != Block::Allocator) refuse("an allocator");
        return;
    case ShockKind::Price:
        if (b != Block::Allocator) refuse("an allocator of a product with a market");
        if (!s_.find_product(node.product)->market)
            fail(at, "shock '" + shock.name + "' of kind price targets '" + node.name +
                         "', but its product " + node.product + " has no market");
        return;
    case ShockKind::LaneClosure: refuse("a lane named from->to");
    }
}

}  // namespace memchain::model
