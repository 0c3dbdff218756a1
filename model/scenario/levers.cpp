#include "model/scenario/levers.hpp"

#include <algorithm>
#include <cassert>

#include "model/scenario/input_error.hpp"

namespace memchain::model {

namespace {

// The value just before `day`: the limit from the left, which differs from at(day) where a
// point sits on `day`.
double value_before(const Series& series, double day) {
    const auto first_at = std::lower_bound(series.points.begin(), series.points.end(), day,
                                           [](const auto& p, double d) { return p.first < d; });
    if (first_at == series.points.begin()) return series.points.front().second;
    const auto before = first_at - 1;
    if (first_at == series.points.end() || series.interpolation == Series::Interpolation::Step)
        return before->second;
    const double f = (day - before->first) / (first_at->first - before->first);
    return before->second + f * (first_at->second - before->second);
}

TreeNode scalar(const std::string& text, const SourcePos& at, bool quoted) {
    TreeNode n;
    n.kind = TreeNode::Kind::Scalar;
    n.text = text;
    n.quoted = quoted;
    n.pos = at;
    return n;
}

void add_entry(TreeNode& map, const std::string& key, TreeNode value) {
    TreeNode::Entry e;
    e.key = key;
    e.key_pos = value.pos;
    e.value = std::move(value);
    map.entries.push_back(std::move(e));
}

}  // namespace

Series scaled_from(const Series& series, double factor, double from_day) {
    if (series.points.empty() || from_day <= 0.0) return series.scaled(factor);
    Series out;
    out.interpolation = series.interpolation;
    for (const auto& p : series.points)
        if (p.first < from_day) out.points.push_back(p);
    // A point strictly before `from_day` keeps Series::at's "first value before the first
    // point" rule from answering the scaled value on `from_day` itself.
    const double before = value_before(series, from_day);
    if (out.points.empty()) out.points.emplace_back(from_day - 1.0, before);
    out.points.emplace_back(from_day, before);
    out.points.emplace_back(from_day, series.at(from_day) * factor);
    for (const auto& p : series.points)
        if (p.first > from_day) out.points.emplace_back(p.first, p.second * factor);
    return out;
}

bool has_capacity(const Node& node) {
    switch (node.block) {
    case Block::Station:
    case Block::Assembly: return true;
    case Block::Pool: return node.pool_capacity.has_value();
    case Block::Source:
    case Block::Inventory:
    case Block::Allocator:
    case Block::Sink:
    case Block::Buyer: return false;
    }
    return false;
}

void apply_lever(Scenario& scenario, const Lever& lever) {
    for (Node& node : scenario.nodes) {
        if (std::find(lever.targets.begin(), lever.targets.end(), node.name) == lever.targets.end())
            continue;
        assert(has_capacity(node) && "lever targets are checked by the reader");
        if (node.block == Block::Pool)
            node.pool_capacity =
                scaled_from(*node.pool_capacity, lever.factor, lever.from.to_days());
        else if (node.capacity)
            node.capacity = scaled_from(*node.capacity, lever.factor, lever.from.to_days());
        else
            node.servers_plan = scaled_from(node.servers_plan.value_or(Series::constant(1.0)),
                                            lever.factor, lever.from.to_days());
    }
}

void add_scale_flag(TreeNode& root, const std::string& text) {
    const SourcePos at{"--scale " + text, 0, 0};
    const std::string form = "expected SELECTOR=FACTOR[@DATE] like 'stage=HBM TSV=2@2027-01-01'";
    const std::size_t eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw InputError(at.file, form + ", found '" + text + "'");
    const std::string selector = text.substr(0, eq);
    std::string factor = text.substr(eq + 1);
    std::string from;
    if (const std::size_t atsign = factor.find('@'); atsign != std::string::npos) {
        from = factor.substr(atsign + 1);
        factor.resize(atsign);
        if (from.empty()) throw InputError(at.file, form + ": no date after '@'");
    }
    if (factor.empty()) throw InputError(at.file, form + ": no factor");

    TreeNode targets;
    targets.kind = TreeNode::Kind::Map;
    targets.pos = at;
    std::size_t begin = 0;
    while (begin <= selector.size()) {
        std::size_t end = selector.find(',', begin);
        if (end == std::string::npos) end = selector.size();
        const std::string criterion = selector.substr(begin, end - begin);
        const std::size_t ceq = criterion.find('=');
        if (ceq == std::string::npos || ceq == 0 || ceq + 1 == criterion.size())
            throw InputError(at.file, form + ": '" + criterion + "' is not key=value");
        const std::string key = criterion.substr(0, ceq), value = criterion.substr(ceq + 1);
        if (key == "node") {
            if (selector != criterion)
                throw InputError(at.file, "node=NAME selects one node; give it alone");
            targets = scalar(value, at, true);
            break;
        }
        add_entry(targets, key, scalar(value, at, true));
        begin = end + 1;
    }

    TreeNode lever;
    lever.kind = TreeNode::Kind::Map;
    lever.pos = at;
    add_entry(lever, "name", scalar(text, at, true));
    add_entry(lever, "targets", std::move(targets));
    add_entry(lever, "scale", scalar(factor, at, false));
    if (!from.empty()) add_entry(lever, "from", scalar(from, at, false));

    TreeNode::Entry* levers = root.entry("levers");
    if (levers == nullptr || levers->value.is_null()) {
        if (levers == nullptr) {
            TreeNode::Entry added;
            added.key = "levers";
            added.key_pos = at;
            root.entries.push_back(std::move(added));
            levers = &root.entries.back();
        }
        levers->value.kind = TreeNode::Kind::Sequence;
        levers->value.pos = at;
    }
    if (!levers->value.is_sequence())
        throw InputError(at.file, "the scenario's levers is " + describe(levers->value) +
                                      ", not a list to add to");
    levers->value.items.push_back(std::move(lever));
}

VariantFlag parse_variant_flag(const std::string& text) {
    const std::string where = "--variant " + text;
    const std::size_t colon = text.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw InputError(where,
                         "expected NAME:path=value[,path=value...] (items may also be "
                         "scale(SELECTOR=FACTOR[@DATE]))");
    VariantFlag out;
    out.name = text.substr(0, colon);
    std::vector<std::string> items;
    std::string item;
    int depth = 0;
    char quote = 0;
    for (const char c : text.substr(colon + 1)) {
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '[' || c == '{' || c == '(') {
            ++depth;
        } else if (c == ']' || c == '}' || c == ')') {
            --depth;
        } else if (c == ',' && depth == 0) {
            items.push_back(item);
            item.clear();
            continue;
        }
        item += c;
    }
    items.push_back(item);
    for (const std::string& i : items) {
        if (i.rfind("scale(", 0) == 0 && i.size() > 7 && i.back() == ')')
            out.scales.push_back(i.substr(6, i.size() - 7));
        else if (i.find('=') != std::string::npos && i.front() != '=')
            out.overrides.push_back(i);
        else
            throw InputError(where, "item '" + i + "' is neither path=value nor scale(...)");
    }
    return out;
}

}  // namespace memchain::model
