#include "model/engine/replenisher.hpp"

#include <algorithm>
#include <cmath>

#include "model/engine/context.hpp"
#include "model/engine/order_book.hpp"

namespace memchain::model {

Replenisher::Replenisher(Context& ctx, NodeId node, std::uint32_t input, ProductId product,
                         const Replenishment& spec, sim::HandlerId owner, std::uint8_t kind)
    : ctx_(&ctx),
      node_(node),
      input_(input),
      product_(product),
      tier_(ctx.scenario().nodes[index_of(node)].tier),
      sourcing_(ctx, node, spec.suppliers, spec.supplier_terms, spec.resource_after,
                spec.order_period.value_or(sim::Duration::from_days(7.0))),
      base_stock_(spec.base_stock),
      period_(spec.order_period),
      owner_(owner),
      kind_(kind) {}

void Replenisher::start(sim::Kernel& k, double on_hand) {
    level_ = base_stock_.at(k.now().to_days());
    pending_ = std::max(0.0, level_ - on_hand);
    order(k);
    if (period_) k.schedule_in(*period_, owner_, kind_, static_cast<std::uint64_t>(input_));
}

void Replenisher::consumed(sim::Kernel& k, double units) {
    pending_ += units;
    if (!period_) order(k);
}

void Replenisher::flush(sim::Kernel& k) {
    order(k);
    k.schedule_in(*period_, owner_, kind_, static_cast<std::uint64_t>(input_));
}

void Replenisher::follow_level(sim::Kernel& k) {
    const double level = base_stock_.at(k.now().to_days());
    pending_ += level - level_;
    level_ = level;
}

void Replenisher::order(sim::Kernel& k) {
    follow_level(k);
    Order o;
    o.orderer = node_;
    o.input = input_;
    o.product = product_;
    o.tier = tier_;
    sourcing_.review(k, o, std::nullopt);
    const double whole = std::floor(pending_ + 1e-9);
    if (whole < 1.0) return;
    pending_ -= whole;
    const std::vector<double>& parts = sourcing_.split(whole, k.now());
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i] <= 0.0) continue;
        o.supplier = sourcing_.supplier(i);
        o.quantity = parts[i];
        sourcing_.placed(i, ctx_->place_order(k, o, std::nullopt), parts[i]);
    }
}

}  // namespace memchain::model
