#pragma once
// Supplier allocation: how much of a supplier's `available` units each open order receives
// now, under one of the AllocationPolicy rules. Pure and deterministic: the result depends only
// on the arguments (never on hash order or addresses), and ties are broken as documented.
//
// Every policy grants each order at most its remaining units. When supply covers every open
// order (available >= total remaining) every order gets exactly its remaining units, under
// every policy and in both modes. Under shortage the grants sum to `available` (up to
// floating-point rounding); no policy withholds supply, except for the fraction of a unit
// that whole-unit rounding cannot give out (below).
//
// Policies (a buyer's open units are the sum of its orders' remaining units):
//   Fcfs      orders oldest `placed` first; ties by lower id, then input position.
//   ProRata   each buyer receives available x its open units / all open units.
//   Contract  each buyer with a positive contract share receives available in proportion to
//             its share; what a buyer cannot use (it asked for less) goes to the buyers still
//             short, again in proportion to their shares, until none is left over or every
//             contracted buyer is full. This fixed point is weighted water-filling: each
//             contracted buyer gets min(open units, level x share) for the one level that
//             spends the supply. Buyers with no (or a non-positive) share get nothing until
//             every contracted buyer is full; then they share the rest pro rata to their
//             open units. Shares need not sum to one; shares of buyers with no open order are
//             unused and so flow to the others.
//   Priority  strict tiers, tier 1 first; within a tier as Fcfs.
//   MaxMin    max-min fair share across buyers (water-filling): each buyer gets
//             min(open units, level) for the one level that spends the supply.
// Under ProRata, Contract and MaxMin a buyer's amount goes to its orders oldest first (ties as
// Fcfs), so an order is completed before the buyer's next one is started.
//
// Whole units. With `whole_units` every grant is a whole number, except a grant that completes
// an order, which is that order's exact remaining quantity (it may be fractional). The
// continuous split above decides which orders are completed; every other order gets a whole
// number of units no larger than floor(remaining), obtained by largest-remainder rounding of
// its continuous share: each takes the floor of its share, and the units left over (the
// floor of what the partly served orders were to receive together) go one each to the
// orders with the largest fractional parts, lower input position first on ties (in the rare
// case that more are left than such orders can take, the rest fill the orders with room in
// that same order). Consequences:
//   - with whole-number remaining quantities the grants sum to exactly
//     floor(min(available, total remaining));
//   - a fractional tail of an order (2.5 units: 2 now, 0.5 left) is never rounded away: the
//     order is served in whole units while partly served, and its tail is granted when the
//     policy completes it, so fractional orders cannot stay open for ever once supply comes;
//   - the unit fraction that cannot be given out stays with the supplier (less than one unit
//     in total with whole-number remaining quantities).
// The amount rounded is floored with a relative tolerance of 1e-9, so that 2.9999999999999996
// units (the rounding noise of earlier arithmetic) count as 3.
//
// Bad input: `remaining` must be finite (asserted); a negative remaining counts as zero, and a
// negative or NaN `available` as nothing available.
//
// Cost: O(n log n) in the number of orders (one sort; buyer policies compare buyer names unless
// the orders carry ranks, and look contract shares up by name unless the orders carry them).
// The overload with a workspace allocates nothing once the workspace's buffers have grown to
// the largest order book seen.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario/scenario.hpp"
#include "sim/time.hpp"

namespace memchain::model {

// One order as the allocator sees it; the buyer name is a view that must outlive the call.
struct OpenOrder {
    std::uint64_t id = 0;
    std::string_view buyer;
    int tier = 1;            // Priority: tier 1 is served first
    double remaining = 0.0;  // units still owed
    sim::Time placed;
    // The buyer's place among the buyers in name order, when the caller knows it (from 1):
    // buyers are grouped and taken in name order, and comparing these numbers instead of the
    // names gives that order without reading the names. 0: unknown, the names are compared.
    // Either every order of one call has it or none has.
    std::uint32_t buyer_rank = 0;
    // Contract: the buyer's contract share when the caller has looked it up (0 or less: no
    // contract), so that no name is looked up in `contract_shares`; unset: looked up there by
    // the buyer's name. Either every order of one call has it or none has.
    std::optional<double> contract_share = std::nullopt;
};

// Buyer name -> contract share (any positive scale). Transparent comparison lets the
// allocator look names up by string_view without building strings.
using ContractShares = std::map<std::string, double, std::less<>>;

namespace detail {
class AllocationRun;
}

// Scratch buffers for allocate(); reuse one per allocator (or per thread) to keep allocation
// off the hot path. Holds no state between calls that affects results.
class AllocationWorkspace {
public:
    AllocationWorkspace() = default;

private:
    friend class detail::AllocationRun;
    std::vector<std::size_t> order_;        // order positions, sorted for the policy
    std::vector<std::size_t> buyer_begin_;  // buyer b's orders: order_[begin[b], begin[b+1])
    std::vector<double> buyer_demand_;      // open units per buyer
    std::vector<double> buyer_weight_;      // Contract: share; 0 = no contract
    std::vector<double> buyer_grant_;       // continuous amount per buyer
    std::vector<char> buyer_full_;          // the buyer gets all its open units
    std::vector<std::size_t> rank_;         // buyers by water-filling key
    std::vector<double> key_;               // the sort key behind rank_
    struct Remainder {
        double fraction;
        std::size_t order;
    };
    std::vector<Remainder> remainders_;  // partly served orders with room, by remainder
};

// Writes the units granted to each order into `grants` (same size and order as `orders`).
void allocate(AllocationPolicy policy, double available, std::span<const OpenOrder> orders,
              const ContractShares& contract_shares, bool whole_units, std::span<double> grants,
              AllocationWorkspace& workspace);

// The same, returning the grants (same order as `orders`); uses a temporary workspace.
[[nodiscard]] std::vector<double> allocate(AllocationPolicy policy, double available,
                                           std::span<const OpenOrder> orders,
                                           const ContractShares& contract_shares, bool whole_units);

}  // namespace memchain::model
