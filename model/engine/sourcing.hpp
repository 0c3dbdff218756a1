#pragma once
// One orderer's suppliers (a buyer's, or a line's replenished input's) and their contracts:
// how each new order is split, and the re-sourcing of what a supplier falls short on.
//
// Split: whole units by largest remainder over the shares of the suppliers qualified on the
// day (SupplierTerms::qualified_from); an unqualified supplier's share is spread over the
// others in proportion to theirs. With every supplier qualified this is the plain split by
// shares, so a scenario without terms orders exactly as before.
//
// Re-sourcing (on when some supplier's `up_to` is above its share): at most once per review
// period, when the orderer next orders, the units each supplier has left unshipped for at least
// `resource_after` (default: the review period) are its unmet units; policy/sourcing.hpp decides
// how many move where, within each other supplier's range of the units ordered since the last
// review. Moved units are cancelled at the short supplier (an order change with reason
// 're-sourced') and ordered from the other (a new order, placed now); they are not new demand
// (markets do not count them again) and not cancelled demand (the KPIs keep them apart).
// Takers must be qualified, not short themselves, and reachable (their route to the orderer
// open), so a closed lane's orders move to suppliers that can still ship.
//
// Cost: a review reads the orderer's open orders per supplier (dropped once shipped); nothing
// is allocated once the scratch vectors have grown.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/engine/ids.hpp"
#include "model/engine/order_book.hpp"
#include "model/policy/sourcing.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class Context;

class Sourcing {
public:
    // `shares` and `terms` as the scenario gives them (suppliers by name); `review` is how
    // often re-sourcing is checked (the orderer's order or demand period).
    Sourcing(Context& ctx, NodeId orderer, const std::map<std::string, double>& shares,
             const std::map<std::string, SupplierTerms>& terms,
             std::optional<sim::Duration> resource_after, sim::Duration review);

    [[nodiscard]] std::size_t size() const { return suppliers_.size(); }
    [[nodiscard]] NodeId supplier(std::size_t i) const { return suppliers_[i].node; }
    [[nodiscard]] bool flexes() const { return flexes_; }

    // Whole `units` split among the suppliers qualified at `now` (one entry per supplier).
    [[nodiscard]] const std::vector<double>& split(double units, sim::Time now);
    // An order of `units` was placed with supplier `i`.
    void placed(std::size_t i, OrderId id, double units);
    // Re-sources unmet units when a review is due (see above); new orders copy `prototype`
    // (orderer, input, product, tier) and get `lead_target`. Returns the orders placed.
    const std::vector<OrderId>& review(sim::Kernel& k, const Order& prototype,
                                       std::optional<sim::Duration> lead_target);

private:
    struct Supplier {
        NodeId node{};
        double share = 0.0;
        double up_to = 0.0;
        std::optional<sim::Time> qualified_from;
        std::deque<OrderId> open;  // this orderer's orders here, oldest first
        double taken = 0.0;        // units ordered here since the last review
    };
    [[nodiscard]] bool qualified(const Supplier& s, sim::Time now) const {
        return !s.qualified_from || now >= *s.qualified_from;
    }
    // Cancels `units` of supplier i's oldest late orders; returns the units moved.
    double give(sim::Kernel& k, Supplier& s, double units, sim::Time late_before);

    Context* ctx_;
    NodeId orderer_;
    std::vector<Supplier> suppliers_;
    bool flexes_ = false;
    sim::Duration patience_;
    sim::Duration review_;
    std::optional<sim::Time> next_review_;
    std::vector<double> shares_now_;
    std::vector<double> parts_;
    std::vector<SupplierPosition> positions_;
    std::vector<double> moves_;
    std::vector<OrderId> placed_now_;
};

// Splits `units` (whole) among shares by largest remainder; ties go to the earlier entry.
[[nodiscard]] std::vector<double> split_whole_units(double units,
                                                    const std::vector<double>& shares);

}  // namespace memchain::model
