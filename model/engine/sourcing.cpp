#include "model/engine/sourcing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/engine/context.hpp"
#include "model/engine/routes.hpp"

namespace memchain::model {

Sourcing::Sourcing(Context& ctx, NodeId orderer, const std::map<std::string, double>& shares,
                   const std::map<std::string, SupplierTerms>& terms,
                   std::optional<sim::Duration> resource_after, sim::Duration review)
    : ctx_(&ctx), orderer_(orderer), patience_(resource_after.value_or(review)), review_(review) {
    for (const auto& [name, share] : shares) {
        Supplier s;
        s.node = ctx.node_id(name);
        s.share = share;
        s.up_to = share;
        const auto it = terms.find(name);
        if (it != terms.end()) {
            if (it->second.up_to) s.up_to = std::max(share, *it->second.up_to);
            if (it->second.qualified_from) s.qualified_from = *it->second.qualified_from;
        }
        flexes_ = flexes_ || s.up_to > s.share;
        suppliers_.push_back(std::move(s));
    }
    parts_.assign(suppliers_.size(), 0.0);
    shares_now_.assign(suppliers_.size(), 0.0);
    positions_.resize(suppliers_.size());
    moves_.assign(suppliers_.size(), 0.0);
}

const std::vector<double>& Sourcing::split(double units, sim::Time now) {
    double total = 0.0;
    for (std::size_t i = 0; i < suppliers_.size(); ++i) {
        shares_now_[i] = qualified(suppliers_[i], now) ? suppliers_[i].share : 0.0;
        total += shares_now_[i];
    }
    // Nobody qualified with a share yet: those qualified split by their ranges, and with none
    // qualified at all the shares hold as written (orders are never dropped).
    if (!(total > 0.0)) {
        for (std::size_t i = 0; i < suppliers_.size(); ++i) {
            shares_now_[i] = qualified(suppliers_[i], now) ? suppliers_[i].up_to : 0.0;
            total += shares_now_[i];
        }
    }
    if (!(total > 0.0))
        for (std::size_t i = 0; i < suppliers_.size(); ++i) shares_now_[i] = suppliers_[i].share;
    parts_ = split_whole_units(units, shares_now_);
    return parts_;
}

void Sourcing::placed(std::size_t i, OrderId id, double units) {
    if (!flexes_) return;
    suppliers_[i].open.push_back(id);
    suppliers_[i].taken += units;
}

const std::vector<OrderId>& Sourcing::review(sim::Kernel& k, const Order& prototype,
                                             std::optional<sim::Duration> lead_target) {
    placed_now_.clear();
    if (!flexes_) return placed_now_;
    const sim::Time now = k.now();
    if (!next_review_) next_review_ = now + review_;
    if (now < *next_review_) return placed_now_;
    next_review_ = now + review_;

    const OrderBook& book = ctx_->orders();
    const sim::Time late_before = now - patience_;
    double volume = 0.0;
    for (std::size_t i = 0; i < suppliers_.size(); ++i) {
        Supplier& s = suppliers_[i];
        while (!s.open.empty() && book.order(s.open.front()).unshipped() < 1e-9) s.open.pop_front();
        double unmet = 0.0;
        for (const OrderId id : s.open) {
            const Order& o = book.order(id);
            if (o.placed > late_before) break;  // oldest first: the rest are younger
            unmet += o.unshipped();
        }
        positions_[i] = SupplierPosition{
            s.share, s.up_to, qualified(s, now) && ctx_->routes().is_open(s.node, orderer_), unmet,
            s.taken};
        volume += s.taken;
        s.taken = 0.0;
    }
    resource(positions_, volume, moves_);
    for (std::size_t i = 0; i < suppliers_.size(); ++i)
        if (moves_[i] < 0.0) give(k, suppliers_[i], -moves_[i], late_before);
    for (std::size_t i = 0; i < suppliers_.size(); ++i) {
        if (moves_[i] <= 0.0) continue;
        Order o = prototype;
        o.supplier = suppliers_[i].node;
        o.quantity = moves_[i];
        const OrderId id = ctx_->place_order(k, o, lead_target, false);
        suppliers_[i].open.push_back(id);
        placed_now_.push_back(id);
    }
    return placed_now_;
}

double Sourcing::give(sim::Kernel& k, Supplier& s, double units, sim::Time late_before) {
    double left = units;
    for (const OrderId id : s.open) {
        if (left < 1e-9) break;
        const Order& o = ctx_->orders().order(id);
        if (o.placed > late_before) break;
        const double take = std::min(left, o.unshipped());
        if (take <= 0.0) continue;
        left -= ctx_->cancel_order(k, id, take, OrderChangeReason::Resourced);
    }
    return units - left;
}

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

}  // namespace memchain::model
