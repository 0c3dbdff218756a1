#pragma once
// Random streams. One master seed per run gives an independent, reproducible stream per
// (replication, entity, purpose), so that a node's failures draw the same numbers in a baseline
// and in a variant that adds other nodes (common random numbers).

#include <bit>
#include <cstdint>
#include <limits>
#include <string_view>

namespace memchain::sim {

// 64-bit FNV-1a over the bytes of `text`, continuing from `hash`: the fixed, platform-independent
// hash used for stream names (std::hash promises no such thing).
[[nodiscard]] std::uint64_t fnv1a64(std::string_view text,
                                    std::uint64_t hash = 0xcbf29ce484222325ull);
// SplitMix64's finaliser: a bijective mix of one 64-bit word.
[[nodiscard]] std::uint64_t splitmix64(std::uint64_t x);

// A xoshiro256** generator: small state, fast, and a UniformRandomBitGenerator that
// Boost.Random distributions accept.
class RandomStream {
public:
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    explicit RandomStream(std::uint64_t seed);
    // A generator with the given raw state (not all zero), for checks against the reference
    // implementation.
    static RandomStream from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2,
                                   std::uint64_t s3);
    // Inline: one draw is a few shifts and xors, less than a call.
    result_type operator()() {
        const std::uint64_t result = std::rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = std::rotl(s_[3], 45);
        return result;
    }

    // Uniform on [0, 1) with 53 random bits.
    double uniform01() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

private:
    RandomStream() = default;
    std::uint64_t s_[4] = {};
};

// Derives streams from a master seed. Names are hashed, not numbered, so adding an entity
// shifts no one else's numbers.
class StreamFactory {
public:
    explicit StreamFactory(std::uint64_t master_seed) : master_seed_(master_seed) {}

    [[nodiscard]] RandomStream get(std::uint64_t replication, std::string_view entity,
                                   std::string_view purpose) const;
    [[nodiscard]] std::uint64_t master_seed() const { return master_seed_; }
    // The seed `get` would use, exposed so that runs can record it.
    [[nodiscard]] std::uint64_t stream_seed(std::uint64_t replication, std::string_view entity,
                                            std::string_view purpose) const;

private:
    std::uint64_t master_seed_;
};

}  // namespace memchain::sim
