#pragma once
// Who runs a run: the host, process id and the time the run began, stored on its row so that a
// later process can tell a run whose process has ended (kill -9, a crash, the OOM killer, a
// power cut) from one still being simulated, and mark it interrupted instead of leaving it
// `running` forever.

#include <cstdint>
#include <string>

namespace memchain::model {

struct RunOwner {
    std::string host;        // gethostname()
    std::int64_t pid = 0;    // the process id
    std::string started_at;  // UTC, ISO 8601 to the second: "2026-12-06T07:40:00Z"
};

// This process, now.
[[nodiscard]] RunOwner this_process();

// Whether the owner may still be running the run: false only when it ran on this host and no
// process has its id, or the process that has its id started after the run began (the id was
// reused). A run of another host is taken to be alive: nothing here can tell.
[[nodiscard]] bool owner_alive(const RunOwner& owner);

}  // namespace memchain::model
