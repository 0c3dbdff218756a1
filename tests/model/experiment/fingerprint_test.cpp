// The baseline's database, pinned: every table's content (minus wall times and created_at) for
// seed 1 and 2 replications, hashed per table. A change that is meant to move results updates
// the pinned hashes in its own commit and says why; a refactoring must leave them as they are.

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "db_dump.hpp"
#include "encoding_executor.hpp"
#include "model/experiment/runner.hpp"
#include "model/record/recorder.hpp"
#include "model/scenario/loader.hpp"
#include "temp_dir.hpp"

namespace model = memchain::model;
using memchain::testing::dump_database;
using memchain::testing::TempDir;

namespace {

// FNV-1a 64 over a table's rows, with the source directory replaced so that the hash does not
// depend on where the repository was cloned.
std::string table_hash(const std::vector<std::string>& rows) {
    const std::string source = MEMCHAIN_SOURCE_DIR;
    std::uint64_t h = 1469598103934665603ULL;
    for (std::string row : rows) {
        for (auto at = row.find(source); at != std::string::npos; at = row.find(source, at))
            row.replace(at, source.size(), "<src>");
        for (const char c : row + "\n") {
            h ^= static_cast<unsigned char>(c);
            h *= 1099511628211ULL;
        }
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
}

model::ExperimentSpec fingerprint_spec(const model::Scenario& baseline) {
    model::ExperimentSpec spec;
    spec.label = "fingerprint";
    spec.command = "fingerprint";
    spec.seed = 1;
    spec.replications = 2;
    spec.threads = 2;
    spec.variants = {{"base", &baseline, "", model::scenario_hash(baseline)}};
    return spec;
}

// Every pinned table of the database at `path` has its pinned hash.
void check_pinned(const std::string& path) {
    // Tables added later (empty for this scenario or not) are not part of the pin.
    const std::map<std::string, std::string> pinned = {
#include "model/experiment/fingerprint_pinned.inc"
    };
    const auto dump = dump_database(path);
    for (const auto& [table, rows] : dump) {
        const auto hash = table_hash(rows);
        MESSAGE("    {\"" << table << "\", \"" << hash << "\"},  // " << rows.size() << " rows");
    }
    for (const auto& [table, hash] : pinned) {
        CAPTURE(table);
        REQUIRE(dump.count(table) == 1);
        CHECK(table_hash(dump.at(table)) == hash);
    }
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Fingerprint: the baseline's database for seed 1 and 2 replications is pinned") {
        const model::Scenario baseline =
            model::load_scenario(std::string(MEMCHAIN_SOURCE_DIR) + "/configs/baseline.yaml");
        TempDir tmp;
        const std::string path = tmp.file("baseline.db");
        {
            model::Recorder recorder(path);
            const auto outcome =
                model::run_experiment(fingerprint_spec(baseline), &recorder, nullptr, {});
            REQUIRE(outcome.completed() == 2);
        }
        check_pinned(path);
    }

    TEST_CASE("Fingerprint: the pin holds when a run's result comes from another rank") {
        // Every run's result sent through its binary form, as an MPI worker rank sends it.
        const model::Scenario baseline =
            model::load_scenario(std::string(MEMCHAIN_SOURCE_DIR) + "/configs/baseline.yaml");
        TempDir tmp;
        const std::string path = tmp.file("baseline.db");
        {
            model::Recorder recorder(path);
            const model::ExperimentSpec spec = fingerprint_spec(baseline);
            memchain::testing::EncodingExecutor rank(spec);
            model::ExperimentRunner runner(spec, &recorder, nullptr);
            REQUIRE(runner.run({&rank}, {}).completed() == 2);
        }
        check_pinned(path);
    }
}  // TEST_SUITE
