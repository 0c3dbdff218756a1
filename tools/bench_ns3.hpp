#pragma once
// The M/M/1 work of memchain-bench on ns-3 itself (libns3-dev from Debian), when the bench was
// built with it: the same streams, draws, tick rounding and statistics as the other engines,
// scheduled through ns3::Simulator with ns-3's PriorityQueueScheduler.

#include <cstdint>

namespace memchain::bench {

struct Ns3Mm1Result {
    std::uint64_t events = 0;
    double seconds = 0.0;
    double final_time = 0.0;
    double mean_sojourn = 0.0;
};

// True when this build links ns-3 (run_mm1_ns3 then runs it; otherwise it throws).
[[nodiscard]] bool have_ns3();
// The version of ns-3 linked in ("3.37"), or "" without it.
[[nodiscard]] const char* ns3_version();
[[nodiscard]] Ns3Mm1Result run_mm1_ns3(std::uint64_t seed, double lambda, double mu,
                                       std::uint64_t customers);

}  // namespace memchain::bench
