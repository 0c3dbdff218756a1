#pragma once
// What a supplier does with the orders its customers place, cancel or hold: the Context hands
// each to the supplier's OrderTaker (an allocator block registers itself as one when built).
// An interface of its own so that the Context, which every block uses, depends on no block.

#include "model/engine/ids.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {

class OrderTaker {
public:
    // A new order for this supplier.
    virtual void add_order(sim::Kernel& k, OrderId order) = 0;
    // The buyer cancelled `units` of an order's unshipped part (the order book has counted
    // them): they leave this supplier's book.
    virtual void cancel(OrderId order, double units) = 0;
    // Ships nothing to `orderer` before `until` (its downstream cannot take delivery); its
    // orders keep their place and are allocated again from then on.
    virtual void hold(sim::Kernel& k, NodeId orderer, sim::Time until) = 0;

protected:
    OrderTaker() = default;
    ~OrderTaker() = default;
    OrderTaker(const OrderTaker&) = default;
    OrderTaker& operator=(const OrderTaker&) = default;
};

}  // namespace memchain::model
