// Queues against queueing theory: each test runs a scenario file of configs/validation/ as a
// user's scenario is run and compares the KPIs with closed forms computed here from the
// model's parameters (restated from the file, so that a mis-read file shows as a mismatch).
// The scenarios state times in hours; the KPIs report days.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "validation/queueing_theory.hpp"
#include "validation/replications.hpp"

namespace v = memchain::validation;
using v::KpiRef;

namespace {

constexpr double hours_per_day = 24.0;

// Compares a station's KPIs with the steady-state means `q` of its queue (times in hours).
void check_station(const v::Replications& reps, const std::string& node, const v::QueueMeans& q,
                   double precision) {
    v::check_against_theory(reps, {"utilization_mean", node}, q.utilization, precision);
    v::check_against_theory(reps, {"p_wait", node}, q.p_wait, precision);
    v::check_against_theory(reps, {"wait_mean_days", node}, q.wait / hours_per_day, precision);
    v::check_against_theory(reps, {"sojourn_mean_days", node}, q.sojourn / hours_per_day,
                            precision);
    v::check_against_theory(reps, {"lots_in_queue_mean", node}, q.queue_length, precision);
    v::check_against_theory(reps, {"lots_in_station_mean", node}, q.in_system, precision);
}

}  // namespace

TEST_SUITE("validation") {
    TEST_CASE("Validation: M/M/1 matches its closed forms") {
        const double lambda = 0.7, mu = 1.0;  // per hour
        const v::Replications reps("mm1.yaml", 30);
        check_station(reps, "server", v::mm1(lambda, mu), 0.01);
        v::check_against_theory(reps, {"throughput_lots_per_day", "server"}, lambda * hours_per_day,
                                0.005);
        v::check_littles_law(reps);
    }

    TEST_CASE("Validation: M/M/c matches Erlang C") {
        const double lambda = 1.8, mu = 1.0 / 1.25;  // per hour
        const int servers = 3;
        const v::Replications reps("mmc.yaml", 30);
        check_station(reps, "servers", v::mmc(lambda, mu, servers), 0.0125);
        v::check_littles_law(reps);
    }

    TEST_CASE("Validation: M/D/1 matches Pollaczek-Khinchine") {
        const double lambda = 0.75, service = 1.0;  // per hour, hours
        const v::Replications reps("md1.yaml", 30);
        check_station(reps, "server", v::md1(lambda, service), 0.01);
        v::check_littles_law(reps);
    }

    TEST_CASE("Validation: M/G/1 matches Pollaczek-Khinchine for several service distributions") {
        const double lambda = 0.6;  // per hour
        struct Service {
            std::string process_time;           // a --set value; empty: the file's gamma(0.5, 2h)
            double mean = 0.0, variance = 0.0;  // hours, hours^2
            double precision = 0.01;
        };
        // Heavier tails make the waits noisier: the lognormal case needs the wider bound.
        const std::vector<Service> services = {
            {"", 0.5 * 2.0, 0.5 * 2.0 * 2.0},  // gamma: mean k theta, variance k theta^2
            {"{uniform: [0h, 2h]}", 1.0, 4.0 / 12.0},
            {"{triangular: [0.5h, 1h, 1.5h]}", 1.0, (0.25 + 1 + 2.25 - 0.5 - 0.75 - 1.5) / 18.0},
            {"{lognormal: {mean: 1h, sd: 1.5h}}", 1.0, 2.25, 0.02},
        };
        for (const Service& s : services) {
            CAPTURE(s.process_time);
            std::vector<std::string> overrides;
            if (!s.process_time.empty())
                overrides.push_back("nodes.server.process_time=" + s.process_time);
            const v::Replications reps("mg1.yaml", 30, overrides);
            check_station(reps, "server", v::mg1(lambda, s.mean, s.variance), s.precision);
            v::check_littles_law(reps);
        }
    }

    TEST_CASE("Validation: M/M/1/K matches its blocking probability and throughput") {
        const double lambda = 1.0, mu = 1.25;  // per hour
        const int capacity = 4;
        const v::FiniteQueue f = v::mm1k(lambda, mu, capacity);
        const v::Replications reps("mm1k.yaml", 30);
        v::check_against_theory(reps, {"loss_probability", "arrivals"}, f.blocking, 0.01);
        v::check_against_theory(reps, {"throughput_lots_per_day", "server"},
                                f.throughput * hours_per_day, 0.005);
        check_station(reps, "server", f.means, 0.01);
        v::check_littles_law(reps);
    }

    TEST_CASE(
        "Validation: a tandem Jackson network's end-to-end time is the sum of M/M/c sojourns") {
        const double lambda = 0.5;  // per hour
        const std::vector<std::pair<std::string, v::TandemStation>> stations = {
            {"cut", {1.0 / 1.2, 1}}, {"stack", {1.0 / 4.5, 3}}, {"test", {1.0 / 1.4, 1}}};
        const v::Replications reps("jackson.yaml", 30);
        std::vector<v::TandemStation> line;
        for (const auto& [node, station] : stations) {
            CAPTURE(node);
            line.push_back(station);
            const v::QueueMeans q = v::mmc(lambda, station.mu, station.servers);
            v::check_against_theory(reps, {"utilization_mean", node}, q.utilization, 0.005);
            v::check_against_theory(reps, {"sojourn_mean_days", node}, q.sojourn / hours_per_day,
                                    0.01);
        }
        const double end_to_end = v::jackson_tandem_sojourn(lambda, line);
        v::check_against_theory(reps, {"system_sojourn_mean_days"}, end_to_end / hours_per_day,
                                0.01);
        v::check_against_theory(reps, {"system_lots_mean"}, lambda * end_to_end, 0.01);
        v::check_littles_law(reps);
    }
}  // TEST_SUITE
