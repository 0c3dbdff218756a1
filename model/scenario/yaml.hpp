#pragma once
// The one door to yaml-cpp: YAML text to a position-carrying TreeNode and back. Only yaml.cpp
// includes <yaml-cpp/yaml.h>; the rest of memchain reads and writes TreeNodes.

#include <string>

#include "model/scenario/tree.hpp"

namespace memchain::model {

// Parses YAML text (the first document) into a tree whose positions name `file`; a YAML syntax
// error, a duplicate key or anything yaml-cpp rejects is an InputError at its position. With
// `positions` false every position is reported as `file` alone (for `--set` values).
[[nodiscard]] TreeNode parse_yaml(const std::string& text, const std::string& file,
                                  bool positions = true);

// The tree as YAML text. `csv:` paths are rewritten relative to `base_dir` (the directory of
// the scenario file) so that the text reads the same data when saved next to that file.
[[nodiscard]] std::string emit_yaml(const TreeNode& root, const std::string& base_dir);

}  // namespace memchain::model
