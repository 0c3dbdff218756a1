#include "tools/run_support.hpp"

#include <unistd.h>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "model/record/recorder.hpp"
#include "model/record/sqlite.hpp"
#include "model/scenario/input_error.hpp"
#include "tools/table.hpp"

namespace memchain::tools {

namespace {

std::atomic<bool> interrupted{false};

extern "C" void on_interrupt(int) {
    if (interrupted.exchange(true)) std::_Exit(130);  // a second Ctrl-C: leave now
}

}  // namespace

InterruptGuard::InterruptGuard() {
    interrupted = false;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
}

InterruptGuard::~InterruptGuard() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool>& InterruptGuard::flag() const {
    return interrupted;
}

ProgressPrinter::ProgressPrinter(std::string what, bool quiet)
    : what_(std::move(what)), quiet_(quiet), tty_(::isatty(STDERR_FILENO) != 0) {}

void ProgressPrinter::operator()(const model::ExperimentProgress& p) {
    if (quiet_ || p.elapsed_seconds < 1.0) return;
    // On a terminal the line is redrawn; in a log, a line every five seconds.
    if (!tty_ && last_printed_ >= 0.0 && p.elapsed_seconds - last_printed_ < 5.0) return;
    last_printed_ = p.elapsed_seconds;
    std::ostringstream line;
    line << what_ << ": " << p.runs_done << "/" << p.runs_total << " runs done, "
         << format_number(static_cast<double>(p.events) / p.elapsed_seconds / 1e6, 3)
         << "M events/s";
    if (p.runs_done > 0 && p.runs_done < p.runs_total) {
        const double left = p.elapsed_seconds / static_cast<double>(p.runs_done) *
                            static_cast<double>(p.runs_total - p.runs_done);
        line << ", about " << format_number(left, 2) << " s left";
    }
    if (tty_)
        std::cerr << "\r" << line.str() << "\033[K" << std::flush;
    else
        std::cerr << line.str() << "\n";
    printed_ = true;
}

void ProgressPrinter::finish() {
    if (printed_ && tty_) std::cerr << "\n";
}

void add_common_run_options(po::options_description& options, CommonRunOptions& o) {
    options.add_options()("db", po::value(&o.db)->default_value(o.db),
                          "database to record into (created if missing)")(
        "seed",
        po::value<std::string>()->notifier([&o](const std::string& s) { o.seed = parse_seed(s); }),
        "master seed, 0 to 18446744073709551615 (default: the scenario's seed)")(
        "set", po::value(&o.overrides)->composing(),
        "override a scenario value, e.g. --set nodes.fab.capacity=90000 (repeatable)")(
        "scale", po::value(&o.scales)->composing(),
        "a lever: SELECTOR=FACTOR[@DATE] multiplies the capacity of every node the selector "
        "picks (node=NAME, or stage=, owner=, region=, preset=, block= joined by commas) from "
        "DATE on, e.g. --scale 'stage=HBM TSV=2@2027-01-01' (repeatable)")(
        "replications,n", po::value(&o.replications)->default_value(o.replications),
        ("replications per scenario, at most " + std::to_string(max_replications)).c_str())(
        "threads", po::value(&o.threads)->default_value(0),
        "worker threads (0: all cores); results do not depend on it")(
        "lock-timeout", po::value(&o.lock_timeout_seconds)->default_value(o.lock_timeout_seconds),
        "seconds to wait for another program's lock on the database before failing")(
        "quiet,q", po::bool_switch(&o.quiet), "no progress on stderr")(
        "json", po::bool_switch(&o.json), "print results as JSON")(
        "no-record", "simulate only, write nothing (to measure what recording costs)");
}

void check_common_run_options(const CommonRunOptions& o) {
    if (o.replications < 1 || o.replications > max_replications)
        throw model::InputError("--replications", "expected 1 to " +
                                                      std::to_string(max_replications) + ", got " +
                                                      std::to_string(o.replications));
    if (o.threads < 0)
        throw model::InputError("--threads",
                                "expected 0 (all cores) or more, got " + std::to_string(o.threads));
    if (!(o.lock_timeout_seconds >= 0.0 && o.lock_timeout_seconds <= 86400.0))
        throw model::InputError("--lock-timeout", "expected 0 to 86400 seconds, got " +
                                                      format_number(o.lock_timeout_seconds, 6));
    if (o.db.empty()) throw model::InputError("--db", "expected a file name");
    if (o.record) check_database_target("--db", o.db);
}

std::uint64_t parse_seed(const std::string& text) {
    std::uint64_t seed = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, seed);
    if (text.empty() || error != std::errc() || stop != end)
        throw model::InputError("--seed", "expected a whole number from 0 to " +
                                              std::to_string(UINT64_MAX) + ", got '" + text + "'");
    return seed;
}

void check_database_target(const std::string& flag, const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path file(path);
    const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw model::InputError(
            flag, "folder '" + folder.string() + "' does not exist (for " + path + ")");
    if (fs::is_directory(file, ec))
        throw model::InputError(flag, "'" + path + "' is a folder, expected a database file");
    const bool exists = fs::exists(file, ec);
    // SQLite writes the file, and beside it the journal: both need write access.
    if (exists ? ::access(path.c_str(), W_OK) != 0 : ::access(folder.c_str(), W_OK) != 0)
        throw model::InputError(flag, "'" + path + "' is read-only" +
                                          (exists ? "" : " (its folder cannot be written)") +
                                          ", expected a database to write into");
    if (!exists) return;
    int version = 0;
    try {
        version = model::database_schema_version(path);
    } catch (const sqlite::Error& e) {
        // A file a killed writer left mid-transaction cannot be read without the recovery a
        // writer does on opening: that is the recorder's to do, not bad input.
        const std::string what = e.what();
        if (what.find("readonly database") != std::string::npos) return;
        throw model::InputError(flag, "'" + path + "' cannot be used as a run database: " + what);
    }
    if (version > model::schema_version)
        throw model::InputError(
            flag, "'" + path + "' was written by schema version " + std::to_string(version) +
                      ", newer than this memchain "
                      "understands (version " +
                      std::to_string(model::schema_version) + "); use a newer memchain");
}

std::unique_ptr<model::Recorder> open_recorder(const std::string& command,
                                               const CommonRunOptions& o) {
    sqlite::set_lock_timeout_ms(static_cast<int>(o.lock_timeout_seconds * 1000.0));
    auto recorder = std::make_unique<model::Recorder>(o.db);
    const auto& reclaimed = recorder->reclaimed_runs();
    if (!reclaimed.empty()) {
        std::string ids;
        for (std::size_t i = 0; i < reclaimed.size() && i < 10; ++i)
            ids += (i ? ", " : "") + std::to_string(reclaimed[i]);
        if (reclaimed.size() > 10) ids += ", ...";
        std::cerr << "memchain " << command << ": note: " << o.db << ": " << reclaimed.size()
                  << " run(s) left running by a process that has ended (run " << ids
                  << ") are now marked interrupted\n";
    }
    return recorder;
}

void check_recorded(const std::string& command, const model::Recorder* recorder,
                    const model::ExperimentSpec& spec, const model::ExperimentOutcome& outcome) {
    for (const auto& r : outcome.runs) {
        if (r.status != model::RunStatus::Failed) continue;
        std::cerr << "memchain " << command << ": run";
        if (r.run_id) std::cerr << " " << r.run_id;
        std::cerr << " (" << spec.variants[r.variant].name << ", replication " << r.replication
                  << ") failed: " << r.error << "\n";
    }
    if (recorder && !recorder->file_intact())
        throw sqlite::Error(recorder->path() +
                            ": the database file was removed or replaced while the experiment "
                            "ran; nothing of it was recorded where a reader can find it");
}

std::string command_line(const std::string& command, const Args& args) {
    std::string out = "memchain " + command;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--threads" || a == "--db" || a == "--lock-timeout") {
            ++i;  // and its value
            continue;
        }
        if (a.rfind("--threads=", 0) == 0 || a.rfind("--db=", 0) == 0 ||
            a.rfind("--lock-timeout=", 0) == 0 || a == "--quiet" || a == "-q" || a == "--json")
            continue;
        const bool quote = a.find_first_of(" \t\"'") != std::string::npos;
        out += " " + (quote ? "'" + a + "'" : a);
    }
    return out;
}

const char* to_string(model::RunStatus s) {
    switch (s) {
    case model::RunStatus::Completed: return "completed";
    case model::RunStatus::Failed: return "failed";
    case model::RunStatus::Interrupted: return "interrupted";
    }
    return "?";
}

void write_experiment_json(JsonWriter& w, const std::string& db, std::uint64_t seed,
                           std::int64_t replications, const model::ExperimentOutcome& outcome) {
    w.key("database").value(db);
    w.key("experiment_id").value(static_cast<std::int64_t>(outcome.experiment_id));
    w.key("seed").value(static_cast<std::int64_t>(seed));
    w.key("replications").value(replications);
    w.key("interrupted").value(outcome.interrupted);
    w.key("events").value(static_cast<std::int64_t>(outcome.events));
    w.key("wall_seconds").value(outcome.wall_seconds);
}

void print_recorded_in(std::ostream& out, const std::string& db, std::int64_t experiment_id,
                       const std::string& note) {
    if (db == not_recorded) {
        out << "\nnothing recorded (--no-record)\n";
        return;
    }
    out << "\nrecorded in " << db;
    if (experiment_id)
        out << " (experiment " << experiment_id << (note.empty() ? "" : "; ") << note << ")";
    out << "\n";
}

void print_lost_ranks(const std::string& command, const model::ExperimentOutcome& outcome) {
    for (const std::string& why : outcome.lost_ranks)
        std::cerr << "memchain " << command << ": " << why
                  << "; its runs in progress are marked failed\n";
}

}  // namespace memchain::tools
