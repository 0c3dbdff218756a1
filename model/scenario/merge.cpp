#include "model/scenario/merge.hpp"

#include <algorithm>
#include <optional>

#include "model/scenario/input_error.hpp"
#include "model/scenario/suggest.hpp"
#include "model/scenario/units.hpp"
#include "model/scenario/yaml.hpp"

namespace memchain::model {

namespace {

// What identifies an item of a merged list: "from->to" for a lane, the name for a shock.
std::optional<std::string> identity(const TreeNode& item, bool lanes) {
    if (!item.is_map()) return std::nullopt;
    if (lanes) {
        const TreeNode* from = item.find("from");
        const TreeNode* to = item.find("to");
        if (from == nullptr || to == nullptr || !from->is_scalar() || !to->is_scalar())
            return std::nullopt;
        return from->text + "->" + to->text;
    }
    const TreeNode* name = item.find("name");
    if (name == nullptr || !name->is_scalar()) return std::nullopt;
    return name->text;
}

void merge_maps(TreeNode& parent, const TreeNode& child, bool top_level);

// Takes `remove:` out of a list item; true when the item asks to delete its match.
bool take_remove_flag(TreeNode& item) {
    const auto it = std::find_if(item.entries.begin(), item.entries.end(),
                                 [](const TreeNode::Entry& e) { return e.key == "remove"; });
    if (it == item.entries.end()) return false;
    const TreeNode& flag = it->value;
    if (!flag.is_scalar() || (flag.text != "true" && flag.text != "false"))
        fail(flag.pos, "expected true or false, found " + describe(flag));
    const bool remove = flag.text == "true";
    item.entries.erase(it);
    return remove;
}

void merge_lists(TreeNode& parent, const TreeNode& child, bool lanes) {
    const std::size_t inherited = parent.items.size();
    std::vector<bool> removed(inherited, false);
    for (TreeNode item : child.items) {
        const auto id = identity(item, lanes);
        const auto match =
            id ? std::find_if(parent.items.begin(),
                              parent.items.begin() + static_cast<std::ptrdiff_t>(inherited),
                              [&](const TreeNode& p) { return identity(p, lanes) == id; })
               : parent.items.begin() + static_cast<std::ptrdiff_t>(inherited);
        const bool found = match != parent.items.begin() + static_cast<std::ptrdiff_t>(inherited);
        const SourcePos item_pos = item.pos;
        const bool remove = item.is_map() && take_remove_flag(item);
        if (remove) {
            if (!found)
                fail(item_pos, std::string("nothing to remove: no ") + (lanes ? "lane" : "shock") +
                                   " '" + id.value_or("?") + "' in the scenario this extends");
            removed[static_cast<std::size_t>(match - parent.items.begin())] = true;
            continue;
        }
        if (found)
            merge_maps(*match, item, false);
        else
            parent.items.push_back(std::move(item));
    }
    std::vector<TreeNode> kept;
    kept.reserve(parent.items.size());
    for (std::size_t i = 0; i < parent.items.size(); ++i)
        if (i >= inherited || !removed[i]) kept.push_back(std::move(parent.items[i]));
    parent.items = std::move(kept);
}

void merge_maps(TreeNode& parent, const TreeNode& child, bool top_level) {
    for (const auto& c : child.entries) {
        const auto it = std::find_if(parent.entries.begin(), parent.entries.end(),
                                     [&](const TreeNode::Entry& e) { return e.key == c.key; });
        if (it == parent.entries.end()) {
            parent.entries.push_back(c);
            continue;
        }
        if (c.value.is_null()) {
            parent.entries.erase(it);
            continue;
        }
        TreeNode& target = it->value;
        if (target.is_map() && c.value.is_map()) {
            merge_maps(target, c.value, false);
        } else if (top_level && (c.key == "lanes" || c.key == "shocks") && target.is_sequence() &&
                   c.value.is_sequence()) {
            merge_lists(target, c.value, c.key == "lanes");
        } else {
            target = c.value;
            it->key_pos = c.key_pos;
        }
    }
}

// One step of an override path: a key with optional list selectors, `lanes[a->b]`.
struct PathStep {
    std::string key;
    std::vector<std::string> selectors;
};

std::vector<PathStep> split_path(const std::string& path) {
    std::vector<PathStep> steps;
    PathStep step;
    bool pending = false;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '.') {
            if (step.key.empty())
                throw InputError("--set", "bad path '" + path +
                                              "': empty key (expected keys "
                                              "joined by dots, like nodes.fab.capacity)");
            steps.push_back(std::move(step));
            step = PathStep{};
            pending = false;
            continue;
        }
        if (c == '[') {
            const std::size_t close = path.find(']', i);
            if (close == std::string::npos || step.key.empty())
                throw InputError("--set",
                                 "bad path '" + path + "': expected key[item] with a closing ']'");
            step.selectors.push_back(path.substr(i + 1, close - i - 1));
            i = close;
            pending = true;
            continue;
        }
        if (pending) throw InputError("--set", "bad path '" + path + "': expected '.' after ']'");
        step.key += c;
    }
    if (step.key.empty())
        throw InputError("--set", "bad path '" + path +
                                      "': empty key (expected keys joined by "
                                      "dots, like nodes.fab.capacity)");
    steps.push_back(std::move(step));
    return steps;
}

TreeNode& select_item(TreeNode& list, const std::string& selector, const std::string& where,
                      const std::string& path) {
    if (!list.is_sequence())
        throw InputError("--set", "bad path '" + path + "': " + where + " is " + describe(list) +
                                      ", not a list");
    const auto index = parse_number(selector);
    if (index && *index >= 0 && *index == static_cast<double>(static_cast<std::size_t>(*index))) {
        const auto i = static_cast<std::size_t>(*index);
        if (i < list.items.size()) return list.items[i];
        throw InputError("--set", "bad path '" + path + "': " + where + " has " +
                                      std::to_string(list.items.size()) + " items, no item " +
                                      selector);
    }
    const bool lanes = selector.find("->") != std::string::npos;
    std::vector<std::string> names;
    for (TreeNode& item : list.items) {
        const auto id = identity(item, lanes);
        if (id == selector) return item;
        if (id) names.push_back(*id);
    }
    throw InputError("--set", "bad path '" + path + "': no item '" + selector + "' in " + where +
                                  did_you_mean(selector, names));
}

// A bare number over a number with a unit keeps that unit: "90000" over "60000 wafers/month".
void keep_unit(TreeNode& value, const TreeNode& old) {
    if (!value.is_scalar() || value.quoted || !old.is_scalar() || old.quoted) return;
    if (!parse_number(value.text)) return;
    const std::size_t n = number_prefix_length(old.text);
    if (n == 0 || n == old.text.size()) return;
    value.text += old.text.substr(n);
}

// A bare number has no unit to keep over a plan (a map with points or csv): the reader would
// then ask for "a rate like 100 wafers/month" without saying that a series over dates was
// replaced. Said here, where the path is known, with the ways that work (a sweep cannot give a
// unit, but can vary the plan's scale).
void refuse_bare_number_over_plan(const TreeNode& value, const TreeNode& old,
                                  const std::string& path) {
    if (!value.is_scalar() || value.quoted || !parse_number(value.text) || !old.is_map()) return;
    const TreeNode* csv = old.find("csv");
    if (csv == nullptr && old.find("points") == nullptr) return;
    const std::string from =
        csv != nullptr && csv->is_scalar() ? " (read from " + csv->text + ")" : "";
    throw InputError("--set", "'" + path + "' is a plan over dates" + from +
                                  ", so the bare number '" + value.text +
                                  "' has no unit to keep: set or vary '" + path +
                                  ".scale' to scale the plan, or give a value with its unit");
}

}  // namespace

TreeNode merge_documents(TreeNode parent, const TreeNode& child) {
    if (!parent.is_map() || !child.is_map()) return child;
    merge_maps(parent, child, true);
    return parent;
}

void apply_override(TreeNode& root, const std::string& assignment) {
    const std::size_t eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw InputError("--set", "expected path=value, found '" + assignment + "'");
    const std::string path = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    const std::vector<PathStep> steps = split_path(path);

    TreeNode* current = &root;
    std::string where = "the scenario";
    for (std::size_t s = 0; s < steps.size(); ++s) {
        const PathStep& step = steps[s];
        const bool last = s + 1 == steps.size();
        if (!current->is_map())
            throw InputError("--set", "bad path '" + path + "': " + where + " is " +
                                          describe(*current) + ", not a map");
        TreeNode::Entry* entry = current->entry(step.key);
        if (entry == nullptr) {
            if (!last || !step.selectors.empty())
                throw InputError("--set", "bad path '" + path + "': no key '" + step.key + "' in " +
                                              where + did_you_mean(step.key, current->keys()));
            // A new key: the scenario checks later whether it belongs here.
            TreeNode::Entry added;
            added.key = step.key;
            added.key_pos = SourcePos{"--set " + path, 0, 0};
            current->entries.push_back(std::move(added));
            entry = &current->entries.back();
        }
        where = where == "the scenario" ? step.key : where + "." + step.key;
        current = &entry->value;
        for (const auto& selector : step.selectors) {
            current = &select_item(*current, selector, where, path);
            where += "[" + selector + "]";
        }
    }
    TreeNode value = parse_yaml(text, "--set " + path, false);
    refuse_bare_number_over_plan(value, *current, path);
    keep_unit(value, *current);
    *current = std::move(value);
}

}  // namespace memchain::model
