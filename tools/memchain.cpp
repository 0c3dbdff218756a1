// memchain: a discrete-event simulator of the AI memory supply chain. This file dispatches to
// the subcommands and maps failures to exit codes: 0 ok, 2 bad input, 1 internal error.

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "model/experiment/mpi_ensemble.hpp"
#include "model/record/sqlite.hpp"
#include "model/scenario/input_error.hpp"
#include "tools/commands.hpp"

#ifndef MEMCHAIN_VERSION
#define MEMCHAIN_VERSION "unknown"
#endif

namespace memchain::tools {

const std::vector<Command>& commands() {
    static const std::vector<Command> all = {
        {"run", "run a scenario's replications and record them in a database", run_run},
        {"compare", "compare scenarios on common random numbers: paired differences, recovery",
         run_compare},
        {"sweep", "run a scenario over a grid of one or two parameters", run_sweep},
        {"probe", "what limits output: relieve each constraint on common random numbers, rank",
         run_probe},
        {"check", "validate a scenario and summarise its network", run_check},
        {"graph", "write a scenario's network as Graphviz DOT", run_graph},
        {"report", "write an experiment as a self-contained HTML report (and PDF)", run_report},
        {"list", "list a run database's experiments, variants and runs by status", run_list},
        {"export", "write a run database's main views as CSV files with a data dictionary",
         run_export},
    };
    return all;
}

}  // namespace memchain::tools

namespace {

void print_usage(std::ostream& out) {
    out << "memchain " MEMCHAIN_VERSION
           " - discrete-event simulation of the AI memory supply chain\n\n"
           "usage: memchain <command> [options]\n"
           "       memchain <command> --help\n\n"
           "commands:\n";
    for (const auto& c : memchain::tools::commands()) {
        std::string name = c.name;
        name.resize(10, ' ');
        out << "  " << name << c.summary << "\n";
    }
    out << "\noptions:\n"
           "  -h, --help     show this help\n"
           "  --version      print the version\n\n"
           "exit codes: 0 ok, 1 internal error, 2 bad input (flag, scenario, file)\n";
}

}  // namespace

namespace {

// The commands whose runs are shared out among MPI ranks (the probe's later rounds depend on
// what its first found: rank 0 tells the other ranks what each step lifts).
bool is_shared_command(const std::string& name) {
    return name == "run" || name == "compare" || name == "sweep" || name == "probe";
}

// Replications allocate and free the same large buffers (a run's orders, samples, event
// queues) over and over. By default glibc hands big blocks back to the kernel on free, so every
// replication faults its pages in again; on a virtual machine that cost a sixth of a run.
// Keeping freed memory in the process costs nothing in peak size.
void keep_freed_memory() {
#if defined(__GLIBC__)
    constexpr int size = 256 << 20;
    mallopt(M_MMAP_THRESHOLD, size);
    mallopt(M_TRIM_THRESHOLD, size);
#endif
}

}  // namespace

int main(int argc, char** argv) {
    keep_freed_memory();
    std::optional<memchain::model::MpiSession> mpi;
    try {
        mpi.emplace(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "memchain: error: " << e.what() << "\n";
        return 2;
    }
    // Under MPI every rank parses the same command line; only rank 0 speaks.
    const bool speaks = memchain::model::is_recording_rank();
    const memchain::tools::Args all(argv + 1, argv + argc);
    if (all.empty()) {
        if (speaks) print_usage(std::cerr);
        return 2;
    }
    const std::string& first = all.front();
    if (first == "--help" || first == "-h" || first == "help") {
        if (speaks) print_usage(std::cout);
        return 0;
    }
    if (first == "--version") {
        if (speaks) std::cout << "memchain " MEMCHAIN_VERSION "\n";
        return 0;
    }
    for (const auto& command : memchain::tools::commands()) {
        if (first != command.name) continue;
        // Under MPI only the shared commands use the other ranks; the rest run on rank 0 alone.
        if (!speaks && !is_shared_command(first)) return 0;
        try {
            return command.run(memchain::tools::Args(all.begin() + 1, all.end()));
        } catch (const memchain::model::InputError& e) {
            if (speaks) std::cerr << e.what() << "\n";
            return 2;
        } catch (const memchain::sqlite::Error& e) {
            if (speaks) std::cerr << "memchain: error: " << e.what() << "\n";
            return 1;
        } catch (const std::filesystem::filesystem_error& e) {
            if (speaks) std::cerr << "memchain: error: " << e.what() << "\n";
            return 1;
        } catch (const std::exception& e) {
            if (speaks) std::cerr << "memchain: internal error: " << e.what() << "\n";
            return 1;
        }
    }
    if (speaks)
        std::cerr << "memchain: error: unknown command '" << first << "' (see memchain --help)\n";
    return 2;
}
