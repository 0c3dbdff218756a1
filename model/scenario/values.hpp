#pragma once
// Reading the values of a scenario: numbers, dates, durations, quantities with units, plans
// (constant, dated points or a CSV series) and distributions, each checked and normalised
// (rates per day, durations in days, dates as days since the start) with positioned errors.
// Internal to the scenario loader.

#include <map>
#include <string>
#include <vector>

#include "model/scenario/calendar.hpp"
#include "model/scenario/csv.hpp"
#include "model/scenario/scenario.hpp"
#include "model/scenario/tree.hpp"
#include "model/scenario/units.hpp"

namespace memchain::model {

// What a value measures, so that its unit can be checked and normalised, and which values are
// allowed.
struct Measure {
    enum class Kind : std::uint8_t {
        Number,     // a plain number: shares, server counts, factors
        Fraction,   // a plain number (a CSV plan may say "fraction")
        Amount,     // units of a product: "5000" or "5000 dies"
        Rate,       // units of a product per time: "60000 wafers/month", normalised per day
        Money,      // "40000 USD" or a plain number
        MoneyRate,  // "190e9 USD/year", normalised per day
        LotRate     // lots per time for Poisson arrivals: "0.9/h" or "2 lots/day"
    };
    enum class Range : std::uint8_t {
        Any,
        NonNegative,
        // A single value > 0; a plan's points >= 0 and at least one > 0.
        Positive,
        // In (0, 1]; for a plan, every point.
        UnitInterval,
        // A whole number; a single value >= 1, a plan's points >= 0 and at least one >= 1.
        WholePositive
    };

    std::string name;  // for messages: "capacity", "yield"
    Kind kind = Kind::Number;
    Range range = Range::Any;
    std::string unit;     // Amount and Rate: the product's unit ("wafers")
    std::string product;  // Amount and Rate: the product's name, for messages

    static Measure number(std::string name, Range range = Range::Positive) {
        return Measure{std::move(name), Kind::Number, range, {}, {}};
    }
    static Measure of(std::string name, Kind kind, const Product& p,
                      Range range = Range::Positive) {
        return Measure{std::move(name), kind, range, p.unit, p.name};
    }
};

class ValueReader {
public:
    // Values are relative to `start`; CSV files read are appended to `data_files` (once each).
    ValueReader(Date start, std::vector<DataFile>& data_files)
        : start_(start), data_files_(data_files) {}

    [[nodiscard]] std::string text(const TreeNode& node) const;  // a scalar, e.g. a name
    [[nodiscard]] double number(const TreeNode& node) const;
    [[nodiscard]] std::int64_t integer(const TreeNode& node) const;
    [[nodiscard]] bool boolean(const TreeNode& node) const;
    [[nodiscard]] Date date(const TreeNode& node) const;
    [[nodiscard]] double day(const TreeNode& node) const { return double(date(node) - start_); }
    // A date as a point in the run (before the start: negative).
    [[nodiscard]] sim::Time time(const TreeNode& node) const {
        return sim::Time::from_days(day(node));
    }
    [[nodiscard]] double duration_days(const TreeNode& node) const;
    [[nodiscard]] sim::Duration duration(const TreeNode& node) const {
        return sim::Duration::from_days(duration_days(node));
    }
    // One value with its unit, normalised (a rate per day), its unit and range checked.
    [[nodiscard]] double quantity(const TreeNode& node, const Measure& measure) const;
    // The same for a value already split into number and unit (from a CSV row or a YAML value).
    [[nodiscard]] double quantity(const Quantity& q, const SourcePos& pos,
                                  const std::string& written, const Measure& measure) const;
    // A plan: a single value, {points: {date: value, ...}} or {csv: file, series: name}, with
    // optional `interpolate: step|linear` and `scale`.
    [[nodiscard]] Series plan(const TreeNode& node, const Measure& measure);
    // A distribution: a single value or a one-key map ({exponential: 2d}, ...). With
    // `durations` the values carry duration units and the result is in days.
    [[nodiscard]] sim::Distribution distribution(const TreeNode& node, bool durations);

    // A CSV file at `path` as written in a scenario at `at` (relative to that file's
    // directory); read once, recorded in the data files.
    const CsvTable& csv(const std::string& path, const SourcePos& at);

    [[nodiscard]] Date start() const { return start_; }

private:
    struct Conversion;
    void check_unit(const std::string& noun, bool is_rate, const SourcePos& pos,
                    const std::string& written, const Measure& measure) const;
    void check_range(double value, const SourcePos& pos, const Measure& measure,
                     bool in_plan) const;
    [[nodiscard]] Conversion plan_scale(const TreeNode& scale) const;
    [[nodiscard]] std::vector<std::pair<double, double>> plan_points(
        const TreeNode& points, const Measure& measure, const Conversion& conversion) const;
    Series csv_plan(const TreeNode& map, const Measure& measure, const Conversion& conversion);
    sim::Distribution empirical_distribution(const TreeNode& map, bool durations);
    std::vector<double> empirical_column(const TreeNode& map, bool durations);

    Date start_;
    std::vector<DataFile>& data_files_;
    std::map<std::string, CsvTable> tables_;
};

// The directory that relative paths written at `pos` resolve against: the directory of the
// file it was written in, or the working directory for `--set` values.
[[nodiscard]] std::string base_directory(const SourcePos& pos);

}  // namespace memchain::model
