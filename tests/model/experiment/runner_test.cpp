#include "model/experiment/runner.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "db_dump.hpp"
#include "encoding_executor.hpp"
#include "model/experiment/comparison.hpp"
#include "model/experiment/executor.hpp"
#include "model/record/recorder.hpp"
#include "model/record/sqlite.hpp"
#include "model/small_chains.hpp"
#include "temp_dir.hpp"

namespace model = memchain::model;
namespace sqlite = memchain::sqlite;
using memchain::testing::add_random_quake;
using memchain::testing::demand_chain;
using memchain::testing::demand_chain_with_fire;
using memchain::testing::dump_database;
using memchain::testing::TempDir;

namespace {

struct Chains {
    model::Scenario base = demand_chain(200.0);
    model::Scenario fire = demand_chain_with_fire(200.0);
    Chains() {
        add_random_quake(base, 0.9);
        add_random_quake(fire, 0.9);
        fire.recording.detail = model::Detail::Lots;  // every table gets rows
    }
};

model::ExperimentSpec compare_spec(const Chains& c, int replications, int threads) {
    model::ExperimentSpec spec;
    spec.kind = "compare";
    spec.label = "chain vs fire";
    spec.command = "test";
    spec.seed = 42;
    spec.replications = replications;
    spec.threads = threads;
    spec.keep_samples = true;
    spec.variants = {{"chain", &c.base, "", ""}, {"chain-fire", &c.fire, "", ""}};
    return spec;
}

using Dump = std::map<std::string, std::vector<std::string>>;

// The database of `spec` run by `executors` together.
Dump run_on(const model::ExperimentSpec& spec, const std::vector<model::RunExecutor*>& executors,
            const std::string& path) {
    {
        model::Recorder recorder(path);
        model::ExperimentRunner runner(spec, &recorder, nullptr);
        const auto outcome = runner.run(executors, {});
        CHECK(outcome.completed() == runner.total_runs());
    }
    return dump_database(path);
}

std::int64_t count(sqlite::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.column_int(0);
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Experiment: the database is identical whatever the thread count") {
        const Chains chains;
        TempDir tmp;
        std::map<int, std::map<std::string, std::vector<std::string>>> dumps;
        for (int threads : {1, 3}) {
            const std::string path = tmp.file("t" + std::to_string(threads) + ".db");
            {
                model::Recorder recorder(path);
                const auto spec = compare_spec(chains, 5, threads);
                const auto outcome = model::run_experiment(spec, &recorder, nullptr, {});
                CHECK_FALSE(outcome.interrupted);
                std::vector<model::ComparisonRow> rows;
                for (const auto& d : model::compare_variants(spec, outcome))
                    rows.push_back(d.to_row());
                model::record_comparisons(recorder, outcome.experiment_id, rows);
            }
            dumps[threads] = dump_database(path);
        }
        const auto& one = dumps[1];
        const auto& three = dumps[3];
        REQUIRE(one.size() == three.size());
        for (const auto& [table, rows] : one) {
            CAPTURE(table);
            REQUIRE(three.count(table) == 1);
            CHECK(rows.size() == three.at(table).size());
            CHECK(rows == three.at(table));
        }
        // Every table that a run writes has rows, so the comparison covers them all.
        for (const char* table : {"runs", "nodes", "edges", "shocks", "order_lines", "deliveries",
                                  "samples", "product_samples", "lot_stages", "bottleneck_periods",
                                  "bottleneck_shifts", "kpis", "comparisons", "configs"}) {
            CAPTURE(table);
            CHECK_FALSE(one.at(table).empty());
        }
        CHECK(one.at("runs").size() == 10);
        const auto& comparisons = one.at("comparisons");
        CHECK(std::any_of(comparisons.begin(), comparisons.end(), [](const std::string& row) {
            return row.find("|text:recovery_days|") != std::string::npos;
        }));
    }

    TEST_CASE("ExperimentRunner: runs shared among executors are recorded as one executor does") {
        // 2 variants x 4 replications: one thread alone, then the threads of two executors,
        // then lanes that send every result through its binary form (as an MPI rank does),
        // alone and beside threads.
        const Chains chains;
        TempDir tmp;
        const auto spec = compare_spec(chains, 4, 1);
        model::ThreadExecutor alone(spec, nullptr, 1);
        const Dump one = run_on(spec, {&alone}, tmp.file("one.db"));
        model::ThreadExecutor two(spec, nullptr, 2);
        model::ThreadExecutor another(spec, nullptr, 1);
        const Dump shared = run_on(spec, {&two, &another}, tmp.file("shared.db"));
        memchain::testing::EncodingExecutor only(spec);
        const Dump encoded = run_on(spec, {&only}, tmp.file("encoded.db"));
        model::ThreadExecutor three(spec, nullptr, 2);
        memchain::testing::EncodingExecutor beside(spec);
        const Dump mixed = run_on(spec, {&three, &beside}, tmp.file("mixed.db"));
        REQUIRE(one.size() == shared.size());
        REQUIRE(one.size() == encoded.size());
        REQUIRE(one.size() == mixed.size());
        for (const auto& [table, rows] : one) {
            CAPTURE(table);
            CHECK(rows == shared.at(table));
            CHECK(rows == encoded.at(table));
            CHECK(rows == mixed.at(table));
        }
        CHECK(one.at("runs").size() == 8);
        CHECK_FALSE(one.at("lot_stages").empty());
    }

    TEST_CASE("Experiment: replications draw their own streams, variants share them") {
        const Chains chains;
        auto spec = compare_spec(chains, 6, 2);
        spec.record = false;
        const auto outcome = model::run_experiment(spec, nullptr, nullptr, {});
        REQUIRE(outcome.runs.size() == 12);
        auto random_shocks = [](const model::RunOutcome& r) {
            std::vector<std::tuple<std::string, double, double>> out;
            for (const auto& s : r.shocks)
                if (s.random) out.emplace_back(s.name, s.start_day, s.end_day.value_or(-1.0));
            return out;
        };
        std::set<std::vector<std::tuple<std::string, double, double>>> distinct;
        for (int r = 0; r < 6; ++r) {
            const auto& base = outcome.runs[static_cast<std::size_t>(r)];
            const auto& fire = outcome.runs[static_cast<std::size_t>(6 + r)];
            REQUIRE(base.replication == r);
            REQUIRE(fire.replication == r);
            CHECK(fire.variant == 1);
            // Common random numbers: the same outages and quakes in the base and the variant.
            CHECK_FALSE(random_shocks(base).empty());
            CHECK(random_shocks(base) == random_shocks(fire));
            // ... and the variant has its scheduled fire on top.
            CHECK(fire.shocks.size() == base.shocks.size() + 1);
            distinct.insert(random_shocks(base));
        }
        CHECK(distinct.size() == 6);  // every replication drew its own
    }

    TEST_CASE("Experiment: the shocks table records what happened in each replication") {
        Chains chains;
        add_random_quake(chains.base, 0.99);  // a second, likelier quake stream
        chains.base.shocks.back().name = "aftershock";
        TempDir tmp;
        model::Recorder recorder(tmp.file("shocks.db"));
        model::ExperimentSpec spec = compare_spec(chains, 4, 2);
        spec.variants.resize(1);
        const auto outcome = model::run_experiment(spec, &recorder, nullptr, {});
        auto& db = recorder.database();
        int outages_seen = 0, quakes_seen = 0;
        for (const auto& run : outcome.runs) {
            CAPTURE(run.replication);
            REQUIRE(run.status == model::RunStatus::Completed);
            struct Window {
                std::string kind;
                double start, end;
            };
            std::vector<Window> windows;
            auto shocks = db.prepare(
                "SELECT kind, start_day, end_day, origin FROM shocks WHERE run_id = ? "
                "ORDER BY shock_id");
            shocks.bind(1, run.run_id);
            while (shocks.step()) {
                CHECK(shocks.column_text(3) == "random");
                windows.push_back(
                    {shocks.column_text(0), shocks.column_double(1), shocks.column_double(2)});
            }
            CHECK(windows.size() == run.shocks.size());
            auto inside = [&](double day, const std::string& kind, double margin) {
                for (const auto& w : windows)
                    if (w.kind == kind && w.start - margin <= day && day <= w.end + margin)
                        return true;
                return false;
            };
            // The fab's daily capacity samples: 0 exactly while an outage was recorded, halved
            // (or less) while a quake was, 10 otherwise.
            auto samples = db.prepare(
                "SELECT s.day, s.capacity FROM samples s JOIN nodes n ON n.run_id = s.run_id AND "
                "n.node_id = s.node_id WHERE s.run_id = ? AND n.name = 'fab' ORDER BY s.day");
            samples.bind(1, run.run_id);
            while (samples.step()) {
                const double day = samples.column_double(0), capacity = samples.column_double(1);
                CAPTURE(day);
                if (capacity == 0.0) {
                    CHECK(inside(day, "outage", 1e-6));
                    ++outages_seen;
                } else if (capacity < 10.0) {
                    CHECK(inside(day, "capacity_loss", 1e-6));
                    ++quakes_seen;
                } else {
                    CHECK(capacity == doctest::Approx(10.0));
                    CHECK_FALSE(inside(day, "outage", -1e-6));
                    CHECK_FALSE(inside(day, "capacity_loss", -1e-6));
                }
            }
        }
        CHECK(outages_seen > 0);
        CHECK(quakes_seen > 0);
    }

    TEST_CASE("Experiment: a stop request keeps finished runs and marks the rest interrupted") {
        const Chains chains;
        TempDir tmp;
        model::Recorder recorder(tmp.file("stop.db"));
        auto spec = compare_spec(chains, 20, 2);
        std::atomic<bool> stop{false};
        const auto outcome =
            model::run_experiment(spec, &recorder, &stop, [&](const model::ExperimentProgress& p) {
                if (p.runs_done >= 3) stop = true;
            });
        CHECK(outcome.interrupted);
        REQUIRE(outcome.runs.size() == 40);
        std::size_t completed = 0;
        for (std::size_t i = 0; i < outcome.runs.size(); ++i) {
            const auto& r = outcome.runs[i];
            if (i < 3) CHECK(r.status == model::RunStatus::Completed);
            if (r.status == model::RunStatus::Completed)
                ++completed;
            else
                CHECK(r.status == model::RunStatus::Interrupted);
        }
        CHECK(completed >= 3);
        CHECK(completed < 40);
        auto& db = recorder.database();
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status = 'completed'") ==
              static_cast<std::int64_t>(completed));
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status = 'interrupted'") ==
              static_cast<std::int64_t>(40 - completed));
        // Interrupted runs leave no rows behind.
        CHECK(count(db,
                    "SELECT count(*) FROM kpis k JOIN runs r ON r.run_id = k.run_id "
                    "WHERE r.status <> 'completed'") == 0);
        CHECK(count(db,
                    "SELECT count(*) FROM samples s JOIN runs r ON r.run_id = s.run_id "
                    "WHERE r.status <> 'completed'") == 0);
        auto check = db.prepare("PRAGMA integrity_check");
        REQUIRE(check.step());
        CHECK(check.column_text(0) == "ok");
    }

    TEST_CASE(
        "Experiment: a database that refuses every write ends the experiment with its error") {
        const Chains chains;
        TempDir tmp;
        model::Recorder recorder(tmp.file("broken.db"));
        // Runs can be numbered, but no run can be finished, not even as failed.
        recorder.database().exec(
            "CREATE TRIGGER no_updates BEFORE UPDATE ON runs BEGIN SELECT RAISE(ABORT, 'disk on "
            "fire'); END");
        const auto spec = compare_spec(chains, 6, 2);
        CHECK_THROWS_WITH_AS(model::run_experiment(spec, &recorder, nullptr, {}),
                             doctest::Contains("disk on fire"), sqlite::Error);
        CHECK(count(recorder.database(), "SELECT count(*) FROM runs WHERE status = 'running'") ==
              12);
        CHECK(count(recorder.database(), "SELECT count(*) FROM kpis") == 0);
    }
}  // TEST_SUITE
