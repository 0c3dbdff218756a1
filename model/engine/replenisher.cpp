#include "model/engine/replenisher.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/engine/context.hpp"
#include "model/engine/order_book.hpp"

namespace memchain::model {

std::vector<double> split_whole_units(double units, const std::vector<double>& shares) {
    std::vector<double> out(shares.size(), 0.0);
    const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
    if (shares.empty() || total <= 0.0 || units <= 0.0) return out;
    const double whole = std::floor(units + 1e-9);
    double given = 0.0;
    std::vector<std::pair<double, std::size_t>> remainders;
    remainders.reserve(shares.size());
    for (std::size_t i = 0; i < shares.size(); ++i) {
        const double exact = whole * shares[i] / total;
        out[i] = std::floor(exact + 1e-9);
        given += out[i];
        remainders.emplace_back(exact - out[i], i);
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t r = 0; given < whole - 0.5 && r < remainders.size(); ++r) {
        out[remainders[r].second] += 1.0;
        given += 1.0;
    }
    return out;
}

Replenisher::Replenisher(Context& ctx, NodeId node, std::uint32_t input, ProductId product,
                         const Replenishment& spec, sim::HandlerId owner, std::uint8_t kind)
    : ctx_(&ctx),
      node_(node),
      input_(input),
      product_(product),
      tier_(ctx.scenario().nodes[index_of(node)].tier),
      sourcing_(ctx, node, spec.suppliers, spec.supplier_terms, spec.resource_after_days,
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
