#pragma once
// What the experiment commands (run, compare, sweep) share: Ctrl-C handling, progress on
// stderr, the common options, and loading scenarios before any database is opened.

#include <atomic>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/experiment/runner.hpp"
#include "model/scenario/scenario.hpp"
#include "tools/cli_options.hpp"

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

// Options every experiment command takes.
struct CommonRunOptions {
    std::string db = "memchain.db";
    std::optional<std::uint64_t> seed;
    std::vector<std::string> overrides;
    int replications = 1;
    int threads = 0;  // 0: all cores
    bool quiet = false;
    bool json = false;
    bool record = true;
};

// The values already in `o` are the defaults (a command may set its own before the call).
void add_common_run_options(po::options_description& options, CommonRunOptions& o);
// Checks values after parsing (replications >= 1, threads >= 0); throws InputError.
void check_common_run_options(const CommonRunOptions& o);

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
