#pragma once
// Supplier contracts that flex: how an orderer (a buyer, or a line's replenished input) moves
// the unmet part of its orders from suppliers that fall short to the others, as a pure decision
// on plain numbers. The engine (engine/sourcing.hpp) gathers the numbers at each review, cancels
// the moved units at the short suppliers and orders them from the others.
//
// Each supplier has a contract: a reserved share of the orderer's volume (its share in
// `suppliers`) and a flexible range up to `up_to` (>= the reserved share, <= 1). resource():
//   - a supplier is short when it holds units of the orderer's orders unshipped for at least the
//     patience; those units are its `unmet` units (the caller counts them);
//   - a supplier can take more when it is qualified now, is not short, its route to the orderer
//     is open, and its `taken` units (what it was ordered since the last review) are below
//     up_to x `volume` (all units the orderer ordered since the last review): its headroom is
//     up_to x volume - taken;
//   - what moves is min(total unmet, total headroom), split among the suppliers that can take
//     more in proportion to their reserved shares, each capped at its headroom, the cap's excess
//     going to the rest the same way (weighted water-filling: each gets min(headroom,
//     level x reserved) for the one level that spends the amount); a supplier with a zero
//     reserved share takes only after the others are full, in proportion to its headroom;
//   - it is taken from the short suppliers in proportion to their unmet units.
// Units are whole: each side is rounded by largest remainder (ties to the earlier supplier), and
// the amount moved is floored, so what is taken equals what is given.
//
// Example (tests/model/policy/sourcing_test.cpp): reserved 0.5/0.3/0.2, up_to 0.6/0.45/0.3,
// 100 units ordered since the last review, the first supplier shipped half of its 50: it gives
// its 25 unmet units, the second takes (0.45 - 0.3) x 100 = 15 and the third 10.
//
// Assumption (data/README.md): the range is a share of recent volume, the rule of thumb of
// long-term agreements with a committed share and a flexible band; not fitted.

#include <span>
#include <vector>

namespace memchain::model {

struct SupplierPosition {
    double reserved = 0.0;  // contracted share of the orderer's volume, 0-1
    double up_to = 0.0;     // the largest share it may take, reserved-1
    bool can_take = false;  // qualified now, not short, route open
    double unmet = 0.0;     // units unshipped past the patience (> 0: short)
    double taken = 0.0;     // units ordered from it since the last review
};

// Units each supplier gives up (negative) or takes on (positive); sums to zero. `volume` is
// the units the orderer ordered since the last review. `out` has one entry per supplier.
void resource(std::span<const SupplierPosition> suppliers, double volume, std::span<double> out);
[[nodiscard]] std::vector<double> resource(std::span<const SupplierPosition> suppliers,
                                           double volume);

}  // namespace memchain::model
