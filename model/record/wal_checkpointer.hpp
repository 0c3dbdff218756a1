#pragma once
// Checkpoints a WAL database from a thread of its own, so that its writer never waits for the
// disk. With `synchronous = NORMAL` a WAL commit does not sync; only checkpoints do (the log
// before, the database after). Left to SQLite, the committing writer runs them: the thread that
// holds the write lock then sleeps in fdatasync while its core idles (on the baseline, 4% of an
// experiment's wall time on one thread). Here the writer's connection stops checkpointing itself
// and, once the log holds `pages` pages, wakes a thread that copies the log into the database with
// a connection of its own (PASSIVE: it never blocks the writer nor waits for it).
//
// The log stays the only copy of what was committed until a checkpoint has copied it, as with
// SQLite's own; a checkpoint that fails or is cut short leaves frames in the log for the next one
// or for the last connection's close. Nothing committed is ever lost.

#include <condition_variable>
#include <mutex>
#include <thread>

#include "model/record/sqlite.hpp"

namespace memchain::sqlite {

class WalCheckpointer {
public:
    // `writer` must be in WAL mode and outlive this object. 1000 pages is SQLite's own default.
    // Throws sqlite::Error when the second connection cannot be opened; the writer then keeps
    // its own checkpoints.
    explicit WalCheckpointer(Database& writer, int pages = 1000);
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;
    // Hands checkpoints back to the writer's connection and joins the thread.
    ~WalCheckpointer();

    // Checkpoints that ran to their end (for tests and diagnostics).
    [[nodiscard]] int completed() const;

private:
    static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
    void loop();

    Database& writer_;
    Database own_;
    int pages_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool due_ = false;       // guarded by mutex_
    bool stopping_ = false;  // guarded by mutex_
    int completed_ = 0;      // guarded by mutex_
    std::thread thread_;
};

}  // namespace memchain::sqlite
