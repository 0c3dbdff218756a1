#pragma once
// Probability distributions for durations, quantities and yields, sampled from a RandomStream
// through Boost.Random (whose algorithms are the same under any standard library, unlike
// std:: distributions). Parameters are in the caller's unit; the caller converts to ticks.

#include <memory>
#include <string>
#include <vector>

#include "sim/rng.hpp"

namespace memchain::sim {

class Distribution {
public:
    enum class Kind : std::uint8_t {
        Deterministic,
        Exponential,
        Uniform,
        Normal,
        Lognormal,
        Triangular,
        Gamma,
        Binomial,
        Empirical
    };

    // All factories expect valid parameters (the scenario loader checks them); a default
    // Distribution is deterministic zero.
    Distribution() = default;
    static Distribution deterministic(double value);
    static Distribution exponential(double mean);
    static Distribution uniform(double low, double high);
    static Distribution normal(double mean, double sd);
    // Parameterised by the mean and standard deviation of the variable itself, not of its log.
    static Distribution lognormal(double mean, double sd);
    static Distribution triangular(double low, double mode, double high);
    static Distribution gamma(double shape, double scale);
    static Distribution binomial(std::int64_t trials, double probability);
    // Draws one of `values`, each with its weight (equal weights when `weights` is empty).
    static Distribution empirical(std::vector<double> values, std::vector<double> weights = {});

    [[nodiscard]] double sample(RandomStream& rng) const;
    [[nodiscard]] double mean() const;
    [[nodiscard]] double variance() const;
    [[nodiscard]] Kind kind() const { return kind_; }
    [[nodiscard]] bool is_deterministic() const { return kind_ == Kind::Deterministic; }
    // e.g. "exponential(mean=2)"; for logs, `check` output and error messages.
    [[nodiscard]] std::string describe() const;
    // Multiplies every value the distribution can take by `factor` (> 0); not for binomials.
    [[nodiscard]] Distribution scaled(double factor) const;

private:
    struct Table {
        std::vector<double> values;
        std::vector<double> cumulative;  // running sums of the weights
    };
    Kind kind_ = Kind::Deterministic;
    double a_ = 0.0, b_ = 0.0, c_ = 0.0, d_ = 0.0;
    std::shared_ptr<const Table> table_;
};

}  // namespace memchain::sim
