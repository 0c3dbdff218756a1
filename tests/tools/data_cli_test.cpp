// memchain list and export, the shipped queries of configs/queries/ and the README's pandas
// example, on a compare database made by the built binary.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <algorithm>
#include <cmath>

#include "memchain_cli.hpp"
#include "model/record/sqlite.hpp"
#include "temp_dir.hpp"

namespace sqlite = memchain::sqlite;
namespace fs = std::filesystem;
using memchain::testing::run_memchain;
using memchain::testing::TempDir;

namespace {

const std::string source = MEMCHAIN_SOURCE_DIR;
const std::string data = source + "/tests/data/experiments/";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A database with a run (experiment 1) and a compare of chain and chain-fire (experiment 2).
std::string make_database(TempDir& tmp) {
    const std::string db = tmp.file("runs.db");
    REQUIRE(run_memchain("run " + data + "chain.yaml -n 2 -q --db " + db).exit_code == 0);
    REQUIRE(run_memchain("compare " + data + "chain.yaml " + data +
                         "chain-fire.yaml -n 3 -q --db " + db)
                .exit_code == 0);
    return db;
}

template <class T>
void bind_if(sqlite::Statement& st, const std::string& name, const T& value) {
    if (const int i = st.parameter_index(name)) st.bind(i, value);
}

// A Python 3 with pandas: the one on PATH, or Debian's (python3-pandas) when PATH has another.
std::string python_with_pandas() {
    for (const char* python : {"python3", "/usr/bin/python3"})
        if (std::system((std::string(python) + " -c 'import pandas' >/dev/null 2>&1").c_str()) == 0)
            return python;
    return "";
}

double scalar(sqlite::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.column_double(0);
}

}  // namespace

TEST_SUITE("tools") {
    TEST_CASE("memchain list: experiments, variants and runs by status") {
        TempDir tmp;
        const std::string db = make_database(tmp);
        const auto r = run_memchain("list " + db);
        CHECK(r.exit_code == 0);
        CHECK(contains(r.out, "experiment"));
        CHECK(contains(r.out, "compare"));
        CHECK(contains(r.out, "chain-fire"));
        CHECK(contains(r.out, "1: memchain run"));
        CHECK(contains(r.out, "2: memchain compare"));
        CHECK(run_memchain("list " + tmp.file("missing.db")).exit_code == 2);
        CHECK(run_memchain("list").exit_code == 2);
    }

    TEST_CASE("memchain export: CSV files of the main views and a data dictionary") {
        TempDir tmp;
        const std::string db = make_database(tmp);
        const fs::path out = tmp.file("csv");
        const auto r = run_memchain("export " + db + " --experiment 2 --to " + out.string());
        REQUIRE(r.exit_code == 0);
        for (const char* file :
             {"runs.csv", "products.csv", "kpi_summary.csv", "kpis.csv", "comparisons.csv",
              "samples.csv", "node_flows.csv", "product_samples.csv", "deliveries.csv",
              "bottleneck_share.csv", "README.md"}) {
            CAPTURE(file);
            CHECK(fs::exists(out / file));
        }
        // Only experiment 2's six runs, with their variants.
        const std::string runs = read(out / "runs.csv");
        CHECK(runs.rfind("experiment_id,run_id,variant,", 0) == 0);
        CHECK(std::count(runs.begin(), runs.end(), '\n') == 7);
        CHECK(contains(runs, ",chain-fire,"));
        CHECK(contains(read(out / "samples.csv"), ",date,"));
        CHECK(contains(read(out / "README.md"), "`quarter`: calendar quarter"));
        // Bad input: an unknown experiment, a folder whose parent is missing, no --to.
        CHECK(run_memchain("export " + db + " --experiment 9 --to " + out.string()).exit_code == 2);
        CHECK(run_memchain("export " + db + " --to " + tmp.file("no/such/dir")).exit_code == 2);
        CHECK(run_memchain("export " + db).exit_code == 2);
    }

    TEST_CASE("configs/queries: every query takes the experiment and the variant") {
        TempDir tmp;
        const std::string db_path = make_database(tmp);
        sqlite::Database db(db_path, sqlite::Database::Mode::Query);
        for (const auto& entry : fs::directory_iterator(source + "/configs/queries")) {
            CAPTURE(entry.path().string());
            auto st = db.prepare(read(entry.path()));
            bind_if(st, "@experiment", 2);
            bind_if(st, "@variant", "chain-fire");
            bind_if(st, "@product", "chip");
            bind_if(st, "@from", 0);
            bind_if(st, "@to", 364);
            bind_if(st, "@node", "%");
            bind_if(st, "@stage", "fab");
            st.run();
        }
        // The base and the fire of one compare are not mixed: each variant's quote is the mean
        // over its own runs.
        const std::string query = read(source + "/configs/queries/quoted_lead_time.sql");
        const auto quoted = [&](const char* variant) {
            auto st = db.prepare(query);
            bind_if(st, "@experiment", 2);
            bind_if(st, "@variant", variant);
            bind_if(st, "@product", "chip");
            bind_if(st, "@from", 0);
            bind_if(st, "@to", 365);
            REQUIRE(st.step());
            return st.column_double(0);
        };
        const auto direct = [&](const char* variant) {
            return (scalar(db, std::string("SELECT AVG(p.quoted_lead_time_days) FROM "
                                           "product_samples p JOIN runs r USING "
                                           "(run_id) WHERE r.experiment_id = 2 AND "
                                           "r.variant = '") +
                                   variant +
                                   "' AND p.product = 'chip' AND p.day > 0 AND "
                                   "p.day <= 365"));
        };
        CHECK(quoted("chain") == std::round(direct("chain")));
        CHECK(quoted("chain-fire") == std::round(direct("chain-fire")));
        CHECK(direct("chain") != direct("chain-fire"));
    }

    TEST_CASE("configs/queries: price_against_base pairs the variant's runs with the base's") {
        TempDir tmp;
        const std::string db_path = tmp.file("history.db");
        const std::string history = source + "/configs/history/";
        REQUIRE(run_memchain("compare " + history + "dram_2020.yaml " + history +
                             "micron_fab11_2020.yaml -n 2 -q --db " + db_path)
                    .exit_code == 0);
        sqlite::Database db(db_path, sqlite::Database::Mode::Query);
        const std::string query = read(source + "/configs/queries/price_against_base.sql");
        struct Row {
            double day, pairs, spot_change, contract_change;
        };
        const auto rows = [&](double from, double to) {
            auto st = db.prepare(query);
            bind_if(st, "@product", "dram_wafer");
            bind_if(st, "@from", from);
            bind_if(st, "@to", to);
            std::vector<Row> out;
            while (st.step())
                out.push_back({st.column_double(0), st.column_double(2), st.column_double(5),
                               st.column_double(8)});
            return out;
        };
        // Before the outage (2020-12-03, day 63) the two scenarios are the same run.
        const std::vector<Row> before = rows(0, 62);
        REQUIRE(before.size() == 62);  // daily samples, days 1-62
        for (const Row& r : before) {
            CHECK(r.pairs == 2);
            CHECK(r.spot_change == 0.0);
            CHECK(r.contract_change == 0.0);
        }
        // After it, each day's change is the mean over the two replications of the variant's
        // spot over the base's, minus one, read straight from market_prices.
        const std::vector<Row> after = rows(63, 90);
        REQUIRE(after.size() == 27);
        const double direct =
            scalar(db,
                   "SELECT AVG(v.spot / b.spot - 1.0) FROM market_prices v JOIN market_prices b ON "
                   "b.replication = v.replication AND b.day = v.day AND b.product = v.product AND "
                   "b.variant = 'dram_2020' WHERE v.variant = 'micron_fab11_2020' AND v.product = "
                   "'dram_wafer' AND v.day = 77");
        CHECK(direct > 0.0);
        CHECK(after[13].day == 77.0);
        CHECK(std::abs(after[13].spot_change - direct) < 1e-4);  // the query rounds to 4 places
    }

    TEST_CASE("README: the pandas example runs on an exported database") {
        const std::string python = python_with_pandas();
        if (python.empty()) {
            MESSAGE("skipped: python3-pandas is not installed (tools/setup installs it)");
            return;
        }
        TempDir tmp;
        const std::string db = make_database(tmp);
        // The example is the README's python block that follows the marker line.
        const std::string readme = read(source + "/README.md");
        const auto marker = readme.find("<!-- pandas example, run by tests/tools/data_cli_test");
        REQUIRE(marker != std::string::npos);
        const auto begin = readme.find("```python\n", marker);
        const auto end = readme.find("```\n", begin + 10);
        REQUIRE(begin != std::string::npos);
        std::ofstream(tmp.file("example.py")) << readme.substr(begin + 10, end - begin - 10);
        fs::create_directories(tmp.path() / "out");
        const auto export_result =
            run_memchain("export " + db + " --experiment 2 --to " + tmp.file("out/csv"));
        REQUIRE(export_result.exit_code == 0);
        const std::string command =
            "cd " + tmp.path().string() + " && " + python + " example.py > result.txt 2>&1";
        const int status = std::system(command.c_str());
        CAPTURE(read(tmp.file("result.txt")));
        CHECK(status == 0);
        CHECK(contains(read(tmp.file("result.txt")), "chain-fire"));
    }
}  // TEST_SUITE
