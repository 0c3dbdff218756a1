// memchain run, compare and sweep, run as a user would: the built binary, its output, exit
// code and database.

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "db_dump.hpp"
#include "memchain_cli.hpp"
#include "model/record/sqlite.hpp"
#include "temp_dir.hpp"

namespace sqlite = memchain::sqlite;
using memchain::testing::dump_database;
using Result = memchain::testing::CliResult;
using memchain::testing::memchain_binary;
using memchain::testing::run_memchain;
using memchain::testing::TempDir;

namespace {

const std::string data = std::string(MEMCHAIN_SOURCE_DIR) + "/tests/data/experiments/";

std::int64_t count(sqlite::Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    REQUIRE(st.step());
    return st.column_int(0);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// SQLite's JSON parser as the judge of --json output.
bool is_json(const std::string& text) {
    sqlite::Database db(":memory:");
    auto st = db.prepare("SELECT json_valid(?)");
    st.bind(1, text);
    REQUIRE(st.step());
    return st.column_int(0) == 1;
}

// The output's lines in characters, not bytes ("±" and "≥" are more than one byte each).
std::vector<std::size_t> line_widths(const std::string& out) {
    std::vector<std::size_t> widths;
    for (std::size_t at = 0; at < out.size();) {
        const std::size_t end = std::min(out.find('\n', at), out.size());
        widths.push_back(
            static_cast<std::size_t>(std::count_if(out.begin() + static_cast<std::ptrdiff_t>(at),
                                                   out.begin() + static_cast<std::ptrdiff_t>(end),
                                                   [](char c) { return (c & 0xC0) != 0x80; })));
        at = end + 1;
    }
    return widths;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

struct Comparison {
    double diff = 0, low = 0, high = 0, unpaired_low = 0, unpaired_high = 0;
    int n = 0;
};

Comparison comparison(sqlite::Database& db, const std::string& variant, const std::string& kpi,
                      const std::string& node) {
    auto st = db.prepare(
        "SELECT diff_mean, diff_ci_low, diff_ci_high, unpaired_ci_low, unpaired_ci_high, n "
        "FROM comparisons WHERE variant = ? AND kpi = ? AND node = ?");
    st.bind(1, variant).bind(2, kpi).bind(3, node);
    REQUIRE(st.step());
    return {st.column_double(0), st.column_double(1), st.column_double(2),
            st.column_double(3), st.column_double(4), static_cast<int>(st.column_int(5))};
}

}  // namespace

TEST_SUITE("tools") {
    TEST_CASE("memchain run/compare/sweep: the same database for 1 and for 2 threads") {
        TempDir tmp;
        const std::string chain = data + "chain.yaml ";
        const std::string commands[] = {
            "run " + chain + "-n 4",
            "compare " + chain + data + "chain-fire.yaml -n 3",
            "sweep " + chain + "--vary nodes.fab.capacity=9:10:1 -n 2",
        };
        for (const std::string& command : commands) {
            CAPTURE(command);
            for (int threads : {1, 2}) {
                // Each thread count records into its own database, all three commands into it.
                const Result r =
                    run_memchain(command + " --quiet --threads " + std::to_string(threads) +
                                 " --db " + tmp.file(std::to_string(threads) + ".db"));
                CAPTURE(r.out);
                CHECK(r.exit_code == 0);
            }
        }
        const auto one = dump_database(tmp.file("1.db"));
        const auto two = dump_database(tmp.file("2.db"));
        REQUIRE(one.size() == two.size());
        for (const auto& [table, rows] : one) {
            CAPTURE(table);
            CHECK(rows == two.at(table));
        }
        CHECK(one.at("experiments").size() == 3);
        CHECK(one.at("runs").size() == 4 + 6 + 4);
        CHECK_FALSE(one.at("comparisons").empty());
        CHECK_FALSE(one.at("shocks").empty());  // the fab's random outages
    }

    TEST_CASE("memchain compare: one experiment, base first, paired differences and recovery") {
        TempDir tmp;
        const std::string db_path = tmp.file("c.db");
        const Result r = run_memchain("compare " + data + "chain.yaml " + data +
                                      "chain-fire.yaml -n 6 --threads 2 --quiet --db " + db_path);
        CAPTURE(r.out);
        REQUIRE(r.exit_code == 0);
        CHECK(
            r.out.rfind("compare chain (base) vs chain-fire: 6 replications each on common random "
                        "numbers (seed 5), 12/12 runs completed",
                        0) == 0);
        CHECK(contains(r.out, "paired differences, variant - base"));
        CHECK(contains(r.out, "paired 95% CI"));
        CHECK(contains(r.out, "unpaired 95% CI"));
        CHECK(contains(r.out, "\n  chain-fire  lead_time_mean_days"));
        CHECK(contains(r.out, "time for the quoted lead time to come back"));
        sqlite::Database db(db_path, sqlite::Database::Mode::ReadOnly);
        CHECK(count(db, "SELECT count(*) FROM experiments WHERE kind = 'compare'") == 1);
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status = 'completed'") == 12);
        CHECK(count(db, "SELECT count(*) FROM runs WHERE variant = 'chain' AND run_id <= 6") == 6);
        CHECK(count(db, "SELECT count(DISTINCT config_hash) FROM runs") == 2);
        CHECK(count(db,
                    "SELECT count(*) FROM comparisons WHERE variant = 'chain-fire' AND "
                    "kpi = 'recovery_days' AND product = 'chip' AND n = 6") == 1);
        CHECK(count(db, "SELECT count(*) FROM comparisons WHERE variant = 'chain'") == 0);
        // Every lead-time row of the fire is worse and its paired interval narrower.
        CHECK(count(db,
                    "SELECT count(*) FROM comparisons WHERE kpi = 'lead_time_mean_days' AND "
                    "diff_ci_high - diff_ci_low < unpaired_ci_high - unpaired_ci_low") == 2);

        const Result json = run_memchain("compare " + data + "chain.yaml " + data +
                                         "chain-fire.yaml -n 3 --quiet --json --no-record");
        CHECK(json.exit_code == 0);
        CHECK(is_json(json.out));
        CHECK(json.out.rfind("{\"kind\":\"compare\",\"database\":\"(not recorded)\"", 0) == 0);
        CHECK(contains(json.out, "\"kpi\":\"recovery_days\",\"product\":\"chip\""));
        CHECK(contains(json.out, "\"diff_ci\":["));
        CHECK(contains(json.out, "\"recovery_definition\":\"recovery_days, per replication"));
    }

    TEST_CASE("memchain run/compare: the base variant is named after its scenario in both") {
        TempDir tmp;
        const std::string db_path = tmp.file("names.db");
        REQUIRE(run_memchain("run " + data + "chain.yaml -n 1 --quiet --db " + db_path).exit_code ==
                0);
        REQUIRE(run_memchain("compare " + data + "chain.yaml " + data +
                             "chain-fire.yaml -n 2 --quiet --db " + db_path)
                    .exit_code == 0);
        sqlite::Database db(db_path, sqlite::Database::Mode::ReadOnly);
        // Experiment 1 is the run, 2 the compare: the base reads 'chain' in both.
        CHECK(
            count(db, "SELECT count(*) FROM runs WHERE variant = 'chain' AND experiment_id = 1") ==
            1);
        CHECK(
            count(db, "SELECT count(*) FROM runs WHERE variant = 'chain' AND experiment_id = 2") ==
            2);
        CHECK(count(db, "SELECT count(*) FROM runs WHERE variant = 'base'") == 0);
    }

    TEST_CASE(
        "memchain compare: a variant named like the base, or a --variant name taken, is "
        "refused") {
        TempDir tmp;
        const std::string db = " --db " + tmp.file("never.db");
        const std::string chain = data + "chain.yaml ";
        struct Case {
            std::string arguments;
            std::string message;
        };
        const Case cases[] = {
            {"compare " + chain + chain + "-n 2" + db,
             data + "chain.yaml: error: the variant 'chain' has the base's name: give it a name "
                    "of its own"},
            {"compare " + chain + "--variant chain:nodes.fab.capacity=12 -n 2" + db,
             "--variant: error: the variant 'chain' has the base's name"},
            {"compare " + chain + data +
                 "chain-fire.yaml --variant chain-fire:nodes.fab.capacity=12 -n 2" + db,
             "--variant: error: the name 'chain-fire' is taken by another variant"},
        };
        for (const Case& c : cases) {
            CAPTURE(c.arguments);
            const Result r = run_memchain(c.arguments);
            CAPTURE(r.out);
            CHECK(r.exit_code == 2);
            CHECK(contains(r.out, c.message));
            CHECK_FALSE(std::filesystem::exists(tmp.file("never.db")));
        }
    }

    TEST_CASE(
        "memchain compare: a recovery not reached reads as a lower bound, without an "
        "interval") {
        // The base has the 30-day fire; the variant's fire takes 90% of the fab from 1 May for
        // 300 days, past the end of the year: no replication recovers.
        const Result r =
            run_memchain("compare " + data +
                         "chain-fire.yaml --variant 'endless:shocks[fab-fire].duration=300d,"
                         "shocks[fab-fire].magnitude=0.9' -n 3 --quiet --no-record");
        CAPTURE(r.out);
        REQUIRE(r.exit_code == 0);
        const auto at = r.out.find("\n  endless  chip ");
        REQUIRE(at != std::string::npos);
        const std::string row = r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
        CHECK(contains(row, " 0/3 "));
        CHECK(contains(row, "≥ "));
        CHECK(contains(row, "none: not recovered in 3 of 3"));
        CHECK_FALSE(contains(row, "["));  // no interval around a lower bound
    }

    TEST_CASE("memchain compare: markets get their prices and revenue with paired intervals") {
        TempDir tmp;
        const std::string db_path = tmp.file("m.db");
        const std::string configs = std::string(MEMCHAIN_SOURCE_DIR) + "/configs/";
        const Result r = run_memchain("compare " + configs + "baseline.yaml " + configs +
                                      "shocks/fab_fire.yaml -n 5 --quiet --db " + db_path);
        CAPTURE(r.out);
        REQUIRE(r.exit_code == 0);
        const auto table = r.out.find("\nprices and revenue per product");
        REQUIRE(table != std::string::npos);
        // A row per product and KPI: "  fab_fire  dram_gb      spot_price_peak  4.6 ...".
        const std::string rows = r.out.substr(table, r.out.find("\n\n", table + 1) - table);
        for (const char* kpi :
             {"spot_price_mean", "spot_price_peak", "contract_price_mean", "revenue"}) {
            bool found = false;
            for (std::size_t at = 0;
                 (at = rows.find("\n  fab_fire  dram_gb ", at)) != std::string::npos; ++at) {
                const std::string line = rows.substr(at + 1, rows.find('\n', at + 1) - at - 1);
                found = found || line.find(std::string(" ") + kpi + " ") != std::string::npos;
            }
            CHECK_MESSAGE(found, kpi);
        }
        sqlite::Database db(db_path, sqlite::Database::Mode::ReadOnly);
        auto peak = db.prepare(
            "SELECT diff_mean, diff_ci_low, diff_ci_high, n FROM comparisons WHERE variant = "
            "'fab_fire' AND kpi = 'spot_price_peak' AND product = 'dram_gb' AND node = ''");
        REQUIRE(peak.step());
        CHECK(peak.column_int(3) == 5);
        CHECK(peak.column_double(1) < peak.column_double(0));  // a paired interval around it
        CHECK(peak.column_double(0) < peak.column_double(2));
        // Per seller: revenue, margin and share of each DRAM maker, each with its interval.
        CHECK(count(db,
                    "SELECT count(*) FROM comparisons WHERE variant = 'fab_fire' AND "
                    "product = 'dram_gb' AND kpi IN ('revenue', 'margin', 'revenue_share') AND "
                    "node != '' AND n = 5 AND diff_ci_low <= diff_mean AND "
                    "diff_mean <= diff_ci_high") == 12);
        // The TSV fire's response: HBM3E spot at its height, printed with its day, and at the
        // end, per market product, each over the five pairs.
        CHECK(rows.find("spot_price_shock_peak (20") != std::string::npos);
        CHECK(count(db,
                    "SELECT count(*) FROM comparisons WHERE variant = 'fab_fire' AND "
                    "kpi IN ('spot_price_shock_peak', 'spot_price_shock_end') AND n = 5") == 8);
        // The peak rows carry their day d* (the day the table prints), and only they.
        CHECK(count(db,
                    "SELECT count(*) FROM comparisons WHERE variant = 'fab_fire' AND kpi = "
                    "'spot_price_shock_peak' AND peak_day > 0 AND peak_day <= 1096") == 4);
        CHECK(count(db,
                    "SELECT count(*) FROM comparisons WHERE peak_day IS NOT NULL AND kpi <> "
                    "'spot_price_shock_peak'") == 0);
        // The fire raises HBM3E's spot at the height of its response, paired over the five
        // runs. (The run's highest spot is no test: with orders that adapt the base's own peak
        // comes in mid-2028, from demand, and the fire's rise in 2027 sits below it.)
        auto rise = db.prepare(
            "SELECT diff_ci_low FROM comparisons WHERE variant = 'fab_fire' AND kpi = "
            "'spot_price_shock_peak' AND product = 'hbm3e_12hi' AND node = ''");
        REQUIRE(rise.step());
        CHECK(rise.column_double(0) > 0.0);
    }

    TEST_CASE("memchain compare: on M/M/1 the paired interval covers the analytic difference") {
        TempDir tmp;
        const std::string db_path = tmp.file("mm1.db");
        const Result r = run_memchain("compare " + data + "mm1.yaml " + data +
                                      "mm1-fast.yaml -n 20 --quiet --db " + db_path);
        CAPTURE(r.out);
        REQUIRE(r.exit_code == 0);
        sqlite::Database db(db_path, sqlite::Database::Mode::ReadOnly);
        const Comparison wait = comparison(db, "mm1-fast", "wait_mean_days", "server");
        const double truth = 0.9 - 49.0 / 30.0;
        CHECK(wait.n == 20);
        CHECK(wait.low <= truth);
        CHECK(truth <= wait.high);
        CHECK(wait.high - wait.low < 0.8 * (wait.unpaired_high - wait.unpaired_low));
    }

    TEST_CASE("memchain sweep: one variant per point, parameters as JSON, known M/M/1 waits") {
        TempDir tmp;
        const std::string db_path = tmp.file("s.db");
        const Result r =
            run_memchain("sweep " + data +
                         "mm1.yaml --vary nodes.server.process_time.exponential=0.5:0.7:0.1 "
                         "-n 10 --quiet --kpi wait_mean_days@server --db " +
                         db_path);
        CAPTURE(r.out);
        REQUIRE(r.exit_code == 0);
        CHECK(r.out.rfind("sweep mm1: 3 points x 10 replications on common random numbers", 0) ==
              0);
        CHECK(contains(r.out, "nodes.server.process_time.exponential  wait_mean_days server"));
        sqlite::Database db(db_path, sqlite::Database::Mode::ReadOnly);
        CHECK(count(db, "SELECT count(*) FROM experiments WHERE kind = 'sweep'") == 1);
        CHECK(count(db, "SELECT count(DISTINCT variant) FROM runs") == 3);
        CHECK(count(db,
                    "SELECT count(*) FROM runs WHERE json_valid(parameters) AND "
                    "json_extract(parameters, '$.\"nodes.server.process_time.exponential\"') "
                    "IN (0.5, 0.6, 0.7)") == 30);
        // Wq = s^2 / (1 - s) for service mean s at one arrival a day.
        auto st = db.prepare(
            "SELECT json_extract(r.parameters, '$.\"nodes.server.process_time.exponential\"'), "
            "k.mean, k.ci95_half_width FROM kpi_summary k JOIN runs r ON r.variant = k.variant "
            "AND r.replication = 0 WHERE k.kpi = 'wait_mean_days' AND k.node = 'server' ORDER BY "
            "1");
        int points = 0;
        while (st.step()) {
            const double s = st.column_double(0);
            const double truth = s * s / (1.0 - s);
            CAPTURE(s);
            CHECK(std::fabs(st.column_double(1) - truth) <= st.column_double(2));
            ++points;
        }
        CHECK(points == 3);
        // Each point against the first: the difference in Wq, known too.
        const Comparison last =
            comparison(db, "nodes.server.process_time.exponential=0.7", "wait_mean_days", "server");
        const double truth = 49.0 / 30.0 - 0.5;
        CHECK(last.low <= truth);
        CHECK(truth <= last.high);
    }

    TEST_CASE("memchain compare: every line fits 120 columns, each block naming the row") {
        // Every KPI: a table of about 150 characters on one line, and headings longer than that.
        const Result r = run_memchain("compare " + data + "chain.yaml " + data +
                                      "chain-fire.yaml -n 3 --all --quiet --no-record");
        CAPTURE(r.out);
        REQUIRE(r.exit_code == 0);
        const auto widths = line_widths(r.out);
        CHECK(*std::max_element(widths.begin(), widths.end()) <= 120);
        // Two blocks: the difference with its interval and mark, then the means and the unpaired
        // interval; both start with the variant, the KPI and what it is for.
        CHECK(occurrences(r.out, "\n  variant     kpi                            for           ") ==
              2);
        CHECK(contains(r.out, "for           difference  paired 95% CI          excludes 0\n"));
        CHECK(contains(r.out, "for           base        variant     unpaired 95% CI\n"));
        CHECK(contains(r.out, "\n  chain-fire  lead_time_mean_days            chip         "));
        // A heading longer than a line goes on, indented, on the next.
        CHECK(
            contains(r.out, "(relative change; for fractions, points); mean over\n  replications"));
    }

    TEST_CASE("memchain sweep: the points table fits 120 columns, each block naming the point") {
        // Two swept paths and the default KPIs with intervals: about 190 characters on one line.
        const Result r = run_memchain("sweep " + data +
                                      "chain.yaml --vary nodes.fab.capacity=10:12:2 "
                                      "--vary nodes.buyer.demand.normal.mean=50:56:6 -n 2 --quiet "
                                      "--no-record");
        CAPTURE(r.out);
        REQUIRE(r.exit_code == 0);
        const auto widths = line_widths(r.out);
        CHECK(*std::max_element(widths.begin(), widths.end()) <= 120);
        // The table came in blocks, each with the swept values first.
        CHECK(occurrences(r.out, "\n  nodes.fab.capacity  nodes.buyer.demand.normal.mean  ") >= 2);
        CHECK(contains(r.out, "fill_rate"));
        CHECK(contains(r.out, "main bottleneck (sole share)"));
    }

    TEST_CASE("memchain sweep: two parameters print a grid of the first KPI") {
        const Result r = run_memchain("sweep " + data +
                                      "chain.yaml --vary nodes.fab.capacity=10:12:2 "
                                      "--vary nodes.buyer.demand.normal.mean=50:56:6 -n 2 --quiet "
                                      "--no-record");
        CAPTURE(r.out);
        REQUIRE(r.exit_code == 0);
        CHECK(contains(r.out, "sweep chain: 4 points x 2 replications"));
        CHECK(contains(r.out,
                       "lead_time_mean_days chip (mean): nodes.fab.capacity down, "
                       "nodes.buyer.demand.normal.mean across"));
        CHECK(contains(r.out, "main bottleneck (sole share)"));
        const Result json =
            run_memchain("sweep " + data +
                         "chain.yaml --vary nodes.fab.capacity=10:12:2 -n 2 --quiet "
                         "--no-record --json");
        CHECK(json.exit_code == 0);
        CHECK(is_json(json.out));
        CHECK(json.out.rfind("{\"kind\":\"sweep\",\"scenario\":\"chain\"", 0) == 0);
        CHECK(contains(json.out, "\"parameters\":{\"nodes.fab.capacity\":12}"));
    }

    TEST_CASE(
        "memchain run/compare/sweep: bad input exits 2 naming the flag, before any database") {
        TempDir tmp;
        const std::string db = " --db " + tmp.file("never.db");
        const std::string chain = data + "chain.yaml ";
        struct Case {
            std::string arguments;
            std::string message;
        };
        const Case cases[] = {
            {"compare " + chain + db,
             "memchain compare: error: expected a base scenario and at least one variant"},
            {"compare " + chain + chain + "-n 1" + db,
             "--replications: error: compare needs at least 2 replications"},
            {"compare " + chain + chain + "--top -1" + db,
             "--top: error: expected 0 (all) or more, got -1"},
            {"run " + chain + "--threads -2" + db,
             "--threads: error: expected 0 (all cores) or more, got -2"},
            {"run " + chain + "-n 0" + db, "--replications: error: expected 1 to 100000, got 0"},
            {"run " + chain + "-n 2000000000" + db,
             "--replications: error: expected 1 to 100000, got 2000000000"},
            {"run " + chain + "--bogus" + db,
             "--bogus: error: unknown option '--bogus' (see memchain run --help)"},
            // A prefix of a flag is not taken for the flag.
            {"run " + chain + "--thread 2" + db,
             "--thread: error: unknown option '--thread' (did you mean '--threads'?)"},
            {"compare " + chain + chain + "--replication=3" + db,
             "--replication: error: unknown option '--replication' (did you mean "
             "'--replications'?)"},
            {"run " + chain + "--seed -1" + db,
             "--seed: error: expected a whole number from 0 to 18446744073709551615, got '-1'"},
            {"run " + chain + "--seed 18446744073709551616" + db, "--seed: error: expected"},
            {"run " + chain + "--seed 12x" + db, "--seed: error: expected"},
            {"run " + chain + "--db " + tmp.file("no/such/folder.db"),
             "--db: error: folder '" + tmp.file("no/such") + "' does not exist"},
            {"run " + chain + "--db " + tmp.path().string(),
             "--db: error: '" + tmp.path().string() + "' is a folder"},
            {"run " + chain + "-n many" + db, "--replications: error: "},
            {"sweep " + chain + db, "--vary: error: expected at least one PATH=FROM:TO:STEP"},
            {"sweep " + chain + "--vary nodes.fab.capacity=12:10:1" + db,
             "--vary: error: FROM must not exceed TO in 'nodes.fab.capacity=12:10:1'"},
            {"sweep " + chain + "--vary nodes.fab.capacity=10:12:0" + db,
             "--vary: error: STEP must be greater than 0"},
            {"sweep " + chain + "--vary nodes.fab.capacity=1:1000:1" + db,
             "--vary: error: the sweep has 1000 = 1000 points, more than the 200 allowed"},
            {"sweep " + chain + "--vary nodes.fab.capacity=10:12:1 --kpi fill_rate@nowhere" + db,
             "--kpi: error: 'nowhere' in 'fill_rate@nowhere' is no product, buyer or node of "
             "chain"},
            {"sweep " + chain + "--vary nodes.fab.capacity=10:12:1 --kpi lead_time_mean" + db,
             "--kpi: error: unknown KPI 'lead_time_mean' in 'lead_time_mean' (did you mean "
             "'lead_time_mean_days'?)"},
            {"sweep " + chain + "--vary nodes.fab.capacity=10:12:1 --kpi bogus@chip" + db,
             "--kpi: error: unknown KPI 'bogus' in 'bogus@chip'"},
            {"sweep " + chain + "--vary nodes.fabb.capacity=10:12:1" + db,
             "--vary: error: bad path 'nodes.fabb.capacity'"},
            {"compare " + chain + data + "missing.yaml" + db, "missing.yaml"},
            // A bare number cannot stand for a plan: the error says what works instead.
            {"sweep " + std::string(MEMCHAIN_SOURCE_DIR) +
                 "/tests/data/scenarios/base.yaml --vary nodes.fab.capacity=1000:2000:1000" + db,
             "--vary: error: 'nodes.fab.capacity' is a plan over dates (read from "
             "data/capacity.csv), so the bare number '1000' has no unit to keep: set or vary "
             "'nodes.fab.capacity.scale'"},
        };
        for (const Case& c : cases) {
            CAPTURE(c.arguments);
            const Result r = run_memchain(c.arguments);
            CAPTURE(r.out);
            CHECK(r.exit_code == 2);
            CHECK(contains(r.out, c.message));
            CHECK_FALSE(std::filesystem::exists(tmp.file("never.db")));
        }
    }

    TEST_CASE("memchain: --help explains run, compare and sweep, and lists them") {
        Result r = run_memchain("--help");
        CHECK(r.exit_code == 0);
        for (const char* name : {"\n  run ", "\n  compare ", "\n  sweep "})
            CHECK(contains(r.out, name));
        r = run_memchain("compare --help");
        CHECK(r.exit_code == 0);
        CHECK(contains(r.out, "common"));
        CHECK(contains(r.out, "recovery_days, per replication and product"));
        CHECK(contains(r.out, "--threads"));
        r = run_memchain("sweep --help");
        CHECK(r.exit_code == 0);
        CHECK(contains(r.out, "--vary"));
        CHECK(contains(r.out, "at most 200"));
    }

    TEST_CASE("memchain run: progress on stderr after about a second, silenced by --quiet") {
        // About 3 s of replications on one thread here (40 years of the chain, 60 times).
        const std::string args = "run " + data +
                                 "chain.yaml --set horizon=40y -n 60 --threads 1 "
                                 "--no-record";
        Result r = run_memchain(args);
        CAPTURE(r.out);
        CHECK(r.exit_code == 0);
        CHECK(contains(r.out, "run chain: "));
        CHECK(contains(r.out, "/60 runs done, "));
        CHECK(contains(r.out, "M events/s"));
        CHECK(contains(r.out, " s left"));
        r = run_memchain(args + " --quiet");
        CHECK(r.exit_code == 0);
        CHECK(contains(r.out, "60/60 replications completed"));
        CHECK_FALSE(contains(r.out, "runs done"));
    }

    TEST_CASE("memchain run: Ctrl-C keeps finished replications and marks the rest interrupted") {
        TempDir tmp;
        const std::string db_path = tmp.file("int.db");
        const std::string log = tmp.file("int.log");
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(fd, STDOUT_FILENO);
            ::dup2(fd, STDERR_FILENO);
            ::execl(memchain_binary.c_str(), memchain_binary.c_str(), "run",
                    (data + "chain.yaml").c_str(), "-n", "5000", "--threads", "2", "--db",
                    db_path.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        // Wait until a few replications are recorded, then interrupt.
        std::int64_t done = 0;
        for (int i = 0; i < 600 && done < 3; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (!std::filesystem::exists(db_path)) continue;
            try {
                sqlite::Database db(db_path, sqlite::Database::Mode::ReadOnly);
                done = count(db, "SELECT count(*) FROM runs WHERE status = 'completed'");
            } catch (const sqlite::Error&) {
                // the schema is still being created
            }
        }
        REQUIRE(done >= 3);
        REQUIRE(::kill(pid, SIGINT) == 0);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 130);

        sqlite::Database db(db_path, sqlite::Database::Mode::ReadOnly);
        const auto completed = count(db, "SELECT count(*) FROM runs WHERE status = 'completed'");
        const auto interrupted =
            count(db, "SELECT count(*) FROM runs WHERE status = 'interrupted'");
        CHECK(completed >= 3);
        CHECK(interrupted > 0);
        CHECK(completed + interrupted == 5000);
        // Completed runs are whole (their KPIs and samples are there); interrupted ones left no
        // rows.
        CHECK(count(db,
                    "SELECT count(*) FROM runs r WHERE r.status = 'completed' AND NOT EXISTS "
                    "(SELECT 1 FROM kpis k WHERE k.run_id = r.run_id)") == 0);
        CHECK(
            count(db, "SELECT count(*) FROM runs WHERE status = 'completed' AND events IS NULL") ==
            0);
        CHECK(count(db,
                    "SELECT count(*) FROM samples s JOIN runs r ON r.run_id = s.run_id "
                    "WHERE r.status <> 'completed'") == 0);
        CHECK(count(db, "SELECT count(*) FROM runs WHERE status = 'running'") == 0);
        auto check = db.prepare("PRAGMA integrity_check");
        REQUIRE(check.step());
        CHECK(check.column_text(0) == "ok");
    }
}  // TEST_SUITE
