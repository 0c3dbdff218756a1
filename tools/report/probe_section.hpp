#pragma once
// The report's "Where the bottleneck moves next" section: a probe experiment's ranking of
// constraints, the constraint that limits each year's output, the ladder, where the
// active-period detector disagrees with the probe, and a resilience scan's knockouts. Internal
// to tools/report.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace memchain::sqlite {
class Database;
}

namespace memchain::report {

struct ProbeData {
    struct Candidate {
        int rank = 0;
        std::string name;
        std::string nodes;  // comma-separated
        double gain = 0.0, low = 0.0, high = 0.0, per_relief = 0.0, utilization = 0.0;
        std::optional<std::string> binds_from;
    };
    struct Year {
        int year = 0;
        double base = 0.0;
        std::string candidate;  // "" when no relief raises that year's output
        double gain = 0.0;
    };
    struct Step {
        int step = 0;
        std::string name;
        double before = 0.0, gain = 0.0, low = 0.0, high = 0.0;
        std::optional<std::string> binds_from;
        std::optional<double> lift;  // none in files before schema version 7
    };
    struct Knockout {
        int rank = 0;
        std::string name;
        double lost = 0.0, low = 0.0, high = 0.0, tts = 0.0, ttr = 0.0;
        bool tts_censored = false, ttr_censored = false;
    };
    std::string kpi;
    double relief = 0.0;
    std::string knockout_start;  // the resilience scan's start (ISO) and duration
    double knockout_days = 0.0;
    std::vector<Knockout> knockouts;    // by output lost
    std::vector<Candidate> candidates;  // round 0, by rank
    std::vector<Year> years;
    std::vector<Step> steps;
    [[nodiscard]] bool empty() const { return candidates.empty() && knockouts.empty(); }
};

// The probe tables' rows for the experiment; empty when it is no probe or the file predates
// them (schema v1, v2).
[[nodiscard]] ProbeData read_probe_data(sqlite::Database& db, std::int64_t experiment_id);

namespace page {
struct Context;
// The section (id "probe"); "" when the experiment has no probe rows.
[[nodiscard]] std::string probe_section(Context& c);
}  // namespace page

}  // namespace memchain::report
