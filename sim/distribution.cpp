#include "sim/distribution.hpp"

#include <algorithm>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cassert>
#include <cmath>
#include <numeric>
#include <sstream>

namespace memchain::sim {

Distribution Distribution::deterministic(double value) {
    Distribution d;
    d.a_ = value;
    return d;
}

Distribution Distribution::exponential(double mean) {
    assert(mean > 0 && "exponential mean must be positive");
    Distribution d;
    d.kind_ = Kind::Exponential;
    d.a_ = mean;
    return d;
}

Distribution Distribution::uniform(double low, double high) {
    assert(low <= high && "uniform needs low <= high");
    Distribution d;
    d.kind_ = Kind::Uniform;
    d.a_ = low;
    d.b_ = high;
    return d;
}

Distribution Distribution::normal(double mean, double sd) {
    assert(sd >= 0 && "normal sd must not be negative");
    Distribution d;
    d.kind_ = Kind::Normal;
    d.a_ = mean;
    d.b_ = sd;
    return d;
}

Distribution Distribution::lognormal(double mean, double sd) {
    assert(mean > 0 && sd >= 0 && "lognormal needs mean > 0 and sd >= 0");
    Distribution d;
    d.kind_ = Kind::Lognormal;
    d.a_ = mean;
    d.b_ = sd;
    const double sigma2 = std::log1p((sd * sd) / (mean * mean));
    d.c_ = std::log(mean) - sigma2 / 2.0;  // mu of the underlying normal
    d.d_ = std::sqrt(sigma2);              // sigma of the underlying normal
    return d;
}

Distribution Distribution::triangular(double low, double mode, double high) {
    assert(low <= mode && mode <= high && "triangular needs low <= mode <= high");
    Distribution d;
    d.kind_ = Kind::Triangular;
    d.a_ = low;
    d.b_ = mode;
    d.c_ = high;
    return d;
}

Distribution Distribution::gamma(double shape, double scale) {
    assert(shape > 0 && scale > 0 && "gamma needs positive shape and scale");
    Distribution d;
    d.kind_ = Kind::Gamma;
    d.a_ = shape;
    d.b_ = scale;
    return d;
}

Distribution Distribution::binomial(std::int64_t trials, double probability) {
    assert(trials >= 0 && probability >= 0 && probability <= 1 && "bad binomial parameters");
    Distribution d;
    d.kind_ = Kind::Binomial;
    d.a_ = static_cast<double>(trials);
    d.b_ = probability;
    return d;
}

Distribution Distribution::empirical(std::vector<double> values, std::vector<double> weights) {
    assert(!values.empty() && "empirical needs at least one value");
    assert((weights.empty() || weights.size() == values.size()) && "one weight per value");
    if (weights.empty()) weights.assign(values.size(), 1.0);
    auto table = std::make_shared<Table>();
    table->values = std::move(values);
    table->cumulative.resize(weights.size());
    std::partial_sum(weights.begin(), weights.end(), table->cumulative.begin());
    assert(table->cumulative.back() > 0 && "empirical weights must sum to more than zero");
    Distribution d;
    d.kind_ = Kind::Empirical;
    d.table_ = std::move(table);
    return d;
}

double Distribution::sample(RandomStream& rng) const {
    switch (kind_) {
    case Kind::Deterministic: return a_;
    case Kind::Exponential: return boost::random::exponential_distribution<double>(1.0 / a_)(rng);
    case Kind::Uniform:
        return a_ == b_ ? a_ : boost::random::uniform_real_distribution<double>(a_, b_)(rng);
    case Kind::Normal:
        return b_ == 0 ? a_ : boost::random::normal_distribution<double>(a_, b_)(rng);
    case Kind::Lognormal:
        return d_ == 0 ? a_ : boost::random::lognormal_distribution<double>(c_, d_)(rng);
    case Kind::Triangular:
        return a_ == c_ ? a_ : boost::random::triangle_distribution<double>(a_, b_, c_)(rng);
    case Kind::Gamma: return boost::random::gamma_distribution<double>(a_, b_)(rng);
    case Kind::Binomial: {
        const auto n = static_cast<std::int64_t>(a_);
        if (b_ <= 0.0 || n == 0) return 0.0;
        if (b_ >= 1.0) return a_;
        return static_cast<double>(boost::random::binomial_distribution<std::int64_t>(n, b_)(rng));
    }
    case Kind::Empirical: {
        const auto& cum = table_->cumulative;
        const double u = rng.uniform01() * cum.back();
        const auto i =
            static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end(), u) - cum.begin());
        return table_->values[std::min(i, cum.size() - 1)];
    }
    }
    return a_;
}

double Distribution::mean() const {
    switch (kind_) {
    case Kind::Deterministic:
    case Kind::Exponential:
    case Kind::Normal:
    case Kind::Lognormal: return a_;
    case Kind::Uniform: return (a_ + b_) / 2.0;
    case Kind::Triangular: return (a_ + b_ + c_) / 3.0;
    case Kind::Gamma: return a_ * b_;
    case Kind::Binomial: return a_ * b_;
    case Kind::Empirical: {
        const auto& t = *table_;
        double sum = 0.0, previous = 0.0;
        for (std::size_t i = 0; i < t.values.size(); ++i) {
            sum += t.values[i] * (t.cumulative[i] - previous);
            previous = t.cumulative[i];
        }
        return sum / t.cumulative.back();
    }
    }
    return a_;
}

double Distribution::variance() const {
    switch (kind_) {
    case Kind::Deterministic: return 0.0;
    case Kind::Exponential: return a_ * a_;
    case Kind::Normal:
    case Kind::Lognormal: return b_ * b_;
    case Kind::Uniform: return (b_ - a_) * (b_ - a_) / 12.0;
    case Kind::Triangular:
        return (a_ * a_ + b_ * b_ + c_ * c_ - a_ * b_ - a_ * c_ - b_ * c_) / 18.0;
    case Kind::Gamma: return a_ * b_ * b_;
    case Kind::Binomial: return a_ * b_ * (1.0 - b_);
    case Kind::Empirical: {
        const auto& t = *table_;
        const double m = mean();
        double sum = 0.0, previous = 0.0;
        for (std::size_t i = 0; i < t.values.size(); ++i) {
            sum += (t.values[i] - m) * (t.values[i] - m) * (t.cumulative[i] - previous);
            previous = t.cumulative[i];
        }
        return sum / t.cumulative.back();
    }
    }
    return 0.0;
}

std::string Distribution::describe() const {
    std::ostringstream out;
    switch (kind_) {
    case Kind::Deterministic: out << a_; break;
    case Kind::Exponential: out << "exponential(mean=" << a_ << ")"; break;
    case Kind::Uniform: out << "uniform(" << a_ << ", " << b_ << ")"; break;
    case Kind::Normal: out << "normal(mean=" << a_ << ", sd=" << b_ << ")"; break;
    case Kind::Lognormal: out << "lognormal(mean=" << a_ << ", sd=" << b_ << ")"; break;
    case Kind::Triangular: out << "triangular(" << a_ << ", " << b_ << ", " << c_ << ")"; break;
    case Kind::Gamma: out << "gamma(shape=" << a_ << ", scale=" << b_ << ")"; break;
    case Kind::Binomial: out << "binomial(n=" << a_ << ", p=" << b_ << ")"; break;
    case Kind::Empirical: out << "empirical(" << table_->values.size() << " values)"; break;
    }
    return out.str();
}

Distribution Distribution::scaled(double factor) const {
    assert(factor > 0 && "scale factor must be positive");
    switch (kind_) {
    case Kind::Deterministic: return deterministic(a_ * factor);
    case Kind::Exponential: return exponential(a_ * factor);
    case Kind::Uniform: return uniform(a_ * factor, b_ * factor);
    case Kind::Normal: return normal(a_ * factor, b_ * factor);
    case Kind::Lognormal: return lognormal(a_ * factor, b_ * factor);
    case Kind::Triangular: return triangular(a_ * factor, b_ * factor, c_ * factor);
    case Kind::Gamma: return gamma(a_, b_ * factor);
    case Kind::Binomial: assert(false && "a binomial count cannot be scaled"); return *this;
    case Kind::Empirical: {
        std::vector<double> values = table_->values;
        for (double& v : values) v *= factor;
        std::vector<double> weights(values.size());
        double previous = 0.0;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            weights[i] = table_->cumulative[i] - previous;
            previous = table_->cumulative[i];
        }
        return empirical(std::move(values), std::move(weights));
    }
    }
    return *this;
}

}  // namespace memchain::sim
