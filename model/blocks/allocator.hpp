#pragma once
// A supplier's finished-goods stock and order book: splits the stock among open orders by its
// allocation policy (which can change at dates or by a shock) and ships each grant along the
// route to the orderer, as far as the orderer has room. Allocation runs whenever stock or an
// order arrives, or once per allocation period when one is set.

#include <map>
#include <string>
#include <vector>

#include "model/allocation.hpp"
#include "model/blocks/block.hpp"
#include "sim/stats.hpp"

namespace memchain::model::blocks {

class Allocator final : public Block {
public:
    Allocator(Model& model, int index, const Node& spec);

    void start(sim::Kernel& k) override;
    [[nodiscard]] double room_for(int product) const override;
    void reserve(int, double units) override { reserved_ += units; }
    [[nodiscard]] bool is_empty_for(int) const override { return stock_ + reserved_ <= 1e-9; }
    void receive(sim::Kernel& k, Lot lot) override;
    void set_policy(sim::Kernel& k, AllocationPolicy policy) override;
    [[nodiscard]] AllocationPolicy policy() const { return policy_; }

    // A new order for this supplier.
    void add_order(sim::Kernel& k, std::uint32_t order);

    void sample(sim::Time now, NodeSample& out) override;
    void add_kpis(sim::Time end, std::vector<Kpi>& out) const override;
    void reset_statistics(sim::Time t) override;

private:
    enum Kind : std::uint8_t { AllocateDue = first_own_kind, PolicyDue };

    void on_event(sim::Kernel& k, const sim::Event& ev) override;
    void retry(sim::Kernel& k) override { allocate(k); }
    void allocate(sim::Kernel& k);
    void ship(sim::Kernel& k, std::uint32_t order, double units);

    bool unlimited_;
    double stock_ = 0.0;
    double reserved_ = 0.0;
    AllocationPolicy policy_;
    std::map<std::string, double, std::less<>> contract_shares_;
    std::vector<std::uint32_t> open_;  // orders not fully shipped, in the order placed
    // Scratch for allocate(), kept between calls so that allocating does not allocate.
    std::vector<OpenOrder> offers_;
    std::vector<std::uint32_t> offer_ids_;
    std::vector<double> grants_;
    std::vector<std::pair<int, double>> room_left_;
    AllocationWorkspace workspace_;
    double shipped_total_ = 0.0;
    double shipped_ = 0.0;
    sim::TimeWeighted stock_tw_;
};

}  // namespace memchain::model::blocks
