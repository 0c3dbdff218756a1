#pragma once
// One-for-one replenishment of an input buffer from allocators: every unit taken from the
// buffer is ordered again, so that on hand plus on order stays at the base-stock level. Orders
// are whole units, split among the suppliers by their shares (the suppliers qualified on the
// day; engine/sourcing.hpp); with an order period they are batched into one order per period.
// With flexible supplier contracts, what a supplier falls short on is re-sourced to the others
// when the buffer next orders, at most once per order period (one week without one).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/engine/ids.hpp"
#include "model/engine/sourcing.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class Context;

class Replenisher {
public:
    // With an order period, flushes are scheduled as events (`kind`, arg = input) on `owner`.
    Replenisher(Context& ctx, NodeId node, std::uint32_t input, ProductId product,
                const Replenishment& spec, sim::HandlerId owner, std::uint8_t kind);

    // Orders up to the base-stock level given what is on hand at the start.
    void start(sim::Kernel& k, double on_hand);
    // Units left the buffer: order them again (now, or at the next period).
    void consumed(sim::Kernel& k, double units);
    // The order period elapsed: place what has accumulated and wait for the next period.
    void flush(sim::Kernel& k);

    [[nodiscard]] std::optional<sim::Duration> period() const { return period_; }

private:
    void order(sim::Kernel& k);
    // A change of the planned level since the last order becomes part of what is to order.
    void follow_level(sim::Kernel& k);

    Context* ctx_;
    NodeId node_;
    std::uint32_t input_;
    ProductId product_;
    int tier_;
    Sourcing sourcing_;
    Series base_stock_;
    double level_ = 0.0;  // the base-stock level last accounted for in pending_
    std::optional<sim::Duration> period_;
    sim::HandlerId owner_;
    std::uint8_t kind_;
    double pending_ = 0.0;  // units to order, not yet placed (fractions carry over); negative
                            // after the level fell: consumption not to be reordered
};

}  // namespace memchain::model
