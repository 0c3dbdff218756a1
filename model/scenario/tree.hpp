#pragma once
// A scenario document as plain data: YAML maps, lists and scalars with the file:line:column of
// every key and value. `extends:` merges and `--set` overrides rewrite this tree, and each
// value keeps the position it was written at (a parent file's, or `--set <path>`), so errors
// found later still point at the right place. Only scenario_loader.cpp converts between this
// tree and yaml-cpp.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/scenario.hpp"

namespace memchain::model {

struct TreeNode {
    enum class Kind : std::uint8_t { Null, Scalar, Sequence, Map };
    struct Entry;

    Kind kind = Kind::Null;
    std::string text;             // Scalar
    bool quoted = false;          // Scalar written in quotes or with a tag: text, never a number
    std::vector<TreeNode> items;  // Sequence
    std::vector<Entry> entries;   // Map, in the order written
    SourcePos pos;

    [[nodiscard]] bool is_null() const { return kind == Kind::Null; }
    [[nodiscard]] bool is_scalar() const { return kind == Kind::Scalar; }
    [[nodiscard]] bool is_sequence() const { return kind == Kind::Sequence; }
    [[nodiscard]] bool is_map() const { return kind == Kind::Map; }

    // The value under `key` in a map, or nullptr (also for a key whose value is null).
    [[nodiscard]] const TreeNode* find(std::string_view key) const;
    [[nodiscard]] TreeNode* find(std::string_view key);
    // The entry for `key` in a map, or nullptr.
    [[nodiscard]] const Entry* entry(std::string_view key) const;
    [[nodiscard]] Entry* entry(std::string_view key);
    [[nodiscard]] std::vector<std::string> keys() const;
};

struct TreeNode::Entry {
    std::string key;
    SourcePos key_pos;
    TreeNode value;
};

// "'12 w'", "a map", "a list" or "nothing": what was found, for error messages.
[[nodiscard]] std::string describe(const TreeNode& node);

// Throws InputError at `pos`.
[[noreturn]] void fail(const SourcePos& pos, const std::string& what);

}  // namespace memchain::model
