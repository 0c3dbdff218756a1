#include "tools/run_support.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>

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
        "seed", po::value<std::uint64_t>()->notifier([&o](std::uint64_t s) { o.seed = s; }),
        "master seed (default: the scenario's seed)")(
        "set", po::value(&o.overrides)->composing(),
        "override a scenario value, e.g. --set nodes.fab.capacity=90000 (repeatable)")(
        "replications,n", po::value(&o.replications)->default_value(o.replications),
        "replications per scenario")("threads", po::value(&o.threads)->default_value(0),
                                     "worker threads (0: all cores); results do not depend on it")(
        "quiet,q", po::bool_switch(&o.quiet), "no progress on stderr")(
        "json", po::bool_switch(&o.json), "print results as JSON")(
        "no-record", "simulate only, write nothing (to measure what recording costs)");
}

void check_common_run_options(const CommonRunOptions& o) {
    if (o.replications < 1)
        throw model::InputError("--replications",
                                "expected at least 1, got " + std::to_string(o.replications));
    if (o.threads < 0)
        throw model::InputError("--threads",
                                "expected 0 (all cores) or more, got " + std::to_string(o.threads));
    if (o.db.empty()) throw model::InputError("--db", "expected a file name");
}

std::string command_line(const std::string& command, const Args& args) {
    std::string out = "memchain " + command;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--threads" || a == "--db") {
            ++i;  // and its value
            continue;
        }
        if (a.rfind("--threads=", 0) == 0 || a.rfind("--db=", 0) == 0 || a == "--quiet" ||
            a == "-q" || a == "--json")
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

}  // namespace memchain::tools
