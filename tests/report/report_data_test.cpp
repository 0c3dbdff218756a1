#include "tools/report/report_data.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "model/record/recorder.hpp"
#include "model/record/sqlite.hpp"
#include "model/scenario/input_error.hpp"
#include "report/fixture_db.hpp"
#include "temp_dir.hpp"

using namespace memchain::report;
using memchain::model::InputError;
using memchain::testing::FixtureOptions;
using memchain::testing::TempDir;
using memchain::testing::write_fixture_db;

namespace {

FixtureOptions with_failures() {
    FixtureOptions o;
    o.failed_runs = true;
    return o;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("load_report_data: the latest experiment by default, its runs and variants") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        const auto id = write_fixture_db(path, with_failures());
        const ReportData d = load_report_data(path);
        CHECK(d.experiment.id == id);
        CHECK(d.experiment_ids == std::vector<std::int64_t>{1, 2});
        CHECK(d.experiment.kind == "compare");
        CHECK(d.experiment.label == "TSV fire at the Cheongju HBM line");
        CHECK(d.runs.size() == 8);  // 2 variants x 3 replications, one failed, one interrupted
        CHECK(d.incomplete_runs().size() == 2);
        REQUIRE(d.variants.size() == 2);
        CHECK(d.variants[0].name == "baseline");
        CHECK(d.variants[0].base);
        CHECK(d.variants[1].name == "tsv-fire");
        CHECK_FALSE(d.variants[1].base);
        CHECK(d.variants[0].replications() == 3);  // the interrupted baseline run is left out
        CHECK(d.variants[1].replications() == 3);  // and so is the failed one
        CHECK(d.start_date.to_string() == "2026-01-05");
        CHECK(d.horizon_days == doctest::Approx(364.0));
        CHECK_FALSE(d.mixed_start_dates);
        CHECK(d.memchain_version.size() > 0);
        // Reading leaves the folder as it found it: no -wal or -shm file beside the database.
        CHECK_FALSE(std::filesystem::exists(path + "-wal"));
        CHECK_FALSE(std::filesystem::exists(path + "-shm"));
    }

    TEST_CASE("load_report_data: another experiment by id; an unknown id is bad input") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        write_fixture_db(path);
        const ReportData first = load_report_data(path, 1);
        CHECK(first.experiment.kind == "run");
        REQUIRE(first.variants.size() == 1);
        CHECK(first.variants[0].replications() == 1);
        CHECK(first.variants[0].base);
        try {
            (void)load_report_data(path, 9);
            FAIL("expected an InputError");
        } catch (const InputError& e) {
            CHECK(std::string(e.what()) ==
                  "--experiment: error: no experiment 9 in " + path + " (it holds 1, 2)");
        }
    }

    TEST_CASE("load_report_data: a missing, foreign or empty file is bad input") {
        TempDir tmp;
        CHECK_THROWS_AS((void)load_report_data(tmp.file("nope.db")), InputError);
        CHECK_THROWS_WITH_AS((void)load_report_data(tmp.path().string()),
                             doctest::Contains("is a directory"), InputError);
        {
            std::ofstream(tmp.file("text.db")) << "this is not a database at all, just some text";
            std::ofstream(tmp.file("empty.db"));
        }
        CHECK_THROWS_WITH_AS((void)load_report_data(tmp.file("text.db")),
                             doctest::Contains("not an SQLite file"), InputError);
        CHECK_THROWS_WITH_AS((void)load_report_data(tmp.file("empty.db")),
                             doctest::Contains("empty file"), InputError);
        {
            memchain::sqlite::Database other(tmp.file("other.db"));
            other.exec("CREATE TABLE things (x INTEGER)");
        }
        CHECK_THROWS_WITH_AS((void)load_report_data(tmp.file("other.db")),
                             doctest::Contains("not a memchain database"), InputError);
        { memchain::model::Recorder fresh(tmp.file("fresh.db")); }
        CHECK_THROWS_WITH_AS((void)load_report_data(tmp.file("fresh.db")),
                             doctest::Contains("no experiments"), InputError);
    }

    TEST_CASE("load_report_data: the network, stages upstream first, products and buyers") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        write_fixture_db(path);
        const ReportData d = load_report_data(path);
        REQUIRE(d.stages.size() == 3);
        CHECK(d.stages[0].name == "DRAM fab");
        CHECK(d.stages[1].name == "HBM stacking");
        CHECK(d.stages[2].name == "CoWoS packaging");
        CHECK(d.stages[2].nodes == std::vector<std::string>{"cowos-taichung"});
        CHECK(d.products == std::vector<std::string>{"GPU module", "HBM3E 12-Hi"});
        CHECK(d.buyers == std::vector<std::string>{"asic-house", "hyperscaler-a", "hyperscaler-b"});
        REQUIRE(d.node("cowos-taichung"));
        CHECK(d.node("cowos-taichung")->depth == 2);
        CHECK(d.node("fab-icheon")->depth == 0);
    }

    TEST_CASE("load_report_data: shocks, series across replications and order months") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        write_fixture_db(path);
        const ReportData d = load_report_data(path);
        REQUIRE(d.shocks.size() == 1);
        CHECK(d.shocks[0].variant == "tsv-fire");
        CHECK(d.shocks[0].name == "tsv-fire");
        CHECK(d.shocks[0].target == "tsv-cheongju");
        CHECK(d.shocks[0].start_day == 56.0);
        CHECK(d.shocks[0].end_day == 98.0);
        CHECK(d.shocks[0].runs == 3);
        // 52 weekly samples per product and variant, each across 3 replications.
        CHECK(d.product_points.size() == 2 * 2 * 52);
        for (const auto& p : d.product_points) {
            REQUIRE(p.quoted_lead_time_days);
            CHECK(p.quoted_lead_time_days->n == 3);
            CHECK(p.quoted_lead_time_days->low <= p.quoted_lead_time_days->mean);
            CHECK(p.quoted_lead_time_days->mean <= p.quoted_lead_time_days->high);
        }
        CHECK(d.has_orders());
        REQUIRE_FALSE(d.order_months.empty());
        std::set<std::string> months;
        for (const auto& m : d.order_months) {
            months.insert(m.month);
            CHECK(m.month.substr(8) == "01");
            CHECK(m.orders > 0);
        }
        CHECK(*months.begin() >= "2026-03-01");  // the first orders complete after ~2 months
        CHECK(*months.rbegin() <= "2027-01-01");
        // Heatmap cells: 3 stages x 52 weeks per variant.
        CHECK(d.bin_days == 7.0);
        CHECK(d.stage_cells.size() == 2 * 3 * 52);
    }

    TEST_CASE("load_report_data: KPIs across completed replications only, and comparisons") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        write_fixture_db(path, with_failures());
        const ReportData d = load_report_data(path);
        const KpiStat* fill = d.kpi("baseline", "fill_rate", "", "hyperscaler-a");
        REQUIRE(fill);
        CHECK(fill->n == 3);
        CHECK(fill->mean > 0.5);
        CHECK(fill->mean <= 1.0);
        REQUIRE(fill->ci95_half_width);
        CHECK(d.kpi("baseline", "utilization_mean", "", "", "tsv-cheongju"));
        CHECK_FALSE(d.kpi("baseline", "no_such_kpi"));
        const Comparison* recovery = d.comparison("tsv-fire", "recovery_days", "GPU module");
        REQUIRE(recovery);
        CHECK(recovery->n == 3);
        CHECK(recovery->base_mean == 0.0);
        CHECK(recovery->variant_mean > 30.0);
        const Comparison* lead =
            d.comparison("tsv-fire", "lead_time_mean_days", "", "hyperscaler-b");
        REQUIRE(lead);
        CHECK(lead->diff_mean > 0.0);
        CHECK(lead->diff_ci_low <= lead->diff_mean);
    }

    TEST_CASE("load_report_data: bottleneck periods and shifts by node name") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        write_fixture_db(path);
        const ReportData d = load_report_data(path);
        int first_shifts = 0;
        for (const auto& s : d.bottleneck_shifts) {
            if (s.variant != "tsv-fire" || s.replication != 1) continue;
            if (!s.from) {
                ++first_shifts;
                CHECK(s.to == "cowos-taichung");
                CHECK(s.day == 0.0);
            }
        }
        CHECK(first_shifts == 1);
        bool tsv_sole_in_shock = false;
        for (const auto& s : d.bottleneck_spans)
            if (s.variant == "tsv-fire" && s.node == "tsv-cheongju" && !s.shifting &&
                s.start_day < 98.0)
                tsv_sole_in_shock = true;
        CHECK(tsv_sole_in_shock);
    }

    TEST_CASE("load_report_data: starvation per replication and time per stage from lot records") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        write_fixture_db(path);
        const ReportData d = load_report_data(path);
        const StarvationRow* cowos = nullptr;
        for (const auto& s : d.starvation)
            if (s.variant == "tsv-fire" && s.node == "cowos-taichung") cowos = &s;
        REQUIRE(cowos);
        CHECK(cowos->input == "HBM3E 12-Hi");
        CHECK(cowos->days == doctest::Approx(30.5).epsilon(0.05));  // 30 + uniform(0, 1)
        REQUIRE(d.stage_times.size() == 4);  // two stages with lot records, two variants
        CHECK(d.stage_times[0].variant == "baseline");
        CHECK(d.stage_times[0].stage == "HBM stacking");  // upstream first
        CHECK(d.stage_times[0].lots == 3 * 50);
        CHECK(d.stage_times[0].wait_days == doctest::Approx(1.0));
        CHECK(d.stage_times[0].process_days == doctest::Approx(3.0));
        CHECK(d.stage_times[3].wait_days > d.stage_times[1].wait_days);  // the fire adds waiting
    }

    TEST_CASE("load_report_data: a sweep orders its points by parameter and reads them") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        FixtureOptions o;
        o.sweep = true;
        o.replications = 2;
        write_fixture_db(path, o);
        const ReportData d = load_report_data(path);
        CHECK(d.experiment.kind == "sweep");
        REQUIRE(d.variants.size() == 4);
        CHECK(d.variants[0].name == "baseline");
        CHECK(d.variants[3].name == "tsv-loss-30");
        REQUIRE(d.variants[3].parameters.size() == 1);
        CHECK(d.variants[3].parameters[0].name == "tsv_capacity_loss");
        CHECK(d.variants[3].parameters[0].value == "0.3");
        REQUIRE(d.variants[3].parameters[0].number);
        CHECK(*d.variants[3].parameters[0].number == doctest::Approx(0.3));
    }

    TEST_CASE("load_report_data: summary detail, no shocks, one replication, many nodes") {
        TempDir tmp;
        const auto path = tmp.file("runs.db");
        FixtureOptions o;
        o.orders = false;
        o.shocks = false;
        o.replications = 1;
        o.extra_nodes = 30;
        write_fixture_db(path, o);
        const ReportData d = load_report_data(path);
        CHECK_FALSE(d.has_orders());
        CHECK(d.order_months.empty());
        CHECK(d.shocks.empty());
        CHECK(d.max_replications() == 1);
        CHECK(d.stages.size() == 6);
        std::size_t grouped = 0;
        for (const auto& s : d.stages) grouped += s.nodes.size();
        CHECK(grouped == 33);
        const KpiStat* k = d.kpi("baseline", "lead_time_mean_days", "", "hyperscaler-a");
        REQUIRE(k);
        CHECK(k->n == 1);
        CHECK_FALSE(k->ci95_half_width);
        // The buyers still come from the KPIs when no order rows exist.
        CHECK(d.buyers.size() == 3);
    }

    TEST_CASE("band_of: 10th and 90th percentiles (type 7) and the mean") {
        const Band b = band_of({1.0, 2.0, 3.0});
        CHECK(b.n == 3);
        CHECK(b.mean == doctest::Approx(2.0));
        CHECK(b.low == doctest::Approx(1.2));
        CHECK(b.high == doctest::Approx(2.8));
        const Band one = band_of({5.0});
        CHECK(one.low == 5.0);
        CHECK(one.high == 5.0);
        CHECK(band_of({}).n == 0);
    }
}  // TEST_SUITE
