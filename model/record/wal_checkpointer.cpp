#include "model/record/wal_checkpointer.hpp"

#include <sqlite3.h>

namespace memchain::sqlite {

WalCheckpointer::WalCheckpointer(Database& writer, int pages)
    : writer_(writer), own_(writer.path()), pages_(pages) {
    // A connection learns the file's journal mode when it first reads it; until then it would
    // take a checkpoint request for a database without a log.
    own_.exec("PRAGMA journal_mode = WAL");
    thread_ = std::thread([this] { loop(); });
    // Last, once nothing can throw: registering a hook replaces the writer's automatic
    // checkpoints (they are a hook too).
    sqlite3_wal_hook(writer_.handle(), &WalCheckpointer::on_commit, this);
}

WalCheckpointer::~WalCheckpointer() {
    sqlite3_wal_autocheckpoint(writer_.handle(), 1000);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

int WalCheckpointer::completed() const {
    std::lock_guard lock(mutex_);
    return completed_;
}

int WalCheckpointer::on_commit(void* self, sqlite3*, const char*, int pages) {
    auto& me = *static_cast<WalCheckpointer*>(self);
    if (pages >= me.pages_) {
        {
            std::lock_guard lock(me.mutex_);
            me.due_ = true;
        }
        me.wake_.notify_one();
    }
    return SQLITE_OK;
}

void WalCheckpointer::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return due_ || stopping_; });
        if (stopping_) return;
        due_ = false;
        lock.unlock();
        int log_frames = 0;
        int copied_frames = 0;
        const int rc = sqlite3_wal_checkpoint_v2(own_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                                 &log_frames, &copied_frames);
        lock.lock();
        // SQLITE_BUSY: another connection was checkpointing; what is left waits for the next.
        if (rc == SQLITE_OK && copied_frames == log_frames) ++completed_;
    }
}

}  // namespace memchain::sqlite
