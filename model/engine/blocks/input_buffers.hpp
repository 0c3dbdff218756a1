#pragma once
// The input side of a station or an assembly: one buffer per input (a station's one input, or
// an assembly's bill-of-materials lines), each with what it holds, what senders have reserved
// for it, an optional capacity and an optional replenisher. Senders ask it for room and reserve
// some; its block takes units out when work starts (a kit) or ends (a station's lot). For an
// assembly it also says whether a whole kit of `lot_size` output units is there, and charges
// the time the assembly sits idle for want of one to the inputs that are short.
//
// Substitution (an assembly's `substitutes`, Substitute in scenario.hpp; a rule and an
// assumption: a packaging line qualified on two parts builds with the second rather than stand
// idle). A substitute has a buffer of its own, after the bill of materials' lines, that lanes and
// replenishment feed like a line's. A kit takes each line from its own buffer first. From the
// substitute's `from` day on, a line that is short takes the missing units from its substitute's
// buffer, `ratio` substitute units for each, if the missing units are at most `up_to` of the
// line's units in the kit and the substitute's buffer holds them after its own use as a line;
// otherwise the kit waits. Example: a kit of 10 needs 80 HBM4 stacks, 50 are there, up_to 0.5
// allows 40 from the substitute: the kit takes the 50 and 30 HBM3E stacks (ratio 1), and 30
// count as substituted (KPI substituted_units, per line product); with 30 HBM4 stacks there, 50
// would be missing, more than 40, and the kit waits. Planning a kit walks the buffers twice and
// allocates nothing; an assembly without substitutes takes the plain path.

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

    // Starts the replenishers; with an order period they flush by event `replenish_kind` on
    // `handler`, the event's argument naming the input (see flush). Substitutes whose `from` day
    // is still ahead are opened by event `substitute_kind` then (see open_substitute).
    void start(sim::Kernel& k, sim::HandlerId handler, std::uint8_t replenish_kind,
               std::uint8_t substitute_kind);
    void flush(sim::Kernel& k, std::uint64_t input) { buffers_[input].replenisher->flush(k); }
    // The substitute of line `input` may be taken from now on; the block should try a kit.
    void open_substitute(std::uint64_t input) { buffers_[input].substitute_open = true; }

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
    // An assembly's kit: each line's quantity for `lot_size` output units, short lines made up
    // by their substitutes under the rule above.
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
    // substituted_units per line with a substitute (none without substitutes).
    void add_kpis(std::vector<Kpi>& out) const;

private:
    struct Buffer {
        std::optional<ProductId> product;  // none: a station without a declared input
        double per_output_unit = 1.0;      // assembly: bill-of-materials quantity
        double held = 0.0;
        double reserved = 0.0;
        std::optional<double> capacity;
        std::optional<Replenisher> replenisher;
        // A line with a substitute: the substitute's buffer, the rule, whether its `from` day
        // has come, and the line units it replaced since the warm-up.
        std::optional<std::size_t> substitute;
        const Substitute* rule = nullptr;
        bool substitute_open = false;
        double substituted = 0.0;
    };

    void add_buffer(std::optional<ProductId> product, double per_output_unit);
    void add_substitutes();
    // With substitutes: what the next kit would take from each buffer (kit_draws_) and the line
    // units each line would replace (kit_replaced_); false when no kit can be made now.
    [[nodiscard]] bool plan_kit() const;
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
    bool has_substitutes_ = false;
    mutable std::vector<double> kit_draws_;     // plan_kit's scratch, sized once
    mutable std::vector<double> kit_replaced_;  // plan_kit's scratch, sized once
    std::vector<double> starved_days_;          // per buffer, since the last statistics reset
    std::vector<bool> short_inputs_;
    std::optional<sim::Time> starved_since_;
};

}  // namespace memchain::model::blocks
