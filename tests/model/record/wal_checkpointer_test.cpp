#include "model/record/wal_checkpointer.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "model/record/sqlite.hpp"
#include "temp_dir.hpp"

using memchain::testing::TempDir;
namespace sqlite = memchain::sqlite;
namespace fs = std::filesystem;

namespace {

// A WAL database with one table; each commit adds `rows` rows of about 1 KB (a page's worth
// every four rows).
struct WalFile {
    explicit WalFile(const std::string& path) : db(path) {
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA synchronous = NORMAL");
        db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    }
    void commit_rows(int rows) {
        sqlite::Transaction tx(db);
        auto st = db.prepare("INSERT INTO t (v) VALUES (?)");
        const std::string value(1000, 'x');
        for (int i = 0; i < rows; ++i) {
            st.reset();
            st.bind(1, value).run();
        }
        tx.commit();
    }
    std::int64_t rows() {
        auto st = db.prepare("SELECT count(*) FROM t");
        REQUIRE(st.step());
        return st.column_int(0);
    }
    sqlite::Database db;
};

bool wait_for_checkpoints(const sqlite::WalCheckpointer& c, int n) {
    // Generous: the thread only has to copy a few hundred KB and sync it.
    for (int i = 0; i < 3000 && c.completed() < n; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return c.completed() >= n;
}

}  // namespace

TEST_CASE("WalCheckpointer: the writer's commits no longer checkpoint; the thread does") {
    TempDir tmp;
    const std::string path = tmp.file("wal.db");
    WalFile f(path);
    const auto empty_size = fs::file_size(path);
    {
        // A threshold no commit reaches: everything stays in the log, nothing in the file.
        sqlite::WalCheckpointer never(f.db, 1'000'000);
        for (int i = 0; i < 10; ++i) f.commit_rows(400);  // ~1,000 pages: SQLite's own trigger
        CHECK(never.completed() == 0);
        CHECK(fs::file_size(path) == empty_size);
        CHECK(fs::file_size(path + "-wal") > 4'000'000);
    }
    {
        sqlite::WalCheckpointer every_50(f.db, 50);
        f.commit_rows(400);
        REQUIRE(wait_for_checkpoints(every_50, 1));
        // The checkpoint copied the log into the file: all 4,400 rows' pages are there.
        CHECK(fs::file_size(path) > 4'000'000);
        // With the log copied, the next commit starts it over instead of growing it.
        const auto wal_size = fs::file_size(path + "-wal");
        f.commit_rows(40);
        CHECK(fs::file_size(path + "-wal") == wal_size);
    }
    CHECK(f.rows() == 4'440);
}

TEST_CASE("WalCheckpointer: once it is gone, the writer checkpoints by itself again") {
    TempDir tmp;
    const std::string path = tmp.file("wal.db");
    WalFile f(path);
    { sqlite::WalCheckpointer gone(f.db, 1'000'000); }
    const auto empty_size = fs::file_size(path);
    f.commit_rows(4'400);  // past SQLite's 1,000 pages
    CHECK(fs::file_size(path) > empty_size + 4'000'000);
}

TEST_CASE("WalCheckpointer: another reader sees every commit while checkpoints run") {
    TempDir tmp;
    const std::string path = tmp.file("wal.db");
    WalFile f(path);
    sqlite::WalCheckpointer c(f.db, 20);
    sqlite::Database reader(path, sqlite::Database::Mode::ReadOnly);
    for (int i = 1; i <= 20; ++i) {
        f.commit_rows(50);
        auto st = reader.prepare("SELECT count(*) FROM t");
        REQUIRE(st.step());
        CHECK(st.column_int(0) == 50 * i);
    }
}
