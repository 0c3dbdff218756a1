#include "model/policy/sourcing.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace memchain::model {

namespace {

double whole(double x) {
    return std::floor(std::max(0.0, x) + 1e-9);
}

// Spends `amount` over the suppliers in `who` by weighted water-filling: each gets
// min(cap, level x weight); `amount` is at most the sum of their caps.
void water_fill(std::vector<std::size_t> who, std::span<const double> weight,
                std::span<const double> cap, double amount, std::span<double> out) {
    std::sort(who.begin(), who.end(), [&](std::size_t a, std::size_t b) {
        const double ka = cap[a] / weight[a];
        const double kb = cap[b] / weight[b];
        return ka != kb ? ka < kb : a < b;
    });
    double weights = 0.0;
    for (const std::size_t j : who) weights += weight[j];
    double left = amount;
    for (std::size_t r = 0; r < who.size(); ++r) {
        const std::size_t j = who[r];
        const double level = left / weights;
        if (cap[j] <= level * weight[j]) {
            out[j] = cap[j];
            left -= cap[j];
            weights -= weight[j];
            continue;
        }
        for (std::size_t rest = r; rest < who.size(); ++rest)
            out[who[rest]] = level * weight[who[rest]];
        return;
    }
}

// Rounds `share` (continuous parts summing to the whole number `total`) to whole units by
// largest remainder, ties to the earlier entry.
void round_largest_remainder(std::span<double> share, double total) {
    std::vector<std::size_t> rank(share.size());
    std::iota(rank.begin(), rank.end(), std::size_t{0});
    double given = 0.0;
    std::vector<double> remainder(share.size(), 0.0);
    for (std::size_t i = 0; i < share.size(); ++i) {
        const double floor = std::floor(share[i] + 1e-9);
        remainder[i] = std::max(0.0, share[i] - floor);
        share[i] = floor;
        given += floor;
    }
    std::stable_sort(rank.begin(), rank.end(),
                     [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    for (std::size_t r = 0; given < total - 0.5 && r < rank.size(); ++r) {
        share[rank[r]] += 1.0;
        given += 1.0;
    }
}

}  // namespace

void resource(std::span<const SupplierPosition> suppliers, double volume, std::span<double> out) {
    assert(out.size() == suppliers.size() && "one result per supplier");
    const std::size_t n = suppliers.size();
    std::fill(out.begin(), out.end(), 0.0);
    std::vector<double> headroom(n, 0.0), weight(n, 0.0), unmet(n, 0.0);
    std::vector<std::size_t> reserved_takers, other_takers;
    double total_unmet = 0.0, total_headroom = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const SupplierPosition& s = suppliers[i];
        unmet[i] = whole(s.unmet);
        total_unmet += unmet[i];
        if (!s.can_take || unmet[i] > 0.0) continue;
        headroom[i] = whole(s.up_to * volume - s.taken);
        if (headroom[i] <= 0.0) continue;
        total_headroom += headroom[i];
        weight[i] = s.reserved > 0.0 ? s.reserved : headroom[i];
        (s.reserved > 0.0 ? reserved_takers : other_takers).push_back(i);
    }
    const double moved = std::min(total_unmet, total_headroom);
    if (moved < 1.0) return;

    std::vector<double> take(n, 0.0);
    double reserved_room = 0.0;
    for (const std::size_t j : reserved_takers) reserved_room += headroom[j];
    const double first = std::min(moved, reserved_room);
    water_fill(reserved_takers, weight, headroom, first, take);
    if (moved > first) water_fill(other_takers, weight, headroom, moved - first, take);
    round_largest_remainder(take, moved);

    std::vector<double> give(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) give[i] = moved * unmet[i] / total_unmet;
    round_largest_remainder(give, moved);
    for (std::size_t i = 0; i < n; ++i) out[i] = take[i] - give[i];
}

std::vector<double> resource(std::span<const SupplierPosition> suppliers, double volume) {
    std::vector<double> out(suppliers.size(), 0.0);
    resource(suppliers, volume, out);
    return out;
}

}  // namespace memchain::model
