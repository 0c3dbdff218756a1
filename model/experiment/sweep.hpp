#pragma once
// Parameter sweeps: one or two scenario values (paths as for --set) each over an evenly spaced
// range, and the grid of points they span. Each point becomes a set of overrides
// ("path=value", a bare number, so the loader keeps the value's unit), a variant name and the
// JSON object recorded in runs.parameters.

#include <cstddef>
#include <string>
#include <vector>

namespace memchain::model {

// One swept parameter: from, from + step, ... up to `to` (included when the steps land on it,
// within a relative 1e-9 of the step).
struct SweepAxis {
    std::string path;
    double from = 0.0;
    double to = 0.0;
    double step = 1.0;

    [[nodiscard]] std::vector<double> values() const;
};

// Parses "PATH=FROM:TO:STEP" (bare numbers). Throws InputError naming `flag` when the text is
// malformed, a number is not finite, STEP <= 0 or FROM > TO.
[[nodiscard]] SweepAxis parse_sweep_axis(const std::string& text,
                                         const std::string& flag = "--vary");

struct SweepPoint {
    std::vector<double> values;          // one per axis
    std::vector<std::string> overrides;  // "path=value", one per axis
    std::string name;                    // "path=value, path=value"
    std::string parameters_json;         // {"path": value, ...}
};

inline constexpr std::size_t max_sweep_points = 200;

// Every combination of the axes' values, the first axis varying slowest. Throws InputError
// naming `flag` for no axis or more than two, a path given twice, more than `max_points`
// points, or a step too small for the values to differ at 12 significant digits.
[[nodiscard]] std::vector<SweepPoint> sweep_points(const std::vector<SweepAxis>& axes,
                                                   std::size_t max_points = max_sweep_points,
                                                   const std::string& flag = "--vary");

// A swept value as the overrides, names and JSON write it: up to 12 significant digits, so
// that 0.1 + 0.2 prints as 0.3.
[[nodiscard]] std::string format_sweep_value(double value);

}  // namespace memchain::model
