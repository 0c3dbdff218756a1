#include "model/scenario/tree.hpp"

#include "model/scenario/input_error.hpp"

namespace memchain::model {

const TreeNode::Entry* TreeNode::entry(std::string_view key) const {
    for (const auto& e : entries)
        if (e.key == key) return &e;
    return nullptr;
}

TreeNode::Entry* TreeNode::entry(std::string_view key) {
    for (auto& e : entries)
        if (e.key == key) return &e;
    return nullptr;
}

const TreeNode* TreeNode::find(std::string_view key) const {
    const Entry* e = entry(key);
    return e == nullptr || e->value.is_null() ? nullptr : &e->value;
}

TreeNode* TreeNode::find(std::string_view key) {
    Entry* e = entry(key);
    return e == nullptr || e->value.is_null() ? nullptr : &e->value;
}

std::vector<std::string> TreeNode::keys() const {
    std::vector<std::string> out;
    out.reserve(entries.size());
    for (const auto& e : entries) out.push_back(e.key);
    return out;
}

std::string describe(const TreeNode& node) {
    switch (node.kind) {
    case TreeNode::Kind::Null: return "nothing";
    case TreeNode::Kind::Scalar: return "'" + node.text + "'";
    case TreeNode::Kind::Sequence: return "a list";
    case TreeNode::Kind::Map: return "a map";
    }
    return "?";
}

void fail(const SourcePos& pos, const std::string& what) {
    throw InputError(pos.file, pos.line, pos.column, what);
}

}  // namespace memchain::model
