// memchain under mpirun (built with MPI only): K ranks record the same database content as
// one process; a worker rank that is killed leaves a valid file with its run marked failed.
// Each test runs in its own directory with the same relative database name, so that the
// recorded command lines are identical too.

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "db_dump.hpp"
#include "memchain_cli.hpp"
#include "model/record/sqlite.hpp"
#include "temp_dir.hpp"

using memchain::testing::CliResult;
using memchain::testing::dump_database;
using memchain::testing::memchain_binary;
using memchain::testing::run_shell;
using memchain::testing::TempDir;

namespace {

const std::string configs = std::string(MEMCHAIN_SOURCE_DIR) + "/configs";

// mpirun refuses to start as root unless told twice; harmless otherwise. A job that hangs is
// ended after two minutes (exit 124), so that a test fails instead of waiting for ever; the
// ranks are then the grandchildren of the shell's job.
const std::string bare_mpirun = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 " +
                                std::string(MEMCHAIN_MPIRUN) + " --oversubscribe";
const std::string mpirun = "timeout -k 5 120 env " + bare_mpirun;

std::int64_t scalar(const std::string& db_path, const std::string& sql) {
    memchain::sqlite::Database db(db_path, memchain::sqlite::Database::Mode::ReadOnly);
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.column_int(0);
}

void check_integrity(const std::string& db_path) {
    memchain::sqlite::Database db(db_path, memchain::sqlite::Database::Mode::ReadOnly);
    auto check = db.prepare("PRAGMA integrity_check");
    REQUIRE(check.step());
    CHECK(check.column_text(0) == "ok");
}

using Dump = std::map<std::string, std::vector<std::string>>;

void check_same(const Dump& one, const Dump& other) {
    REQUIRE(one.size() == other.size());
    for (const auto& [table, rows] : one) {
        CAPTURE(table);
        REQUIRE(other.count(table) == 1);
        CHECK(rows == other.at(table));
    }
}

// The database `memchain ARGS` writes (to run.db, in a directory of its own) as one process
// with 2 threads ("") and under mpirun with 2 and 3 ranks of 1 thread ("-np 2", "-np 3").
std::map<std::string, Dump> dumps_by_launch(const std::string& args) {
    std::map<std::string, Dump> dumps;
    for (const std::string launch : {"", "-np 2", "-np 3"}) {
        CAPTURE(launch);
        TempDir tmp;
        const std::string threads = launch.empty() ? " --threads 2" : " --threads 1";
        const std::string prefix = launch.empty() ? "" : mpirun + " " + launch + " ";
        const CliResult r = run_shell("cd " + tmp.path().string() + " && " + prefix +
                                      memchain_binary + " " + args + threads);
        INFO(r.out);
        REQUIRE(r.exit_code == 0);
        check_integrity(tmp.file("run.db"));
        dumps[launch] = dump_database(tmp.file("run.db"));
    }
    return dumps;
}

}  // namespace

TEST_SUITE("tools") {
    TEST_CASE("memchain under mpirun: 2 and 3 ranks record what one process records") {
        // compare: the base and a copy of it (a variant needs a name of its own), 3
        // replications each, detail `lots` so that every table a run writes has rows.
        const std::string args = "compare " + configs +
                                 "/examples/hbm-mini.yaml --variant copy:recording.detail=lots "
                                 "--set recording.detail=lots -n 3 --db run.db -q";
        std::map<std::string, Dump> dumps = dumps_by_launch(args);
        CHECK(dumps[""].at("runs").size() == 6);
        CHECK_FALSE(dumps[""].at("lot_stages").empty());
        CHECK_FALSE(dumps[""].at("comparisons").empty());
        check_same(dumps[""], dumps["-np 2"]);
        check_same(dumps[""], dumps["-np 3"]);
    }

    TEST_CASE("memchain under mpirun: a probe's ladder on 2 and 3 ranks records what one does") {
        // Every rank follows rank 0's word on which constraint each step lifts and by how much,
        // so the rounds, the lifts tried and the steps are the same runs as one process's.
        const std::string args =
            "probe " + std::string(MEMCHAIN_SOURCE_DIR) +
            "/tests/data/experiments/two_chains.yaml --steps 2 -n 2 --db run.db -q";
        std::map<std::string, Dump> dumps = dumps_by_launch(args);
        CHECK_FALSE(dumps[""].at("probe_candidates").empty());
        CHECK_FALSE(dumps[""].at("ladder_steps").empty());
        check_same(dumps[""], dumps["-np 2"]);
        check_same(dumps[""], dumps["-np 3"]);
    }

    TEST_CASE("memchain under mpirun: a killed worker rank's run is marked failed") {
        // 3 ranks under --enable-recovery (the job outlives a rank); rank 2 is killed once the
        // first run is recorded. Rank 0 hears nothing from it for 2 s, marks its run in
        // progress failed, and the two others finish the rest.
        TempDir tmp;
        const std::string script =
            "cd " + tmp.path().string() + "; MEMCHAIN_MPI_TIMEOUT=2 " + mpirun +
            " --enable-recovery -np 3 " + memchain_binary + " run " + configs +
            "/baseline.yaml -n 10 --threads 1 --db run.db -q > out.txt 2>&1 & m=$!; "
            "for i in $(seq 600); do sleep 0.1; "
            "  [ \"$(sqlite3 run.db \"SELECT count(*) FROM runs WHERE status = 'completed'\" "
            "     2>/dev/null)\" -ge 1 ] 2>/dev/null && break; done; "
            "for p in $(pgrep -P $(pgrep -P $m)); do "
            "  tr '\\0' '\\n' < /proc/$p/environ | grep -qx OMPI_COMM_WORLD_RANK=2 && kill -9 $p; "
            "done; wait $m; echo \"exit=$?\"; cat out.txt";
        const CliResult r = run_shell(script);
        INFO(r.out);
        // Rank 0 exits 1 (a failed run); mpirun --enable-recovery reports 0 for the job
        // whatever its ranks return, so the message and the file are what is checked here.
        CHECK(r.out.find("exit=124") == std::string::npos);  // ended, not timed out
        CHECK(r.out.find("exit=137") == std::string::npos);
        CHECK(r.out.find("rank 2 was lost") != std::string::npos);
        CHECK(r.out.find("9/10 replications completed") != std::string::npos);
        const std::string db = tmp.file("run.db");
        check_integrity(db);
        CHECK(scalar(db, "SELECT count(*) FROM runs") == 10);
        CHECK(scalar(db,
                     "SELECT count(*) FROM runs WHERE status = 'failed' AND error LIKE "
                     "'rank 2 was lost%'") == 1);
        CHECK(scalar(db, "SELECT count(*) FROM runs WHERE status = 'completed'") == 9);
        CHECK(scalar(db,
                     "SELECT count(*) FROM kpis k JOIN runs r USING (run_id) "
                     "WHERE r.status <> 'completed'") == 0);
    }

    TEST_CASE("memchain under mpirun: Ctrl-C records finished runs and marks the rest") {
        // mpirun passes SIGINT on to every rank as SIGTERM and kills them a second later. The
        // signal goes to mpirun alone (timeout would pass it to the ranks as well), so a job
        // that hangs is killed by a watchdog instead.
        TempDir tmp;
        const std::string script =
            "cd " + tmp.path().string() + "; " + bare_mpirun + " -np 2 " + memchain_binary +
            " run " + configs +
            "/baseline.yaml -n 40 --threads 1 --db run.db -q "
            "> out.txt 2>&1 & m=$!; (sleep 120; kill -9 $m) > /dev/null 2>&1 & w=$!; "
            "for i in $(seq 600); do sleep 0.1; "
            "  [ \"$(sqlite3 run.db \"SELECT count(*) FROM runs WHERE status = 'completed'\" "
            "     2>/dev/null)\" -ge 2 ] 2>/dev/null && break; done; "
            "kill -INT $m; wait $m; echo \"exit=$?\"; pkill -P $w; kill $w; cat out.txt";
        const CliResult r = run_shell(script);
        INFO(r.out);
        CHECK(r.out.find("exit=0") == std::string::npos);
        CHECK(r.out.find("exit=137") == std::string::npos);  // ended, not killed
        const std::string db = tmp.file("run.db");
        check_integrity(db);
        CHECK(scalar(db, "SELECT count(*) FROM runs") == 40);
        CHECK(scalar(db, "SELECT count(*) FROM runs WHERE status = 'completed'") >= 2);
        CHECK(scalar(db, "SELECT count(*) FROM runs WHERE status = 'interrupted'") >= 1);
        CHECK(scalar(db, "SELECT count(*) FROM runs WHERE status IN ('running', 'failed')") == 0);
    }

    TEST_CASE("memchain under mpirun: a database rank 0 cannot write ends every rank") {
        // Another program holds the file's write lock longer than --lock-timeout: rank 0 fails
        // before it lends any run and tells the waiting rank there are none, so the job ends
        // (exit 1) instead of waiting for ever.
        TempDir tmp;
        const std::string script =
            "cd " + tmp.path().string() + " && " + memchain_binary + " run " + configs +
            "/examples/hbm-mini.yaml -n 1 --db run.db -q > /dev/null && "
            "{ (echo 'BEGIN EXCLUSIVE;'; sleep 6; echo 'COMMIT;') | sqlite3 run.db & } && "
            "sleep 0.5 && timeout 30 env " +
            mpirun + " -np 2 " + memchain_binary + " run " + configs +
            "/examples/hbm-mini.yaml -n 4 --threads 1 --db run.db -q "
            "--lock-timeout 1; echo \"exit=$?\"; wait";
        const CliResult r = run_shell(script);
        INFO(r.out);
        CHECK(r.out.find("exit=1\n") != std::string::npos);
        CHECK(r.out.find("database is locked") != std::string::npos);
        const std::string db = tmp.file("run.db");
        check_integrity(db);
        CHECK(scalar(db, "SELECT count(*) FROM runs") == 1);
    }

    TEST_CASE("memchain under mpirun: when rank 0 is killed the other ranks end") {
        // Under --enable-recovery the job outlives rank 0. The workers hear nothing from it for
        // 2 s and end; the runs rank 0 left `running` are marked interrupted by the next
        // process that opens the file.
        TempDir tmp;
        const std::string script =
            "cd " + tmp.path().string() + "; MEMCHAIN_MPI_TIMEOUT=2 " + mpirun +
            " --enable-recovery -np 3 " + memchain_binary + " run " + configs +
            "/baseline.yaml -n 20 --threads 1 --db run.db -q > out.txt 2>&1 & m=$!; "
            "for i in $(seq 600); do sleep 0.1; "
            "  [ \"$(sqlite3 run.db \"SELECT count(*) FROM runs WHERE status = 'completed'\" "
            "     2>/dev/null)\" -ge 1 ] 2>/dev/null && break; done; "
            "for p in $(pgrep -P $(pgrep -P $m)); do "
            "  tr '\\0' '\\n' < /proc/$p/environ | grep -qx OMPI_COMM_WORLD_RANK=0 && kill -9 $p; "
            "done; wait $m; echo \"exit=$?\"; cat out.txt";
        const CliResult r = run_shell(script);
        INFO(r.out);
        CHECK(r.out.find("exit=124") == std::string::npos);  // ended, not timed out
        CHECK(r.out.find("rank 1: rank 0 is gone") != std::string::npos);
        CHECK(r.out.find("rank 2: rank 0 is gone") != std::string::npos);
        const std::string db = tmp.file("run.db");
        check_integrity(db);
        CHECK(scalar(db, "SELECT count(*) FROM runs") == 20);
        const CliResult next =
            run_shell("cd " + tmp.path().string() + " && " + memchain_binary + " run " + configs +
                      "/examples/hbm-mini.yaml -n 1 --db run.db -q");
        INFO(next.out);
        CHECK(next.exit_code == 0);
        CHECK(next.out.find("are now marked interrupted") != std::string::npos);
        CHECK(scalar(db, "SELECT count(*) FROM runs WHERE status = 'running'") == 0);
        CHECK(scalar(db, "SELECT count(*) FROM runs WHERE status = 'interrupted'") >= 1);
    }
}  // TEST_SUITE
