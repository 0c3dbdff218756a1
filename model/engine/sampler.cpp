#include "model/engine/sampler.hpp"

#include <algorithm>

#include "model/engine/blocks/block.hpp"
#include "model/engine/order_book.hpp"
#include "model/engine/run_statistics.hpp"

namespace memchain::model {

Sampler::Sampler(Context& ctx, const RunControl& control)
    : ctx_(ctx),
      control_(control),
      heartbeat_(sim::Duration::from_ticks(
          std::max<std::int64_t>(1, ctx.scenario().horizon.ticks() / 200))) {}

void Sampler::start(sim::Kernel& k) {
    k.schedule_at(sim::Time::zero(), handler_, Sample, 0, 1000);
    if (ctx_.scenario().warmup > sim::Duration::zero())
        k.schedule_at(sim::Time::zero() + ctx_.scenario().warmup, handler_, WarmupEnd, 0, -1000);
    if (control_.stop || control_.progress) k.schedule_in(heartbeat_, handler_, Heartbeat);
}

void Sampler::handle(sim::Kernel& k, const sim::Event& ev) {
    switch (static_cast<Kind>(ev.kind)) {
    case Sample: {
        take_sample(k);
        ctx_.schedule_next_sample(k, handler_, Sample, 1000);
        break;
    }
    case WarmupEnd: end_warmup(k.now()); break;
    case Heartbeat:
        if (control_.stop && control_.stop->load(std::memory_order_relaxed)) {
            stopped_ = true;
            k.stop();
            return;
        }
        if (control_.progress)
            control_.progress(k.now().to_seconds() / ctx_.scenario().horizon.to_seconds(),
                              k.events_handled());
        k.schedule_in(heartbeat_, handler_, Heartbeat);
        break;
    }
}

void Sampler::end_warmup(sim::Time t) {
    for (std::size_t n = 0; n < ctx_.block_count(); ++n)
        ctx_.block(NodeId{static_cast<std::uint32_t>(n)}).reset_statistics(t);
    ctx_.statistics().reset(t);
}

void Sampler::take_sample(sim::Kernel& k) {
    const sim::Time now = k.now();
    const double day = now.to_days();
    const bool counting = ctx_.counting(now);
    OrderBook& book = ctx_.orders();
    const std::size_t products = ctx_.scenario().products.size();
    for (std::size_t p = 0; p < products; ++p) {
        const ProductId product{static_cast<std::uint32_t>(p)};
        const std::optional<double> quoted = book.quoted_lead_time_days(product, now);
        if (quoted && counting) book.note_quote(product, *quoted);
        // Products nobody orders have no backlog or lead time worth a row. Product samples are
        // kept even when nothing is recorded: comparisons measure recovery times on them.
        if (!book.is_ordered(product)) continue;
        ProductSample s;
        s.product = ctx_.product_name(product);
        s.day = day;
        s.backlog = book.backlog(product);
        s.throughput_per_day = book.recent_throughput_per_day(product, now);
        s.quoted_lead_time_days = quoted;
        product_samples.push_back(std::move(s));
    }
    if (!ctx_.recording()) return;
    for (std::size_t n = 0; n < ctx_.block_count(); ++n) {
        NodeSample s;
        s.node = static_cast<int>(n);
        s.day = day;
        ctx_.block(NodeId{static_cast<std::uint32_t>(n)}).sample(now, s);
        node_samples.push_back(s);
    }
}

}  // namespace memchain::model
