#pragma once
// How scenario documents combine: `extends:` deep-merges a child over its parent, and
// `--set path=value` overrides one value after that. Both work on the position-carrying tree,
// so a value inherited from a parent still reports the parent's file:line:column.

#include <string>

#include "model/scenario/tree.hpp"

namespace memchain::model {

// `child` merged over `parent`: maps merge key by key (the child wins), a null value deletes
// the parent's key, the top-level `lanes` merge by (from, to) and `shocks` by name (a matching
// item merges key by key; `remove: true` deletes it), and other lists are replaced.
[[nodiscard]] TreeNode merge_documents(TreeNode parent, const TreeNode& child);

// Applies `path=value` to `root`: the path is keys joined by dots with `[...]` picking a list
// item by index, by name (`shocks[fab-fire]`) or by lane (`lanes[a->b]`); the value is YAML.
// A bare number replacing a number with a unit keeps the unit (`capacity=90000` over
// `60000 wafers/month` sets 90000 wafers/month). A path that does not exist is an InputError
// at `--set`; the new value reports its position as `--set <path>`.
void apply_override(TreeNode& root, const std::string& assignment);

}  // namespace memchain::model
