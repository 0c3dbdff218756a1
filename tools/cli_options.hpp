#pragma once
// Shared command-line parsing on Boost.Program_options: one place that turns option errors into
// model::InputError (exit code 2) naming the flag, and prints a subcommand's help.

#include <boost/program_options.hpp>
#include <string>

#include "tools/commands.hpp"

namespace memchain::tools {

namespace po = boost::program_options;

struct ParsedOptions {
    po::variables_map values;
    bool help = false;
};

// Parses `args` for subcommand `name`. `--help` is added to `options`. Throws InputError naming
// the offending flag on unknown options, missing values or bad types.
ParsedOptions parse_options(const std::string& name, po::options_description& options,
                            const po::positional_options_description& positional, const Args& args);

// Prints "usage: memchain <name> <usage>", the description, the positional arguments by the
// name the usage gives them (its words before the first flag: "SCENARIO", "BASE [VARIANT...]")
// with their descriptions, and the other options.
void print_help(const std::string& name, const std::string& usage, const std::string& about,
                const po::options_description& options,
                const po::positional_options_description& positional);

}  // namespace memchain::tools
