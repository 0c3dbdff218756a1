#include "tools/report/pdf.hpp"

#include "tools/report/html.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace memchain::report {

namespace fs = std::filesystem;

namespace {

bool is_executable(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

std::string tail_of(const fs::path& log, std::size_t lines) {
    std::ifstream in(log);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) all.push_back(line);
    std::string out;
    for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i)
        out += "\n  " + all[i];
    return out;
}

// A percent-encoded file:// URL for an absolute path.
std::string file_url(const fs::path& path) {
    return "file://" + percent_encode(path.string(), "/");
}

}  // namespace

std::optional<std::string> find_chromium() {
    if (const char* chosen = std::getenv("MEMCHAIN_CHROMIUM"); chosen && *chosen)
        return is_executable(chosen) ? std::optional<std::string>(chosen) : std::nullopt;
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
    std::vector<std::string> folders;
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty()) folders.push_back(dir);
    for (const char* name :
         {"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"})
        for (const auto& dir : folders)
            if (is_executable(fs::path(dir) / name)) return (fs::path(dir) / name).string();
    return std::nullopt;
}

void print_pdf(const std::string& chromium, const std::string& html_path,
               const std::string& pdf_path, int timeout_seconds) {
    const fs::path html = fs::absolute(html_path);
    const fs::path pdf = fs::absolute(pdf_path);
    const fs::path work =
        fs::temp_directory_path() / ("memchain-pdf-" + std::to_string(::getpid()));
    fs::create_directories(work / "profile");
    const fs::path log = work / "chromium.log";
    std::error_code ignored;
    fs::remove(pdf, ignored);

    // Headless, no network of its own (no updates, sync or metrics), a throw-away profile, and
    // enough virtual time for the charts to draw before the page is printed.
    std::vector<std::string> args = {
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--user-data-dir=" + (work / "profile").string(),
        "--run-all-compositor-stages-before-draw",
        "--virtual-time-budget=30000",
        "--no-pdf-header-footer",
        "--print-to-pdf=" + pdf.string(),
        file_url(html),
    };
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    const int spawned =
        posix_spawn(&pid, chromium.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        throw std::runtime_error("cannot start " + chromium + ": " + std::strerror(spawned));

    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0) throw std::runtime_error("lost track of " + chromium);
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            fs::remove_all(work, ignored);
            throw std::runtime_error(chromium + " did not finish printing " + pdf.string() +
                                     " within " + std::to_string(timeout_seconds) + " s");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const std::string words = tail_of(log, 6);
    fs::remove_all(work, ignored);
    const bool exited_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!exited_ok || !fs::exists(pdf) || fs::file_size(pdf, ignored) == 0)
        throw std::runtime_error(chromium + " failed to print " + pdf.string() +
                                 (words.empty() ? std::string() : ":" + words));
}

}  // namespace memchain::report
