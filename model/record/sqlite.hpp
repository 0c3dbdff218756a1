#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements with bound
// parameters, and transactions. All move-only; destructors never throw. Errors throw
// sqlite::Error naming the database path and SQLite's message.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace memchain::sqlite {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Statement;

// How long a statement waits for another connection's lock before it fails with "database is
// locked" (the message then says how long it waited): one setting for every connection the
// process opens, 60 s unless changed (memchain's --lock-timeout).
void set_lock_timeout_ms(int milliseconds);
[[nodiscard]] int lock_timeout_ms();

// One connection, used by one thread at a time (it is opened without SQLite's per-call mutex:
// the experiment runner's single writer owns it); other threads and processes open their own.
class Database {
public:
    // Query: an existing file, for reading only (PRAGMA query_only), opened read-write when the
    // file allows it so that, closing last, it removes the WAL's -wal and -shm files as a writer
    // would; a read-only connection leaves them behind.
    // Where neither the file nor its folder can be written, it is read as immutable.
    enum class Mode { ReadWriteCreate, ReadOnly, Query };

    explicit Database(const std::string& path, Mode mode = Mode::ReadWriteCreate);
    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;
    ~Database();

    // Runs one or more statements with no parameters (schema, pragmas).
    void exec(std::string_view sql);
    [[nodiscard]] Statement prepare(std::string_view sql);
    [[nodiscard]] std::int64_t last_insert_rowid() const;
    // Rows the last INSERT, UPDATE or DELETE changed.
    [[nodiscard]] int changes() const;
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] sqlite3* handle() const { return db_.get(); }
    [[noreturn]] void fail(std::string_view what) const;

private:
    struct Closer {
        void operator()(sqlite3* db) const noexcept;
    };
    std::string path_;
    std::unique_ptr<sqlite3, Closer> db_;
};

class Statement {
public:
    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;

    // Binding copies the value (SQLITE_TRANSIENT). Indices start at 1.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, std::uint64_t value) {
        return bind(index, static_cast<std::int64_t>(value));
    }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind_null(int index);
    // The index of a named parameter ("@from", ":id"), 0 when the statement has none by that
    // name: for SQL read from files, whose parameters the caller knows by name.
    [[nodiscard]] int parameter_index(const std::string& name) const;
    // Binds text without copying it: `value` must stay alive and unchanged until the statement
    // has stepped (bulk inserts bind rows that outlive the statement's run).
    Statement& bind_borrowed(int index, std::string_view value);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Steps once: true while a row is available, false when done.
    bool step();
    // Steps a statement that returns no rows.
    void run() {
        while (step()) {
        }
    }
    // Ready to step again, with its bindings cleared.
    void reset();
    // Ready to step again, keeping its bindings: for callers that bind every parameter anew.
    void rewind();

    [[nodiscard]] int columns() const;
    [[nodiscard]] bool is_null(int column) const;
    [[nodiscard]] std::int64_t column_int(int column) const;
    [[nodiscard]] double column_double(int column) const;
    [[nodiscard]] std::string column_text(int column) const;
    [[nodiscard]] std::string column_name(int column) const;

private:
    friend class Database;
    struct Finalizer {
        void operator()(sqlite3_stmt* stmt) const noexcept;
    };
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    void check(int rc) const;
    [[noreturn]] void fail(std::string_view what) const;

    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// Begins in its constructor (IMMEDIATE, so a writer holds the lock from the start) and rolls
// back in its destructor unless commit() ran.
class Transaction {
public:
    explicit Transaction(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    Database& db_;
    bool open_ = true;
};

}  // namespace memchain::sqlite
