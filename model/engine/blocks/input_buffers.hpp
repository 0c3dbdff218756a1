#pragma once
// The input side of a station or an assembly: one buffer per input (a station's one input, or
// an assembly's bill-of-materials lines), each with what it holds, what senders have reserved
// for it, an optional capacity and an optional replenisher. Senders ask it for room and reserve
// some; its block takes units out when work starts (a kit) or ends (a station's lot). For an
// assembly it also says whether a whole kit of `lot_size` output units is there, and charges
// the time the assembly sits idle for want of one to the inputs that are short.

#include <cstdint>
#include <optional>
#include <vector>

#include "model/engine/ids.hpp"
#include "model/engine/replenisher.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/kernel.hpp"

namespace memchain::model {
class Context;
}

namespace memchain::model::blocks {

class Block;

class InputBuffers {
public:
    // The buffers of `spec` (an assembly's bill of materials, or a station's declared input or
    // one buffer taking whatever arrives), filled with their initial units. `owner` is the
    // block they feed: its waiting senders are woken when a buffer with a capacity frees room.
    InputBuffers(Context& ctx, Block& owner, const Node& spec);

    // Starts the replenishers; with an order period they flush by event `kind` on `handler`,
    // the event's argument naming the input (see flush).
    void start(sim::Kernel& k, sim::HandlerId handler, std::uint8_t kind);
    void flush(sim::Kernel& k, std::uint64_t input) { buffers_[input].replenisher->flush(k); }

    // Room for `product` (capacity minus held minus reserved; unbounded without a capacity, 0
    // when no buffer takes it), reserving room, and whether its buffer holds nothing.
    [[nodiscard]] double room_for(ProductId product) const;
    void reserve(ProductId product, double units);
    [[nodiscard]] bool is_empty_for(ProductId product) const;
    // Units of `product` arrived: they are held, and no longer reserved.
    void arrive(ProductId product, double units);
    // Units that were there before the run (a station's initial lot), into the first buffer.
    void add_initial(double units) { buffers_.front().held += units; }

    // Units leave buffer `input` (never below zero): waiting senders are woken when it has a
    // capacity, and its replenisher orders them again.
    void take(sim::Kernel& k, std::size_t input, double units);
    // An assembly's kit: each line's quantity for `lot_size` output units.
    [[nodiscard]] bool kit_ready() const;
    void take_kit(sim::Kernel& k);
    [[nodiscard]] double held() const;
    [[nodiscard]] std::optional<ProductId> first_product() const {
        return buffers_.front().product;
    }

    // Starvation of an assembly: called whenever its state may have changed; `starved` says
    // whether it is idle now for want of a kit. The time since the last call is charged to
    // every input that was short then, counted only when `counting`.
    void track_starvation(sim::Time now, bool starved, bool counting);
    void reset_statistics(sim::Time t);
    void add_starvation(NodeId node, std::vector<StarvationRecord>& out) const;

private:
    struct Buffer {
        std::optional<ProductId> product;  // none: a station without a declared input
        double per_output_unit = 1.0;      // assembly: bill-of-materials quantity
        double held = 0.0;
        double reserved = 0.0;
        std::optional<double> capacity;
        std::optional<Replenisher> replenisher;
    };

    void add_buffer(std::optional<ProductId> product, double per_output_unit);
    [[nodiscard]] bool takes(const Buffer& b, ProductId product) const;
    [[nodiscard]] bool is_short(const Buffer& b) const {
        return b.held + 1e-9 < b.per_output_unit * kit_units_;
    }

    Context& ctx_;
    Block& owner_;
    const Node& spec_;
    bool kits_;         // an assembly's bill of materials
    double kit_units_;  // output units per kit (the lot size)
    std::vector<Buffer> buffers_;
    std::vector<double> starved_days_;  // per buffer, since the last statistics reset
    std::vector<bool> short_inputs_;
    std::optional<sim::Time> starved_since_;
};

}  // namespace memchain::model::blocks
