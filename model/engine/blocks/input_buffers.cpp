#include "model/engine/blocks/input_buffers.hpp"

#include <algorithm>
#include <cassert>

#include "model/engine/blocks/block.hpp"
#include "model/engine/context.hpp"

namespace memchain::model::blocks {

InputBuffers::InputBuffers(Context& ctx, Block& owner, const Node& spec)
    : ctx_(ctx),
      owner_(owner),
      spec_(spec),
      kits_(spec.block == model::Block::Assembly),
      kit_units_(spec.lot_size) {
    if (kits_) {
        const std::vector<BomLine>& bom = ctx.scenario().bill_of_materials(spec);
        assert(!bom.empty() && "an assembly has a bill of materials");
        for (const BomLine& line : bom) add_buffer(ctx.product_id(line.component), line.quantity);
        add_substitutes();
    } else {
        add_buffer(
            spec.inputs.empty() ? std::nullopt : ctx.find_product(spec.inputs.front().product),
            1.0);
    }
    starved_days_.assign(buffers_.size(), 0.0);
    short_inputs_.assign(buffers_.size(), false);
}

void InputBuffers::add_buffer(std::optional<ProductId> product, double per_output_unit) {
    Buffer b;
    b.product = product;
    b.per_output_unit = per_output_unit;
    for (const InputSpec& in : spec_.inputs) {
        if (!product || ctx_.find_product(in.product) != product) continue;
        b.capacity = in.capacity;
        b.held = in.initial;
        break;
    }
    buffers_.push_back(b);
}

// A substitute that is not a line gets a buffer of its own (needing nothing per kit); each line
// with a substitute points at the substitute's buffer.
void InputBuffers::add_substitutes() {
    const auto buffer_of = [&](ProductId product) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < buffers_.size(); ++i)
            if (buffers_[i].product == product) return i;
        return std::nullopt;
    };
    for (const Substitute& sub : spec_.substitutes) {
        const ProductId product = ctx_.product_id(sub.product);
        if (!buffer_of(product)) add_buffer(product, 0.0);
        const std::optional<std::size_t> line = buffer_of(ctx_.product_id(sub.line));
        assert(line && "a substitute's line is in the bill of materials (checked by the reader)");
        buffers_[*line].substitute = buffer_of(product);
        buffers_[*line].rule = &sub;
    }
    has_substitutes_ = !spec_.substitutes.empty();
    kit_draws_.assign(buffers_.size(), 0.0);
    kit_replaced_.assign(buffers_.size(), 0.0);
}

void InputBuffers::start(sim::Kernel& k, sim::HandlerId handler, std::uint8_t replenish_kind,
                         std::uint8_t substitute_kind) {
    for (std::size_t i = 0; i < buffers_.size(); ++i) {
        Buffer& b = buffers_[i];
        if (b.rule) {
            const sim::Time from = b.rule->from;
            b.substitute_open = from <= k.now();
            if (!b.substitute_open) k.schedule_at(from, handler, substitute_kind, i);
        }
        const InputSpec* in = nullptr;
        for (const InputSpec& s : spec_.inputs)
            if (ctx_.find_product(s.product) == b.product) in = &s;
        if (!in || !in->replenishment) continue;
        b.replenisher.emplace(ctx_, owner_.id(), static_cast<std::uint32_t>(i), *b.product,
                              *in->replenishment, handler, replenish_kind);
        b.replenisher->start(k, b.held);
    }
}

bool InputBuffers::takes(const Buffer& b, ProductId product) const {
    // A station without a declared input takes whatever arrives into its one buffer.
    return b.product ? *b.product == product : !kits_;
}

double InputBuffers::room_for(ProductId product) const {
    for (const Buffer& b : buffers_) {
        if (!takes(b, product)) continue;
        if (!b.capacity) return unbounded;
        return *b.capacity - b.held - b.reserved;
    }
    return 0.0;
}

void InputBuffers::reserve(ProductId product, double units) {
    for (Buffer& b : buffers_) {
        if (!takes(b, product)) continue;
        b.reserved += units;
        return;
    }
}

bool InputBuffers::is_empty_for(ProductId product) const {
    for (const Buffer& b : buffers_)
        if (takes(b, product)) return b.held + b.reserved <= 1e-9;
    return false;
}

void InputBuffers::arrive(ProductId product, double units) {
    for (Buffer& b : buffers_) {
        if (!takes(b, product)) continue;
        b.reserved = std::max(0.0, b.reserved - units);
        b.held += units;
        return;
    }
}

void InputBuffers::take(sim::Kernel& k, std::size_t input, double units) {
    Buffer& b = buffers_[input];
    b.held = std::max(0.0, b.held - units);
    if (b.capacity) owner_.wake_waiters(k);
    if (b.replenisher) b.replenisher->consumed(k, units);
}

bool InputBuffers::kit_ready() const {
    if (has_substitutes_) return plan_kit();
    return std::none_of(buffers_.begin(), buffers_.end(),
                        [&](const Buffer& b) { return is_short(b); });
}

bool InputBuffers::plan_kit() const {
    for (std::size_t i = 0; i < buffers_.size(); ++i) {
        kit_draws_[i] = buffers_[i].per_output_unit * kit_units_;
        kit_replaced_[i] = 0.0;
    }
    for (std::size_t i = 0; i < buffers_.size(); ++i) {
        const Buffer& b = buffers_[i];
        if (!b.substitute_open) continue;
        const double need = b.per_output_unit * kit_units_;
        const double missing = need - b.held;
        if (missing <= 1e-9 || missing > b.rule->up_to * need + 1e-9) continue;
        kit_draws_[i] -= missing;
        kit_draws_[*b.substitute] += missing * b.rule->ratio;
        kit_replaced_[i] = missing;
    }
    for (std::size_t i = 0; i < buffers_.size(); ++i)
        if (buffers_[i].held + 1e-9 < kit_draws_[i]) return false;
    return true;
}

void InputBuffers::take_kit(sim::Kernel& k) {
    if (!has_substitutes_) {
        for (std::size_t i = 0; i < buffers_.size(); ++i)
            take(k, i, buffers_[i].per_output_unit * kit_units_);
        return;
    }
    [[maybe_unused]] const bool ready = plan_kit();
    assert(ready && "a kit is taken only when one is ready");
    const bool counting = ctx_.counting(k.now());
    for (std::size_t i = 0; i < buffers_.size(); ++i) {
        if (counting) buffers_[i].substituted += kit_replaced_[i];
        if (kit_draws_[i] > 0.0) take(k, i, kit_draws_[i]);
    }
}

double InputBuffers::held() const {
    double units = 0.0;
    for (const Buffer& b : buffers_) units += b.held;
    return units;
}

void InputBuffers::track_starvation(sim::Time now, bool starved, bool counting) {
    if (starved_since_ && counting) {
        const double days = (now - *starved_since_).to_days();
        for (std::size_t i = 0; i < buffers_.size(); ++i)
            if (short_inputs_[i]) starved_days_[i] += days;
    }
    starved_since_.reset();
    if (!starved) return;
    starved_since_ = now;
    for (std::size_t i = 0; i < buffers_.size(); ++i) short_inputs_[i] = is_short(buffers_[i]);
}

void InputBuffers::reset_statistics(sim::Time t) {
    std::fill(starved_days_.begin(), starved_days_.end(), 0.0);
    for (Buffer& b : buffers_) b.substituted = 0.0;
    if (starved_since_) starved_since_ = t;
}

void InputBuffers::add_starvation(NodeId node, std::vector<StarvationRecord>& out) const {
    for (std::size_t i = 0; i < buffers_.size(); ++i)
        if (starved_days_[i] > 0.0)
            out.push_back({static_cast<int>(index_of(node)),
                           ctx_.product_name(*buffers_[i].product), starved_days_[i]});
}

void InputBuffers::add_kpis(std::vector<Kpi>& out) const {
    for (const Buffer& b : buffers_)
        if (b.rule)
            out.push_back({"substituted_units", b.rule->line, "", spec_.name, b.substituted});
}

}  // namespace memchain::model::blocks
