#pragma once
// A lot: units of one product moving through the network together. Lots are values; blocks
// hold them in their queues, and a Slab holds them while an event (transit, processing) owns
// them, so that events carry only the slot index; Shipping numbers the lots and holds those in
// transit.

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "model/engine/ids.hpp"
#include "sim/time.hpp"

namespace memchain::model {

// Room or capacity without a bound.
inline constexpr double unbounded = std::numeric_limits<double>::infinity();

struct Lot {
    std::uint64_t id = 0;
    ProductId product{};
    double units = 0.0;
    sim::Time created;  // when its source released it (end-to-end times)
    sim::Time arrived;  // when it reached the node that holds it now
    sim::Time started;  // when service began at that node
    std::int16_t priority = 0;
    std::optional<OrderId> order;  // the order this lot delivers, if any
    // Counted in the lots in system: from its release by a source (or its start as a kit at
    // an assembly) until it leaves the network of lots: absorbed by a sink or pool, taken
    // into a supplier's or buyer's stock or an assembly's input, or scrapped. Shipments from
    // suppliers are not (their times are orders' lead times).
    bool in_system = false;
};

// A pool of values addressed by a stable index, reusing freed slots: no allocation per event
// once it has grown to the run's high-water mark. Each value starts a cache line: a value
// waits here for days of simulated time (a lot in transit or in a pipeline) and is cold when
// its event comes, and a 64-byte lot in one line is one miss where, at a vector's 16-byte
// alignment, it may straddle two.
template <class T>
class Slab {
public:
    std::uint32_t put(T value) {
        if (free_.empty()) {
            items_.push_back(Cell{std::move(value)});
            return static_cast<std::uint32_t>(items_.size() - 1);
        }
        const std::uint32_t i = free_.back();
        free_.pop_back();
        items_[i].value = std::move(value);
        return i;
    }
    T take(std::uint32_t i) {
        free_.push_back(i);
        return std::move(items_[i].value);
    }
    T& operator[](std::uint32_t i) { return items_[i].value; }
    const T& operator[](std::uint32_t i) const { return items_[i].value; }
    [[nodiscard]] std::size_t live() const { return items_.size() - free_.size(); }

private:
    struct alignas(64) Cell {
        T value;
    };
    std::vector<Cell> items_;
    std::vector<std::uint32_t> free_;
};

// Lots in transit (lanes keep them here while the arrival event carries the slot) and the
// numbering of new lots.
class Shipping {
public:
    std::uint64_t next_lot_id() { return next_lot_id_++; }
    Slab<Lot>& transit() { return transit_; }
    [[nodiscard]] std::size_t live_in_transit() const { return transit_.live(); }
    // Lanes closed now (each counted once however many closures it is under): with none, every
    // route is open along its own lanes and shipping need not look at them.
    void count_lane_closed(int change) { closed_lanes_ += change; }
    [[nodiscard]] bool any_lane_closed() const { return closed_lanes_ > 0; }

private:
    Slab<Lot> transit_;
    std::uint64_t next_lot_id_ = 0;
    int closed_lanes_ = 0;
};

}  // namespace memchain::model
