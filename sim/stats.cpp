#include "sim/stats.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cassert>
#include <cmath>

namespace memchain::sim {

void RunningStats::merge(const RunningStats& other) {
    if (other.n_ == 0) return;
    if (n_ == 0) {
        *this = other;
        return;
    }
    const double na = static_cast<double>(n_), nb = static_cast<double>(other.n_);
    const double delta = other.mean_ - mean_;
    const double n = na + nb;
    mean_ += delta * nb / n;
    m2_ += other.m2_ + delta * delta * na * nb / n;
    n_ += other.n_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

double RunningStats::stddev() const {
    return std::sqrt(variance());
}

void TimeWeighted::reset(Time t) {
    start_ = t;
    last_change_ = t;
    area_ = 0.0;
    max_ = value_;
}

double TimeWeighted::integral(Time t) const {
    const double ticks = area_ + value_ * static_cast<double>((t - last_change_).ticks());
    return ticks / static_cast<double>(ticks_per_second);
}

double TimeWeighted::average(Time t) const {
    const auto span = (t - start_).ticks();
    if (span <= 0) return value_;
    return (area_ + value_ * static_cast<double>((t - last_change_).ticks())) /
           static_cast<double>(span);
}

void Quantiles::add(double x) {
    if (!values_.empty() && x < values_.back()) sorted_ = false;
    values_.push_back(x);
}

double Quantiles::quantile(double p) const {
    if (values_.empty()) return std::numeric_limits<double>::quiet_NaN();
    if (!sorted_) {
        std::sort(values_.begin(), values_.end());
        sorted_ = true;
    }
    p = std::clamp(p, 0.0, 1.0);
    const double h = p * static_cast<double>(values_.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const auto hi = std::min(lo + 1, values_.size() - 1);
    return values_[lo] + (h - static_cast<double>(lo)) * (values_[hi] - values_[lo]);
}

double student_t_quantile(double degrees_of_freedom, double p) {
    return boost::math::quantile(boost::math::students_t(degrees_of_freedom), p);
}

ConfidenceInterval confidence_interval(const RunningStats& s, double level) {
    ConfidenceInterval ci;
    ci.mean = s.mean();
    ci.n = s.count();
    if (s.count() < 2) {
        ci.half_width = std::numeric_limits<double>::infinity();
        return ci;
    }
    const double t = student_t_quantile(static_cast<double>(s.count() - 1), 0.5 + level / 2.0);
    ci.half_width = t * s.stddev() / std::sqrt(static_cast<double>(s.count()));
    return ci;
}

}  // namespace memchain::sim
