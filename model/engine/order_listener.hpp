#pragma once
// What the markets hear of the order flow: units of new demand ordered, and units a supplier
// delivered. The context tells its listener (the run's markets, when a product has one) as it
// books orders and deliveries, so the order path depends on this and not on how markets price.

#include "model/engine/ids.hpp"

namespace memchain::model {

class OrderListener {
public:
    // Units of `product` ordered now as new demand (not units moved from another supplier).
    virtual void on_order(ProductId product, double units) = 0;
    // Units `supplier` delivered (arrived at the orderer).
    virtual void on_delivery(NodeId supplier, double units) = 0;

protected:
    OrderListener() = default;
    ~OrderListener() = default;
    OrderListener(const OrderListener&) = default;
    OrderListener& operator=(const OrderListener&) = default;
};

}  // namespace memchain::model
