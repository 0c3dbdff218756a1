#pragma once
// A supplier's finished-goods stock and order book: splits the stock among open orders by its
// allocation policy (which can change at dates or by a shock) and ships each grant along the
// route to the orderer, as far as the orderer has room. Allocation runs whenever stock or an
// order arrives, or once per allocation period when one is set.
//
// The book scales to many small orders (unit demands): first-come-first-served and priority
// tiers stop reading it once the stock is spoken for, and the policies that split among buyers
// (pro rata, contract, max-min) split among orderers' totals, each orderer's share then going
// to its own orders oldest first.
//
// Priority tiers are the supplier's: an orderer named in the allocator's `tiers` map has that
// tier here; an orderer not named keeps its own `tier` (a buyer's key, 1 by default). So one
// buyer can be tier 1 at one supplier and tier 3 at another.

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/engine/blocks/block.hpp"
#include "model/engine/order_book.hpp"
#include "model/engine/order_taker.hpp"
#include "model/policy/allocation.hpp"
#include "sim/stats.hpp"

namespace memchain::model::blocks {

class Allocator final : public Block, public OrderTaker {
public:
    Allocator(Context& ctx, NodeId id, const Node& spec);

    void start(sim::Kernel& k) override;
    [[nodiscard]] double room_for(ProductId product) const override;
    void reserve(ProductId, double units) override { reserved_ += units; }
    [[nodiscard]] bool is_empty_for(ProductId) const override { return stock_ + reserved_ <= 1e-9; }
    void receive(sim::Kernel& k, Lot lot) override;
    void set_policy(sim::Kernel& k, AllocationPolicy policy) override;
    [[nodiscard]] AllocationPolicy policy() const { return policy_; }

    // Orders (order_taker.hpp).
    void add_order(sim::Kernel& k, OrderId order) override;
    void cancel(OrderId order, double units) override;
    void hold(sim::Kernel& k, NodeId orderer, sim::Time until) override;

    void sample(sim::Time now, NodeSample& out) override;
    void add_kpis(sim::Time end, std::vector<Kpi>& out) const override;
    void reset_statistics(sim::Time t) override;

private:
    enum Kind : std::uint8_t { AllocateDue = first_own_kind, PolicyDue, HoldEnds };

    void on_event(sim::Kernel& k, const sim::Event& ev) override;
    void retry(sim::Kernel& k) override { allocate(k); }
    // One orderer's open orders, oldest first, and their unshipped total.
    struct Queue {
        NodeId orderer{};
        std::deque<OrderId> orders;
        double unshipped = 0.0;
        double room = 0.0;  // scratch: room left at the orderer in this allocation
        std::optional<sim::Time> held_until;  // the orderer takes no delivery before then
        bool has_route = false;               // found once, when the replication was built
    };
    [[nodiscard]] static bool is_held(const Queue& q, sim::Time now) {
        return q.held_until && now < *q.held_until;
    }

    void allocate(sim::Kernel& k);
    // Offers orders in placement order (tier by tier for Priority) until `supply` is covered.
    void offer_in_order(double supply, bool by_tier, sim::Time now);
    // Offers each orderer's total.
    void offer_by_orderer(sim::Time now);
    // Routes::is_open for the orderer: with no lane closed anywhere a route is open, and
    // whether one exists never changes, so the routes are asked only while a lane is closed.
    [[nodiscard]] bool route_open(const Queue& q) const;
    // What an order may take now given its orderer's room; 0 when its route is closed.
    double cap_for(Queue& q, OrderId order);
    void ship(sim::Kernel& k, OrderId order, double units);
    // The same, for an order of queue `q` (its orderer's).
    void ship(sim::Kernel& k, Queue& q, OrderId order, double units);
    Queue& queue_of(NodeId orderer);
    [[nodiscard]] int tier_of(NodeId orderer) const { return tier_by_node_[index_of(orderer)]; }
    void forget_shipped();

    ProductId product_;
    bool unlimited_;
    double stock_ = 0.0;
    double reserved_ = 0.0;
    AllocationPolicy policy_;
    std::map<std::string, double, std::less<>> contract_shares_;
    std::vector<int> tier_by_node_;  // this supplier's tier for each node as orderer
    std::deque<OrderId> open_;       // every open order in the order placed; shipped ones are
                                     // dropped lazily
    std::size_t shipped_in_open_ = 0;
    std::vector<Queue> queues_;
    std::vector<std::optional<std::uint32_t>> queue_of_node_;  // position in queues_, by node
    bool blocked_ = false;  // some order could not take all it was owed (no room/route)
    // Scratch for allocate(), kept between calls so that allocating does not allocate. An offer
    // is an order (in_order: its OrderId) or a whole queue (by_orderer: its position).
    std::vector<OpenOrder> offers_;
    std::vector<std::uint32_t> name_rank_by_node_;  // a node's place in name order, from 1
    std::vector<double> share_by_node_;             // a node's contract share here (0: none)
    std::vector<std::string_view> name_by_node_;    // views of the scenario's node names
    std::vector<std::uint32_t> offer_refs_;
    std::vector<double> grants_;
    AllocationWorkspace workspace_;
    double shipped_total_ = 0.0;
    double shipped_ = 0.0;
    sim::TimeWeighted stock_tw_;
};

}  // namespace memchain::model::blocks
