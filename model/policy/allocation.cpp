#include "model/policy/allocation.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace memchain::model {

namespace {

constexpr double whole_unit_tolerance = 1e-9;

double floor_tolerant(double x) {
    return std::floor(x + whole_unit_tolerance * std::max(1.0, std::abs(x)));
}

double need_of(const OpenOrder& o) {
    assert(std::isfinite(o.remaining) && "order with a non-finite remaining quantity");
    return o.remaining > 0.0 ? o.remaining : 0.0;
}

}  // namespace

namespace detail {

// One call of allocate(): the orders, the grants being written, and the workspace's buffers.
class AllocationRun {
public:
    AllocationRun(AllocationWorkspace& ws, std::span<const OpenOrder> orders,
                  std::span<double> grants)
        : ws_(ws), orders_(orders), grants_(grants) {}

    void sequential(bool by_tier, double supply);
    void group_by_buyer();
    void pro_rata(double supply, bool uncontracted_only);
    void max_min(double supply);
    void contract(double supply, const ContractShares& shares);
    void give_to_orders();
    void round_to_whole();

private:
    [[nodiscard]] double need(std::size_t i) const { return need_of(orders_[i]); }
    [[nodiscard]] bool older(std::size_t a, std::size_t b) const {
        const OpenOrder& oa = orders_[a];
        const OpenOrder& ob = orders_[b];
        if (oa.placed != ob.placed) return oa.placed < ob.placed;
        if (oa.id != ob.id) return oa.id < ob.id;
        return a < b;
    }
    [[nodiscard]] bool same_buyer(std::size_t a, std::size_t b) const {
        const OpenOrder& oa = orders_[a];
        const OpenOrder& ob = orders_[b];
        return oa.buyer_rank == ob.buyer_rank && (oa.buyer_rank != 0 || oa.buyer == ob.buyer);
    }
    [[nodiscard]] std::size_t buyer_count() const { return ws_.buyer_demand_.size(); }
    [[nodiscard]] const OpenOrder& first_order_of(std::size_t b) const {
        return orders_[ws_.order_[ws_.buyer_begin_[b]]];
    }
    // Buyer b's contract share as its orders carry it, else as `shares` names it (0: none).
    [[nodiscard]] double share_of(std::size_t b, const ContractShares& shares) const {
        const OpenOrder& o = first_order_of(b);
        if (o.contract_share) return *o.contract_share;
        const auto it = shares.find(o.buyer);
        return it != shares.end() ? it->second : 0.0;
    }

    AllocationWorkspace& ws_;
    std::span<const OpenOrder> orders_;
    std::span<double> grants_;
};

void AllocationRun::sequential(bool by_tier, double supply) {
    auto& order = ws_.order_;
    order.resize(orders_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (by_tier && orders_[a].tier != orders_[b].tier) return orders_[a].tier < orders_[b].tier;
        return older(a, b);
    });
    double left = supply;
    for (const std::size_t i : order) {
        if (!(left > 0.0)) break;
        const double grant = std::min(need(i), left);
        grants_[i] = grant;
        left -= grant;
    }
}

void AllocationRun::group_by_buyer() {
    auto& order = ws_.order_;
    const std::size_t n = orders_.size();
    order.resize(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto before = [&](std::size_t a, std::size_t b) {
        if (orders_[a].buyer_rank != orders_[b].buyer_rank)
            return orders_[a].buyer_rank < orders_[b].buyer_rank;
        if (orders_[a].buyer_rank == 0 && orders_[a].buyer != orders_[b].buyer)
            return orders_[a].buyer < orders_[b].buyer;
        return older(a, b);
    };
    // A supplier's book holds a handful of buyers: insertion sort, as std::sort itself does
    // below sixteen, without its calls. The order is total (ties end at the position), so the
    // result is the one std::sort gives.
    if (n <= 16) {
        for (std::size_t k = 1; k < n; ++k) {
            const std::size_t i = order[k];
            std::size_t j = k;
            for (; j > 0 && before(i, order[j - 1]); --j) order[j] = order[j - 1];
            order[j] = i;
        }
    } else {
        std::sort(order.begin(), order.end(), before);
    }
    auto& begin = ws_.buyer_begin_;
    auto& demand = ws_.buyer_demand_;
    begin.clear();
    demand.clear();
    for (std::size_t k = 0; k < n; ++k) {
        if (k == 0 || !same_buyer(order[k], order[k - 1])) {
            begin.push_back(k);
            demand.push_back(0.0);
        }
        demand.back() += need(order[k]);
    }
    begin.push_back(n);
    ws_.buyer_grant_.assign(buyer_count(), 0.0);
    ws_.buyer_full_.assign(buyer_count(), 0);
    ws_.buyer_weight_.assign(buyer_count(), 0.0);
}

// Splits `supply` among the buyers (all, or those without a contract) in proportion to their
// open units. The supply is below their total, so no buyer can be overfilled.
void AllocationRun::pro_rata(double supply, bool uncontracted_only) {
    double total = 0.0;
    for (std::size_t b = 0; b < buyer_count(); ++b)
        if (!uncontracted_only || ws_.buyer_weight_[b] <= 0.0) total += ws_.buyer_demand_[b];
    if (!(total > 0.0)) return;
    for (std::size_t b = 0; b < buyer_count(); ++b) {
        if (uncontracted_only && ws_.buyer_weight_[b] > 0.0) continue;
        const double demand = ws_.buyer_demand_[b];
        const double grant = supply * (demand / total);
        if (grant >= demand) {
            ws_.buyer_full_[b] = 1;
        } else {
            ws_.buyer_grant_[b] = grant;
        }
    }
}

// Water-filling: buyers by ascending open units; each is filled while its demand is under
// the equal share of what is left, and the rest all get that share.
void AllocationRun::max_min(double supply) {
    auto& rank = ws_.rank_;
    rank.clear();
    for (std::size_t b = 0; b < buyer_count(); ++b)
        if (ws_.buyer_demand_[b] > 0.0) rank.push_back(b);
    std::sort(rank.begin(), rank.end(), [&](std::size_t a, std::size_t b) {
        const double da = ws_.buyer_demand_[a];
        const double db = ws_.buyer_demand_[b];
        return da != db ? da < db : a < b;
    });
    double left = supply;
    for (std::size_t r = 0; r < rank.size(); ++r) {
        const std::size_t b = rank[r];
        const double level = left / static_cast<double>(rank.size() - r);
        if (ws_.buyer_demand_[b] <= level) {
            ws_.buyer_full_[b] = 1;
            left = std::max(0.0, left - ws_.buyer_demand_[b]);
            continue;
        }
        for (std::size_t rest = r; rest < rank.size(); ++rest) ws_.buyer_grant_[rank[rest]] = level;
        return;
    }
}

// Weighted water-filling over the contracted buyers (by ascending open units per share), then
// pro rata to open units over the uncontracted ones with whatever is left.
void AllocationRun::contract(double supply, const ContractShares& shares) {
    auto& rank = ws_.rank_;
    auto& key = ws_.key_;
    rank.clear();
    key.assign(buyer_count(), 0.0);
    for (std::size_t b = 0; b < buyer_count(); ++b) {
        const double share = share_of(b, shares);
        if (!(share > 0.0) || !std::isfinite(share)) continue;
        ws_.buyer_weight_[b] = share;
        if (ws_.buyer_demand_[b] <= 0.0) continue;
        key[b] = ws_.buyer_demand_[b] / share;
        rank.push_back(b);
    }
    std::sort(rank.begin(), rank.end(), [&](std::size_t a, std::size_t b) {
        return key[a] != key[b] ? key[a] < key[b] : a < b;
    });
    // The shares still in play at each rank: suffix sums, so that none is lost to rounding
    // by subtracting one share at a time.
    key.assign(rank.size() + 1, 0.0);
    for (std::size_t r = rank.size(); r-- > 0;) key[r] = key[r + 1] + ws_.buyer_weight_[rank[r]];

    double left = supply;
    for (std::size_t r = 0; r < rank.size(); ++r) {
        const std::size_t b = rank[r];
        const double level = left / key[r];  // units per unit of share
        if (ws_.buyer_demand_[b] <= level * ws_.buyer_weight_[b]) {
            ws_.buyer_full_[b] = 1;
            left = std::max(0.0, left - ws_.buyer_demand_[b]);
            continue;
        }
        for (std::size_t rest = r; rest < rank.size(); ++rest)
            ws_.buyer_grant_[rank[rest]] = level * ws_.buyer_weight_[rank[rest]];
        return;
    }
    if (left > 0.0) pro_rata(left, true);
}

// Each buyer's amount goes to its orders oldest first; a full buyer's orders get exactly
// their remaining units (no running subtraction that could leave one a hair short).
void AllocationRun::give_to_orders() {
    for (std::size_t b = 0; b < buyer_count(); ++b) {
        const bool full = ws_.buyer_full_[b] != 0;
        double left = ws_.buyer_grant_[b];
        for (std::size_t k = ws_.buyer_begin_[b]; k < ws_.buyer_begin_[b + 1]; ++k) {
            const std::size_t i = ws_.order_[k];
            if (full) {
                grants_[i] = need(i);
                continue;
            }
            if (!(left > 0.0)) break;
            grants_[i] = std::min(need(i), left);
            left -= grants_[i];
        }
    }
}

// Completed orders keep their exact grant; the partly served ones are rounded to whole units
// by largest remainder, capped at floor(remaining).
void AllocationRun::round_to_whole() {
    const std::size_t n = orders_.size();
    auto& remainders = ws_.remainders_;
    remainders.clear();
    double partial_total = 0.0;
    double capacity = 0.0;
    double floors = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double share = grants_[i];
        const double owed = need(i);
        if (share >= owed) continue;  // completed, or nothing owed
        const double cap = std::floor(owed);
        partial_total += share;
        capacity += cap;
        const double base = std::min(std::floor(share), cap);
        floors += base;
        grants_[i] = base;
        if (base < cap) remainders.push_back({share - base, i});
    }
    double extra = std::min(floor_tolerant(partial_total), capacity) - floors;
    if (!(extra > 0.0)) return;
    // Largest fraction first, lower position on ties: a total order, so the sort is exact.
    const auto larger = [](const AllocationWorkspace::Remainder& a,
                           const AllocationWorkspace::Remainder& b) {
        return a.fraction != b.fraction ? a.fraction > b.fraction : a.order < b.order;
    };
    std::sort(remainders.begin(), remainders.end(), larger);
    for (const auto& r : remainders) {
        if (!(extra > 0.0)) return;
        grants_[r.order] += 1.0;
        extra -= 1.0;
    }
    // More units than partly served orders with room: fill them in the same order.
    for (const auto& r : remainders) {
        if (!(extra > 0.0)) return;
        const double add = std::min(std::floor(need(r.order)) - grants_[r.order], extra);
        grants_[r.order] += add;
        extra -= add;
    }
}

}  // namespace detail

void allocate(AllocationPolicy policy, double available, std::span<const OpenOrder> orders,
              const ContractShares& contract_shares, bool whole_units, std::span<double> grants,
              AllocationWorkspace& workspace) {
    assert(grants.size() == orders.size() && "grants and orders differ in size");
    std::fill(grants.begin(), grants.end(), 0.0);
    if (!(available > 0.0)) return;
    double total = 0.0;
    for (const OpenOrder& o : orders) total += need_of(o);
    if (!(total > 0.0)) return;
    if (available >= total) {
        for (std::size_t i = 0; i < orders.size(); ++i) grants[i] = need_of(orders[i]);
        return;
    }

    detail::AllocationRun run(workspace, orders, grants);
    switch (policy) {
    case AllocationPolicy::Fcfs: run.sequential(false, available); break;
    case AllocationPolicy::Priority: run.sequential(true, available); break;
    case AllocationPolicy::ProRata:
        run.group_by_buyer();
        run.pro_rata(available, false);
        run.give_to_orders();
        break;
    case AllocationPolicy::Contract:
        run.group_by_buyer();
        run.contract(available, contract_shares);
        run.give_to_orders();
        break;
    case AllocationPolicy::MaxMin:
        run.group_by_buyer();
        run.max_min(available);
        run.give_to_orders();
        break;
    }
    if (whole_units) run.round_to_whole();
}

std::vector<double> allocate(AllocationPolicy policy, double available,
                             std::span<const OpenOrder> orders,
                             const ContractShares& contract_shares, bool whole_units) {
    std::vector<double> grants(orders.size(), 0.0);
    AllocationWorkspace workspace;
    allocate(policy, available, orders, contract_shares, whole_units, grants, workspace);
    return grants;
}

}  // namespace memchain::model
