#include "model/scenario/values.hpp"
#include "model/scenario/yaml.hpp"

#include <doctest/doctest.h>

#include "model/scenario/input_error.hpp"
#include "scenario_files.hpp"

using namespace memchain::model;
using memchain::sim::Distribution;
using memchain::testing::ScenarioFiles;

namespace {

constexpr double month = 365.25 / 12.0;

// Reads values written as YAML in a file `s.yaml` inside a fresh directory.
struct Values {
    ScenarioFiles files;
    std::vector<DataFile> data;
    ValueReader reader{Date::from_ymd(2026, 1, 1), data};
    Product wafer{"dram_wafer", "wafers", {}, "", {}, {}};
    Product stack{"hbm", "stacks", {}, "", {}, {}};

    TreeNode yaml(const std::string& text) { return parse_yaml(text, files.path("s.yaml")); }

    Distribution duration(const std::string& text) { return reader.distribution(yaml(text), true); }
    Distribution number(const std::string& text) { return reader.distribution(yaml(text), false); }
    Series plan(const std::string& text, const Measure& m) { return reader.plan(yaml(text), m); }
    Series rate_plan(const std::string& text) {
        return plan(text, Measure::of("capacity", Measure::Kind::Rate, wafer));
    }

    template <typename F>
    std::string error(F&& f) {
        try {
            f();
        } catch (const InputError& e) {
            return files.strip(e.what());
        }
        return "";
    }
    std::string duration_error(const std::string& text) {
        return error([&] { (void)duration(text); });
    }
    std::string rate_plan_error(const std::string& text) {
        return error([&] { (void)rate_plan(text); });
    }
};

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("ValueReader: every distribution form, durations in days") {
        Values v;
        Distribution d = v.duration("2h");
        CHECK(d.is_deterministic());
        CHECK(d.mean() == doctest::Approx(1.0 / 12.0));

        d = v.duration("{exponential: 2d}");
        CHECK(d.kind() == Distribution::Kind::Exponential);
        CHECK(d.mean() == 2.0);

        d = v.duration("{uniform: [1d, 3d]}");
        CHECK(d.kind() == Distribution::Kind::Uniform);
        CHECK(d.mean() == 2.0);

        d = v.duration("{normal: {mean: 5d, sd: 1d}}");
        CHECK(d.kind() == Distribution::Kind::Normal);
        CHECK(d.mean() == 5.0);
        CHECK(d.variance() == 1.0);

        d = v.duration("{lognormal: {mean: 1w, sd: 2d}}");
        CHECK(d.kind() == Distribution::Kind::Lognormal);
        CHECK(d.mean() == 7.0);

        d = v.duration("{triangular: [1d, 2d, 4d]}");
        CHECK(d.kind() == Distribution::Kind::Triangular);
        CHECK(d.mean() == doctest::Approx(7.0 / 3.0));

        d = v.duration("{gamma: {shape: 2, scale: 1w}}");
        CHECK(d.kind() == Distribution::Kind::Gamma);
        CHECK(d.mean() == 14.0);

        d = v.duration("{empirical: {values: [1d, 1w], weights: [3, 1]}}");
        CHECK(d.kind() == Distribution::Kind::Empirical);
        CHECK(d.mean() == doctest::Approx(2.5));

        d = v.number("{binomial: {n: 10, p: 0.5}}");
        CHECK(d.kind() == Distribution::Kind::Binomial);
        CHECK(d.mean() == 5.0);

        d = v.number("25");
        CHECK(d.mean() == 25.0);
    }

    TEST_CASE("ValueReader: empirical distributions from a CSV column") {
        Values v;
        v.files.write("times.csv", "stage,days,with_unit\nfab,60,2w\nfab,76,4w\n");
        Distribution d = v.duration("{empirical: {csv: times.csv, column: days, unit: d}}");
        CHECK(d.mean() == 68.0);
        d = v.duration("{empirical: {csv: times.csv, column: with_unit}}");
        CHECK(d.mean() == 21.0);
        CHECK(v.data.size() == 1);  // read once
        CHECK(v.error([&] {
            (void)v.duration("{empirical: {csv: times.csv, column: dyas, unit: d}}");
        }) == "s.yaml:1:38: error: no column 'dyas' in times.csv (did you mean 'days'?)");
        CHECK(v.error([&] { (void)v.duration("{empirical: {csv: times.csv, column: days}}"); }) ==
              "times.csv:2:5: error: expected a duration like 6w or 90d, found '60' (or give the "
              "column's unit, e.g. unit: d)");
    }

    TEST_CASE("ValueReader: distribution parameters are checked where they are written") {
        Values v;
        CHECK(v.duration_error("{exponential: 0d}") ==
              "s.yaml:1:15: error: the mean must be positive, found '0d'");
        CHECK(v.duration_error("{uniform: [3d, 1d]}") ==
              "s.yaml:1:16: error: high must not be below low, found '1d'");
        CHECK(v.duration_error("{triangular: [2d, 1d, 4d]}") ==
              "s.yaml:1:19: error: mode must not be below low, found '1d'");
        CHECK(v.duration_error("{triangular: [1d, 2d]}") ==
              "s.yaml:1:14: error: expected [low, mode, high], found a list");
        CHECK(v.duration_error("{normal: {mean: 5d, sd: -1d}}") ==
              "s.yaml:1:25: error: sd must not be negative, found '-1d'");
        CHECK(v.duration_error("{normal: {mean: 5d}}") ==
              "s.yaml:1:10: error: missing required key 'sd'");
        CHECK(v.duration_error("{normal: {mean: 5d, sd: 1d, skew: 2}}") ==
              "s.yaml:1:29: error: unknown key 'skew'");
        CHECK(v.duration_error("{gamma: {shape: 0, scale: 1d}}") ==
              "s.yaml:1:17: error: shape must be positive, found '0'");
        CHECK(v.duration_error("{binomial: {n: 10, p: 0.5}}") ==
              "s.yaml:1:2: error: a binomial counts things and cannot be a duration (expected "
              "exponential, uniform, normal, lognormal, triangular, gamma or empirical)");
        CHECK(v.error([&] { (void)v.number("{binomial: {n: 10, p: 1.5}}"); }) ==
              "s.yaml:1:23: error: p must be in [0, 1], found '1.5'");
        CHECK(v.duration_error("{exponentail: 2d}") ==
              "s.yaml:1:2: error: unknown distribution 'exponentail' (did you mean 'exponential'?) "
              "(expected one of exponential, uniform, normal, lognormal, triangular, gamma, "
              "binomial, empirical)");
        CHECK(
            v.duration_error("{exponential: 2d, uniform: [1d, 2d]}") ==
            "s.yaml:1:1: error: expected a value or a distribution like {exponential: 2d}, found a "
            "map with 2 keys");
        CHECK(v.duration_error("{exponential: 2}") ==
              "s.yaml:1:15: error: expected a duration like 6w or 90d, found '2'");
        CHECK(v.duration_error("{empirical: {values: [1d, 2d], weights: [1]}}") ==
              "s.yaml:1:41: error: expected 2 weights, one per value, found 1");
    }

    TEST_CASE(
        "ValueReader: constant and dated plans, normalised per day and relative to the start") {
        Values v;
        Series s = v.rate_plan("150000 wafers/month");
        CHECK(s.points.size() == 1);
        CHECK(s.at(0) == doctest::Approx(150000 / month));

        s = v.rate_plan(
            "{points: {2026-01-01: 150000 wafers/month, 2027-01-01: 180000 wafer/month}}");
        REQUIRE(s.points.size() == 2);
        CHECK(s.interpolation == Series::Interpolation::Step);
        CHECK(s.points[1].first == 365.0);
        CHECK(s.at(200) == doctest::Approx(150000 / month));
        CHECK(s.at(400) == doctest::Approx(180000 / month));

        s = v.rate_plan(
            "{points: {2027-01-01: 200 wafers/day, 2026-01-01: 100 wafers/day}, "
            "interpolate: linear, scale: 0.5}");
        CHECK(s.interpolation == Series::Interpolation::Linear);
        CHECK(s.points.front().first == 0.0);  // sorted by date
        CHECK(s.at(182.5) == doctest::Approx(75.0));

        s = v.plan("{points: {2025-07-01: 0.5, 2026-07-01: 0.9}}",
                   Measure{"yield", Measure::Kind::Fraction, Measure::Range::UnitInterval, {}, {}});
        CHECK(s.points.front().first == -184.0);
    }

    TEST_CASE("ValueReader: CSV plans with scale and unit conversion") {
        Values v;
        v.files.write("data/cap.csv",
                      "series,date,value,unit,source,note\n"
                      "fab,2026-01-01,100000,wafers/month,press,\"estimate, midpoint\"\n"
                      "tsv,2026-01-01,10,wafers/day,x,\n"
                      "fab,2027-01-01,120000,wafers/month,press,\n");
        Series s = v.rate_plan("{csv: data/cap.csv, series: fab, scale: 0.2, interpolate: linear}");
        REQUIRE(s.points.size() == 2);
        CHECK(s.interpolation == Series::Interpolation::Linear);
        CHECK(s.at(0) == doctest::Approx(20000 / month));
        CHECK(s.at(365) == doctest::Approx(24000 / month));

        s = v.plan("{csv: data/cap.csv, series: tsv, scale: 44 stacks/wafer}",
                   Measure::of("capacity", Measure::Kind::Rate, v.stack));
        CHECK(s.at(0) == doctest::Approx(440.0));
        CHECK(v.data.size() == 1);
        CHECK(v.data[0].path.size() > 0);

        CHECK(v.error([&] {
            (void)v.plan("{csv: data/cap.csv, series: tsv}",
                         Measure::of("capacity", Measure::Kind::Rate, v.stack));
        }) == "data/cap.csv:3:19: error: bad unit 'wafers' for product hbm (its unit is stacks)");
        CHECK(v.rate_plan_error("{csv: data/cap.csv, series: fba}") ==
              "s.yaml:1:29: error: series 'fba' not found in data/cap.csv (did you mean 'fab'?)");
        CHECK(v.rate_plan_error("{csv: data/nothing.csv, series: fab}") ==
              "s.yaml:1:7: error: cannot read csv file 'data/nothing.csv' (no such file or "
              "directory)");
        CHECK(v.rate_plan_error("{csv: data/cap.csv}") ==
              "s.yaml:1:1: error: missing required key 'series'");
        CHECK(v.rate_plan_error("{csv: data/cap.csv, series: fab, scale: 0}") ==
              "s.yaml:1:41: error: scale must be positive, found 0");
        CHECK(v.rate_plan_error("{csv: data/cap.csv, series: fab, scale: 2 stacks/die}") ==
              "data/cap.csv:2:23: error: bad unit 'wafers' for scale 2 stacks/die (expected die)");
    }

    TEST_CASE("ValueReader: bad CSV plan rows name csv_file:line:column") {
        Values v;
        const std::string header = "series,date,value,unit,source,note\n";
        v.files.write("bad.csv", header +
                                     "number,2026-01-01,lots,wafers/month,,\n"
                                     "date,2026-02-30,1,wafers/month,,\n"
                                     "order,2026-02-01,1,wafers/month,,\n"
                                     "order,2026-01-01,1,wafers/month,,\n"
                                     "mixed,2026-01-01,1,wafers/month,,\n"
                                     "mixed,2026-02-01,1,wafers/day,,\n"
                                     "negative,2026-01-01,-5,wafers/month,,\n");
        v.files.write("columns.csv", "series,date,value\nfab,2026-01-01,1\n");
        CHECK(v.rate_plan_error("{csv: bad.csv, series: number}") ==
              "bad.csv:2:19: error: bad number 'lots'");
        CHECK(v.rate_plan_error("{csv: bad.csv, series: date}") ==
              "bad.csv:3:6: error: bad date '2026-02-30' (expected a real date as YYYY-MM-DD)");
        CHECK(v.rate_plan_error("{csv: bad.csv, series: order}") ==
              "bad.csv:5:7: error: dates of series order must increase, found 2026-01-01 after "
              "2026-02-01");
        CHECK(v.rate_plan_error("{csv: bad.csv, series: mixed}") ==
              "bad.csv:7:20: error: mixed units in series mixed: 'wafers/day' here, 'wafers/month' "
              "on line 6");
        CHECK(v.rate_plan_error("{csv: bad.csv, series: negative}") ==
              "bad.csv:8:21: error: capacity must not be negative, found -5");
        CHECK(v.rate_plan_error("{csv: columns.csv, series: fab}") ==
              "columns.csv:1:1: error: expected the columns series,date,value,unit,source,note "
              "(or series,date,value,unit,grade,source,note), found series,date,value");
    }

    TEST_CASE("ValueReader: a plan file may grade its sources, with one of the four grades") {
        // the same plan with and without the grade column; a bad grade is positioned at its cell
        Values v;
        v.files.write("graded.csv",
                      "series,date,value,unit,grade,source,note\n"
                      "fab,2026-01-01,100000,wafers/month,analyst,https://example.org,estimate\n"
                      "fab,2027-01-01,120000,wafers/month,assumption,assumption,held\n"
                      "odd,2026-01-01,1,wafers/month,rumour,https://example.org,x\n");
        const Series s = v.rate_plan("{csv: graded.csv, series: fab}");
        REQUIRE(s.points.size() == 2);
        CHECK(s.at(400) == doctest::Approx(120000 / month));
        CHECK(v.rate_plan_error("{csv: graded.csv, series: odd}") ==
              "graded.csv:4:31: error: bad grade 'rumour' (expected filing, analyst, relay or "
              "assumption)");
        v.files.write("misplaced.csv", "series,date,value,unit,source,note,grade\n");
        CHECK(v.rate_plan_error("{csv: misplaced.csv, series: fab}") ==
              "misplaced.csv:1:1: error: expected the columns series,date,value,unit,source,note "
              "(or series,date,value,unit,grade,source,note), found "
              "series,date,value,unit,source,note,grade");
    }

    TEST_CASE("ValueReader: plan values need the right unit and range") {
        Values v;
        CHECK(v.rate_plan_error("150000") ==
              "s.yaml:1:1: error: expected a rate like 100 wafers/month, found '150000'");
        CHECK(v.rate_plan_error("150000 stacks/month") ==
              "s.yaml:1:1: error: bad unit 'stacks' for product dram_wafer (its unit is wafers)");
        CHECK(v.rate_plan_error("0 wafers/month") ==
              "s.yaml:1:1: error: capacity must be positive, found 0");
        CHECK(v.rate_plan_error("{points: {2026-01-01: 0 wafers/day}}") ==
              "s.yaml:1:1: error: capacity is zero at every point of the plan (expected a positive "
              "value)");
        CHECK(v.rate_plan_error("{points: {2026-02-30: 1 wafers/day}}") ==
              "s.yaml:1:11: error: bad date '2026-02-30' (expected a real date as YYYY-MM-DD)");
        CHECK(v.rate_plan_error("{points: {2026-01-01: 1 wafers/day}, interpolate: cubic}") ==
              "s.yaml:1:51: error: unknown interpolation 'cubic' (expected step or linear)");
        CHECK(v.rate_plan_error("{points: {2026-01-01: 1 wafers/day}, interpolation: linear}") ==
              "s.yaml:1:38: error: unknown key 'interpolation' (did you mean 'interpolate'?)");
        CHECK(v.rate_plan_error("{points: {2026-01-01: 1 wafers/day}, csv: x.csv}") ==
              "s.yaml:1:38: error: a plan takes points or csv, not both");
        CHECK(
            v.rate_plan_error("[1, 2]") ==
            "s.yaml:1:1: error: expected a rate like 100 wafers/month or a plan ({points: ...} or "
            "{csv: ..., series: ...}), found a list");
        CHECK(v.error([&] {
            (void)v.reader.quantity(v.yaml("5 wafers/month"),
                                    Measure::of("capacity", Measure::Kind::Amount, v.wafer));
        }) == "s.yaml:1:1: error: expected an amount like 100 wafers, not a rate, found '5 "
              "wafers/month'");
        CHECK(v.error([&] {
            (void)v.plan(
                "1.2",
                Measure{"yield", Measure::Kind::Fraction, Measure::Range::UnitInterval, {}, {}});
        }) == "s.yaml:1:1: error: yield must be in (0, 1], found 1.2");
        CHECK(v.error([&] {
            (void)v.plan("2.5", Measure::number("servers", Measure::Range::WholePositive));
        }) == "s.yaml:1:1: error: servers must be a whole number of at least 1, found 2.5");
        CHECK(v.error([&] {
            (void)v.reader.quantity(
                v.yaml("40000 EUR"),
                Measure{"unit_price", Measure::Kind::Money, Measure::Range::Positive, {}, {}});
        }) == "s.yaml:1:1: error: bad unit 'EUR' for money (expected USD)");
    }

    TEST_CASE("ValueReader: dates, durations, numbers and booleans") {
        Values v;
        CHECK(v.reader.day(v.yaml("2026-03-01")) == 59.0);
        CHECK(v.reader.duration_days(v.yaml("2w")) == 14.0);
        CHECK(v.reader.boolean(v.yaml("true")));
        CHECK(v.error([&] { (void)v.reader.date(v.yaml("2026-02-30")); }) ==
              "s.yaml:1:1: error: bad date '2026-02-30' (expected a real date as YYYY-MM-DD)");
        CHECK(v.error([&] { (void)v.reader.number(v.yaml("\"12\"")); }) ==
              "s.yaml:1:1: error: expected a number, found '12'");
        CHECK(v.error([&] { (void)v.reader.boolean(v.yaml("yes")); }) ==
              "s.yaml:1:1: error: expected true or false, found 'yes'");
        CHECK(v.error([&] { (void)v.reader.integer(v.yaml("1.5")); }) ==
              "s.yaml:1:1: error: expected a whole number, found '1.5'");
    }
}  // TEST_SUITE
