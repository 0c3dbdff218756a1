#pragma once
// What the experiment commands (run, compare, sweep) share: Ctrl-C handling, progress on
// stderr, the common options, and loading scenarios before any database is opened.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/experiment/runner.hpp"
#include "model/scenario/scenario.hpp"
#include "tools/cli_options.hpp"

namespace memchain::model {
class Recorder;
}

namespace memchain::tools {

// Installs a SIGINT/SIGTERM handler that sets the returned flag (a second Ctrl-C exits at
// once); the previous handlers come back when the guard ends.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
    [[nodiscard]] const std::atomic<bool>& flag() const;
};

// Prints "runs 12/100, 3.4M events/s, about 40 s left" on stderr once a run has taken more
// than about a second; silent when `quiet`.
class ProgressPrinter {
public:
    ProgressPrinter(std::string what, bool quiet);
    void operator()(const model::ExperimentProgress& p);
    void finish();

private:
    std::string what_;
    bool quiet_;
    bool tty_;
    bool printed_ = false;
    double last_printed_ = -1.0;
};

// Under MPI: one line on stderr per rank that was lost or refused ("memchain run: rank 2 was
// lost (...); its runs in progress are marked failed").
void print_lost_ranks(const std::string& command, const model::ExperimentOutcome& outcome);

// Options every experiment command takes.
struct CommonRunOptions {
    std::string db = "memchain.db";
    std::optional<std::uint64_t> seed;
    std::vector<std::string> overrides;
    std::vector<std::string> scales;  // --scale SELECTOR=FACTOR[@DATE], levers
    int replications = 1;
    int threads = 0;                     // 0: all cores
    double lock_timeout_seconds = 60.0;  // waiting for another program's lock on the database
    bool quiet = false;
    bool json = false;
    bool record = true;
};

// More replications than this are refused: a run's outcome stays in memory until the
// experiment ends, and a typo of a few digits should not end in the machine's OOM killer.
inline constexpr int max_replications = 100'000;

// The values already in `o` are the defaults (a command may set its own before the call).
void add_common_run_options(po::options_description& options, CommonRunOptions& o);
// Checks values after parsing (replications 1..max_replications, threads >= 0, a usable
// --db unless --no-record); throws InputError.
void check_common_run_options(const CommonRunOptions& o);

// A master seed: a whole number that fits 64 bits without sign ("-1" does not wrap).
[[nodiscard]] std::uint64_t parse_seed(const std::string& text);

// A database the command can write into, named by `flag`: its folder exists, it is not a
// folder, it and its folder can be written, and an existing file is a memchain database of a
// schema this build understands. Throws InputError (exit 2); touches nothing.
void check_database_target(const std::string& flag, const std::string& path);

// Opens the database of an experiment command (after check_common_run_options) and says on
// stderr which runs of ended processes opening it marked interrupted.
[[nodiscard]] std::unique_ptr<model::Recorder> open_recorder(const std::string& command,
                                                             const CommonRunOptions& o);

// After an experiment, before anything says where it was recorded: throws sqlite::Error
// (exit 1) when the database file was removed or replaced while the experiment ran, and prints
// on stderr why each failed run failed.
void check_recorded(const std::string& command, const model::Recorder* recorder,
                    const model::ExperimentSpec& spec, const model::ExperimentOutcome& outcome);

// The command line as one string, for the experiments table: what reproduces the experiment's
// content, so the options that do not change it (--threads, --db, --quiet, --json) are left
// out; the database is then the same whatever the thread count.
[[nodiscard]] std::string command_line(const std::string& command, const Args& args);

[[nodiscard]] const char* to_string(model::RunStatus s);

// What the commands print and put in JSON as the database under --no-record.
inline constexpr const char* not_recorded = "(not recorded)";

class JsonWriter;

// The experiment's fields of a command's JSON, the same under run, compare and sweep: database,
// experiment_id, seed, replications, interrupted, events, wall_seconds.
void write_experiment_json(JsonWriter& w, const std::string& db, std::uint64_t seed,
                           std::int64_t replications, const model::ExperimentOutcome& outcome);

// The closing line: "recorded in DB (experiment N; note)", or that nothing was recorded.
void print_recorded_in(std::ostream& out, const std::string& db, std::int64_t experiment_id,
                       const std::string& note = "");

}  // namespace memchain::tools
