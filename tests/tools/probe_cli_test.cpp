// memchain probe run as a user would: bad input exits 2 before any database, and a probe
// records its ranking with the experiment.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "memchain_cli.hpp"
#include "model/record/sqlite.hpp"
#include "temp_dir.hpp"

using memchain::testing::run_memchain;
using memchain::testing::TempDir;

namespace {

const std::string chain = std::string(MEMCHAIN_SOURCE_DIR) + "/tests/data/experiments/chain.yaml ";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_SUITE("tools") {
    TEST_CASE("memchain probe: bad input exits 2 naming the flag, before any database") {
        TempDir tmp;
        const std::string db = " --db " + tmp.file("never.db");
        const std::pair<std::string, std::string> cases[] = {
            {"--kpi revenue", "--kpi: error: unknown KPI 'revenue'"},
            {"", "--kpi: error: installed counts units in pools, and chain has none"},
            {"--kpi output@fab --relief 0", "--relief: error: expected a relief above 0"},
            {"--kpi output@fab --window 2026-02-01:2028-01-01",
             "--window: error: the window must be a non-empty part of the horizon"},
            {"--kpi output@fab --scale 'stage=nowhere=2'",
             "--scale stage=nowhere=2: error: selector {stage: nowhere} matches no node with a "
             "capacity"},
            {"--kpi output@fab --by colour", "--by: error: expected node, stage, owner or region"},
            {"--kpi output@fab --knockout 0d", "--knockout: error: expected a duration above zero"},
        };
        for (const auto& [arguments, message] : cases) {
            CAPTURE(arguments);
            const auto r = run_memchain("probe " + chain + arguments + db);
            CAPTURE(r.out);
            CHECK(r.exit_code == 2);
            CHECK(contains(r.out, message));
            CHECK_FALSE(std::filesystem::exists(tmp.file("never.db")));
        }
    }

    TEST_CASE("memchain probe: the fab limits the chain's output, recorded with the experiment") {
        // Demand raised to 20 chips a day, twice what the fab makes.
        TempDir tmp;
        const auto r = run_memchain("probe " + chain +
                                    "--kpi output@fab -n 2 --steps 1 -q "
                                    "--set nodes.buyer.demand.normal.mean=140 --db " +
                                    tmp.file("p.db"));
        CAPTURE(r.out);
        REQUIRE(r.exit_code == 0);
        CHECK(contains(r.out, "what limits output"));
        memchain::sqlite::Database db(tmp.file("p.db"), memchain::sqlite::Database::Mode::ReadOnly);
        auto st = db.prepare(
            "SELECT e.kind, c.candidate, c.gain_mean > 0, (SELECT count(*) FROM runs) FROM "
            "experiments e JOIN probe_candidates c USING (experiment_id) WHERE c.rank = 1 AND "
            "c.round = 0");
        REQUIRE(st.step());
        CHECK(st.column_text(0) == "probe");
        CHECK(st.column_text(1) == "fab");  // the only node with a capacity
        CHECK(st.column_int(2) == 1);
        CHECK(st.column_int(3) == 2);  // the base's replications
        auto steps = db.prepare("SELECT candidate FROM ladder_steps WHERE step = 1");
        REQUIRE(steps.step());
        CHECK(steps.column_text(0) == "fab");
    }

    TEST_CASE(
        "memchain probe: per product chain, run and the report name each chain's bottleneck") {
        // Two independent lines: p1 (10 a day) limits p, q2 (15 a day) limits q. The whole
        // network's detector gives the tie to p1 while the probe puts q2 first; per chain the
        // detector and the probe agree.
        TempDir tmp;
        const std::string two =
            std::string(MEMCHAIN_SOURCE_DIR) + "/tests/data/experiments/two_chains.yaml";
        const auto run = run_memchain("run " + two + " -n 1 -q --no-record");
        CAPTURE(run.out);
        REQUIRE(run.exit_code == 0);
        CHECK(contains(run.out, "bottleneck per product chain"));
        CHECK(contains(run.out, "p to site_p  p1"));
        CHECK(contains(run.out, "q to site_q  q2"));
        REQUIRE(run_memchain("probe " + two + " -n 2 -q --db " + tmp.file("p.db")).exit_code == 0);
        const auto report =
            run_memchain("report " + tmp.file("p.db") + " -o " + tmp.file("p.html"));
        CAPTURE(report.out);
        REQUIRE(report.exit_code == 0);
        const std::string html = read_file(tmp.file("p.html"));
        CHECK(contains(html,
                       "<strong>The two methods disagree.</strong> The active period "
                       "method names p1"));
        CHECK(contains(html,
                       "<strong>p</strong> chain: the active period method names p1 "
                       "(100% of the time), and so does the probe"));
        CHECK(contains(html,
                       "<strong>q</strong> chain: the active period method names q2 "
                       "(100% of the time), and so does the probe"));
    }
}  // TEST_SUITE
