// The node readers of ScenarioReader: presets, each block's own keys, inputs, outages,
// arrivals, stock, allocation and buyers' demand and ordering.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "model/scenario/reader.hpp"
#include "model/scenario/suggest.hpp"

namespace memchain::model {

namespace {

struct Preset {
    const char* name;
    Block block;
    const char* stage;
};

constexpr Preset presets[] = {
    {"fab", Block::Station, "DRAM fab"},
    {"logic_foundry", Block::Station, "Logic foundry"},
    {"tsv", Block::Assembly, "HBM stacking"},
    {"cowos", Block::Assembly, "Advanced packaging"},
    {"osat", Block::Assembly, "Advanced packaging"},
    {"test", Block::Station, "Test"},
    {"optics", Block::Station, "Optics"},
    {"switch", Block::Station, "Switches"},
    {"cluster_build", Block::Assembly, "Cluster build"},
    {"power", Block::Pool, "Data-centre power"},
    {"supplier", Block::Allocator, "Supplier allocation"},
    {"hyperscaler", Block::Buyer, "Hyperscalers"},
    {"edge_oem", Block::Buyer, "Edge devices"},
};

constexpr Block blocks[] = {Block::Source,    Block::Station, Block::Assembly, Block::Inventory,
                            Block::Allocator, Block::Pool,    Block::Sink,     Block::Buyer};

const std::vector<std::string> common_keys = {"preset", "block",   "region",      "owner",
                                              "stage",  "product", "description", "active_from"};

std::vector<std::string> keys_of(Block block) {
    switch (block) {
    case Block::Station:
        return {"capacity",        "servers",     "process_time",   "cycle_time", "lot_size",
                "output_per_unit", "yield",       "binomial_yield", "queue",      "inputs",
                "outages",         "initial_wip", "expansion",      "wafer_mix",  "cut",
                "surge",           "when_blocked"};
    case Block::Assembly:
        return {"capacity", "servers",        "process_time", "cycle_time",  "lot_size",
                "yield",    "binomial_yield", "queue",        "inputs",      "outages",
                "bom",      "initial_wip",    "expansion",    "substitutes", "cut",
                "surge",    "when_blocked"};
    case Block::Source: return {"arrivals"};
    case Block::Inventory: return {"capacity", "initial"};
    case Block::Pool: return {"capacity", "initial", "expansion"};
    case Block::Allocator:
        return {"capacity",       "initial",         "unlimited", "policy",
                "policy_changes", "contract_shares", "tiers",     "allocation_period"};
    case Block::Sink: return {};
    case Block::Buyer:
        return {"demand",    "ordering", "suppliers",    "tier",        "target_lead_time",
                "inflation", "capacity", "elasticity",   "order_rules", "resource_after",
                "stock_up",  "booking",  "open_at_start"};
    }
    return {};
}

std::string a_or_an(const std::string& word) {
    return (std::string("aeiou").find(word.front()) != std::string::npos ? "an " : "a ") + word;
}

}  // namespace

void ScenarioReader::read_nodes() {
    const TreeNode& nodes = required(root_, "nodes");
    if (!nodes.is_map() || nodes.entries.empty())
        fail(nodes.pos, "expected nodes as a map of names to {block: ..., product: ...}, found " +
                            describe(nodes));
    // First every node's kind and product, so that nodes may refer to nodes defined later.
    for (const auto& e : nodes.entries) {
        Node node;
        read_node_basics(e, node);
        s_.nodes.push_back(std::move(node));
    }
    for (std::size_t i = 0; i < nodes.entries.size(); ++i)
        read_node_details(nodes.entries[i].value, s_.nodes[i]);
}

void ScenarioReader::read_node_basics(const TreeNode::Entry& entry, Node& node) {
    node.name = entry.key;
    node.pos = entry.key_pos;
    if (entry.key.find("->") != std::string::npos)
        fail(entry.key_pos, "node name '" + entry.key + "' must not contain '->'");
    const TreeNode& map = as_map(entry.value, "node '" + entry.key + "' as a map of keys");

    const Preset* preset = nullptr;
    if (const TreeNode* p = map.find("preset")) {
        node.preset = values_->text(*p);
        std::vector<std::string> names;
        for (const Preset& candidate : presets) {
            names.emplace_back(candidate.name);
            if (node.preset == candidate.name) preset = &candidate;
        }
        if (preset == nullptr)
            fail(p->pos, "unknown preset " + describe(*p) + did_you_mean(node.preset, names));
        node.block = preset->block;
        node.stage = preset->stage;
    }
    if (const TreeNode* b = map.find("block")) {
        const std::string name = values_->text(*b);
        std::vector<std::string> names;
        bool known = false;
        for (const Block candidate : blocks) {
            names.emplace_back(to_string(candidate));
            if (name == to_string(candidate)) {
                known = true;
                if (preset != nullptr && candidate != preset->block)
                    fail(b->pos, "block '" + name + "' contradicts preset '" + node.preset + "' (" +
                                     a_or_an(to_string(preset->block)) + ")");
                node.block = candidate;
            }
        }
        if (!known)
            fail(b->pos, "unknown block " + describe(*b) + did_you_mean(name, names) +
                             " (expected source, station, assembly, inventory, allocator, pool, "
                             "sink or buyer)");
    } else if (preset == nullptr) {
        fail(map.pos, "node '" + node.name + "' needs a block or a preset");
    }

    std::vector<std::string> allowed = common_keys;
    const auto own = keys_of(node.block);
    allowed.insert(allowed.end(), own.begin(), own.end());
    for (const auto& e : map.entries) {
        if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
        bool elsewhere = false;
        for (const Block other : blocks) {
            const auto keys = keys_of(other);
            elsewhere = elsewhere || std::find(keys.begin(), keys.end(), e.key) != keys.end();
        }
        const auto near = closest_match(e.key, allowed);
        if (elsewhere && !near)
            fail(e.key_pos,
                 "key '" + e.key + "' does not apply to " + a_or_an(to_string(node.block)));
        fail(e.key_pos, "unknown key '" + e.key + "'" + did_you_mean(e.key, allowed));
    }

    if (const TreeNode* v = map.find("stage")) node.stage = values_->text(*v);
    if (const TreeNode* v = map.find("region")) node.region = values_->text(*v);
    if (const TreeNode* v = map.find("owner")) node.owner = values_->text(*v);
    if (const TreeNode* v = map.find("description")) node.description = values_->text(*v);
    if (const TreeNode* v = map.find("active_from")) node.active_from = values_->time(*v);
    const TreeNode& product = required(map, "product");
    node.product = product_named(values_->text(product), product.pos).name;
}

void ScenarioReader::read_node_details(const TreeNode& map, Node& node) {
    switch (node.block) {
    case Block::Station:
    case Block::Assembly: read_processing(map, node); break;
    case Block::Source: read_source(map, node); break;
    case Block::Inventory: read_stock(map, node); break;
    case Block::Pool:
        read_stock(map, node);
        if (const TreeNode* v = map.find("expansion")) read_expansion(*v, node);
        break;
    case Block::Allocator: read_allocator(map, node); break;
    case Block::Sink: break;
    case Block::Buyer: read_buyer(map, node); break;
    }
}

void ScenarioReader::read_processing(const TreeNode& map, Node& node) {
    const Product& product = *s_.find_product(node.product);
    if (node.block == Block::Assembly)
        if (const TreeNode* bom = map.find("bom")) read_node_bom(*bom, node);
    if (node.block == Block::Assembly && s_.bill_of_materials(node).empty())
        fail(map.find("product")->pos, "assembly '" + node.name + "' builds " + product.name +
                                           ", which has no bill of materials (add bom: to the "
                                           "product or to the node, or make the node a station)");
    read_processing_rate(map, node, product);
    read_lot_handling(map, node, product);
    if (node.block == Block::Assembly)
        if (const TreeNode* v = map.find("substitutes")) read_substitutes(*v, node);
    const TreeNode* inputs = map.find("inputs");
    if (inputs != nullptr) read_inputs(*inputs, node);
    if (node.block == Block::Assembly) order_assembly_inputs(inputs, node);
    if (const TreeNode* v = map.find("outages")) read_outages(*v, node);
    if (const TreeNode* v = map.find("expansion")) read_expansion(*v, node);
    if (const TreeNode* v = map.find("wafer_mix")) read_wafer_mix(*v, node);
    if (const TreeNode* v = map.find("cut")) read_cut(*v, node);
    if (const TreeNode* v = map.find("surge")) read_surge(*v, node);
}

// How fast the node works: a capacity (a rate), or servers with a process time per lot.
void ScenarioReader::read_processing_rate(const TreeNode& map, Node& node, const Product& product) {
    const TreeNode* capacity = map.find("capacity");
    const TreeNode* servers = map.find("servers");
    const TreeNode* process_time = map.find("process_time");
    const std::string what = to_string(node.block);
    if (capacity != nullptr && servers != nullptr)
        fail(map.entry("servers")->key_pos, a_or_an(what) + " takes capacity or servers, not both");
    if (capacity == nullptr && servers == nullptr)
        fail(map.pos, a_or_an(what) + " needs capacity (a rate like 100 " + product.unit +
                          "/month) or servers with process_time");
    if (capacity != nullptr) {
        if (process_time != nullptr)
            fail(map.entry("process_time")->key_pos,
                 "process_time applies with servers only (with capacity the time per lot is "
                 "lot_size / capacity)");
        node.capacity =
            values_->plan(*capacity, Measure::of("capacity", Measure::Kind::Rate, product));
    } else {
        node.servers_plan =
            values_->plan(*servers, Measure::number("servers", Measure::Range::WholePositive));
        if (process_time == nullptr)
            fail(map.pos, "missing required key 'process_time' (the time per lot with servers)");
        node.process_time = values_->distribution(*process_time, true);
        if (node.process_time.mean() <= 0)
            fail(process_time->pos,
                 "process_time must be positive, found " + describe(*process_time));
    }
}

// How lots go through: cycle time, initial WIP, lot size, output per unit, yield and queue.
void ScenarioReader::read_lot_handling(const TreeNode& map, Node& node, const Product& product) {
    if (const TreeNode* v = map.find("cycle_time"))
        node.cycle_time = values_->distribution(*v, true);
    if (const TreeNode* v = map.find("initial_wip")) {
        const std::string wip = values_->text(*v);
        if (wip == "full")
            node.initial_wip_full = true;
        else if (wip != "empty")
            fail(v->pos, "unknown initial_wip " + describe(*v) +
                             did_you_mean(wip, {"full", "empty"}) + " (expected full or empty)");
        if (node.initial_wip_full && !node.cycle_time)
            fail(map.entry("initial_wip")->key_pos,
                 "initial_wip: full fills the cycle-time pipeline, so it needs cycle_time");
    }
    if (const TreeNode* v = map.find("when_blocked")) {
        const std::string how = values_->text(*v);
        if (how == "replace")
            node.when_blocked = BlockedStarts::Replace;
        else if (how != "stop")
            fail(v->pos, "unknown when_blocked " + describe(*v) +
                             did_you_mean(how, {"stop", "replace"}) +
                             " (expected stop or replace)");
        if (node.when_blocked == BlockedStarts::Replace && !node.cycle_time)
            fail(map.entry("when_blocked")->key_pos,
                 "when_blocked: replace keeps the cycle-time pipeline's lots in process, so it "
                 "needs cycle_time");
    }
    if (const TreeNode* v = map.find("lot_size"))
        node.lot_size =
            values_->quantity(*v, Measure::of("lot_size", Measure::Kind::Amount, product));
    if (const TreeNode* v = map.find("output_per_unit"))
        node.output_per_unit = values_->quantity(*v, Measure::number("output_per_unit"));
    if (const TreeNode* v = map.find("yield"))
        node.yield = values_->plan(
            *v, Measure{"yield", Measure::Kind::Fraction, Measure::Range::UnitInterval, {}, {}});
    if (const TreeNode* v = map.find("binomial_yield")) node.binomial_yield = values_->boolean(*v);
    if (const TreeNode* v = map.find("queue")) {
        const std::string queue = values_->text(*v);
        if (queue == "fifo")
            node.queue = QueueDiscipline::Fifo;
        else if (queue == "priority")
            node.queue = QueueDiscipline::Priority;
        else
            fail(v->pos, "unknown queue " + describe(*v) +
                             did_you_mean(queue, {"fifo", "priority"}) +
                             " (expected fifo or priority)");
    }
}

// Every bill-of-materials line has a buffer; lines not written get the defaults.
void ScenarioReader::order_assembly_inputs(const TreeNode* inputs, Node& node) const {
    std::vector<InputSpec> ordered;
    for (const BomLine& line : s_.bill_of_materials(node)) {
        const auto it =
            std::find_if(node.inputs.begin(), node.inputs.end(),
                         [&](const InputSpec& in) { return in.product == line.component; });
        if (it != node.inputs.end()) {
            ordered.push_back(*it);
            continue;
        }
        InputSpec spec;
        spec.product = line.component;
        spec.pos = inputs != nullptr ? inputs->pos : node.pos;
        ordered.push_back(std::move(spec));
    }
    for (const Substitute& sub : node.substitutes) {
        const auto listed = [&](const InputSpec& in) { return in.product == sub.product; };
        if (std::any_of(ordered.begin(), ordered.end(), listed)) continue;
        const auto it = std::find_if(node.inputs.begin(), node.inputs.end(), listed);
        if (it != node.inputs.end()) {
            ordered.push_back(*it);
            continue;
        }
        InputSpec spec;
        spec.product = sub.product;
        spec.pos = sub.pos;
        ordered.push_back(std::move(spec));
    }
    node.inputs = std::move(ordered);
}

void ScenarioReader::read_node_bom(const TreeNode& bom, Node& node) {
    as_map(bom, "a bill of materials as a map of components to quantities");
    for (const auto& line : bom.entries) {
        const Product& component = product_named(line.key, line.key_pos);
        if (component.name == node.product)
            fail(line.key_pos,
                 "assembly '" + node.name + "' cannot consume its own product " + node.product);
        const double quantity =
            values_->quantity(line.value, Measure::number("a bill-of-materials quantity"));
        if (quantity <= 0.0)
            fail(line.value.pos,
                 "a bill-of-materials quantity must be positive, found " + describe(line.value));
        node.bom.push_back(BomLine{component.name, quantity});
    }
}

void ScenarioReader::read_inputs(const TreeNode& inputs, Node& node) {
    as_map(inputs, "inputs as a map of products to {capacity: ..., initial: ..., replenish: ...}");
    const Product& made = *s_.find_product(node.product);
    for (const auto& e : inputs.entries) {
        if (node.block == Block::Station && !node.inputs.empty())
            fail(e.key_pos, "a station takes at most one input product, found " +
                                node.inputs.front().product + " and " + e.key +
                                " (use an assembly for a kit of several)");
        const Product& product = product_named(e.key, e.key_pos);
        if (node.block == Block::Assembly) {
            std::string components;
            bool listed = false;
            for (const BomLine& line : s_.bill_of_materials(node)) {
                listed = listed || line.component == e.key;
                components += (components.empty() ? "" : ", ") + line.component;
            }
            for (const Substitute& sub : node.substitutes) listed = listed || sub.product == e.key;
            if (!listed)
                fail(e.key_pos,
                     "'" + e.key + "' is not in the bill of materials of " +
                         (node.bom.empty() ? made.name : "assembly '" + node.name + "'") + " (" +
                         components + ")");
        }
        InputSpec spec;
        spec.product = product.name;
        spec.pos = e.key_pos;
        if (!e.value.is_null()) {
            const TreeNode& m = as_map(e.value, "a map with capacity, initial, replenish");
            check_keys(m, {"capacity", "initial", "replenish"});
            if (const TreeNode* c = m.find("capacity"))
                spec.capacity =
                    values_->quantity(*c, Measure::of("capacity", Measure::Kind::Amount, product));
            if (const TreeNode* i = m.find("initial")) {
                spec.initial =
                    values_->quantity(*i, Measure::of("initial", Measure::Kind::Amount, product,
                                                      Measure::Range::NonNegative));
                if (spec.capacity && spec.initial > *spec.capacity)
                    fail(i->pos, "initial " + format_number(spec.initial) +
                                     " exceeds the capacity " + format_number(*spec.capacity));
            }
            if (const TreeNode* r = m.find("replenish"))
                spec.replenishment = read_replenishment(*r, node, product.name);
        }
        node.inputs.push_back(std::move(spec));
    }
}

void ScenarioReader::read_substitutes(const TreeNode& substitutes, Node& node) {
    as_map(substitutes,
           "substitutes as a map of bill-of-materials lines to {product: ..., "
           "ratio: ..., from: ..., up_to: ...}");
    for (const auto& e : substitutes.entries) {
        const Product& line = product_named(e.key, e.key_pos);
        const auto& bom = s_.bill_of_materials(node);
        if (std::none_of(bom.begin(), bom.end(),
                         [&](const BomLine& l) { return l.component == line.name; }))
            fail(e.key_pos, "'" + e.key + "' is not in the bill of materials of assembly '" +
                                node.name + "', so nothing can substitute for it");
        const TreeNode& m = as_map(e.value, "a map with product, ratio, from, up_to");
        check_keys(m, {"product", "ratio", "from", "up_to"});
        const TreeNode& p = required(m, "product");
        Substitute sub;
        sub.line = line.name;
        sub.product = product_named(values_->text(p), p.pos).name;
        sub.pos = p.pos;
        if (sub.product == sub.line)
            fail(p.pos, "substitution cycle in assembly '" + node.name + "': " + sub.line +
                            " substitutes for itself");
        for (const Substitute& other : node.substitutes)
            if (other.product == sub.product)
                fail(p.pos, sub.product + " already substitutes for " + other.line +
                                " in assembly '" + node.name +
                                "' (a product substitutes for "
                                "one line at most)");
        if (const TreeNode* r = m.find("ratio")) {
            sub.ratio = values_->quantity(*r, Measure::number("a substitution ratio"));
            if (sub.ratio <= 0.0)
                fail(r->pos, "a substitution ratio must be positive, found " + describe(*r));
        }
        if (const TreeNode* f = m.find("from")) sub.from = values_->time(*f);
        if (const TreeNode* u = m.find("up_to")) {
            sub.up_to = values_->quantity(*u, Measure::number("up_to"));
            if (!(sub.up_to > 0.0 && sub.up_to <= 1.0))
                fail(u->pos, "up_to must be in (0, 1], found " + describe(*u));
        }
        node.substitutes.push_back(std::move(sub));
    }
    // A line whose substitute is itself a line with a substitute, and so on back to the first
    // line, has no order in which kits could take them.
    for (const Substitute& sub : node.substitutes) {
        std::string path = sub.line + " -> " + sub.product;
        std::string at = sub.product;
        for (std::size_t step = 0; step < node.substitutes.size(); ++step) {
            const auto next = std::find_if(node.substitutes.begin(), node.substitutes.end(),
                                           [&](const Substitute& s) { return s.line == at; });
            if (next == node.substitutes.end()) break;
            at = next->product;
            path += " -> " + at;
            if (at == sub.line)
                fail(sub.pos, "substitution cycle in assembly '" + node.name + "': " + path);
        }
    }
}

Replenishment ScenarioReader::read_replenishment(const TreeNode& map, const Node& node,
                                                 const std::string& product) {
    as_map(map, "a map with suppliers, base_stock, order_period");
    check_keys(map, {"suppliers", "base_stock", "order_period", "resource_after"});
    Replenishment r;
    r.suppliers = read_suppliers(required(map, "suppliers"), node, product, replenishment_refs_,
                                 r.supplier_terms);
    r.resource_after = read_resource_after(map, r.suppliers, r.supplier_terms);
    if (const TreeNode* b = map.find("base_stock"))
        r.base_stock =
            values_->plan(*b, Measure::of("base_stock", Measure::Kind::Amount,
                                          *s_.find_product(product), Measure::Range::NonNegative));
    if (const TreeNode* p = map.find("order_period"))
        r.order_period = span_at_least(*p, "order_period", false);
    return r;
}

std::map<std::string, double> ScenarioReader::read_suppliers(
    const TreeNode& map, const Node& node, const std::string& product,
    std::vector<SupplierRef>& refs, std::map<std::string, SupplierTerms>& terms) {
    if (!map.is_map() || map.entries.empty())
        fail(map.pos,
             "expected suppliers as a map of allocators to shares, like {supply: 1.0}, "
             "found " +
                 describe(map));
    std::map<std::string, double> shares;
    double total = 0.0;
    for (const auto& e : map.entries) {
        const Node& supplier = node_named(e.key, e.key_pos);
        if (supplier.block != Block::Allocator)
            fail(e.key_pos, "supplier '" + e.key + "' is " + a_or_an(to_string(supplier.block)) +
                                ", not an allocator");
        if (supplier.product != product)
            fail(e.key_pos, "supplier '" + e.key + "' holds " + supplier.product + ", not " +
                                product + " (what '" + node.name + "' orders)");
        const TreeNode* share_node = &e.value;
        if (e.value.is_map()) {
            check_keys(e.value, {"share", "up_to", "qualified_from"});
            share_node = &required(e.value, "share");
            terms[e.key] = read_supplier_terms(e.value);
        }
        const double share = values_->quantity(
            *share_node,
            Measure::number("a supplier's share", e.value.is_map() ? Measure::Range::NonNegative
                                                                   : Measure::Range::Positive));
        shares[e.key] = share;
        total += share;
        refs.push_back(SupplierRef{node.name, e.key, e.key_pos});
    }
    if (!(total > 0.0)) fail(map.pos, "suppliers' shares sum to zero (give one a share above 0)");
    for (auto& [name, share] : shares) share /= total;
    for (const auto& [name, t] : terms) {
        if (!t.up_to || *t.up_to >= shares[name] - 1e-12) continue;
        fail(t.pos, "up_to " + format_number(*t.up_to) + " is below supplier '" + name +
                        "''s reserved share " + format_number(shares[name]) +
                        " (its share over the sum of shares)");
    }
    return shares;
}

SupplierTerms ScenarioReader::read_supplier_terms(const TreeNode& map) {
    SupplierTerms t;
    if (const TreeNode::Entry* e = map.entry("up_to")) {
        t.pos = e->value.pos;
        const double up_to =
            values_->quantity(e->value, Measure::number("up_to", Measure::Range::Any));
        if (up_to < 0.0 || up_to > 1.0)
            fail(e->value.pos,
                 "up_to must be a share between 0 and 1, found " + describe(e->value));
        t.up_to = up_to;
    }
    if (const TreeNode* v = map.find("qualified_from")) t.qualified_from = values_->time(*v);
    return t;
}

std::optional<sim::Duration> ScenarioReader::read_resource_after(
    const TreeNode& map, const std::map<std::string, double>& shares,
    const std::map<std::string, SupplierTerms>& terms) {
    const TreeNode::Entry* e = map.entry("resource_after");
    if (e == nullptr) return std::nullopt;
    bool flexes = false;
    for (const auto& [name, t] : terms) flexes = flexes || (t.up_to && *t.up_to > shares.at(name));
    if (!flexes)
        fail(e->key_pos,
             "resource_after needs a supplier whose up_to is above its share (nothing can be "
             "re-sourced)");
    return span_at_least(e->value, "resource_after", false);
}

void ScenarioReader::read_outages(const TreeNode& map, Node& node) {
    as_map(map, "a map with mtbf and mttr");
    check_keys(map, {"mtbf", "mttr"});
    const auto read = [&](const char* key) {
        const TreeNode& v = required(map, key);
        // A single duration is the mean of an exponential time.
        if (v.is_scalar()) return sim::Distribution::exponential(duration_at_least(v, key, false));
        const sim::Distribution d = values_->distribution(v, true);
        if (d.mean() <= 0) fail(v.pos, std::string(key) + " must be positive on average");
        return d;
    };
    node.outages.time_between_failures = read("mtbf");
    node.outages.time_to_repair = read("mttr");
}

void ScenarioReader::read_source(const TreeNode& map, Node& node) {
    const Product& product = *s_.find_product(node.product);
    const TreeNode& arrivals =
        as_map(required(map, "arrivals"), "arrivals like {poisson: 2/day} or {interval: 1d}");
    check_keys(arrivals,
               {"poisson", "interval", "rate", "lot_size", "when_blocked", "limit", "priority"});
    Arrivals& a = node.arrivals;
    std::vector<std::string> given;
    for (const char* key : {"poisson", "interval", "rate"})
        if (arrivals.find(key) != nullptr) given.emplace_back(key);
    if (given.empty()) fail(arrivals.pos, "arrivals need one of poisson, interval or rate");
    if (given.size() > 1)
        fail(arrivals.entry(given[1])->key_pos,
             "arrivals take one of poisson, interval or rate, found " + given[0] + " and " +
                 given[1]);
    if (const TreeNode* p = arrivals.find("poisson")) {
        a.kind = Arrivals::Kind::Poisson;
        a.rate = values_->plan(
            *p, Measure{"poisson rate", Measure::Kind::LotRate, Measure::Range::Positive, {}, {}});
    } else if (const TreeNode* i = arrivals.find("interval")) {
        a.kind = Arrivals::Kind::Interval;
        a.interval = values_->distribution(*i, true);
        if (a.interval.mean() <= 0)
            fail(i->pos, "interval must be positive, found " + describe(*i));
    } else {
        a.kind = Arrivals::Kind::Rate;
        a.rate = values_->plan(*arrivals.find("rate"),
                               Measure::of("rate", Measure::Kind::Rate, product));
    }
    if (const TreeNode* l = arrivals.find("lot_size")) {
        a.lot_size = values_->distribution(*l, false);
        if (a.lot_size.mean() <= 0)
            fail(l->pos, "lot_size must be positive, found " + describe(*l));
    }
    // More than a lot per microsecond, the clock's resolution, would arrive at one instant
    // without end.
    double lots_per_day = 0.0;
    for (const auto& [day, rate] : a.rate.points) lots_per_day = std::max(lots_per_day, rate);
    if (a.kind == Arrivals::Kind::Rate) lots_per_day /= a.lot_size.mean();
    if (a.kind == Arrivals::Kind::Interval && a.interval.mean() < 1.0 / max_events_per_day)
        lots_per_day = max_events_per_day * 2;
    if (lots_per_day > max_events_per_day) {
        const TreeNode& at = *arrivals.find(given[0]);
        fail(at.pos, "arrivals " + describe(at) +
                         " come faster than one lot per microsecond, the clock's resolution");
    }
    if (const TreeNode* w = arrivals.find("when_blocked")) {
        const std::string how = values_->text(*w);
        if (how == "lose")
            a.when_blocked = WhenBlocked::Lose;
        else if (how == "hold")
            a.when_blocked = WhenBlocked::Hold;
        else
            fail(w->pos, "unknown when_blocked " + describe(*w) +
                             did_you_mean(how, {"lose", "hold"}) + " (expected lose or hold)");
    }
    if (const TreeNode* l = arrivals.find("limit")) {
        const std::int64_t limit = values_->integer(*l);
        if (limit < 1) fail(l->pos, "limit must be at least 1, found " + describe(*l));
        a.limit = static_cast<std::uint64_t>(limit);
    }
    if (const TreeNode* p = arrivals.find("priority")) {
        const std::int64_t priority = values_->integer(*p);
        if (priority < std::numeric_limits<std::int16_t>::min() ||
            priority > std::numeric_limits<std::int16_t>::max())
            fail(p->pos, "priority must be between -32768 and 32767, found " + describe(*p));
        a.priority = static_cast<std::int16_t>(priority);
    }
}

void ScenarioReader::read_stock(const TreeNode& map, Node& node) {
    const Product& product = *s_.find_product(node.product);
    const TreeNode* capacity = map.find("capacity");
    if (node.block == Block::Pool) {
        if (capacity == nullptr)
            fail(map.pos, "a pool needs capacity (the units it can hold, a number or a plan)");
        node.pool_capacity =
            values_->plan(*capacity, Measure::of("capacity", Measure::Kind::Amount, product));
    } else if (capacity != nullptr) {
        node.stock_capacity =
            values_->quantity(*capacity, Measure::of("capacity", Measure::Kind::Amount, product));
    }
    if (const TreeNode* i = map.find("initial")) {
        node.initial_stock = values_->quantity(
            *i,
            Measure::of("initial", Measure::Kind::Amount, product, Measure::Range::NonNegative));
        const double bound = node.pool_capacity ? node.pool_capacity->at(0.0)
                                                : node.stock_capacity.value_or(node.initial_stock);
        if (node.initial_stock > bound)
            fail(i->pos, "initial " + format_number(node.initial_stock) + " exceeds the capacity " +
                             format_number(bound));
    }
}

void ScenarioReader::read_allocator(const TreeNode& map, Node& node) {
    if (const TreeNode* u = map.find("unlimited")) {
        node.unlimited = values_->boolean(*u);
        for (const char* key : {"capacity", "initial"})
            if (const TreeNode::Entry* e = map.entry(key); node.unlimited && e != nullptr)
                fail(e->key_pos,
                     std::string("key '") + key +
                         "' does not apply to an unlimited allocator (it holds no stock)");
    }
    read_stock(map, node);
    // Contract shares and tiers name whoever can order: buyers, and the lines (stations and
    // assemblies) whose input buffers replenish from allocators.
    std::vector<std::string> orderers;
    for (const Node& n : s_.nodes)
        if (n.block == Block::Buyer || n.block == Block::Station || n.block == Block::Assembly)
            orderers.push_back(n.name);
    const auto buyer_named = [&](const TreeNode::Entry& e) {
        if (std::find(orderers.begin(), orderers.end(), e.key) != orderers.end()) return;
        const Node* other = find_node(e.key);
        if (other != nullptr)
            fail(e.key_pos, "'" + e.key + "' is " + a_or_an(to_string(other->block)) +
                                ", not a buyer or a line that orders (station or assembly)");
        fail(e.key_pos, "unknown buyer '" + e.key + "'" + did_you_mean(e.key, orderers));
    };
    if (const TreeNode* p = map.find("policy")) {
        node.policy = policy(*p);
        if (node.policy == AllocationPolicy::Contract) policy_pos_.emplace(node.name, p->pos);
    }
    if (const TreeNode* changes = map.find("policy_changes")) {
        if (!changes->is_sequence())
            fail(changes->pos,
                 "expected policy_changes as a list of {from: date, policy: ...}, "
                 "found " +
                     describe(*changes));
        for (const TreeNode& item : changes->items) {
            as_map(item, "a policy change like {from: 2027-01-01, policy: priority}");
            check_keys(item, {"from", "policy"});
            PolicyChange change;
            change.pos = item.pos;
            change.from = values_->time(required(item, "from"));
            const TreeNode& p = required(item, "policy");
            change.policy = policy(p);
            if (change.policy == AllocationPolicy::Contract) policy_pos_.emplace(node.name, p.pos);
            if (!node.policy_changes.empty() && change.from <= node.policy_changes.back().from)
                fail(required(item, "from").pos, "policy changes must be in date order");
            node.policy_changes.push_back(change);
        }
    }
    if (const TreeNode* shares = map.find("contract_shares")) {
        as_map(*shares, "contract_shares as a map of buyers or lines to shares");
        for (const auto& e : shares->entries) {
            buyer_named(e);
            node.contract_shares[e.key] =
                values_->quantity(e.value, Measure::number("a contract share"));
        }
    }
    if (const TreeNode* tiers = map.find("tiers")) {
        as_map(*tiers, "tiers as a map of buyers or lines to tiers (1 first)");
        for (const auto& e : tiers->entries) {
            buyer_named(e);
            const std::int64_t tier = values_->integer(e.value);
            if (tier < 1 || tier > 1000)
                fail(e.value.pos, "a tier must be between 1 and 1000, found " + describe(e.value));
            node.tiers[e.key] = static_cast<int>(tier);
        }
    }
    if (const TreeNode* p = map.find("allocation_period"))
        node.allocation_period = span_at_least(*p, "allocation_period", false);
}

void ScenarioReader::read_buyer(const TreeNode& map, Node& node) {
    if (const TreeNode* c = map.find("capacity"))
        node.stock_capacity = values_->quantity(
            *c, Measure::of("capacity", Measure::Kind::Amount, *s_.find_product(node.product)));
    if (const TreeNode* d = map.find("demand")) read_demand(*d, node);
    if (const TreeNode* o = map.find("ordering")) read_ordering(*o, node);
    if (const TreeNode* s = map.find("suppliers"))
        node.suppliers =
            read_suppliers(*s, node, node.product, supplier_refs_, node.supplier_terms);
    else if (node.demand.kind != DemandKind::None)
        fail(map.pos, "buyer '" + node.name +
                          "' has demand but no suppliers (add suppliers: "
                          "{allocator: 1.0})");
    node.resource_after = read_resource_after(map, node.suppliers, node.supplier_terms);
    if (const TreeNode* t = map.find("tier")) {
        const std::int64_t tier = values_->integer(*t);
        if (tier < 1 || tier > 1000)
            fail(t->pos, "tier must be between 1 and 1000, found " + describe(*t));
        node.tier = static_cast<int>(tier);
    }
    if (const TreeNode* t = map.find("target_lead_time"))
        node.target_lead_time = span_at_least(*t, "target_lead_time", false);
    if (const TreeNode* i = map.find("inflation")) {
        as_map(*i, "a map with enabled, elasticity, max_factor, reference");
        check_keys(*i, {"enabled", "elasticity", "max_factor", "reference"});
        Inflation& f = node.inflation;
        if (const TreeNode* v = i->find("enabled")) f.enabled = values_->boolean(*v);
        if (const TreeNode* v = i->find("elasticity"))
            f.elasticity =
                values_->quantity(*v, Measure::number("elasticity", Measure::Range::NonNegative));
        if (const TreeNode* v = i->find("max_factor")) {
            f.max_factor = values_->quantity(*v, Measure::number("max_factor"));
            if (f.max_factor < 1)
                fail(v->pos, "max_factor must be at least 1, found " + describe(*v));
        }
        if (const TreeNode* v = i->find("reference"))
            f.reference = span_at_least(*v, "reference", false);
    }
    if (const TreeNode* e = map.find("elasticity")) read_price_response(*e, node);
    if (const TreeNode* b = map.find("booking")) read_booking(*b, node);
    if (const TreeNode* r = map.find("order_rules")) read_order_rules(*r, node);
    if (const TreeNode::Entry* e = map.entry("stock_up")) {
        if (node.ordering.policy != OrderingPolicy::BaseStock)
            fail(e->key_pos, "stock_up needs ordering policy base_stock on buyer '" + node.name +
                                 "' (it raises the base-stock level)");
        as_map(e->value, "stock_up like {cover: 3w}");
        check_keys(e->value, {"cover", "pace"});
        StockUp up{span_at_least(required(e->value, "cover"), "cover", false),
                   StockUp::Pace::AtOnce, e->value.pos};
        if (const TreeNode* v = e->value.find("pace")) {
            if (v->is_scalar() && v->text == "with_loss")
                up.pace = StockUp::Pace::WithLoss;
            else if (!v->is_scalar() || v->text != "at_once")
                fail(v->pos, "expected stock_up pace at_once or with_loss, found " + describe(*v));
        }
        node.stock_up = up;
    }
    if (const TreeNode::Entry* e = map.entry("open_at_start")) read_open_at_start(*e, node);
}

void ScenarioReader::read_open_at_start(const TreeNode::Entry& entry, Node& node) {
    if (node.suppliers.empty())
        fail(entry.key_pos, "open_at_start needs suppliers on buyer '" + node.name +
                                "' (the open orders are split over them)");
    const std::string shape =
        "open_at_start like {units: 1.5e6, placed: 2025-10-01}, or a list of them";
    std::vector<const TreeNode*> items;
    if (entry.value.is_sequence()) {
        if (entry.value.items.empty())
            fail(entry.value.pos, "expected " + shape + ", found an empty list");
        for (const TreeNode& item : entry.value.items) items.push_back(&item);
    } else {
        items.push_back(&entry.value);
    }
    for (const TreeNode* map : items) {
        as_map(*map, shape);
        check_keys(*map, {"units", "placed"});
        OpenAtStart open;
        open.pos = map->pos;
        const TreeNode& units = required(*map, "units");
        open.units = values_->quantity(
            units, Measure::of("units", Measure::Kind::Amount, *s_.find_product(node.product)));
        if (open.units < 1.0)
            fail(units.pos, "open_at_start units must be at least 1, found " + describe(units));
        const TreeNode& placed = required(*map, "placed");
        open.placed = values_->time(placed);
        if (open.placed >= sim::Time::zero())
            fail(placed.pos, "open_at_start placed must be before the start (" +
                                 values_->start().to_string() + "), found " + describe(placed));
        if (!node.open_at_start.empty() && open.placed < node.open_at_start.back().placed)
            fail(placed.pos, "open_at_start entries must be in date order");
        node.open_at_start.push_back(open);
    }
}

void ScenarioReader::read_booking(const TreeNode& map, Node& node) {
    as_map(map, "booking like {ahead: quote, max: 52w} or {ahead: 26w, above: 12w}");
    check_keys(map, {"ahead", "above", "max"});
    if (node.ordering.policy != OrderingPolicy::MakeToOrder)
        fail(map.pos, "booking needs ordering policy make_to_order on buyer '" + node.name +
                          "' (a stock policy books through its own lead_time)");
    Booking& b = node.booking;
    b.enabled = true;
    const TreeNode& ahead = required(map, "ahead");
    const bool quote = ahead.is_scalar() && ahead.text == "quote";
    if (!quote) {
        if (!ahead.is_scalar() || ahead.text.empty() ||
            std::isdigit(static_cast<unsigned char>(ahead.text.front())) == 0)
            fail(ahead.pos, "ahead must be quote or a duration like 26w, found " + describe(ahead));
        b.horizon = span_at_least(ahead, "ahead", false);
    }
    if (const TreeNode::Entry* e = map.entry("max")) {
        if (!quote) fail(e->key_pos, "max applies only with ahead: quote");
        b.max_horizon = span_at_least(e->value, "max", false);
    }
    if (const TreeNode* v = map.find("above")) b.above = span_at_least(*v, "above", true);
}

void ScenarioReader::read_order_rules(const TreeNode& map, Node& node) {
    as_map(map, "order_rules like {lead_time_tolerance: 26w, on_tolerance: cancel}");
    check_keys(map, {"lead_time_tolerance", "on_tolerance", "max_age",
                     "retime_when_downstream_full", "unwind_phantom", "review"});
    OrderRules& r = node.order_rules;
    if (const TreeNode* v = map.find("lead_time_tolerance"))
        r.lead_time_tolerance = span_at_least(*v, "lead_time_tolerance", false);
    if (const TreeNode::Entry* e = map.entry("on_tolerance")) {
        if (!r.lead_time_tolerance) fail(e->key_pos, "on_tolerance needs a lead_time_tolerance");
        const std::string what = values_->text(e->value);
        if (what == "push_out")
            r.push_out_on_tolerance = true;
        else if (what != "cancel")
            fail(e->value.pos, "unknown on_tolerance " + describe(e->value) +
                                   did_you_mean(what, {"cancel", "push_out"}) +
                                   " (expected cancel or push_out)");
    }
    if (const TreeNode* v = map.find("max_age")) r.max_age = span_at_least(*v, "max_age", false);
    if (const TreeNode* v = map.find("retime_when_downstream_full"))
        r.retime_when_downstream_full = values_->boolean(*v);
    if (const TreeNode::Entry* e = map.entry("unwind_phantom")) {
        r.unwind_phantom = values_->boolean(e->value);
        if (r.unwind_phantom && !node.inflation.enabled && !node.booking.enabled)
            fail(e->key_pos, "unwind_phantom needs inflation enabled or booking on buyer '" +
                                 node.name +
                                 "' (it unwinds the inflated part of orders and bookings ahead)");
    }
    if (const TreeNode* v = map.find("review")) r.review = span_at_least(*v, "review", false);
}

void ScenarioReader::read_demand(const TreeNode& map, Node& node) {
    const Product& product = *s_.find_product(node.product);
    as_map(map, "demand like {rate: 100 " + product.unit + "/month, period: 1mo}");
    check_keys(map, {"rate", "poisson", "normal", "capex", "period", "unit_price", "capex_share",
                     "devices", "content"});
    std::vector<std::string> given;
    for (const char* key : {"rate", "poisson", "normal", "capex", "devices"})
        if (map.find(key) != nullptr) given.emplace_back(key);
    if (given.empty()) fail(map.pos, "demand needs one of rate, poisson, normal, capex or devices");
    if (given.size() > 1)
        fail(map.entry(given[1])->key_pos,
             "demand takes one of rate, poisson, normal, capex or devices, found " + given[0] +
                 " and " + given[1]);

    Demand& d = node.demand;
    if (const TreeNode* p = map.find("period")) d.period = span_at_least(*p, "period", false);
    if (given[0] != "capex")
        for (const char* key : {"unit_price", "capex_share"})
            if (const TreeNode::Entry* e = map.entry(key))
                fail(e->key_pos, std::string("key '") + key + "' applies to capex demand only");
    if (given[0] == "devices") return read_devices(map, node);
    if (const TreeNode::Entry* e = map.entry("content"))
        fail(e->key_pos, "key 'content' applies to devices demand only");

    if (const TreeNode* r = map.find("rate")) {
        d.kind = DemandKind::Rate;
        d.rate = values_->plan(*r, Measure::of("demand rate", Measure::Kind::Rate, product));
    } else if (const TreeNode* p = map.find("poisson")) {
        d.kind = DemandKind::Poisson;
        d.rate = values_->plan(*p, Measure::of("poisson rate", Measure::Kind::Rate, product));
    } else if (const TreeNode* n = map.find("normal")) {
        d.kind = DemandKind::Normal;
        as_map(*n, "{mean: ..., sd: ...} in " + product.unit + " per period");
        check_keys(*n, {"mean", "sd"});
        d.mean = values_->quantity(required(*n, "mean"),
                                   Measure::of("mean", Measure::Kind::Amount, product));
        d.sd = values_->quantity(
            required(*n, "sd"),
            Measure::of("sd", Measure::Kind::Amount, product, Measure::Range::NonNegative));
    } else {
        d.kind = DemandKind::Rate;
        d.rate = values_->plan(
            *map.find("capex"),
            Measure{"capex", Measure::Kind::MoneyRate, Measure::Range::Positive, {}, {}});
        d.unit_price = values_->quantity(
            required(map, "unit_price"),
            Measure{"unit_price", Measure::Kind::Money, Measure::Range::Positive, {}, {}});
        if (const TreeNode* s = map.find("capex_share"))
            d.capex_share = values_->plan(
                *s,
                Measure{
                    "capex_share", Measure::Kind::Fraction, Measure::Range::UnitInterval, {}, {}});
    }
}

void ScenarioReader::read_ordering(const TreeNode& map, Node& node) {
    const Product& product = *s_.find_product(node.product);
    as_map(map, "ordering like {policy: make_to_order}");
    Ordering& o = node.ordering;
    std::string policy_name = "make_to_order";
    if (const TreeNode* p = map.find("policy")) {
        policy_name = values_->text(*p);
        if (policy_name == "make_to_order")
            o.policy = OrderingPolicy::MakeToOrder;
        else if (policy_name == "base_stock")
            o.policy = OrderingPolicy::BaseStock;
        else if (policy_name == "order_up_to")
            o.policy = OrderingPolicy::OrderUpTo;
        else
            fail(p->pos,
                 "unknown ordering policy " + describe(*p) +
                     did_you_mean(policy_name, {"make_to_order", "base_stock", "order_up_to"}) +
                     " (expected make_to_order, base_stock or order_up_to)");
    }
    const std::vector<std::string> all = {
        "policy",        "initial_stock",        "level", "forecast_periods", "lead_time",
        "safety_factor", "allow_negative_orders"};
    std::vector<std::string> allowed = {"policy", "initial_stock"};
    if (o.policy == OrderingPolicy::BaseStock) allowed.emplace_back("level");
    if (o.policy == OrderingPolicy::OrderUpTo)
        allowed.insert(allowed.end(),
                       {"forecast_periods", "lead_time", "safety_factor", "allow_negative_orders"});
    for (const auto& e : map.entries) {
        if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
        if (std::find(all.begin(), all.end(), e.key) != all.end())
            fail(e.key_pos, "key '" + e.key + "' does not apply to ordering policy " + policy_name);
        fail(e.key_pos, "unknown key '" + e.key + "'" + did_you_mean(e.key, all));
    }
    if (const TreeNode* v = map.find("initial_stock"))
        o.initial_stock = values_->quantity(*v, Measure::of("initial_stock", Measure::Kind::Amount,
                                                            product, Measure::Range::NonNegative));
    if (o.policy == OrderingPolicy::BaseStock)
        o.level = values_->quantity(
            required(map, "level"),
            Measure::of("level", Measure::Kind::Amount, product, Measure::Range::NonNegative));
    if (o.policy != OrderingPolicy::OrderUpTo) return;
    if (const TreeNode* v = map.find("forecast_periods")) {
        const std::int64_t periods = values_->integer(*v);
        if (periods < 1 || periods > 10000)
            fail(v->pos, "forecast_periods must be between 1 and 10000, found " + describe(*v));
        o.forecast_periods = static_cast<int>(periods);
    }
    if (const TreeNode* v = map.find("lead_time"))
        o.lead_time_periods =
            duration_at_least(*v, "lead_time", true) / node.demand.period.to_days();
    if (const TreeNode* v = map.find("safety_factor"))
        o.safety_factor =
            values_->quantity(*v, Measure::number("safety_factor", Measure::Range::NonNegative));
    if (const TreeNode* v = map.find("allow_negative_orders"))
        o.allow_negative_orders = values_->boolean(*v);
}

}  // namespace memchain::model
