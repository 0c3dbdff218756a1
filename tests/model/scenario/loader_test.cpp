// load_scenario at its boundary: YAML syntax errors, the example scenario, the hash and the
// resolved text.

#include "model/scenario/loader.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "scenario_files.hpp"

using namespace memchain::model;
using memchain::testing::ScenarioFiles;

namespace {

const std::string example = std::string(MEMCHAIN_SOURCE_DIR) + "/configs/examples/hbm-mini.yaml";

const std::string with_csv = R"(name: t
start: 2026-01-01
products: {wafer: {unit: wafers}}
nodes:
  fab: {block: station, product: wafer, capacity: {csv: cap.csv, series: fab}}
)";

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("load_scenario: every scenario the repository ships loads") {
        // configs/ holds the baseline, its shocks, sensitivities, examples and backtests; each
        // one extends another or reads data/, so a change to a key or a CSV can break one that
        // no other test runs.
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(
                 std::string(MEMCHAIN_SOURCE_DIR) + "/configs"))
            if (entry.path().extension() == ".yaml") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        CHECK(files.size() >= 30);
        for (const auto& file : files) {
            CAPTURE(file.string());
            Scenario s;
            CHECK_NOTHROW(s = load_scenario(file.string()));
            CHECK_FALSE(s.nodes.empty());
        }
    }

    TEST_CASE("load_scenario: YAML syntax errors become positioned InputErrors") {
        ScenarioFiles f;
        CHECK(f.error_of("name: t\nstart: [2026-01-01\n") ==
              "s.yaml:3:1: error: end of sequence flow not found");
        CHECK(f.error_of("name: t\n  start: 2026-01-01\n") ==
              "s.yaml:2:8: error: illegal map value");
        CHECK(f.error_of("name: t\nname: u\n") ==
              "s.yaml:2:1: error: duplicate key 'name' (first on line 1)");
        CHECK(f.error_of("name: t\n{a: 1}: 2\n") ==
              "s.yaml:2:1: error: expected a plain key, found a map");
    }

    TEST_CASE("load_scenario: the example scenario in configs/examples loads as documented") {
        const Scenario s = load_scenario(example);
        CHECK(s.name == "hbm-mini");
        CHECK(s.path == example);
        CHECK(s.products.size() == 7);
        CHECK(s.nodes.size() == 12);
        CHECK(s.lanes.size() == 11);
        CHECK(s.shocks.size() == 2);
        CHECK(s.find_node("skhynix_tsv")->block == Block::Assembly);
        CHECK(s.shocks[1].targets == std::vector<std::string>{"tsmc_cowos"});
    }

    TEST_CASE("load_scenario: configs/README.md shows the example scenario exactly as the file") {
        const auto read = [](const std::string& path) {
            std::ifstream in(path, std::ios::binary);
            REQUIRE(in);
            std::stringstream text;
            text << in.rdbuf();
            return text.str();
        };
        const std::string readme = read(std::string(MEMCHAIN_SOURCE_DIR) + "/configs/README.md");
        const std::size_t section = readme.find("## A complete example");
        REQUIRE(section != std::string::npos);
        const std::size_t open = readme.find("```yaml\n", section);
        REQUIRE(open != std::string::npos);
        const std::size_t begin = open + 8;
        const std::size_t close = readme.find("\n```\n", begin);
        REQUIRE(close != std::string::npos);
        CHECK(readme.substr(begin, close + 1 - begin) == read(example));
    }

    TEST_CASE("load_scenario: the resolved text loads to the same scenario") {
        const Scenario s = load_scenario(example);
        ScenarioFiles f;
        f.write("resolved.yaml", s.resolved_text);
        const Scenario again = f.load("resolved.yaml");
        CHECK(again.resolved_text == s.resolved_text);
        CHECK(scenario_hash(again) == scenario_hash(s));
        CHECK(again.nodes.size() == s.nodes.size());
        CHECK(again.lanes.size() == s.lanes.size());
    }

    TEST_CASE("scenario_hash: 16 hex digits over the resolved text and every CSV read") {
        ScenarioFiles f;
        f.write("s.yaml", with_csv);
        f.write("cap.csv", "series,date,value,unit,source,note\nfab,2026-01-01,100,wafers/day,,\n");
        const Scenario first = f.load();
        REQUIRE(first.data_files.size() == 1);
        CHECK(first.data_files[0].content.find("fab,2026-01-01,100") != std::string::npos);
        const std::string hash = scenario_hash(first);
        CHECK(hash.size() == 16);
        CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
        CHECK(scenario_hash(f.load()) == hash);

        // Same YAML, different data: a different hash.
        f.write("cap.csv", "series,date,value,unit,source,note\nfab,2026-01-01,101,wafers/day,,\n");
        const Scenario changed = f.load();
        CHECK(changed.resolved_text == first.resolved_text);
        CHECK(scenario_hash(changed) != hash);

        // An override changes the resolved text and so the hash.
        CHECK(scenario_hash(f.load("s.yaml", {"seed=2"})) != scenario_hash(changed));
    }

    TEST_CASE("load_scenario: aliases that expand past the limit are a positioned error") {
        // Billion laughs: nine levels of ten aliases each, a billion values once expanded, in
        // a few hundred bytes.
        std::string text = "name: t\nstart: 2026-01-01\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
        for (int level = 1; level <= 9; ++level) {
            const std::string prev = "*l" + std::to_string(level - 1);
            text += "l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
            for (int i = 0; i < 10; ++i) text += (i ? ", " : "") + prev;
            text += "]\n";
        }
        memchain::testing::ScenarioFiles f;
        f.write("bomb.yaml", text);
        const auto started = std::chrono::steady_clock::now();
        const std::string error = f.error("bomb.yaml");
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
        CHECK(error.find("bomb.yaml:") == 0);
        CHECK(error.find("error: the document grows past 200000 values once its aliases are "
                         "expanded") != std::string::npos);
    }

    TEST_CASE("load_scenario: a second document, control characters, bad UTF-8 are refused") {
        memchain::testing::ScenarioFiles f;
        f.write("two.yaml", "name: t\nstart: 2026-01-01\n---\nname: u\n");
        CHECK(f.error("two.yaml") ==
              "two.yaml:3:1: error: a second YAML document ('---'): a scenario file holds one");
        // yaml-cpp's LoadAll never returns on this one: it must be an error, and a quick one.
        f.write("comma.yaml", "name: t\n,xtends: b.yaml\n");
        CHECK(f.error("comma.yaml") == "comma.yaml:2:1: error: end of map not found");
        f.write("comma_first.yaml", ",xtends: b.yaml\nname: a\n");
        CHECK(f.error("comma_first.yaml") ==
              "comma_first.yaml:1:1: error: ',' cannot start a value here (outside [ ] or { } it "
              "must be quoted)");
        f.write("escape.yaml", "name: \"t\\e[31mred\"\nstart: 2026-01-01\n");
        CHECK(f.error("escape.yaml") ==
              "escape.yaml:1:7: error: control character 0x1b in a value (names and values are "
              "shown on terminals and in files)");
        f.write("key.yaml", "name: t\nstart: 2026-01-01\nproducts:\n  \"a\\tb\": {unit: x}\n");
        CHECK(f.error("key.yaml") ==
              "key.yaml:4:3: error: control character 0x09 in a key or name (names and values "
              "are shown on terminals and in files)");
        f.write("utf8.yaml", "name: t\xff\xfe\nstart: 2026-01-01\n");
        CHECK(f.error("utf8.yaml") == "utf8.yaml:1:7: error: invalid UTF-8 in a value");
        f.write("nul.yaml", std::string("name: \"t\\0\"\nstart: 2026-01-01\n"));
        CHECK(f.error("nul.yaml").find("control character 0x00") != std::string::npos);
        // Text that is neither: accents, em dashes and CJK load.
        f.write("fine.yaml", "name: \"Säule — 工場\"\nstart: 2026-01-01\n");
        CHECK(f.error("fine.yaml").find("UTF-8") == std::string::npos);
    }
}  // TEST_SUITE
