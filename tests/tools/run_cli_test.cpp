// memchain run, as a user runs it: the built binary writes a database that sqlite opens, with
// every schema-v2 table filled; bad input exits 2 and leaves no database behind.

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "memchain_cli.hpp"
#include "model/record/sqlite.hpp"
#include "temp_dir.hpp"

using Result = memchain::testing::CliResult;
using memchain::testing::run_memchain;

namespace {

std::int64_t scalar(memchain::sqlite::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.column_int(0);
}

const std::string example = std::string(MEMCHAIN_SOURCE_DIR) + "/configs/examples/hbm-mini.yaml";

}  // namespace

TEST_SUITE("tools") {
    TEST_CASE("memchain run: a scenario through the CLI into SQLite") {
        memchain::testing::TempDir tmp;
        const std::string db_path = tmp.file("runs.db");
        // Detail `deliveries`, so that every table a run writes gets rows.
        const Result r = run_memchain("run " + example + " --db " + db_path +
                                      " --set recording.detail=deliveries -n 2 --threads 2 -q");
        REQUIRE(r.exit_code == 0);
        CHECK(r.out.find("2/2 replications completed") != std::string::npos);
        CHECK(r.out.find("bottleneck sequence") != std::string::npos);
        CHECK(r.out.find("accelerator") != std::string::npos);
        memchain::sqlite::Database db(db_path, memchain::sqlite::Database::Mode::ReadOnly);
        auto check = db.prepare("PRAGMA integrity_check");
        REQUIRE(check.step());
        CHECK(check.column_text(0) == "ok");
        CHECK(scalar(db, "SELECT count(*) FROM runs WHERE status = 'completed'") == 2);
        for (const char* table :
             {"nodes", "edges", "shocks", "orders", "deliveries", "samples", "product_samples",
              "bottleneck_periods", "bottleneck_shifts", "kpis", "configs"}) {
            CAPTURE(table);
            CHECK(scalar(db, std::string("SELECT count(*) FROM ") + table) > 0);
        }
        // Every order's deliveries add up to what the order says was filled.
        CHECK(scalar(db,
                     "SELECT count(*) FROM orders o WHERE abs(o.filled - coalesce((SELECT "
                     "sum(units) FROM deliveries d WHERE d.run_id = o.run_id AND d.order_id = "
                     "o.order_id), 0)) > 1e-6") == 0);
        // The two replications differ (their own streams) but describe the same network.
        CHECK(scalar(db, "SELECT count(DISTINCT events) FROM runs") == 2);
        CHECK(scalar(db, "SELECT count(*) FROM nodes WHERE run_id = 1") ==
              scalar(db, "SELECT count(*) FROM nodes WHERE run_id = 2"));
    }

    TEST_CASE("memchain run: the buyers hurt most are ranked by units short") {
        // The summary lists, product by product, the buyers with the largest mean units short,
        // largest first; each product's first row is the buyer the database gives the largest
        // mean for that product.
        memchain::testing::TempDir tmp;
        const std::string db_path = tmp.file("runs.db");
        const Result r = run_memchain("run " + example + " --db " + db_path + " -n 2 -q");
        REQUIRE(r.exit_code == 0);
        const std::size_t at = r.out.find("buyers hurt most (units short");
        REQUIRE(at != std::string::npos);
        std::istringstream lines(r.out.substr(at));
        std::string line;
        std::getline(lines, line);  // the title
        std::getline(lines, line);  // the column heads
        struct Row {
            std::string buyer, product;
            double units_short = 0.0;
        };
        std::vector<Row> rows;
        while (std::getline(lines, line) && !line.empty()) {
            std::istringstream cells(line);
            Row row;
            cells >> row.buyer >> row.product >> row.units_short;
            rows.push_back(row);
        }
        REQUIRE(rows.size() >= 2);
        memchain::sqlite::Database db(db_path, memchain::sqlite::Database::Mode::ReadOnly);
        auto top = db.prepare(
            "SELECT buyer FROM kpis WHERE kpi = 'units_short' AND buyer <> '' AND product = ? "
            "GROUP BY buyer ORDER BY avg(value) DESC LIMIT 1");
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CAPTURE(rows[i].buyer);
            if (i > 0 && rows[i].product == rows[i - 1].product) {
                CHECK(rows[i - 1].units_short >= rows[i].units_short);
                continue;
            }
            top.reset();
            top.bind(1, rows[i].product);
            REQUIRE(top.step());
            CHECK(rows[i].buyer == top.column_text(0));
        }
    }

    TEST_CASE("memchain run: bad input exits 2 and writes no database") {
        memchain::testing::TempDir tmp;
        const std::string db_path = tmp.file("runs.db");
        const std::string bad = tmp.file("bad.yaml");
        {
            std::FILE* f = std::fopen(bad.c_str(), "w");
            REQUIRE(f != nullptr);
            std::fputs("name: bad\nstart: 2026-01-01\nhorizon: 1y\nseeed: 3\n", f);
            std::fclose(f);
        }
        Result r = run_memchain("run " + bad + " --db " + db_path);
        CHECK(r.exit_code == 2);
        CHECK(r.out == bad + ":4:1: error: unknown key 'seeed' (did you mean 'seed'?)\n");
        CHECK_FALSE(std::filesystem::exists(db_path));
        r = run_memchain("run " + example + " --db " + db_path + " -n 0");
        CHECK(r.exit_code == 2);
        CHECK(r.out.find("--replications") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(db_path));
        r = run_memchain("run " + example + " --db " + db_path + " --bogus");
        CHECK(r.exit_code == 2);
        CHECK_FALSE(std::filesystem::exists(db_path));
    }

    TEST_CASE("memchain run: a bad surge exits 2 with its position and writes no database") {
        memchain::testing::TempDir tmp;
        const std::string db_path = tmp.file("runs.db");
        const std::string bad = tmp.file("surge.yaml");
        {
            std::FILE* f = std::fopen(bad.c_str(), "w");
            REQUIRE(f != nullptr);
            std::fputs(
                "name: t\nstart: 2026-01-01\nhorizon: 1y\nproducts:\n  wafer:\n    unit: wafers\n"
                "    market: {reference_price: 10 USD, cash_cost: 4 USD}\nnodes:\n"
                "  fab:\n    block: station\n    product: wafer\n    capacity: 100 wafers/day\n"
                "    surge: {above: 0.1, share: 1.5, delay: 10w, longest: 13w}\n"
                "  supply: {block: allocator, product: wafer}\n"
                "  buyer: {block: buyer, product: wafer, demand: {rate: 50 wafers/day}, "
                "suppliers: {supply: 1}}\n"
                "lanes:\n  - {from: fab, to: supply}\n  - {from: supply, to: buyer}\n",
                f);
            std::fclose(f);
        }
        const Result r = run_memchain("run " + bad + " --db " + db_path);
        CHECK(r.exit_code == 2);
        CHECK(r.out ==
              bad + ":13:32: error: share must be a share of capacity in (0, 1], found '1.5'\n");
        CHECK_FALSE(std::filesystem::exists(db_path));
    }

    TEST_CASE("memchain run: a database it cannot use is bad input, and is left untouched") {
        memchain::testing::TempDir tmp;
        const std::string text = tmp.file("notes.txt");
        {
            std::FILE* f = std::fopen(text.c_str(), "w");
            REQUIRE(f != nullptr);
            std::fputs("not a database, but a long enough line of text to look like one\n", f);
            std::fclose(f);
        }
        const auto size = std::filesystem::file_size(text);
        Result r = run_memchain("run " + example + " --db " + text + " -q");
        CAPTURE(r.out);
        CHECK(r.exit_code == 2);
        CHECK(r.out.find("--db: error: '" + text + "' cannot be used as a run database") == 0);
        CHECK(std::filesystem::file_size(text) == size);

        // A newer schema than this build's.
        const std::string newer = tmp.file("newer.db");
        {
            memchain::sqlite::Database db(newer);
            db.exec(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                "INSERT INTO meta VALUES ('schema_version', '99')");
        }
        r = run_memchain("run " + example + " --db " + newer + " -q");
        CAPTURE(r.out);
        CHECK(r.exit_code == 2);
        CHECK(r.out.find("--db: error: '" + newer + "' was written by schema version 99") == 0);

        // A read-only file.
        const std::string locked = tmp.file("read-only.db");
        REQUIRE(run_memchain("run " + example + " --db " + locked +
                             " -q --set horizon=30d --set warmup=0d")
                    .exit_code == 0);
        std::filesystem::permissions(locked, std::filesystem::perms::owner_write,
                                     std::filesystem::perm_options::remove);
        // root may write anything: then the check has nothing to refuse.
        if (::access(locked.c_str(), W_OK) != 0) {
            r = run_memchain("run " + example + " --db " + locked + " -q");
            CHECK(r.exit_code == 2);
            CHECK(r.out.find("--db: error: '" + locked + "' is read-only") == 0);
        }
    }
}  // TEST_SUITE
