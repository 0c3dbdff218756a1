#include "model/scenario/yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <yaml-cpp/eventhandler.h>

#include <filesystem>
#include <optional>
#include <sstream>

#include "model/scenario/input_error.hpp"
#include "model/scenario/text.hpp"
#include "model/scenario/values.hpp"

namespace memchain::model {

namespace fs = std::filesystem;

namespace {

SourcePos position(const std::string& file, const YAML::Mark& mark, bool positions) {
    if (!positions || mark.line < 0) return SourcePos{file, 0, 0};
    return SourcePos{file, mark.line + 1, mark.column + 1};
}

// What a document may grow to once its aliases are expanded: a few kilobytes of nested
// aliases ("billion laughs") would otherwise take gigabytes. The largest shipped scenario is a
// few thousand nodes.
constexpr std::size_t max_tree_nodes = 200'000;
constexpr std::size_t max_tree_text = 16u << 20;  // bytes of keys and scalars

struct Budget {
    std::size_t nodes = 0;
    std::size_t text = 0;
};

// Keys and names may not span lines; values may (block scalars hold line breaks).
void check_text(const std::string& text, const SourcePos& at, bool is_key) {
    if (const auto fault = find_text_fault(text, !is_key))
        fail(at, fault->what + " in " + (is_key ? "a key or name" : "a value") +
                     (fault->what == "invalid UTF-8"
                          ? std::string()
                          : " (names and values are shown on terminals and in files)"));
}

TreeNode convert(const YAML::Node& node, const std::string& file, bool positions, Budget& budget) {
    TreeNode out;
    out.pos = position(file, node.Mark(), positions);
    if (++budget.nodes > max_tree_nodes)
        fail(out.pos, "the document grows past " + std::to_string(max_tree_nodes) +
                          " values once its aliases are expanded (the most a scenario may hold)");
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: out.kind = TreeNode::Kind::Null; break;
    case YAML::NodeType::Scalar:
        out.kind = TreeNode::Kind::Scalar;
        out.text = node.Scalar();
        budget.text += out.text.size();
        if (budget.text > max_tree_text)
            fail(out.pos, "the document grows past " + std::to_string(max_tree_text >> 20) +
                              " MB of text once its aliases are expanded (the most a scenario "
                              "may hold)");
        check_text(out.text, out.pos, false);
        // "?" marks a plain scalar; quoted ("!") or tagged scalars are always text.
        out.quoted = node.Tag() != "?";
        break;
    case YAML::NodeType::Sequence:
        out.kind = TreeNode::Kind::Sequence;
        for (const auto& item : node) out.items.push_back(convert(item, file, positions, budget));
        break;
    case YAML::NodeType::Map:
        out.kind = TreeNode::Kind::Map;
        for (const auto& pair : node) {
            const SourcePos key_pos = position(file, pair.first.Mark(), positions);
            if (!pair.first.IsScalar())
                fail(key_pos, "expected a plain key, found a " +
                                  std::string(pair.first.IsMap() ? "map" : "list"));
            const std::string key = pair.first.Scalar();
            check_text(key, key_pos, true);
            if (const TreeNode::Entry* first = out.entry(key))
                fail(key_pos,
                     "duplicate key '" + key + "'" +
                         (first->key_pos.line > 0
                              ? " (first on line " + std::to_string(first->key_pos.line) + ")"
                              : std::string()));
            TreeNode::Entry entry{key, key_pos, convert(pair.second, file, positions, budget)};
            // yaml-cpp places an empty value at the next token; the key is the better place.
            if (entry.value.is_null()) entry.value.pos = key_pos;
            out.entries.push_back(std::move(entry));
        }
        break;
    }
    return out;
}

bool fits_on_one_line(const TreeNode& node) {
    std::size_t length = 0;
    if (node.is_sequence()) {
        for (const auto& item : node.items) {
            if (item.is_map() || item.is_sequence()) return false;
            length += item.text.size() + 2;
        }
    } else {
        for (const auto& e : node.entries) {
            if (e.value.is_map() || e.value.is_sequence()) return false;
            length += e.key.size() + e.value.text.size() + 4;
        }
    }
    return length <= 72;
}

std::string rebased(const TreeNode& path, const fs::path& base_dir) {
    const fs::path written(path.text);
    if (written.is_absolute()) return path.text;
    const fs::path resolved =
        fs::absolute(fs::path(base_directory(path.pos)) / written).lexically_normal();
    const fs::path relative =
        resolved.lexically_relative(fs::absolute(base_dir).lexically_normal());
    return relative.empty() ? path.text : relative.generic_string();
}

void emit(YAML::Emitter& out, const TreeNode& node, const fs::path& base_dir) {
    switch (node.kind) {
    case TreeNode::Kind::Null: out << YAML::Null; return;
    case TreeNode::Kind::Scalar:
        if (node.quoted)
            out << YAML::DoubleQuoted << node.text;
        else
            out << node.text;
        return;
    case TreeNode::Kind::Sequence:
        out << (fits_on_one_line(node) ? YAML::Flow : YAML::Block) << YAML::BeginSeq;
        for (const auto& item : node.items) emit(out, item, base_dir);
        out << YAML::EndSeq;
        return;
    case TreeNode::Kind::Map:
        out << (fits_on_one_line(node) ? YAML::Flow : YAML::Block) << YAML::BeginMap;
        for (const auto& e : node.entries) {
            out << YAML::Key << e.key << YAML::Value;
            if (e.key == "csv" && e.value.is_scalar())
                out << rebased(e.value, base_dir);
            else
                emit(out, e.value, base_dir);
        }
        out << YAML::EndMap;
        return;
    }
}

// Notes where each document of a stream starts; the values themselves are read by YAML::Load.
class DocumentStarts : public YAML::EventHandler {
public:
    std::optional<YAML::Mark> start;

    void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

// A scenario file holds one document. The check reads at most two: yaml-cpp's own LoadAll
// never returns on a stray ',' at the start of a line (its parser hands back an empty document
// without moving on), so a second document that starts where the first did is that character.
void check_single_document(const std::string& text, const std::string& file, bool positions) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentStarts first;
    if (!parser.HandleNextDocument(first)) return;
    DocumentStarts second;
    if (!parser.HandleNextDocument(second) || !second.start) return;
    const YAML::Mark at = *second.start;
    if (first.start && at.pos == first.start->pos) {
        const char c = at.pos >= 0 && static_cast<std::size_t>(at.pos) < text.size()
                           ? text[static_cast<std::size_t>(at.pos)]
                           : '?';
        fail(position(file, at, positions), std::string("'") + c +
                                                "' cannot start a value here (outside [ ] or "
                                                "{ } it must be quoted)");
    }
    fail(position(file, at, positions),
         "a second YAML document ('---'): a scenario file holds one");
}

}  // namespace

TreeNode parse_yaml(const std::string& text, const std::string& file, bool positions) {
    try {
        check_single_document(text, file, positions);
        const YAML::Node document = YAML::Load(text);
        Budget budget;
        TreeNode tree = convert(document, file, positions, budget);
        if (tree.is_null() && positions) tree.pos = SourcePos{file, 1, 1};
        return tree;
    } catch (const YAML::Exception& e) {
        // yaml-cpp counts lines and columns from 0.
        if (!positions) throw InputError(file, e.msg);
        throw InputError(file, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
}

std::string emit_yaml(const TreeNode& root, const std::string& base_dir) {
    YAML::Emitter out;
    out.SetIndent(2);
    emit(out, root, base_dir.empty() ? fs::path(".") : fs::path(base_dir));
    return std::string(out.c_str()) + "\n";
}

}  // namespace memchain::model
