#include "model/record/sqlite.hpp"

#include <sqlite3.h>

#include <atomic>
#include <cstdio>

namespace memchain::sqlite {

namespace {

std::atomic<int> lock_timeout{60'000};

// SQLite's message for the connection's last error, saying how long it waited when the error
// is another connection's lock.
std::string error_message(sqlite3* db) {
    std::string message = sqlite3_errmsg(db);
    const int code = sqlite3_extended_errcode(db) & 0xff;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        const int ms = lock_timeout.load();
        message +=
            " (another connection held it for more than " +
            (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms") +
            ", the longest memchain waits; see --lock-timeout)";
    }
    return message;
}

}  // namespace

void set_lock_timeout_ms(int milliseconds) {
    lock_timeout = milliseconds;
}

int lock_timeout_ms() {
    return lock_timeout;
}

void Database::Closer::operator()(sqlite3* db) const noexcept {
    sqlite3_close_v2(db);
}

Database::Database(const std::string& path, Mode mode) : path_(path) {
    // Memory statistics cost a global mutex on every allocation, and nothing reads them; this
    // must precede SQLite's initialisation (the first open), hence once, here.
    static const int no_memory_statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)no_memory_statistics;
    sqlite3* raw = nullptr;
    const int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                      : mode == Mode::Query  ? SQLITE_OPEN_READWRITE
                                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) {
        const std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        throw Error(path + ": cannot open database: " + message);
    }
    sqlite3_busy_timeout(raw, lock_timeout.load());
    sqlite3_extended_result_codes(raw, 1);
    if (mode != Mode::Query) return;
    exec("PRAGMA query_only = 1");
    // A reader needs no write access: where the file or its folder cannot be written (a WAL
    // file's -shm cannot be made), it is read as it stands, immutable.
    if (sqlite3_exec(raw, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) ==
        SQLITE_OK)
        return;
    std::string uri = "file:";
    for (const char c : path) {
        if (c == '?' || c == '#' || c == '%') {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
            uri += escaped;
        } else {
            uri += c;
        }
    }
    uri += "?immutable=1";
    raw = nullptr;
    const int again = sqlite3_open_v2(
        uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (again != SQLITE_OK) {
        const std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(again);
        throw Error(path + ": cannot open database: " + message);
    }
    sqlite3_extended_result_codes(raw, 1);
}

Database::~Database() = default;

void Database::fail(std::string_view what) const {
    throw Error(path_ + ": " + std::string(what) + ": " + error_message(db_.get()));
}

void Database::exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        const std::string why = error_message(db_.get());
        throw Error(path_ + ": " + why);
    }
}

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK)
        fail("cannot prepare statement");
    return Statement(stmt);
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_.get());
}

int Database::changes() const {
    return sqlite3_changes(db_.get());
}

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const noexcept {
    sqlite3_finalize(stmt);
}

void Statement::fail(std::string_view what) const {
    sqlite3* db = sqlite3_db_handle(stmt_.get());
    const char* path = sqlite3_db_filename(db, "main");
    throw Error(std::string(path && *path ? path : ":memory:") + ": " + std::string(what) + ": " +
                error_message(db));
}

void Statement::check(int rc) const {
    if (rc != SQLITE_OK) fail("cannot bind parameter");
}

Statement& Statement::bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(stmt_.get(), index, value));
    return *this;
}

Statement& Statement::bind(int index, double value) {
    check(sqlite3_bind_double(stmt_.get(), index, value));
    return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
    check(sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT,
                              SQLITE_UTF8));
    return *this;
}

Statement& Statement::bind_borrowed(int index, std::string_view value) {
    check(sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_STATIC,
                              SQLITE_UTF8));
    return *this;
}

Statement& Statement::bind_null(int index) {
    check(sqlite3_bind_null(stmt_.get(), index));
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("statement failed");
}

void Statement::reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

void Statement::rewind() {
    sqlite3_reset(stmt_.get());
}

int Statement::columns() const {
    return sqlite3_column_count(stmt_.get());
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::column_int(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}

double Statement::column_double(int column) const {
    return sqlite3_column_double(stmt_.get(), column);
}

std::string Statement::column_text(int column) const {
    const auto* text = sqlite3_column_text(stmt_.get(), column);
    if (!text) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column)));
}

int Statement::parameter_index(const std::string& name) const {
    return sqlite3_bind_parameter_index(stmt_.get(), name.c_str());
}

std::string Statement::column_name(int column) const {
    const char* name = sqlite3_column_name(stmt_.get(), column);
    return name ? name : "";
}

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!open_) return;
    try {
        db_.exec("ROLLBACK");
    } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor must not throw
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

}  // namespace memchain::sqlite
