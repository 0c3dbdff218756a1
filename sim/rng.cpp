#include "sim/rng.hpp"

namespace memchain::sim {

std::uint64_t fnv1a64(std::string_view text, std::uint64_t hash) {
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

RandomStream::RandomStream(std::uint64_t seed) {
    // Consecutive SplitMix64 outputs never give the all-zero state xoshiro must avoid.
    for (auto& word : s_) {
        word = splitmix64(seed);
        seed += 0x9e3779b97f4a7c15ull;
    }
}

RandomStream RandomStream::from_state(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2,
                                      std::uint64_t s3) {
    RandomStream r;
    r.s_[0] = s0;
    r.s_[1] = s1;
    r.s_[2] = s2;
    r.s_[3] = s3;
    return r;
}

std::uint64_t StreamFactory::stream_seed(std::uint64_t replication, std::string_view entity,
                                         std::string_view purpose) const {
    // A separator byte keeps ("ab", "c") and ("a", "bc") apart.
    const std::uint64_t name = fnv1a64(purpose, fnv1a64("\x1f", fnv1a64(entity)));
    return splitmix64(master_seed_ ^ splitmix64(name ^ splitmix64(replication)));
}

RandomStream StreamFactory::get(std::uint64_t replication, std::string_view entity,
                                std::string_view purpose) const {
    return RandomStream(stream_seed(replication, entity, purpose));
}

}  // namespace memchain::sim
