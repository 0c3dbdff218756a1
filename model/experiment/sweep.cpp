#include "model/experiment/sweep.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "model/scenario/input_error.hpp"

namespace memchain::model {

namespace {

// Sizes above this are rejected before any vector is built.
constexpr double too_many = 1e7;

double parse_number(const std::string& text, const std::string& what, const std::string& flag,
                    const std::string& whole) {
    const char* begin = text.c_str();
    char* end = nullptr;
    const double value = std::strtod(begin, &end);
    if (text.empty() || end != begin + text.size() || !std::isfinite(value))
        throw InputError(flag, "expected a number for " + what + " in '" + whole + "', got '" +
                                   text + "' (bare numbers: the scenario's unit is kept)");
    return value;
}

double count_of(const SweepAxis& axis) {
    return std::floor((axis.to - axis.from) / axis.step + 1e-9) + 1.0;
}

std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string format_sweep_value(double value) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.12g", value);
    const std::string s = buffer;
    return s == "-0" ? "0" : s;
}

std::vector<double> SweepAxis::values() const {
    std::vector<double> out;
    const double n = count_of(*this);
    if (!(n >= 1.0) || n > too_many) return out;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i)
        out.push_back(from + static_cast<double>(i) * step);
    return out;
}

SweepAxis parse_sweep_axis(const std::string& text, const std::string& flag) {
    const auto eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0)
        throw InputError(flag,
                         "expected PATH=FROM:TO:STEP (e.g. nodes.tsmc_cowos.capacity="
                         "60000:120000:20000), got '" +
                             text + "'");
    SweepAxis axis;
    axis.path = text.substr(0, eq);
    const std::string range = text.substr(eq + 1);
    const auto c1 = range.find(':');
    const auto c2 = c1 == std::string::npos ? c1 : range.find(':', c1 + 1);
    if (c2 == std::string::npos || range.find(':', c2 + 1) != std::string::npos)
        throw InputError(flag,
                         "expected FROM:TO:STEP after '" + axis.path + "=', got '" + range + "'");
    axis.from = parse_number(range.substr(0, c1), "FROM", flag, text);
    axis.to = parse_number(range.substr(c1 + 1, c2 - c1 - 1), "TO", flag, text);
    axis.step = parse_number(range.substr(c2 + 1), "STEP", flag, text);
    if (axis.step <= 0.0) throw InputError(flag, "STEP must be greater than 0 in '" + text + "'");
    if (axis.from > axis.to) throw InputError(flag, "FROM must not exceed TO in '" + text + "'");
    return axis;
}

std::vector<SweepPoint> sweep_points(const std::vector<SweepAxis>& axes, std::size_t max_points,
                                     const std::string& flag) {
    if (axes.empty()) throw InputError(flag, "expected at least one PATH=FROM:TO:STEP");
    if (axes.size() > 2)
        throw InputError(flag,
                         "at most two parameters can be swept, got " + std::to_string(axes.size()));
    if (axes.size() == 2 && axes[0].path == axes[1].path)
        throw InputError(flag, "'" + axes[0].path + "' is swept twice");
    double total = 1.0;
    for (const SweepAxis& a : axes) total *= count_of(a);
    if (total > static_cast<double>(max_points)) {
        std::string sizes;
        for (const SweepAxis& a : axes)
            sizes += (sizes.empty() ? "" : " x ") + format_sweep_value(count_of(a));
        throw InputError(flag, "the sweep has " + sizes + " = " + format_sweep_value(total) +
                                   " points, more than the " + std::to_string(max_points) +
                                   " allowed (use a larger STEP)");
    }
    std::vector<SweepPoint> points(1);
    for (const SweepAxis& axis : axes) {
        std::vector<SweepPoint> next;
        for (const SweepPoint& p : points) {
            for (double v : axis.values()) {
                SweepPoint q = p;
                const std::string value = format_sweep_value(v);
                q.values.push_back(v);
                q.overrides.push_back(axis.path + "=" + value);
                q.name += (q.name.empty() ? "" : ", ") + axis.path + "=" + value;
                q.parameters_json += (q.parameters_json.empty() ? "{" : ", ") +
                                     json_string(axis.path) + ": " + value;
                next.push_back(std::move(q));
            }
        }
        points = std::move(next);
    }
    for (SweepPoint& p : points) p.parameters_json += "}";
    for (std::size_t i = 1; i < points.size(); ++i)
        if (points[i].name == points[i - 1].name)
            throw InputError(flag, "two points both read '" + points[i].name +
                                       "' at 12 significant digits (use a larger STEP)");
    return points;
}

}  // namespace memchain::model
