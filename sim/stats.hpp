#pragma once
// Estimators: running mean and variance, time-weighted averages, quantiles, and Student-t
// confidence intervals across replications.

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <limits>
#include <vector>

#include "sim/time.hpp"

namespace memchain::sim {

// Welford's running mean and variance, with min, max and sum.
class RunningStats {
public:
    void add(double x) {
        ++n_;
        const double delta = x - mean_;
        mean_ += delta / static_cast<double>(n_);
        m2_ += delta * (x - mean_);
        min_ = std::min(min_, x);
        max_ = std::max(max_, x);
    }
    void merge(const RunningStats& other);

    [[nodiscard]] std::size_t count() const { return n_; }
    [[nodiscard]] double mean() const { return n_ ? mean_ : 0.0; }
    // Sample variance (divisor n - 1); zero for fewer than two observations.
    [[nodiscard]] double variance() const {
        return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0;
    }
    [[nodiscard]] double stddev() const;
    [[nodiscard]] double min() const { return min_; }
    [[nodiscard]] double max() const { return max_; }
    [[nodiscard]] double sum() const { return mean() * static_cast<double>(n_); }

private:
    std::size_t n_ = 0;
    double mean_ = 0.0;
    double m2_ = 0.0;
    double min_ = std::numeric_limits<double>::infinity();
    double max_ = -std::numeric_limits<double>::infinity();
};

// The time average of a piecewise-constant quantity (queue length, WIP, inventory): set() at
// each change, average() over [start, t].
class TimeWeighted {
public:
    explicit TimeWeighted(Time start = Time::zero(), double initial = 0.0)
        : start_(start), last_change_(start), value_(initial), max_(initial) {}

    // Inline: stations and buffers call it on every change, millions of times a run.
    void set(Time t, double value) {
        assert(t >= last_change_ && "time-weighted value set in the past");
        area_ += value_ * static_cast<double>((t - last_change_).ticks());
        last_change_ = t;
        value_ = value;
        max_ = std::max(max_, value);
    }
    void add(Time t, double delta) { set(t, value_ + delta); }
    // Forgets the history before `t` (end of a warm-up period), keeping the current value.
    void reset(Time t);

    [[nodiscard]] double current() const { return value_; }
    [[nodiscard]] double max() const { return max_; }
    // Time-weighted mean over [start, t]; the current value if no time has passed.
    [[nodiscard]] double average(Time t) const;
    // Integral of the value over [start, t], in value x seconds.
    [[nodiscard]] double integral(Time t) const;

private:
    Time start_;
    Time last_change_;
    double value_;
    double area_ = 0.0;  // value x ticks, up to last_change_
    double max_;
};

// Exact sample quantiles: keeps every observation. Linear interpolation between order
// statistics (Hyndman & Fan type 7, the default of R and NumPy).
class Quantiles {
public:
    void add(double x);
    [[nodiscard]] std::size_t count() const { return values_.size(); }
    // p in [0, 1]; NaN when empty.
    [[nodiscard]] double quantile(double p) const;
    [[nodiscard]] const std::vector<double>& values() const { return values_; }

private:
    mutable std::vector<double> values_;
    mutable bool sorted_ = true;
};

// Quantile of Student's t distribution with `degrees_of_freedom` (Boost.Math).
[[nodiscard]] double student_t_quantile(double degrees_of_freedom, double p);

struct ConfidenceInterval {
    double mean = 0.0;
    double half_width = 0.0;  // infinite with fewer than two observations
    std::size_t n = 0;
    [[nodiscard]] double low() const { return mean - half_width; }
    [[nodiscard]] double high() const { return mean + half_width; }
    [[nodiscard]] bool contains(double x) const { return low() <= x && x <= high(); }
};

// Two-sided Student-t interval for the mean of independent observations (one per
// replication), at `level` (e.g. 0.95).
[[nodiscard]] ConfidenceInterval confidence_interval(const RunningStats& s, double level = 0.95);

}  // namespace memchain::sim
