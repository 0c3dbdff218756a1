#include "model/record/schema.sql.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "model/record/recorder.hpp"
#include "model/record/sqlite.hpp"
#include "temp_dir.hpp"

namespace model = memchain::model;
namespace sqlite = memchain::sqlite;
using memchain::testing::TempDir;

namespace {

std::string text(sqlite::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    std::string row;
    for (int c = 0; c < st.columns(); ++c) row += (c ? "|" : "") + st.column_text(c);
    return row;
}

std::vector<std::string> rows(sqlite::Database& db, const std::string& sql) {
    std::vector<std::string> out;
    auto st = db.prepare(sql);
    while (st.step()) {
        std::string row;
        for (int c = 0; c < st.columns(); ++c) row += (c ? "|" : "") + st.column_text(c);
        out.push_back(row);
    }
    return out;
}

// A compare experiment starting 2026-03-28: a fab making wafers for one buyer, three
// replications of "base" and two of "fire". The fab's cumulative output is 70 units a week in
// the base and 35 then 70 a week under the fire (cumulative 35, 105); it bound for days 0-5 in the
// base's first replication only; the fill rate is 0.1 in every base run (a constant); order 7 (10
// wafers) was completed on day 4.5, 2026-04-01, in the second quarter.
void write_experiment(model::Recorder& rec) {
    const auto experiment =
        rec.begin_experiment({"compare", "test", "memchain compare", 1, 3, "2026-01-01T00:00:00Z"});
    rec.add_config({"abc",
                    "test",
                    "test.yaml",
                    "name: test\n",
                    {{"wafer", "wafers", "", "300 mm DRAM wafers"}}});
    for (const char* variant : {"base", "fire"}) {
        const bool base = std::string(variant) == "base";
        for (int r = 0; r < (base ? 3 : 2); ++r) {
            model::RunInfo info;
            info.experiment_id = experiment;
            info.scenario = "test";
            info.variant = variant;
            info.replication = r;
            info.seed = 1;
            info.config_hash = "abc";
            info.start_date = "2026-03-28";
            info.horizon_days = 10;
            const auto run = rec.begin_run(info);
            model::RunResult res;
            res.nodes.push_back({0, "fab", "station", "fab", "DRAM fab", "KR", "maker", "wafer"});
            res.nodes.push_back({1, "buyer", "buyer", "", "", "US", "", ""});
            const double week[] = {0.0, base ? 70.0 : 35.0, base ? 140.0 : 105.0};
            for (int i = 0; i < 3; ++i) {
                model::NodeSample s;
                s.node = 0;
                s.day = 7.0 * i;
                s.capacity = 10.0;
                s.output = week[i];
                res.samples.push_back(s);
            }
            res.orders.push_back({7, 1, 0, "wafer", 10.0, 1.0, 5.0, 10.0, 4.5});
            if (!base && r == 1) res.deliveries.push_back({7, 4.5, 10.0});
            res.kpis.push_back({"fill_rate", "wafer", "", "", base ? 0.1 : 0.05 * (r + 1)});
            if (base && r == 0) res.bottleneck_periods.push_back({0, 0.0, 5.0, false});
            rec.complete_run(run, res);
        }
    }
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("Schema: kpi_summary gives a constant KPI a spread of exactly zero") {
        TempDir tmp;
        model::Recorder rec(tmp.file("runs.db"));
        write_experiment(rec);
        auto& db = rec.database();
        // 0.1 three times: a sum of squares would leave a rounding residue, two passes do not.
        CHECK(text(db, "SELECT n, sd, ci95_half_width FROM kpi_summary WHERE variant = 'base'") ==
              "3|0.0|0.0");
        // 0.05 and 0.1: sd = 0.05 / sqrt(2), half width = t(1) * sd / sqrt(2) = 12.706 * 0.025.
        auto st = db.prepare("SELECT sd, ci95_half_width FROM kpi_summary WHERE variant = 'fire'");
        REQUIRE(st.step());
        CHECK(st.column_double(0) == doctest::Approx(0.05 / std::sqrt(2.0)));
        CHECK(st.column_double(1) == doctest::Approx(12.7062 * 0.025).epsilon(1e-4));
    }

    TEST_CASE("Schema: products carry units into the dated views") {
        TempDir tmp;
        model::Recorder rec(tmp.file("runs.db"));
        write_experiment(rec);
        auto& db = rec.database();
        CHECK(text(db, "SELECT product, unit, description FROM products") ==
              "wafer|wafers|300 mm DRAM wafers");
        CHECK(rows(db,
                   "SELECT date, unit, capacity_kind, output_cumulative FROM samples_by_date "
                   "WHERE variant = 'fire' AND replication = 0 ORDER BY day") ==
              std::vector<std::string>{"2026-03-28|wafers|per day|0.0",
                                       "2026-04-04|wafers|per day|35.0",
                                       "2026-04-11|wafers|per day|105.0"});
        // Flows per period, differenced from the cumulative output.
        CHECK(rows(db,
                   "SELECT start_date, end_date, units, units_per_day FROM node_flows "
                   "WHERE variant = 'fire' AND replication = 0 AND end_day > 0 "
                   "ORDER BY end_day") ==
              std::vector<std::string>{"2026-03-28|2026-04-04|35.0|5.0",
                                       "2026-04-04|2026-04-11|70.0|10.0"});
        CHECK(text(db, "SELECT count(*) FROM kpis_by_variant WHERE variant = 'base'") == "3");
    }

    TEST_CASE("Schema: bottleneck shares count the runs in which a node never bound") {
        TempDir tmp;
        model::Recorder rec(tmp.file("runs.db"));
        write_experiment(rec);
        auto& db = rec.database();
        // Bound for 5 of 10 days in one of three base runs: 0.5 / 3, not 0.5.
        auto st = db.prepare(
            "SELECT runs, sole_share FROM bottleneck_share_by_variant WHERE variant = 'base' AND "
            "node = 'fab'");
        REQUIRE(st.step());
        CHECK(st.column_int(0) == 3);
        CHECK(st.column_double(1) == doctest::Approx(0.5 / 3.0));
        CHECK(text(db,
                   "SELECT runs, sole_share FROM bottleneck_share_by_variant WHERE "
                   "variant = 'fire' AND node = 'fab'") == "2|0.0");
    }

    TEST_CASE("Schema: deliveries per quarter per buyer by calendar date in one SELECT") {
        TempDir tmp;
        model::Recorder rec(tmp.file("runs.db"));
        write_experiment(rec);
        auto& db = rec.database();
        // Per replication: recorded deliveries where the run kept them, completed orders where
        // it did not.
        CHECK(rows(db,
                   "SELECT variant, replication, date, quarter, units, source "
                   "FROM deliveries_by_date ORDER BY variant, replication") ==
              std::vector<std::string>{"base|0|2026-04-01|2026-Q2|10.0|completed orders",
                                       "base|1|2026-04-01|2026-Q2|10.0|completed orders",
                                       "base|2|2026-04-01|2026-Q2|10.0|completed orders",
                                       "fire|0|2026-04-01|2026-Q2|10.0|completed orders",
                                       "fire|1|2026-04-01|2026-Q2|10.0|deliveries"});
        CHECK(rows(db,
                   "SELECT d.variant, d.buyer, d.quarter, SUM(d.units) / v.completed "
                   "FROM deliveries_by_date d JOIN variant_runs v USING (experiment_id, "
                   "variant) GROUP BY d.variant, d.buyer, d.quarter ORDER BY d.variant") ==
              std::vector<std::string>{"base|buyer|2026-Q2|10.0", "fire|buyer|2026-Q2|10.0"});
    }
}  // TEST_SUITE
