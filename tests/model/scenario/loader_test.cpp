// load_scenario at its boundary: YAML syntax errors, the example scenario, the hash and the
// resolved text.

#include "model/scenario/loader.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

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
}  // TEST_SUITE
