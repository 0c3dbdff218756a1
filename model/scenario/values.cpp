#include "model/scenario/values.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "model/scenario/input_error.hpp"
#include "model/scenario/suggest.hpp"

namespace memchain::model {

namespace {

// A plan file has these columns, with or without `grade` (data/README.md: the kind of page the
// source is) between `unit` and `source`.
const std::vector<std::string> plan_columns = {"series", "date", "value", "unit", "source", "note"};
const std::vector<std::string> graded_plan_columns = {"series", "date",   "value", "unit",
                                                      "grade",  "source", "note"};
const std::vector<std::string> source_grades = {"filing", "analyst", "relay", "assumption"};

const TreeNode& scalar(const TreeNode& node, const std::string& expected) {
    if (!node.is_scalar()) fail(node.pos, "expected " + expected + ", found " + describe(node));
    return node;
}

void check_keys(const TreeNode& map, const std::vector<std::string>& allowed) {
    for (const auto& e : map.entries)
        if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end())
            fail(e.key_pos, "unknown key '" + e.key + "'" + did_you_mean(e.key, allowed));
}

const TreeNode& required(const TreeNode& map, const std::string& key) {
    const TreeNode* value = map.find(key);
    if (value == nullptr) fail(map.pos, "missing required key '" + key + "'");
    return *value;
}

std::string kind_example(const Measure& m) {
    switch (m.kind) {
    case Measure::Kind::Rate: return "a rate like 100 " + m.unit + "/month";
    case Measure::Kind::MoneyRate: return "a rate like 1e9 USD/year";
    case Measure::Kind::LotRate: return "a rate like 2/day";
    case Measure::Kind::Amount: return "an amount like 100 " + m.unit;
    case Measure::Kind::Money: return "an amount like 40000 USD";
    case Measure::Kind::Number:
    case Measure::Kind::Fraction: return "a number";
    }
    return "a value";
}

}  // namespace

// A `scale` that also converts the unit: `scale: 44 stacks/wafer` turns wafers into stacks.
struct ValueReader::Conversion {
    double factor = 1.0;
    std::string from;  // the unit values must be in ("wafer"); empty: no conversion
    std::string to;    // the unit they become ("stacks")
    std::string written;
};

std::string base_directory(const SourcePos& pos) {
    if (pos.file.rfind("--set", 0) == 0) return ".";
    const auto parent = std::filesystem::path(pos.file).parent_path();
    return parent.empty() ? "." : parent.string();
}

std::string ValueReader::text(const TreeNode& node) const {
    return scalar(node, "a name").text;
}

double ValueReader::number(const TreeNode& node) const {
    const auto value = parse_number(scalar(node, "a number").text);
    if (!value || node.quoted) fail(node.pos, "expected a number, found " + describe(node));
    return *value;
}

std::int64_t ValueReader::integer(const TreeNode& node) const {
    const double value = number(node);
    if (value != std::floor(value) || std::abs(value) > 9.0e15)
        fail(node.pos, "expected a whole number, found " + describe(node));
    return static_cast<std::int64_t>(value);
}

bool ValueReader::boolean(const TreeNode& node) const {
    const std::string& t = scalar(node, "true or false").text;
    if (t == "true") return true;
    if (t == "false") return false;
    fail(node.pos, "expected true or false, found " + describe(node));
}

Date ValueReader::date(const TreeNode& node) const {
    const auto d = Date::parse(scalar(node, "a date like 2026-01-01").text);
    if (!d) fail(node.pos, "bad date " + describe(node) + " (expected a real date as YYYY-MM-DD)");
    return *d;
}

double ValueReader::duration_days(const TreeNode& node) const {
    try {
        return parse_duration_days(scalar(node, "a duration like 6w or 90d").text);
    } catch (const UnitError& e) {
        fail(node.pos, e.what());
    }
}

void ValueReader::check_unit(const std::string& noun, bool is_rate, const SourcePos& pos,
                             const std::string& written, const Measure& m) const {
    using K = Measure::Kind;
    const bool wants_rate = m.kind == K::Rate || m.kind == K::MoneyRate || m.kind == K::LotRate;
    if (wants_rate && !is_rate)
        fail(pos, "expected " + kind_example(m) + ", found '" + written + "'");
    if (!wants_rate && is_rate)
        fail(pos, "expected " + kind_example(m) + ", not a rate, found '" + written + "'");
    if (noun.empty()) return;
    switch (m.kind) {
    case K::Amount:
    case K::Rate:
        if (same_unit_word(noun, m.unit) || same_unit_word(noun, "units")) return;
        fail(pos,
             "bad unit '" + noun + "' for product " + m.product + " (its unit is " + m.unit + ")");
    case K::Money:
    case K::MoneyRate:
        if (noun == "USD") return;
        fail(pos, "bad unit '" + noun + "' for money (expected USD)");
    case K::LotRate:
        if (same_unit_word(noun, "lots")) return;
        fail(pos, "bad unit '" + noun + "' for arrivals (expected lots or no unit)");
    case K::Fraction:
        if (noun == "fraction") return;
        fail(pos, "bad unit '" + noun + "' for " + m.name + " (expected a plain number)");
    case K::Number:
        fail(pos, "bad unit '" + noun + "' for " + m.name + " (expected a plain number)");
    }
}

void ValueReader::check_range(double value, const SourcePos& pos, const Measure& m,
                              bool in_plan) const {
    using R = Measure::Range;
    const std::string found = ", found " + format_number(value);
    switch (m.range) {
    case R::Any: return;
    case R::NonNegative:
        if (value < 0) fail(pos, m.name + " must not be negative" + found);
        return;
    case R::Positive:
        if (in_plan ? value < 0 : value <= 0)
            fail(pos, m.name + (in_plan ? " must not be negative" : " must be positive") + found);
        return;
    case R::UnitInterval:
        if (value <= 0 || value > 1) fail(pos, m.name + " must be in (0, 1]" + found);
        return;
    case R::WholePositive:
        if (value != std::floor(value) || (in_plan ? value < 0 : value < 1))
            fail(pos,
                 m.name + " must be a whole number" + (in_plan ? "" : " of at least 1") + found);
        return;
    }
}

double ValueReader::quantity(const Quantity& q, const SourcePos& pos, const std::string& written,
                             const Measure& m) const {
    check_unit(q.noun, q.is_rate(), pos, written, m);
    check_range(q.value, pos, m, false);
    return q.normalised();
}

double ValueReader::quantity(const TreeNode& node, const Measure& m) const {
    const TreeNode& s = scalar(node, kind_example(m));
    Quantity q;
    try {
        q = parse_quantity(s.text);
    } catch (const UnitError& e) {
        fail(s.pos, e.what());
    }
    if (s.quoted) fail(s.pos, "expected " + kind_example(m) + ", found " + describe(s));
    return quantity(q, s.pos, s.text, m);
}

Series ValueReader::plan(const TreeNode& node, const Measure& m) {
    if (node.is_scalar()) return Series::constant(quantity(node, m));
    if (!node.is_map())
        fail(node.pos, "expected " + kind_example(m) +
                           " or a plan ({points: ...} or {csv: ..., "
                           "series: ...}), found " +
                           describe(node));
    check_keys(node, {"points", "csv", "series", "interpolate", "scale"});
    const TreeNode* points = node.find("points");
    const TreeNode* csv_path = node.find("csv");
    if (points != nullptr && csv_path != nullptr)
        fail(node.entry("csv")->key_pos, "a plan takes points or csv, not both");
    if (points == nullptr && csv_path == nullptr)
        fail(node.pos, "expected a plan with points or csv, found neither");
    if (points != nullptr && node.entry("series") != nullptr)
        fail(node.entry("series")->key_pos, "key 'series' applies to csv plans only");

    Series series;
    if (const TreeNode* interpolate = node.find("interpolate")) {
        const std::string how = text(*interpolate);
        if (how == "linear")
            series.interpolation = Series::Interpolation::Linear;
        else if (how != "step")
            fail(interpolate->pos, "unknown interpolation " + describe(*interpolate) +
                                       did_you_mean(how, {"step", "linear"}) +
                                       " (expected step or linear)");
    }
    const Conversion conversion =
        node.find("scale") != nullptr ? plan_scale(*node.find("scale")) : Conversion{};
    if (csv_path != nullptr)
        series.points = csv_plan(node, m, conversion).points;
    else
        series.points = plan_points(*points, m, conversion);
    const bool some_positive = std::any_of(series.points.begin(), series.points.end(),
                                           [](const auto& p) { return p.second > 0; });
    if ((m.range == Measure::Range::Positive || m.range == Measure::Range::WholePositive) &&
        !some_positive)
        fail(node.pos, m.name + " is zero at every point of the plan (expected a positive value)");
    return series;
}

// A plan's `scale`: a factor like 0.5, or a unit conversion like 44 stacks/wafer.
ValueReader::Conversion ValueReader::plan_scale(const TreeNode& scale) const {
    Conversion conversion;
    const std::string& t = scalar(scale, "a scale factor like 0.5 or 44 stacks/wafer").text;
    conversion.written = t;
    const std::size_t slash = t.find('/');
    try {
        const Quantity q = parse_quantity(t.substr(0, slash));
        conversion.factor = q.value;
        if (slash != std::string::npos) {
            conversion.to = q.noun;
            const Unit from = parse_unit(t.substr(slash + 1));
            conversion.from = from.noun;
            if (q.noun.empty() || from.noun.empty() || from.per_days)
                throw UnitError("expected a scale like 0.5 or 44 stacks/wafer, found '" + t + "'");
        } else if (!q.noun.empty()) {
            throw UnitError("expected a scale like 0.5 or 44 stacks/wafer, found '" + t + "'");
        }
    } catch (const UnitError& e) {
        fail(scale.pos, e.what());
    }
    if (conversion.factor <= 0)
        fail(scale.pos, "scale must be positive, found " + format_number(conversion.factor));
    return conversion;
}

// A plan's `points`: dates to values, scaled and checked, sorted by day.
std::vector<std::pair<double, double>> ValueReader::plan_points(
    const TreeNode& points, const Measure& m, const Conversion& conversion) const {
    std::vector<std::pair<double, double>> result;
    if (!points.is_map() || points.entries.empty())
        fail(points.pos, "expected points as a map of dates to values, found " + describe(points));
    for (const auto& e : points.entries) {
        const auto d = Date::parse(e.key);
        if (!d) fail(e.key_pos, "bad date '" + e.key + "' (expected a real date as YYYY-MM-DD)");
        const TreeNode& v = scalar(e.value, kind_example(m));
        Quantity q;
        try {
            q = parse_quantity(v.text);
        } catch (const UnitError& err) {
            fail(v.pos, err.what());
        }
        if (!conversion.from.empty()) {
            if (!same_unit_word(q.noun, conversion.from))
                fail(v.pos, "bad unit '" + q.noun + "' for scale " + conversion.written +
                                " (expected " + conversion.from + ")");
            q.noun = conversion.to;
        }
        check_unit(q.noun, q.is_rate(), v.pos, v.text, m);
        q.value *= conversion.factor;
        check_range(q.value, v.pos, m, true);
        result.emplace_back(double(*d - start_), q.normalised());
    }
    std::stable_sort(result.begin(), result.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    return result;
}

const CsvTable& ValueReader::csv(const std::string& path, const SourcePos& at) {
    const std::filesystem::path written(path);
    const std::string resolved =
        written.is_absolute()
            ? written.lexically_normal().string()
            : (std::filesystem::path(base_directory(at)) / written).lexically_normal().string();
    const auto it = tables_.find(resolved);
    if (it != tables_.end()) return it->second;
    std::string why;
    auto content = read_file(resolved, why);
    if (!content) fail(at, "cannot read csv file '" + resolved + "' (" + why + ")");
    CsvTable table = parse_csv(std::move(*content), resolved);
    data_files_.push_back(DataFile{resolved, table.content});
    return tables_.emplace(resolved, std::move(table)).first->second;
}

Series ValueReader::csv_plan(const TreeNode& map, const Measure& m, const Conversion& conversion) {
    const TreeNode& path_node = required(map, "csv");
    const TreeNode& series_node = required(map, "series");
    const std::string name = text(series_node);
    const CsvTable& table = csv(text(path_node), path_node.pos);

    std::vector<std::string> header;
    for (const auto& f : table.header) header.push_back(f.text);
    const bool graded = header == graded_plan_columns;
    if (header != plan_columns && !graded) {
        std::string found;
        for (const auto& h : header) found += (found.empty() ? "" : ",") + h;
        throw InputError(table.path, 1, 1,
                         "expected the columns series,date,value,unit,source,note (or "
                         "series,date,value,unit,grade,source,note), found " +
                             found);
    }

    Series series;
    std::vector<std::string> names;
    const CsvField* first_unit = nullptr;
    double last_day = 0.0;
    const CsvField* last_date = nullptr;
    for (const auto& row : table.rows) {
        if (row[0].text != name) {
            if (std::find(names.begin(), names.end(), row[0].text) == names.end())
                names.push_back(row[0].text);
            continue;
        }
        const auto pos = [&](const CsvField& f) { return SourcePos{table.path, f.line, f.column}; };
        const CsvField& date_field = row[1];
        const CsvField& value_field = row[2];
        const CsvField& unit_field = row[3];
        if (graded && std::find(source_grades.begin(), source_grades.end(), row[4].text) ==
                          source_grades.end())
            fail(pos(row[4]),
                 "bad grade '" + row[4].text + "' (expected filing, analyst, relay or assumption)");
        const auto d = Date::parse(date_field.text);
        if (!d)
            fail(pos(date_field),
                 "bad date '" + date_field.text + "' (expected a real date as YYYY-MM-DD)");
        const double day = double(*d - start_);
        if (last_date != nullptr && day <= last_day)
            fail(pos(date_field), "dates of series " + name + " must increase, found " +
                                      date_field.text + " after " + last_date->text);
        last_day = day;
        last_date = &date_field;
        const auto value = parse_number(value_field.text);
        if (!value) fail(pos(value_field), "bad number '" + value_field.text + "'");
        if (first_unit != nullptr && unit_field.text != first_unit->text)
            fail(pos(unit_field), "mixed units in series " + name + ": '" + unit_field.text +
                                      "' here, '" + first_unit->text + "' on line " +
                                      std::to_string(first_unit->line));
        first_unit = &unit_field;
        Unit unit;
        try {
            unit = parse_unit(unit_field.text);
        } catch (const UnitError& e) {
            fail(pos(unit_field), e.what());
        }
        if (!conversion.from.empty()) {
            if (!same_unit_word(unit.noun, conversion.from))
                fail(pos(unit_field), "bad unit '" + unit.noun + "' for scale " +
                                          conversion.written + " (expected " + conversion.from +
                                          ")");
            unit.noun = conversion.to;
        }
        check_unit(unit.noun, unit.per_days.has_value(), pos(unit_field), unit_field.text, m);
        const Quantity q{*value * conversion.factor, unit.noun, unit.per_days};
        check_range(q.value, pos(value_field), m, true);
        series.points.emplace_back(day, q.normalised());
    }
    if (series.points.empty())
        fail(series_node.pos,
             "series '" + name + "' not found in " + table.path + did_you_mean(name, names));
    return series;
}

std::vector<double> ValueReader::empirical_column(const TreeNode& map, bool durations) {
    check_keys(map, durations ? std::vector<std::string>{"csv", "column", "unit"}
                              : std::vector<std::string>{"csv", "column"});
    const TreeNode& path_node = required(map, "csv");
    const TreeNode& column_node = required(map, "column");
    const CsvTable& table = csv(text(path_node), path_node.pos);
    const std::string column = text(column_node);
    const int index = table.column(column);
    if (index < 0) {
        std::vector<std::string> header;
        for (const auto& f : table.header) header.push_back(f.text);
        fail(column_node.pos,
             "no column '" + column + "' in " + table.path + did_you_mean(column, header));
    }
    double unit_days = 0.0;
    if (const TreeNode* unit = map.find("unit")) {
        const auto days = duration_unit_days(text(*unit));
        if (!days)
            fail(unit->pos, "unknown duration unit " + describe(*unit) +
                                " (expected s, min, h, d, w, mo, q or y)");
        unit_days = *days;
    }
    std::vector<double> values;
    for (const auto& row : table.rows) {
        const CsvField& f = row[static_cast<std::size_t>(index)];
        const SourcePos pos{table.path, f.line, f.column};
        if (durations && unit_days == 0.0) {
            try {
                values.push_back(parse_duration_days(f.text));
            } catch (const UnitError& e) {
                fail(pos, std::string(e.what()) + " (or give the column's unit, e.g. unit: d)");
            }
            continue;
        }
        const auto v = parse_number(f.text);
        if (!v) fail(pos, "bad number '" + f.text + "'");
        values.push_back(durations ? *v * unit_days : *v);
    }
    if (values.empty()) fail(column_node.pos, "column '" + column + "' has no values");
    return values;
}

namespace {

// The values of one distribution's parameters: durations in days or plain numbers, checked.
struct DistributionValues {
    const ValueReader& reader;
    bool durations;

    [[nodiscard]] double value(const TreeNode& v) const {
        return durations ? reader.duration_days(v) : reader.number(v);
    }
    [[nodiscard]] double non_negative(const TreeNode& v, const std::string& what) const {
        const double x = value(v);
        if (x < 0) fail(v.pos, what + " must not be negative, found " + describe(v));
        return x;
    }
    [[nodiscard]] double positive(const TreeNode& v, const std::string& what) const {
        const double x = value(v);
        if (x <= 0) fail(v.pos, what + " must be positive, found " + describe(v));
        return x;
    }
};

const std::vector<TreeNode>& parameter_list(const TreeNode& v, std::size_t n,
                                            const std::string& form) {
    if (!v.is_sequence() || v.items.size() != n)
        fail(v.pos, "expected " + form + ", found " + describe(v));
    return v.items;
}

sim::Distribution uniform_distribution(const DistributionValues& d, const TreeNode& p) {
    const auto& items = parameter_list(p, 2, "[low, high]");
    const double low = d.non_negative(items[0], "low");
    const double high = d.value(items[1]);
    if (high < low) fail(items[1].pos, "high must not be below low, found " + describe(items[1]));
    return sim::Distribution::uniform(low, high);
}

sim::Distribution triangular_distribution(const DistributionValues& d, const TreeNode& p) {
    const auto& items = parameter_list(p, 3, "[low, mode, high]");
    const double low = d.non_negative(items[0], "low");
    const double mode = d.value(items[1]);
    const double high = d.value(items[2]);
    if (mode < low) fail(items[1].pos, "mode must not be below low, found " + describe(items[1]));
    if (high < mode) fail(items[2].pos, "high must not be below mode, found " + describe(items[2]));
    return sim::Distribution::triangular(low, mode, high);
}

sim::Distribution normal_distribution(const DistributionValues& d, const TreeNode& p,
                                      bool log_normal) {
    if (!p.is_map()) fail(p.pos, "expected {mean: ..., sd: ...}, found " + describe(p));
    check_keys(p, {"mean", "sd"});
    const double mean = d.positive(required(p, "mean"), "the mean");
    const double sd = d.non_negative(required(p, "sd"), "sd");
    return log_normal ? sim::Distribution::lognormal(mean, sd)
                      : sim::Distribution::normal(mean, sd);
}

sim::Distribution gamma_distribution(const DistributionValues& d, const TreeNode& p) {
    if (!p.is_map()) fail(p.pos, "expected {shape: ..., scale: ...}, found " + describe(p));
    check_keys(p, {"shape", "scale"});
    const TreeNode& shape_node = required(p, "shape");
    const double shape = d.reader.number(shape_node);
    if (shape <= 0) fail(shape_node.pos, "shape must be positive, found " + describe(shape_node));
    return sim::Distribution::gamma(shape, d.positive(required(p, "scale"), "scale"));
}

sim::Distribution binomial_distribution(const DistributionValues& d, const TreeNode::Entry& e) {
    const TreeNode& p = e.value;
    if (d.durations)
        fail(e.key_pos,
             "a binomial counts things and cannot be a duration (expected "
             "exponential, uniform, normal, lognormal, triangular, gamma or "
             "empirical)");
    if (!p.is_map()) fail(p.pos, "expected {n: ..., p: ...}, found " + describe(p));
    check_keys(p, {"n", "p"});
    const TreeNode& n_node = required(p, "n");
    const std::int64_t n = d.reader.integer(n_node);
    if (n < 0) fail(n_node.pos, "n must not be negative, found " + describe(n_node));
    const TreeNode& p_node = required(p, "p");
    const double prob = d.reader.number(p_node);
    if (prob < 0 || prob > 1) fail(p_node.pos, "p must be in [0, 1], found " + describe(p_node));
    return sim::Distribution::binomial(n, prob);
}

// An empirical distribution's weights, one per value, not all zero.
std::vector<double> empirical_weights(const ValueReader& reader, const TreeNode& weights_node,
                                      std::size_t value_count) {
    if (!weights_node.is_sequence() || weights_node.items.size() != value_count)
        fail(weights_node.pos,
             "expected " + std::to_string(value_count) + " weights, one per value, found " +
                 (weights_node.is_sequence() ? std::to_string(weights_node.items.size())
                                             : describe(weights_node)));
    std::vector<double> weights;
    double total = 0.0;
    for (const auto& w : weights_node.items) {
        const double x = reader.number(w);
        if (x < 0) fail(w.pos, "a weight must not be negative, found " + describe(w));
        weights.push_back(x);
        total += x;
    }
    if (total <= 0) fail(weights_node.pos, "the weights must not all be zero");
    return weights;
}

}  // namespace

sim::Distribution ValueReader::distribution(const TreeNode& node, bool durations) {
    const DistributionValues d{*this, durations};
    if (node.is_scalar())
        return sim::Distribution::deterministic(d.non_negative(node, "the value"));
    static const std::vector<std::string> kinds = {"exponential", "uniform",    "normal",
                                                   "lognormal",   "triangular", "gamma",
                                                   "binomial",    "empirical"};
    if (!node.is_map() || node.entries.size() != 1)
        fail(node.pos,
             std::string("expected a value or a distribution like {exponential: ") +
                 (durations ? "2d" : "10") + "}, found " +
                 (node.is_map() ? "a map with " + std::to_string(node.entries.size()) + " keys"
                                : describe(node)));
    const TreeNode::Entry& e = node.entries.front();
    const std::string& kind = e.key;
    const TreeNode& p = e.value;
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
        fail(e.key_pos, "unknown distribution '" + kind + "'" + did_you_mean(kind, kinds) +
                            " (expected one of exponential, uniform, normal, lognormal, "
                            "triangular, gamma, binomial, empirical)");

    if (kind == "exponential") return sim::Distribution::exponential(d.positive(p, "the mean"));
    if (kind == "uniform") return uniform_distribution(d, p);
    if (kind == "normal" || kind == "lognormal")
        return normal_distribution(d, p, kind == "lognormal");
    if (kind == "triangular") return triangular_distribution(d, p);
    if (kind == "gamma") return gamma_distribution(d, p);
    if (kind == "binomial") return binomial_distribution(d, e);
    return empirical_distribution(p, durations);
}

sim::Distribution ValueReader::empirical_distribution(const TreeNode& p, bool durations) {
    if (!p.is_map())
        fail(p.pos, "expected {values: [...], weights: [...]} or {csv: ..., column: ...}, found " +
                        describe(p));
    std::vector<double> values;
    if (p.find("csv") != nullptr) {
        values = empirical_column(p, durations);
        for (double v : values)
            if (v < 0)
                fail(p.pos, "empirical values must not be negative, found " + format_number(v));
        return sim::Distribution::empirical(std::move(values));
    }
    check_keys(p, {"values", "weights", "csv", "column"});
    const TreeNode& values_node = required(p, "values");
    if (!values_node.is_sequence() || values_node.items.empty())
        fail(values_node.pos, "expected a list of values, found " + describe(values_node));
    const DistributionValues d{*this, durations};
    for (const auto& v : values_node.items) values.push_back(d.non_negative(v, "a value"));
    std::vector<double> weights;
    if (const TreeNode* weights_node = p.find("weights"))
        weights = empirical_weights(*this, *weights_node, values.size());
    return sim::Distribution::empirical(std::move(values), std::move(weights));
}

}  // namespace memchain::model
