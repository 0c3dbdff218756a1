#pragma once
// The run database: schema v7 (created idempotently, versioned, upgraded in place from v1 to v6,
// WAL), experiments, and the run lifecycle. A run row is `running` from begin_run until
// complete_run, fail_run or interrupt_run; a run's rows are written in one transaction with its
// `completed` status, so a failed or interrupted run never leaves rows that look complete. A run
// row names its owner (host, process id, start time); opening a database first marks the `running`
// runs whose process has ended `interrupted` ("process ended without closing the run").

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/result/run_result.hpp"

namespace memchain::sqlite {
class Database;
class WalCheckpointer;
}  // namespace memchain::sqlite

namespace memchain::model {

inline constexpr int schema_version = 7;

struct ExperimentInfo {
    std::string kind;  // run, compare, sweep, probe
    std::string label;
    std::string command;
    std::uint64_t master_seed = 0;
    int replications = 1;
    std::string created_at;  // UTC, ISO 8601
};

// One product of a scenario, for the `products` table.
struct ProductInfo {
    std::string name;
    std::string unit;    // what one unit is: wafers, dies, stacks, GB, accelerators...
    std::string inputs;  // the bill of materials, "12 x hbm_die, 1 x base_die"; "" if raw
    std::string description;
};

struct ConfigInfo {
    std::string hash;  // of the resolved scenario text
    std::string scenario;
    std::string path;
    std::string text;  // the resolved scenario (after extends: and --set)
    std::vector<ProductInfo> products;
};

struct RunInfo {
    std::int64_t experiment_id = 0;
    std::string scenario;
    std::string variant;
    int replication = 0;
    std::uint64_t seed = 0;
    std::string config_hash;
    std::string start_date;  // ISO date of day 0
    double horizon_days = 0.0;
    std::string parameters;  // sweep point as JSON, "" otherwise
};

class Recorder {
public:
    // Opens or creates the database, brings it to schema v3 (upgrading a version-1 or -2 file;
    // its products get no unit, which version 2 did not record)
    // and marks the runs of ended processes interrupted (see reclaimed_runs). Throws
    // sqlite::Error when the file cannot be opened, was written by a newer schema or cannot be
    // upgraded (it is then left as it was).
    explicit Recorder(const std::string& path);
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    [[nodiscard]] const std::string& path() const;

    std::int64_t begin_experiment(const ExperimentInfo& info);
    void add_config(const ConfigInfo& config);
    std::int64_t begin_run(const RunInfo& info);
    // begin_run for many runs in one transaction (an experiment numbers all its runs first).
    std::vector<std::int64_t> begin_runs(const std::vector<RunInfo>& runs);
    void complete_run(std::int64_t run_id, const RunResult& result);
    void fail_run(std::int64_t run_id, const std::string& error);
    void interrupt_run(std::int64_t run_id);
    // interrupt_run for many runs in one transaction (what Ctrl-C leaves unstarted).
    void interrupt_runs(const std::vector<std::int64_t>& run_ids);
    // fail_run for many runs in one transaction (what a broken database leaves unwritten).
    void fail_runs(const std::vector<std::int64_t>& run_ids, const std::string& error);

    // The runs that opening the database found `running` for a process that has ended, and
    // marked interrupted; the caller says so (the record room prints nothing).
    [[nodiscard]] const std::vector<std::int64_t>& reclaimed_runs() const { return reclaimed_; }
    // Whether the file at path() is still the one opened: false when it was removed or replaced
    // since, and so everything written went nowhere a reader can find.
    [[nodiscard]] bool file_intact() const;

    sqlite::Database& database();

private:
    void create_schema(int found);  // found: the file's version, 0 for a new file
    void upgrade_orders_from_v1();
    void upgrade_to_v3(int found);
    // An upgrade's new column on a table an older file already has (CREATE TABLE IF NOT EXISTS
    // leaves it as it was).
    void add_column_if_missing(const char* table, const char* name, const char* type);
    void reclaim_abandoned_runs();
    void upgrade_experiments_from_v2();
    void finish_run(std::int64_t run_id, const std::string& status, const std::string& error,
                    std::optional<std::uint64_t> events, std::optional<double> wall_seconds);
    std::unique_ptr<sqlite::Database> db_;
    struct Statements;  // prepared once, reused by every run
    std::unique_ptr<Statements> statements_;
    std::unique_ptr<sqlite::WalCheckpointer> checkpointer_;  // none unless the file is in WAL mode
    std::vector<std::int64_t> reclaimed_;
    std::uint64_t device_ = 0;  // the opened file's identity, for file_intact
    std::uint64_t inode_ = 0;
};

// The schema version a database file declares (0 for an empty or new file), without changing
// it. Throws sqlite::Error when it is not a memchain database.
[[nodiscard]] int database_schema_version(const std::string& path);

}  // namespace memchain::model
