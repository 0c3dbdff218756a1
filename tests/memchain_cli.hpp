#pragma once
// Runs the built memchain binary as a user would, for the command-line tests.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include <doctest/doctest.h>

namespace memchain::testing {

inline const std::string memchain_binary = std::string(MEMCHAIN_BINARY_DIR) + "/tools/memchain";

struct CliResult {
    int exit_code = -1;
    std::string out;  // stdout and stderr together
};

// A shell command line; its exit code and everything it printed.
inline CliResult run_shell(const std::string& command_line) {
    const std::string command = "(" + command_line + ") 2>&1";
    CliResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
        result.out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

// `memchain ARGUMENTS` through the shell; its exit code and everything it printed.
inline CliResult run_memchain(const std::string& arguments) {
    return run_shell(memchain_binary + " " + arguments);
}

}  // namespace memchain::testing
