#include "model/record/recorder.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "model/record/sqlite.hpp"
#include "temp_dir.hpp"

using memchain::model::Recorder;
using memchain::testing::TempDir;
namespace sqlite = memchain::sqlite;

namespace {

std::int64_t count(sqlite::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.column_int(0);
}

// A run of `experiment`, variant "base", of the config start_run records.
memchain::model::RunInfo test_run_info(std::int64_t experiment) {
    memchain::model::RunInfo info;
    info.experiment_id = experiment;
    info.scenario = "test";
    info.variant = "base";
    info.seed = 1;
    info.config_hash = "abc";
    info.start_date = "2026-01-01";
    info.horizon_days = 10;
    return info;
}

std::int64_t start_run(Recorder& rec) {
    memchain::model::ExperimentInfo e{"run", "test", "memchain run test.yaml",
                                      1,     1,      "2026-01-01T00:00:00Z"};
    const auto experiment = rec.begin_experiment(e);
    rec.add_config({"abc", "test", "test.yaml", "name: test\n", {}});
    return rec.begin_run(test_run_info(experiment));
}

memchain::model::RunResult small_result() {
    memchain::model::RunResult r;
    r.nodes.push_back({0, "fab", "station", "fab", "DRAM fab", "KR", "skhynix", "wafer"});
    r.nodes.push_back({1, "o'brien \"quoted\"; DROP TABLE runs;", "buyer", "", "", "US", "", ""});
    r.orders.push_back({7, 1, 0, "wafer", 10.0, 1.0, 5.0, 10.0, 4.5});
    r.orders.push_back({8, 1, 0, "wafer", 3.0, 2.0, std::nullopt, 1.0, std::nullopt});
    r.deliveries.push_back({7, 4.5, 10.0});
    r.kpis.push_back({"fill_rate", "wafer", "", "", 0.75});
    r.bottleneck_periods.push_back({0, 0.0, 10.0, false});
    r.bottleneck_shifts.push_back({0.0, std::nullopt, 0});
    r.events = 123;
    return r;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Recorder: creates every schema-v7 table and view, idempotently, in WAL mode") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        { Recorder first(path); }
        Recorder rec(path);  // a second open must not fail or duplicate anything
        auto& db = rec.database();
        for (const char* table : {"meta",
                                  "experiments",
                                  "runs",
                                  "nodes",
                                  "edges",
                                  "shocks",
                                  "order_lines",
                                  "deliveries",
                                  "samples",
                                  "bottleneck_periods",
                                  "bottleneck_shifts",
                                  "kpis",
                                  "configs",
                                  "product_samples",
                                  "lot_stages",
                                  "starvation",
                                  "comparisons",
                                  "products",
                                  "probe_candidates",
                                  "probe_years",
                                  "ladder_steps",
                                  "knockouts",
                                  "market_samples",
                                  "revenue",
                                  "order_changes"}) {
            CAPTURE(table);
            CHECK(
                count(db, std::string(
                              "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='") +
                              table + "'") == 1);
        }
        for (const char* view :
             {"orders", "kpi_summary", "bottleneck_share", "bottleneck_share_by_variant",
              "kpis_by_variant", "samples_by_date", "node_flows", "product_samples_by_date",
              "deliveries_by_date", "variant_runs", "market_prices", "market_price_summary",
              "revenue_by_year", "revenue_summary", "order_history"}) {
            CAPTURE(view);
            CHECK(count(db, std::string(
                                "SELECT count(*) FROM sqlite_master WHERE type='view' AND name='") +
                                view + "'") == 1);
        }
        CHECK(count(db, "SELECT count(*) FROM meta WHERE key='schema_version' AND value='7'") == 1);
        auto mode = db.prepare("PRAGMA journal_mode");
        REQUIRE(mode.step());
        CHECK(mode.column_text(0) == "wal");
        CHECK(memchain::model::database_schema_version(path) == 7);
    }

    TEST_CASE("Recorder: a completed run round-trips, names through bound parameters") {
        TempDir tmp;
        Recorder rec(tmp.file("runs.db"));
        const auto run = start_run(rec);
        auto& db = rec.database();
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status='running'") == 1);
        rec.complete_run(run, small_result());
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status='completed' AND events=123") == 1);
        CHECK(count(db, "SELECT count(*) FROM nodes") == 2);
        auto name = db.prepare("SELECT name FROM nodes WHERE node_id = 1");
        REQUIRE(name.step());
        CHECK(name.column_text(0) == "o'brien \"quoted\"; DROP TABLE runs;");
        auto order = db.prepare(
            "SELECT lead_time_days, status, buyer, supplier FROM orders WHERE order_id = 7");
        REQUIRE(order.step());
        CHECK(order.column_double(0) == doctest::Approx(3.5));
        CHECK(order.column_text(1) == "filled");
        CHECK(order.column_text(2) == "o'brien \"quoted\"; DROP TABLE runs;");
        CHECK(order.column_text(3) == "fab");
        CHECK(count(db,
                    "SELECT count(*) FROM orders WHERE status='open' AND lead_time_days IS NULL") ==
              1);
        CHECK(count(db, "SELECT count(*) FROM bottleneck_shifts WHERE from_node IS NULL") == 1);
        auto summary = db.prepare("SELECT n, mean FROM kpi_summary WHERE kpi='fill_rate'");
        REQUIRE(summary.step());
        CHECK(summary.column_int(0) == 1);
        CHECK(summary.column_double(1) == doctest::Approx(0.75));
    }

    TEST_CASE("Recorder: kpi_summary gives the Student-t interval across replications") {
        TempDir tmp;
        Recorder rec(tmp.file("runs.db"));
        const auto first = start_run(rec);
        const memchain::model::RunInfo info = test_run_info(1);
        for (int i = 0; i < 10; ++i) {
            const auto run = i == 0 ? first : rec.begin_run(info);
            memchain::model::RunResult r;
            r.kpis.push_back({"x", "", "", "", static_cast<double>(i + 1)});
            rec.complete_run(run, r);
        }
        auto st = rec.database().prepare("SELECT n, mean, sd, ci95_half_width FROM kpi_summary");
        REQUIRE(st.step());
        CHECK(st.column_int(0) == 10);
        CHECK(st.column_double(1) == doctest::Approx(5.5));
        CHECK(st.column_double(2) == doctest::Approx(3.02765).epsilon(1e-5));
        CHECK(st.column_double(3) ==
              doctest::Approx(2.26216 * 3.02765 / std::sqrt(10.0)).epsilon(1e-4));
    }

    TEST_CASE("Recorder: a run that fails mid-write leaves no rows and is marked failed") {
        TempDir tmp;
        Recorder rec(tmp.file("runs.db"));
        const auto run = start_run(rec);
        auto bad = small_result();
        bad.kpis.push_back(bad.kpis.front());  // duplicate primary key: the write fails part-way
        CHECK_THROWS_AS(rec.complete_run(run, bad), sqlite::Error);
        auto& db = rec.database();
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status='running'") == 1);
        rec.fail_run(run, "duplicate KPI");
        CHECK(count(db,
                    "SELECT count(*) FROM runs WHERE status='failed' AND error='duplicate KPI'") ==
              1);
        CHECK(count(db, "SELECT count(*) FROM nodes") == 0);
        CHECK(count(db, "SELECT count(*) FROM orders") == 0);
        CHECK(count(db, "SELECT count(*) FROM kpis") == 0);
    }

    TEST_CASE(
        "Recorder: an interrupted run is marked so, and a finished one is never overwritten") {
        TempDir tmp;
        Recorder rec(tmp.file("runs.db"));
        const auto run = start_run(rec);
        rec.interrupt_run(run);
        rec.fail_run(run, "late failure");  // the run already ended: no change
        auto& db = rec.database();
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status='interrupted'") == 1);
    }

    TEST_CASE("Recorder: results go only to a running run, never to a missing or finished one") {
        TempDir tmp;
        Recorder rec(tmp.file("runs.db"));
        const auto run = start_run(rec);
        auto& db = rec.database();
        CHECK_THROWS_AS(rec.complete_run(run + 1, small_result()), sqlite::Error);
        CHECK(count(db, "SELECT count(*) FROM nodes") == 0);
        rec.interrupt_run(run);
        CHECK_THROWS_AS(rec.complete_run(run, small_result()), sqlite::Error);
        CHECK(count(db, "SELECT count(*) FROM kpis") == 0);
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status='interrupted'") == 1);
        const auto next = start_run(rec);
        rec.complete_run(next, small_result());
        CHECK_THROWS_AS(rec.complete_run(next, small_result()), sqlite::Error);
        CHECK(count(db, "SELECT count(*) FROM nodes") == 2);
    }

    TEST_CASE("Recorder: runs are numbered and interrupted in batches, in order") {
        TempDir tmp;
        Recorder rec(tmp.file("runs.db"));
        const auto first = start_run(rec);
        memchain::model::RunInfo info = test_run_info(1);
        std::vector<memchain::model::RunInfo> infos;
        for (int r = 0; r < 5; ++r) {
            info.variant = std::string(1, r < 3 ? 'a' : 'b');
            info.replication = r;
            infos.push_back(info);
        }
        const auto ids = rec.begin_runs(infos);
        REQUIRE(ids.size() == 5);
        for (std::size_t i = 0; i < ids.size(); ++i)
            CHECK(ids[i] == first + 1 + static_cast<std::int64_t>(i));
        auto& db = rec.database();
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status='running'") == 6);
        CHECK(count(db,
                    "SELECT replication FROM runs WHERE run_id = (SELECT max(run_id) FROM runs)") ==
              4);
        rec.complete_run(ids[0], small_result());
        rec.interrupt_runs({ids[0], ids[3], ids[4]});  // a finished run stays finished
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status='interrupted'") == 2);
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status='completed'") == 1);
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status='running'") == 3);
    }

    TEST_CASE("Recorder: refuses a database written by a newer schema") {
        TempDir tmp;
        const auto path = tmp.file("newer.db");
        {
            Recorder rec(path);
            rec.database().exec("UPDATE meta SET value = '8' WHERE key = 'schema_version'");
        }
        try {
            Recorder again(path);
            FAIL("opening a newer database must fail");
        } catch (const sqlite::Error& e) {
            const std::string what = e.what();
            CHECK(what.find("schema version 8") != std::string::npos);
            CHECK(what.find(path) != std::string::npos);
        }
    }

    // Turns a version-4 file back into what version 1 wrote: orders as a table with names, lead
    // time and status in every row, and none of versions 3's and 4's views and tables.
    void downgrade_to_v1(sqlite::Database & db) {
        db.exec(
            "DROP VIEW revenue_summary; DROP VIEW revenue_by_year; DROP VIEW market_price_summary; "
            "DROP VIEW market_prices; DROP TABLE revenue; DROP TABLE market_samples;");
        db.exec("DROP VIEW order_history;");
        db.exec(
            "DROP VIEW bottleneck_share_by_variant; DROP VIEW kpis_by_variant; "
            "DROP VIEW node_flows; DROP VIEW samples_by_date; DROP VIEW product_samples_by_date; "
            "DROP VIEW deliveries_by_date; DROP VIEW variant_runs; DROP TABLE products;");
        db.exec(
            "CREATE TABLE orders_table (run_id INTEGER NOT NULL REFERENCES runs (run_id), "
            "order_id INTEGER NOT NULL, buyer TEXT NOT NULL, supplier TEXT NOT NULL, "
            "product TEXT NOT NULL, quantity REAL NOT NULL, placed_day REAL NOT NULL, due_day "
            "REAL, "
            "filled REAL NOT NULL, completed_day REAL, lead_time_days REAL, status TEXT NOT NULL "
            "CHECK (status IN ('open', 'filled')), PRIMARY KEY (run_id, order_id)) WITHOUT ROWID;"
            "INSERT INTO orders_table SELECT run_id, order_id, buyer, supplier, product, quantity, "
            "placed_day, due_day, filled, completed_day, lead_time_days, status FROM orders;"
            "DROP VIEW orders; DROP TABLE order_lines; DROP TABLE order_changes;"
            "ALTER TABLE orders_table RENAME TO orders;"
            "UPDATE meta SET value = '1' WHERE key = 'schema_version'; PRAGMA user_version = 1;");
    }

    std::vector<std::string> order_rows(sqlite::Database & db) {
        std::vector<std::string> rows;
        auto st = db.prepare(
            "SELECT run_id, order_id, buyer, supplier, product, quantity, placed_day, "
            "ifnull(due_day, 'null'), filled, ifnull(completed_day, 'null'), "
            "ifnull(lead_time_days, 'null'), status FROM orders ORDER BY run_id, order_id");
        while (st.step()) {
            std::string row;
            for (int c = 0; c < st.columns(); ++c) row += st.column_text(c) + "|";
            rows.push_back(row);
        }
        return rows;
    }

    TEST_CASE("Recorder: upgrades a version-1 file in place, every order kept") {
        TempDir tmp;
        const auto path = tmp.file("v1.db");
        std::vector<std::string> before;
        {
            Recorder rec(path);
            rec.complete_run(start_run(rec), small_result());
            before = order_rows(rec.database());
            downgrade_to_v1(rec.database());
            REQUIRE(order_rows(rec.database()) == before);
        }
        REQUIRE(memchain::model::database_schema_version(path) == 1);
        Recorder rec(path);
        auto& db = rec.database();
        CHECK(memchain::model::database_schema_version(path) == memchain::model::schema_version);
        CHECK(count(db,
                    "SELECT count(*) FROM sqlite_master WHERE name = 'orders' AND type = 'view'") ==
              1);
        CHECK(count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'orders_v1'") == 0);
        REQUIRE(before.size() == 2);
        CHECK(order_rows(db) == before);
        CHECK(
            count(db,
                  "SELECT count(*) FROM order_lines WHERE buyer_node = 1 AND supplier_node = 0") ==
            2);
        // And it takes new runs.
        rec.complete_run(start_run(rec), small_result());
        CHECK(count(db, "SELECT count(*) FROM orders") == 4);
    }

    TEST_CASE("Recorder: upgrades a version-2 file: products from its nodes, new views") {
        TempDir tmp;
        const auto path = tmp.file("v2.db");
        {
            Recorder rec(path);
            rec.complete_run(start_run(rec), small_result());
            // What version 2 had: no products table and none of the dated views.
            rec.database().exec(
                "DROP TABLE products; DROP VIEW samples_by_date; DROP VIEW node_flows; "
                "UPDATE meta SET value = '2' WHERE key = 'schema_version'; "
                "PRAGMA user_version = 2;");
        }
        REQUIRE(memchain::model::database_schema_version(path) == 2);
        Recorder rec(path);
        auto& db = rec.database();
        CHECK(memchain::model::database_schema_version(path) == memchain::model::schema_version);
        // Version 2 did not record units: the product is listed with none.
        CHECK(count(db,
                    "SELECT count(*) FROM products WHERE config_hash = 'abc' AND "
                    "product = 'wafer' AND unit IS NULL") == 1);
        CHECK(count(db, "SELECT count(*) FROM node_flows") == 0);
        CHECK(count(db, "SELECT count(*) FROM bottleneck_share") == 2);  // both nodes
    }

    TEST_CASE(
        "Recorder: upgrades a version-2 file in place: experiments kept, kind 'probe' allowed") {
        TempDir tmp;
        const auto path = tmp.file("v2.db");
        {
            Recorder rec(path);
            rec.complete_run(start_run(rec), small_result());
            // What version 2 had: no probe tables, experiments without kind 'probe'.
            rec.database().exec(
                "DROP TABLE probe_candidates; DROP TABLE probe_years; DROP TABLE ladder_steps;"
                "DROP TABLE knockouts;"
                "CREATE TABLE e2 (experiment_id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK "
                "(kind IN ('run', 'compare', 'sweep')), label TEXT NOT NULL, command TEXT NOT "
                "NULL, master_seed INTEGER NOT NULL, replications INTEGER NOT NULL, created_at "
                "TEXT NOT NULL); INSERT INTO e2 SELECT * FROM experiments; DROP TABLE experiments;"
                "ALTER TABLE e2 RENAME TO experiments;"
                "UPDATE meta SET value = '2' WHERE key = 'schema_version'; PRAGMA user_version = "
                "2;");
        }
        REQUIRE(memchain::model::database_schema_version(path) == 2);
        Recorder rec(path);
        auto& db = rec.database();
        CHECK(memchain::model::database_schema_version(path) == memchain::model::schema_version);
        CHECK(count(db, "SELECT count(*) FROM experiments") == 1);
        CHECK(count(db, "SELECT count(*) FROM runs r JOIN experiments e USING (experiment_id)") ==
              1);
        CHECK(count(db, "SELECT count(*) FROM probe_candidates") == 0);
        (void)rec.begin_experiment({"probe", "p", "memchain probe", 1, 2, "2026-01-01T00:00:00Z"});
        CHECK(count(db, "SELECT count(*) FROM experiments WHERE kind = 'probe'") == 1);
    }

    TEST_CASE("Recorder: a version-1 file it cannot upgrade is left as it was") {
        TempDir tmp;
        const auto path = tmp.file("v1.db");
        std::vector<std::string> before;
        {
            Recorder rec(path);
            rec.complete_run(start_run(rec), small_result());
            downgrade_to_v1(rec.database());
            // An order whose buyer is not among its run's nodes.
            rec.database().exec("UPDATE orders SET buyer = 'nobody' WHERE order_id = 8");
            before = order_rows(rec.database());
        }
        try {
            Recorder again(path);
            FAIL("the upgrade must fail");
        } catch (const sqlite::Error& e) {
            const std::string what = e.what();
            CHECK(what.find(path) != std::string::npos);
            CHECK(what.find("1 orders name a buyer or supplier") != std::string::npos);
        }
        CHECK(memchain::model::database_schema_version(path) == 1);
        sqlite::Database db(path, sqlite::Database::Mode::ReadOnly);
        CHECK(order_rows(db) == before);
        CHECK(
            count(db,
                  "SELECT count(*) FROM sqlite_master WHERE name = 'orders' AND type = 'table'") ==
            1);
    }

    TEST_CASE("Recorder: upgrades a version-2 file in place with run owners") {
        TempDir tmp;
        const auto path = tmp.file("v2.db");
        {
            Recorder rec(path);
            rec.complete_run(start_run(rec), small_result());
            (void)start_run(rec);  // left running, as a killed version-2 process left it
            rec.database().exec(
                "ALTER TABLE runs DROP COLUMN owner_host; ALTER TABLE runs DROP COLUMN owner_pid;"
                "ALTER TABLE runs DROP COLUMN started_at;"
                "UPDATE meta SET value = '2' WHERE key = 'schema_version'; PRAGMA user_version = "
                "2;");
        }
        REQUIRE(memchain::model::database_schema_version(path) == 2);
        Recorder rec(path);
        auto& db = rec.database();
        CHECK(memchain::model::database_schema_version(path) == memchain::model::schema_version);
        CHECK(count(db,
                    "SELECT count(*) FROM pragma_table_info('runs') WHERE name IN "
                    "('owner_host', 'owner_pid', 'started_at')") == 3);
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status = 'completed'") == 1);
        CHECK(count(db, "SELECT count(*) FROM orders WHERE run_id = 1") == 2);
        // The running run has no owner to ask: it is over.
        CHECK(count(db,
                    "SELECT count(*) FROM runs WHERE status = 'interrupted' AND error LIKE "
                    "'process ended without closing the run%'") == 1);
        // New runs carry their owner.
        const auto run = start_run(rec);
        CHECK(count(db, "SELECT owner_pid FROM runs WHERE run_id = " + std::to_string(run)) ==
              ::getpid());
        CHECK(count(db,
                    "SELECT count(*) FROM runs WHERE started_at LIKE '20__-__-__T__:__:__Z' "
                    "AND length(owner_host) > 0") == 1);
    }

    TEST_CASE("Recorder: opening marks the runs of ended processes interrupted, no others") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        // A process id that is certainly free: a child's, after it has been waited for.
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) ::_exit(0);
        ::waitpid(child, nullptr, 0);
        std::int64_t dead = 0, mine = 0, elsewhere = 0, reused = 0;
        {
            Recorder rec(path);
            dead = start_run(rec);
            mine = start_run(rec);
            elsewhere = start_run(rec);
            reused = start_run(rec);
            auto& db = rec.database();
            db.exec("UPDATE runs SET owner_pid = " + std::to_string(child) +
                    " WHERE run_id = " + std::to_string(dead));
            db.exec("UPDATE runs SET owner_host = 'another-host', owner_pid = 1 WHERE run_id = " +
                    std::to_string(elsewhere));
            // This process's id, but a run that began before this process did: the id was
            // reused since.
            db.exec("UPDATE runs SET started_at = '2001-01-01T00:00:00Z' WHERE run_id = " +
                    std::to_string(reused));
            CHECK(rec.reclaimed_runs().empty());
        }
        Recorder rec(path);
        CHECK(rec.reclaimed_runs() == std::vector<std::int64_t>{dead, reused});
        auto& db = rec.database();
        const auto status = [&](std::int64_t run) {
            auto st = db.prepare(
                "SELECT status || ': ' || ifnull(error, '') FROM runs WHERE "
                "run_id = ?");
            st.bind(1, run);
            REQUIRE(st.step());
            return st.column_text(0);
        };
        CHECK(status(dead) == "interrupted: process ended without closing the run");
        CHECK(status(reused) == "interrupted: process ended without closing the run");
        CHECK(status(mine) == "running: ");
        CHECK(status(elsewhere) == "running: ");
    }

    TEST_CASE("Recorder: file_intact is false once the file is removed or replaced") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        Recorder rec(path);
        CHECK(rec.file_intact());
        std::filesystem::remove(path);
        CHECK_FALSE(rec.file_intact());
        std::ofstream(path) << "another file under the same name\n";
        CHECK_FALSE(rec.file_intact());
    }

    TEST_CASE("Recorder: refuses a SQLite file that is not a memchain database") {
        TempDir tmp;
        const auto path = tmp.file("other.db");
        {
            sqlite::Database db(path);
            db.exec("CREATE TABLE t (x)");
        }
        CHECK_THROWS_WITH_AS(Recorder{path}, doctest::Contains("not a memchain database"),
                             sqlite::Error);
    }

    TEST_CASE("Recorder: upgrades a version-3 file in place by adding the market tables") {
        TempDir tmp;
        const auto path = tmp.file("v3.db");
        {
            Recorder rec(path);
            rec.complete_run(start_run(rec), small_result());
            rec.database().exec(
                "DROP VIEW revenue_summary; DROP VIEW revenue_by_year; "
                "DROP VIEW market_price_summary; DROP VIEW market_prices; DROP TABLE revenue; "
                "DROP TABLE market_samples; UPDATE meta SET value = '3' WHERE key = "
                "'schema_version'; PRAGMA user_version = 3;");
        }
        REQUIRE(memchain::model::database_schema_version(path) == 3);
        Recorder rec(path);
        CHECK(memchain::model::database_schema_version(path) == 7);
        CHECK(count(rec.database(), "SELECT count(*) FROM orders") == 2);
        CHECK(count(rec.database(), "SELECT count(*) FROM runs WHERE status = 'completed'") == 1);
        auto result = small_result();
        result.market_samples.push_back({"wafer", 7.0, 110.0, 105.0, 3.0, 2.5, 40.0, 12.0});
        rec.complete_run(start_run(rec), result);
        CHECK(count(rec.database(), "SELECT count(*) FROM market_samples") == 1);
        CHECK(count(rec.database(), "SELECT count(*) FROM market_prices") == 1);
    }

    TEST_CASE("Recorder: market samples and revenue rows, with calendar dates in the views") {
        TempDir tmp;
        Recorder rec(tmp.file("runs.db"));
        auto result = small_result();
        // Day 0 is 2026-01-01 (test_run_info): day 31 is 2026-02-01.
        result.market_samples.push_back({"wafer", 31.0, 110.0, 105.0, 3.0, 2.5, 40.0, 12.0});
        result.revenue.push_back(
            {4, 28.0, 35.0, 0, "skhynix", "wafer", 10.0, 105.0, 1050.0, 400.0});
        rec.complete_run(start_run(rec), result);
        auto& db = rec.database();
        auto prices = db.prepare("SELECT date, spot, contract FROM market_prices");
        REQUIRE(prices.step());
        CHECK(prices.column_text(0) == "2026-02-01");
        CHECK(prices.column_double(1) == 110.0);
        auto year = db.prepare("SELECT owner, year, revenue, margin FROM revenue_by_year");
        REQUIRE(year.step());
        CHECK(year.column_text(0) == "skhynix");
        CHECK(year.column_text(1) == "2026");
        CHECK(year.column_double(2) == 1050.0);
        CHECK(year.column_double(3) == 650.0);
    }

    TEST_CASE("Recorder: upgrades a version-4 file in place: order_changes and the new views") {
        TempDir tmp;
        const auto path = tmp.file("v4.db");
        {
            Recorder rec(path);
            rec.complete_run(start_run(rec), small_result());
            // The version-4 orders view, as it was.
            rec.database().exec(
                "DROP VIEW order_history; DROP VIEW orders; DROP TABLE order_changes; "
                "CREATE VIEW orders AS SELECT o.run_id, o.order_id, o.product, o.quantity, "
                "CASE WHEN o.completed_day IS NULL THEN 'open' ELSE 'filled' END AS status "
                "FROM order_lines o; UPDATE meta SET value = '4' WHERE key = 'schema_version'; "
                "PRAGMA user_version = 4;");
        }
        REQUIRE(memchain::model::database_schema_version(path) == 4);
        Recorder rec(path);
        CHECK(memchain::model::database_schema_version(path) == 7);
        auto& db = rec.database();
        // The run it had keeps its orders, now with no cancellations or push-outs.
        CHECK(
            count(db, "SELECT count(*) FROM orders WHERE cancelled_units = 0 AND push_outs = 0") ==
            2);
        CHECK(count(db, "SELECT count(*) FROM order_history") == 2 + 1 + 1);  // placed x2, ...
        CHECK(count(db, "SELECT count(*) FROM order_changes") == 0);
    }

    TEST_CASE("Recorder: order changes give each order its status, cancelled units and history") {
        // Order 7 (10 units) filled on day 4.5; order 8 (3 units, 1 filled) pushed out on day 3
        // to day 9, then its last 2 units cancelled on day 6: partly cancelled, closed on day 6.
        TempDir tmp;
        Recorder rec(tmp.file("runs.db"));
        auto result = small_result();
        result.orders[1].completed_day = 6.0;
        result.order_changes.push_back({8, 3.0, "pushed out", "lead-time tolerance", 2.0, 9.0});
        result.order_changes.push_back({8, 6.0, "cancelled", "max age", 2.0, std::nullopt});
        rec.complete_run(start_run(rec), result);
        auto& db = rec.database();
        auto o = db.prepare(
            "SELECT status, cancelled_units, cancelled_day, push_outs, lead_time_days FROM orders "
            "ORDER BY order_id");
        REQUIRE(o.step());
        CHECK(o.column_text(0) == "filled");
        CHECK(o.column_double(1) == 0.0);
        CHECK(o.column_double(4) == doctest::Approx(3.5));
        REQUIRE(o.step());
        CHECK(o.column_text(0) == "partly cancelled");
        CHECK(o.column_double(1) == 2.0);
        CHECK(o.column_double(2) == 6.0);
        CHECK(o.column_int(3) == 1);
        CHECK(o.is_null(4));  // a cancelled order has no lead time
        auto h = db.prepare(
            "SELECT day, event, units, coalesce(reason, '') FROM order_history WHERE order_id = 8 "
            "ORDER BY day, event");
        const std::vector<std::string> expected = {"2 placed 3 ",
                                                   "3 pushed out 2 lead-time tolerance",
                                                   "6 cancelled 2 max age", "6 closed 1 "};
        for (const std::string& step : expected) {
            REQUIRE(h.step());
            char line[96];
            std::snprintf(line, sizeof line, "%g %s %g %s", h.column_double(0),
                          h.column_text(1).c_str(), h.column_double(2), h.column_text(3).c_str());
            CHECK(std::string(line) == step);
        }
        CHECK_FALSE(h.step());
    }

    TEST_CASE("Recorder: upgrades a version-5 file in place: comparisons gain peak_day") {
        TempDir tmp;
        const auto path = tmp.file("v5.db");
        {
            Recorder rec(path);
            rec.complete_run(start_run(rec), small_result());
            rec.database().exec(
                "INSERT INTO experiments (experiment_id, kind, label, command, master_seed, "
                "replications, "
                "created_at) VALUES (9, 'compare', 'x', 'compare', 1, 2, '2026-01-01');"
                "INSERT INTO comparisons VALUES (9, 'fire', 'fill_rate', 'chip', '', '', 2, 0.9, "
                "0.8, -0.1, -0.2, 0.0, -0.3, 0.1, NULL);"
                "ALTER TABLE comparisons DROP COLUMN peak_day;"
                "UPDATE meta SET value = '5' WHERE key = 'schema_version'; PRAGMA user_version = "
                "5;");
        }
        REQUIRE(memchain::model::database_schema_version(path) == 5);
        Recorder rec(path);
        CHECK(memchain::model::database_schema_version(path) == 7);
        auto& db = rec.database();
        // The row it had is kept, with no peak day; a new row can carry one.
        CHECK(count(db,
                    "SELECT count(*) FROM comparisons WHERE kpi = 'fill_rate' AND diff_mean = "
                    "-0.1 AND peak_day IS NULL") == 1);
        db.exec(
            "INSERT INTO comparisons VALUES (9, 'fire', 'spot_price_shock_peak', 'chip', '', '', "
            "2, "
            "400, 420, 20, 10, 30, 5, 35, 224)");
        CHECK(count(db, "SELECT count(*) FROM comparisons WHERE peak_day = 224") == 1);
    }

    TEST_CASE("Recorder: upgrades a version-6 file in place: ladder steps gain lift") {
        TempDir tmp;
        const auto path = tmp.file("v6.db");
        {
            Recorder rec(path);
            rec.complete_run(start_run(rec), small_result());
            rec.database().exec(
                "INSERT INTO experiments (experiment_id, kind, label, command, master_seed, "
                "replications, created_at) VALUES (9, 'probe', 'x', 'probe', 1, 2, "
                "'2026-01-01');"
                "ALTER TABLE ladder_steps DROP COLUMN lift;"
                "INSERT INTO ladder_steps VALUES (9, 1, 'a', 'a', 1000, 2, 200, 190, 210, "
                "'2026-01-02');"
                "UPDATE meta SET value = '6' WHERE key = 'schema_version'; PRAGMA user_version = "
                "6;");
        }
        REQUIRE(memchain::model::database_schema_version(path) == 6);
        Recorder rec(path);
        CHECK(memchain::model::database_schema_version(path) == 7);
        auto& db = rec.database();
        // The step it had is kept, with no factor; a new step carries one.
        CHECK(count(db,
                    "SELECT count(*) FROM ladder_steps WHERE gain_mean = 200 AND lift IS "
                    "NULL") == 1);
        db.exec(
            "INSERT INTO ladder_steps VALUES (9, 2, 'b', 'b', 1200, 2, 300, 290, 310, NULL, 10)");
        CHECK(count(db, "SELECT count(*) FROM ladder_steps WHERE lift = 10") == 1);
    }
}  // TEST_SUITE
