#include "model/result/kpi_names.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>

#include "model/engine/replication.hpp"
#include "model/scenario/loader.hpp"

namespace model = memchain::model;

TEST_SUITE("result") {
    TEST_CASE("kpi_names: every KPI the shipped configs report is listed") {
        // The baseline, the examples and every validation model: between them every block kind,
        // buyer policy, market, expansion, cut, wafer mix and substitute, so every KPI the engine
        // can name.
        const std::filesystem::path configs =
            std::filesystem::path(MEMCHAIN_SOURCE_DIR) / "configs";
        std::vector<std::filesystem::path> files = {configs / "baseline.yaml",
                                                    configs / "examples" / "hbm-mini.yaml",
                                                    configs / "examples" / "expansion.yaml",
                                                    configs / "examples" / "wafer-mix.yaml",
                                                    configs / "examples" / "substitution.yaml",
                                                    configs / "examples" / "dram-glut.yaml"};
        for (const auto& entry : std::filesystem::directory_iterator(configs / "validation"))
            files.push_back(entry.path());
        std::set<std::string> seen;
        for (const auto& file : files) {
            CAPTURE(file.string());
            // A short horizon is enough to name every KPI.
            const model::Scenario sc =
                model::load_scenario(file.string(), {"horizon=60d", "warmup=0d"});
            model::Replication replication(sc, 1, 0);
            for (const model::Kpi& k : replication.run().kpis) {
                CAPTURE(k.name);
                CHECK(model::is_kpi_name(k.name));
                seen.insert(k.name);
            }
        }
        CHECK(seen.size() >= 30);
        CHECK_FALSE(model::is_kpi_name("lead_time_mean"));
    }
}
