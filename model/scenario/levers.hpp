#pragma once
// Levers: "double HBM TSV from 2027" in one line. A lever multiplies the capacity of a node, or
// of every node a selector picks (stage, owner, region, preset, block, as shocks select), by a
// factor from a date on. It is a change to the scenario, not an event: the loader rewrites the
// targets' capacity plans, so a run sees only different plans and the engine needs nothing new.
// What a lever scales: a station's or assembly's capacity rate (or its servers), a pool's
// capacity. Capacity that shocks add (capacity_expansion, absolute units a day) is not scaled.

#include <string>
#include <vector>

#include "model/scenario/scenario.hpp"
#include "model/scenario/tree.hpp"

namespace memchain::model {

// `series` with every value from `from_day` on multiplied by `factor` and the values before it
// unchanged: a step at `from_day`, after which a linear plan keeps its shape, scaled. From the
// start (`from_day` <= 0) the whole series is scaled.
[[nodiscard]] Series scaled_from(const Series& series, double factor, double from_day);

// Whether a lever can scale the node: a station or assembly (rate or servers) or a pool with a
// capacity.
[[nodiscard]] bool has_capacity(const Node& node);

// Multiplies the capacity plan of each of `lever.targets` (names of nodes with a capacity) by
// `lever.factor` from `lever.from` on.
void apply_lever(Scenario& scenario, const Lever& lever);

// Appends the lever that `--scale SELECTOR=FACTOR[@DATE]` describes to the `levers:` list of
// `root`, each value positioned at the flag. SELECTOR is `node=NAME`, or one or more of
// `stage=`, `owner=`, `region=`, `preset=`, `block=` joined by commas (all must match);
// FACTOR a number; DATE when it starts (default: the scenario's start). Text not of this form
// is an InputError at `--scale`; the scenario reader checks the rest (a selector matching no
// node with a capacity, a factor <= 0, a date before the start).
void add_scale_flag(TreeNode& root, const std::string& text);

// A what-if written on the command line (`compare --variant`): the base scenario with some
// `--set` overrides and `--scale` levers.
struct VariantFlag {
    std::string name;
    std::vector<std::string> overrides;  // path=value
    std::vector<std::string> scales;     // SELECTOR=FACTOR[@DATE]
};

// Parses `NAME:ITEM[,ITEM...]`, each ITEM `path=value` (as --set) or `scale(SELECTOR=FACTOR
// [@DATE])` (as --scale). Items split at commas outside brackets, braces, parentheses and
// quotes, so `nodes.b.suppliers={x: 0.5, y: 0.5}` is one item. An InputError at `--variant`
// for a missing name or an empty item.
[[nodiscard]] VariantFlag parse_variant_flag(const std::string& text);

}  // namespace memchain::model
