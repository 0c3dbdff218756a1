#include "model/record/run_owner.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <optional>
#include <sstream>

namespace memchain::model {

namespace {

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
    return name;
}

std::string iso_utc(std::time_t t) {
    std::tm utc{};
    ::gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::optional<std::time_t> parse_iso_utc(const std::string& text) {
    std::tm utc{};
    std::istringstream in(text);
    in >> std::get_time(&utc, "%Y-%m-%dT%H:%M:%SZ");
    if (in.fail()) return std::nullopt;
    return ::timegm(&utc);
}

// When process `pid` started, in seconds since the epoch, from Linux's /proc (the boot time in
// /proc/stat plus the process's start in clock ticks after boot); nothing elsewhere.
std::optional<double> process_start(std::int64_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return std::nullopt;
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    const auto close = line.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    for (int i = 3; i < 22 && fields >> field; ++i) {
    }
    unsigned long long ticks = 0;
    if (!(fields >> ticks)) return std::nullopt;
    std::ifstream system_stat("/proc/stat");
    std::string key;
    long long boot = -1;
    while (system_stat >> key) {
        if (key == "btime") {
            system_stat >> boot;
            break;
        }
        std::getline(system_stat, key);
    }
    const long per_second = ::sysconf(_SC_CLK_TCK);
    if (boot < 0 || per_second <= 0) return std::nullopt;
    return static_cast<double>(boot) + static_cast<double>(ticks) / static_cast<double>(per_second);
}

}  // namespace

RunOwner this_process() {
    return {host_name(), static_cast<std::int64_t>(::getpid()), iso_utc(std::time(nullptr))};
}

bool owner_alive(const RunOwner& owner) {
    if (owner.host != host_name()) return true;
    if (owner.pid <= 0) return false;
    if (::kill(static_cast<pid_t>(owner.pid), 0) != 0 && errno == ESRCH) return false;
    // The id is taken: by the owner, or by a later process that reused it. The boot time in
    // /proc/stat moves by a second or so with clock corrections, hence the slack.
    const auto began = parse_iso_utc(owner.started_at);
    const auto started = process_start(owner.pid);
    if (began && started && *started > static_cast<double>(*began) + 2.0) return false;
    return true;
}

}  // namespace memchain::model
