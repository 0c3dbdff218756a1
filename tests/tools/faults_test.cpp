// Faults from outside, as a user's machine produces them: kill -9 at random points of a
// recording run, a full disk, another program holding the database's lock, Ctrl-C while
// simulated time crawls. After each, a second process opens the file: SQLite's integrity check
// passes, every completed run is what an uninterrupted run recorded, and no run is left
// `running`.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "memchain_cli.hpp"
#include "model/record/sqlite.hpp"
#include "temp_dir.hpp"

using memchain::testing::run_memchain;
using memchain::testing::TempDir;
namespace sqlite = memchain::sqlite;
using Clock = std::chrono::steady_clock;

namespace {

const std::string data = std::string(MEMCHAIN_SOURCE_DIR) + "/tests/data/experiments/";

// memchain with `args`, stdout and stderr into `log`; its process id.
pid_t spawn(const std::vector<std::string>& args, const std::string& log) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        std::vector<char*> argv;
        std::string binary = memchain::testing::memchain_binary;
        argv.push_back(binary.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

// Its exit code (128 + signal when killed).
int wait_for(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::int64_t scalar(sqlite::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.column_int(0);
}

std::string integrity(const std::string& path) {
    sqlite::Database db(path, sqlite::Database::Mode::ReadOnly);
    auto st = db.prepare("PRAGMA integrity_check");
    REQUIRE(st.step());
    return st.column_text(0);
}

// Every completed run of the 24-replication experiment, as its KPIs and order count, keyed by run
// id.
std::map<std::int64_t, std::string> completed_runs(const std::string& path) {
    sqlite::Database db(path, sqlite::Database::Mode::ReadOnly);
    std::map<std::int64_t, std::string> out;
    auto st = db.prepare(
        "SELECT r.run_id, group_concat(k.kpi || k.product || k.buyer || k.node || '=' || "
        "quote(k.value), ';'), (SELECT count(*) FROM order_lines o WHERE o.run_id = r.run_id), "
        "(SELECT count(*) FROM samples s WHERE s.run_id = r.run_id) FROM runs r JOIN kpis k "
        "ON k.run_id = r.run_id WHERE r.experiment_id = (SELECT min(experiment_id) FROM "
        "experiments WHERE "
        "replications = 24) AND r.status = 'completed' "
        "GROUP BY r.run_id ORDER BY r.run_id");
    while (st.step())
        out[st.column_int(0)] =
            st.column_text(1) + "|" + st.column_text(2) + "|" + st.column_text(3);
    return out;
}

// A second process opens the file: memchain run of one short replication into it.
void open_with_second_process(const std::string& db) {
    const auto r =
        run_memchain("run " + data + "chain.yaml --set horizon=2w --set warmup=0d -q --db " + db);
    CAPTURE(r.out);
    CHECK(r.exit_code == 0);
}

}  // namespace

TEST_SUITE("tools") {
    TEST_CASE("Faults: kill -9 at random points leaves completed runs intact and none running") {
        TempDir tmp;
        const std::vector<std::string> run = {
            "run",   data + "chain.yaml",          "-n", "24", "--threads", "2", "-q",
            "--set", "recording.detail=deliveries"};
        // The reference: the same experiment, uninterrupted, and how long it takes.
        const std::string reference = tmp.file("reference.db");
        std::vector<std::string> args = run;
        args.insert(args.end(), {"--db", reference});
        const auto started = Clock::now();
        REQUIRE(wait_for(spawn(args, tmp.file("reference.log"))) == 0);
        const double full_ms =
            std::chrono::duration<double, std::milli>(Clock::now() - started).count();
        const auto expected = completed_runs(reference);
        REQUIRE(expected.size() == 24);
        MESSAGE("an uninterrupted run takes " << full_ms << " ms");

        // Kill points spread over the run's whole length, from opening the file to its end.
        std::mt19937 rng(20261206);
        std::uniform_real_distribution<double> when(0.0, full_ms * 1.05);
        int partial = 0, points = 30;
        for (int k = 0; k < points; ++k) {
            const std::string db = tmp.file("killed-" + std::to_string(k) + ".db");
            args = run;
            args.insert(args.end(), {"--db", db});
            const double at = when(rng);
            const pid_t pid = spawn(args, tmp.file("killed.log"));
            std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(at * 1000)));
            ::kill(pid, SIGKILL);
            wait_for(pid);
            CAPTURE(k);
            CAPTURE(at);
            if (!std::filesystem::exists(db)) continue;  // killed before the file was made
            open_with_second_process(db);
            CHECK(integrity(db) == "ok");
            sqlite::Database check(db, sqlite::Database::Mode::ReadOnly);
            CHECK(scalar(check, "SELECT count(*) FROM runs WHERE status = 'running'") == 0);
            const auto found = completed_runs(db);
            for (const auto& [id, content] : found) {
                CAPTURE(id);
                REQUIRE(expected.count(id) == 1);
                CHECK(content == expected.at(id));
            }
            // No rows of a run that is not complete.
            CHECK(scalar(check,
                         "SELECT count(*) FROM kpis WHERE run_id IN (SELECT run_id FROM runs "
                         "WHERE status <> 'completed')") == 0);
            if (!found.empty() && found.size() < 24) ++partial;
        }
        MESSAGE(partial << " of " << points << " kills landed between the first and last run");
        CHECK(partial >= 5);
    }

    TEST_CASE("Faults: another program's lock is waited for, or the run fails loudly") {
        TempDir tmp;
        const std::string db = tmp.file("locked.db");
        open_with_second_process(db);  // a database in WAL mode, experiment 1
        const std::vector<std::string> run = {
            "run", data + "chain.yaml", "-n", "6", "--threads", "1", "-q", "--db", db};
        sqlite::Database holder(db);
        // Held for 2 s from the start: a 20 s wait outlasts it and everything is recorded.
        {
            holder.exec("BEGIN IMMEDIATE");
            std::vector<std::string> args = run;
            args.insert(args.end(), {"--lock-timeout", "20"});
            const pid_t pid = spawn(args, tmp.file("waits.log"));
            std::this_thread::sleep_for(std::chrono::seconds(2));
            holder.exec("COMMIT");
            CHECK(wait_for(pid) == 0);
            sqlite::Database check(db, sqlite::Database::Mode::ReadOnly);
            CHECK(scalar(check,
                         "SELECT count(*) FROM runs WHERE experiment_id = 2 AND status = "
                         "'completed'") == 6);
        }
        // Held for 4 s with a 1 s wait: exit 1, the lock named on stderr, nothing claimed.
        {
            holder.exec("BEGIN IMMEDIATE");
            std::vector<std::string> args = run;
            args.insert(args.end(), {"--lock-timeout", "1"});
            const auto started = Clock::now();
            const pid_t pid = spawn(args, tmp.file("gives-up.log"));
            const int code = wait_for(pid);
            const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
            holder.exec("COMMIT");
            const std::string log = read_text(tmp.file("gives-up.log"));
            CAPTURE(log);
            CHECK(code == 1);
            CHECK(seconds < 3.5);
            CHECK(log.find("database is locked (another connection held it for more than 1 s") !=
                  std::string::npos);
            CHECK(log.find("recorded in") == std::string::npos);
        }
        open_with_second_process(db);
        CHECK(integrity(db) == "ok");
        sqlite::Database check(db, sqlite::Database::Mode::ReadOnly);
        CHECK(scalar(check, "SELECT count(*) FROM runs WHERE status = 'running'") == 0);
    }

    TEST_CASE("Faults: a full disk fails the run with the reason, and leaves none running") {
        TempDir tmp;
        const std::filesystem::path mount_point = tmp.path() / "small";
        std::filesystem::create_directories(mount_point);
        if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=4m") != 0) {
            MESSAGE("skipped: cannot mount a small tmpfs here (" << std::strerror(errno) << ")");
            return;
        }
        const std::string db = (mount_point / "full.db").string();
        const auto r = run_memchain("run " + data +
                                    "chain.yaml -n 30 --threads 2 -q --set recording.detail=lots "
                                    "--set horizon=3y --db " +
                                    db);
        CAPTURE(r.out);
        CHECK(r.exit_code == 1);
        CHECK((r.out.find("database or disk is full") != std::string::npos ||
               r.out.find("disk I/O error") != std::string::npos));
        // Each run the disk could not take says why, on stderr.
        CHECK(r.out.find(") failed: recording failed: ") != std::string::npos);
        // Room again, and a second process opens the file.
        REQUIRE(::mount("tmpfs", mount_point.c_str(), "tmpfs", MS_REMOUNT, "size=64m") == 0);
        if (std::filesystem::exists(db)) {
            open_with_second_process(db);
            CHECK(integrity(db) == "ok");
            sqlite::Database check(db, sqlite::Database::Mode::ReadOnly);
            CHECK(scalar(check, "SELECT count(*) FROM runs WHERE status = 'running'") == 0);
            CHECK(scalar(check,
                         "SELECT count(*) FROM runs WHERE status = 'failed' AND error LIKE "
                         "'%full%'") +
                      scalar(check, "SELECT count(*) FROM runs WHERE status = 'interrupted'") >
                  0);
        }
        ::umount2(mount_point.c_str(), MNT_DETACH);
    }

    TEST_CASE("Faults: Ctrl-C is seen within a second while simulated time crawls") {
        TempDir tmp;
        // A source sending a lot every millisecond into a sink: 86 million events a simulated
        // day, so a year's horizon/200 heartbeat is 160 million events (many seconds) away.
        const std::string scenario = tmp.file("crawl.yaml");
        std::ofstream(scenario) << "name: crawl\nstart: 2026-01-01\nhorizon: 1y\n"
                                   "products: {part: {unit: parts}}\n"
                                   "nodes:\n"
                                   "  source: {block: source, product: part, arrivals: "
                                   "{interval: 0.001s}}\n"
                                   "  sink: {block: sink, product: part}\n"
                                   "lanes: [{from: source, to: sink}]\n";
        const std::string db = tmp.file("crawl.db");
        const pid_t pid = spawn({"run", scenario, "-n", "2", "--threads", "2", "-q", "--db", db},
                                tmp.file("crawl.log"));
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        const auto sent = Clock::now();
        ::kill(pid, SIGINT);
        const int code = wait_for(pid);
        const double seconds = std::chrono::duration<double>(Clock::now() - sent).count();
        const std::string log = read_text(tmp.file("crawl.log"));
        CAPTURE(log);
        CHECK(code == 130);
        CHECK(seconds < 1.0);
        MESSAGE("Ctrl-C to exit: " << seconds << " s");
        sqlite::Database check(db, sqlite::Database::Mode::ReadOnly);
        CHECK(scalar(check, "SELECT count(*) FROM runs WHERE status = 'interrupted'") == 2);
        CHECK(scalar(check, "SELECT count(*) FROM runs WHERE status = 'running'") == 0);
    }
}  // TEST_SUITE
