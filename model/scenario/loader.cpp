#include "model/scenario/loader.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "model/scenario/csv.hpp"
#include "model/scenario/input_error.hpp"
#include "model/scenario/levers.hpp"
#include "model/scenario/merge.hpp"
#include "model/scenario/reader.hpp"
#include "model/scenario/units.hpp"
#include "model/scenario/yaml.hpp"
#include "sim/rng.hpp"

namespace memchain::model {

namespace fs = std::filesystem;

namespace {

// Reads one scenario file and, through `extends:`, the files it builds on, merged into one
// tree. `chain` holds the files being read, to report cycles.
TreeNode load_document(const std::string& path, const SourcePos* referenced_at,
                       std::vector<std::string>& chain) {
    std::string why;
    const auto text = read_file(path, why);
    if (!text) {
        if (referenced_at != nullptr)
            fail(*referenced_at, "cannot read '" + path + "' (" + why + ")");
        throw InputError(path, "cannot read the scenario file (" + why + ")");
    }
    TreeNode tree = parse_yaml(*text, path);
    if (!tree.is_map()) return tree;
    const auto it = std::find_if(tree.entries.begin(), tree.entries.end(),
                                 [](const TreeNode::Entry& e) { return e.key == "extends"; });
    if (it == tree.entries.end()) return tree;
    const TreeNode extends = it->value;
    tree.entries.erase(it);
    if (extends.is_null()) return tree;
    if (!extends.is_scalar())
        fail(extends.pos, "expected extends to name one scenario file, found " + describe(extends));
    const std::string parent =
        (fs::path(base_directory(extends.pos)) / extends.text).lexically_normal().string();
    std::error_code ignored;
    const std::string identity = fs::weakly_canonical(parent, ignored).string();
    chain.push_back(fs::weakly_canonical(path, ignored).string());
    if (std::find(chain.begin(), chain.end(), identity) != chain.end()) {
        std::string cycle;
        for (const auto& file : chain) cycle += fs::path(file).filename().string() + " -> ";
        fail(extends.pos, "extends has a cycle: " + cycle + fs::path(parent).filename().string());
    }
    TreeNode base = load_document(parent, &extends.pos, chain);
    chain.pop_back();
    if (!base.is_map())
        fail(extends.pos, "'" + parent + "' is not a scenario (expected a map of keys)");
    return merge_documents(std::move(base), tree);
}

}  // namespace

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                       const std::vector<std::string>& scales) {
    try {
        std::vector<std::string> chain;
        TreeNode tree = load_document(path, nullptr, chain);
        for (const auto& assignment : overrides) apply_override(tree, assignment);
        for (const auto& scale : scales) add_scale_flag(tree, scale);
        Scenario scenario = ScenarioReader(tree, path).read();
        scenario.resolved_text = emit_yaml(tree, base_directory(SourcePos{path, 0, 0}));
        return scenario;
    } catch (const fs::filesystem_error& e) {
        throw InputError(path, e.code().message());
    } catch (const UnitError& e) {
        // Every unit is parsed where its position is known; this only keeps the promise that
        // nothing but InputError leaves the loader.
        throw InputError(path, e.what());
    }
}

std::string scenario_hash(const Scenario& scenario) {
    std::uint64_t hash = sim::fnv1a64(scenario.resolved_text);
    for (const DataFile& file : scenario.data_files) hash = sim::fnv1a64(file.content, hash);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return hex;
}

}  // namespace memchain::model
