#pragma once
// The memchain subcommands. Each lives in its own cmd_<name>.cpp, takes the arguments after
// its name, and returns the process exit code (0 ok, 2 bad input, 1 internal error); bad input
// is thrown as model::InputError and turned into exit code 2 by main.

#include <string>
#include <vector>

namespace memchain::tools {

using Args = std::vector<std::string>;

struct Command {
    const char* name;
    const char* summary;
    int (*run)(const Args& args);
};

// Every working subcommand, in the order `memchain --help` lists them.
[[nodiscard]] const std::vector<Command>& commands();

int run_run(const Args& args);
int run_compare(const Args& args);
int run_sweep(const Args& args);
int run_probe(const Args& args);
int run_check(const Args& args);
int run_graph(const Args& args);
int run_report(const Args& args);
int run_list(const Args& args);
int run_export(const Args& args);

}  // namespace memchain::tools
