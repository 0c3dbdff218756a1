#include "model/engine/sampler.hpp"

#include <algorithm>

#include "model/engine/blocks/block.hpp"

namespace memchain::model {

Sampler::Sampler(Replication& model, const RunControl& control)
    : model_(model),
      control_(control),
      heartbeat_(sim::Duration::from_ticks(
          std::max<std::int64_t>(1, model.scenario().horizon.ticks() / 200))) {}

void Sampler::start(sim::Kernel& k) {
    k.schedule_at(sim::Time::zero(), handler_, Sample, 0, 1000);
    if (model_.scenario().warmup > sim::Duration::zero())
        k.schedule_at(sim::Time::zero() + model_.scenario().warmup, handler_, WarmupEnd, 0, -1000);
    if (control_.stop || control_.progress) k.schedule_in(heartbeat_, handler_, Heartbeat);
}

void Sampler::handle(sim::Kernel& k, const sim::Event& ev) {
    switch (static_cast<Kind>(ev.kind)) {
    case Sample: {
        take_sample(k);
        const sim::Time next = k.now() + model_.scenario().recording.sample_interval;
        if (next <= sim::Time::zero() + model_.scenario().horizon)
            k.schedule_at(next, handler_, Sample, 0, 1000);
        break;
    }
    case WarmupEnd: model_.reset_statistics(k.now()); break;
    case Heartbeat:
        if (control_.stop && control_.stop->load(std::memory_order_relaxed)) {
            model_.stopped_ = true;
            k.stop();
            return;
        }
        if (control_.progress)
            control_.progress(k.now().to_seconds() / model_.scenario().horizon.to_seconds(),
                              k.events_handled());
        k.schedule_in(heartbeat_, handler_, Heartbeat);
        break;
    }
}

void Sampler::take_sample(sim::Kernel& k) {
    const sim::Time now = k.now();
    const double day = Replication::day(now);
    const bool counting = model_.counting(now);
    const std::size_t products = model_.scenario().products.size();
    for (std::size_t p = 0; p < products; ++p) {
        const int product = static_cast<int>(p);
        const std::optional<double> quoted = model_.quoted_lead_time_days(product, now);
        if (quoted && counting) {
            model_.quoted_stats_[p].add(*quoted);
            model_.quoted_peak_[p] = std::max(model_.quoted_peak_[p], *quoted);
        }
        // Products nobody orders have no backlog or lead time worth a row. Product samples are
        // kept even when nothing is recorded: comparisons measure recovery times on them.
        if (!model_.ordered_[p]) continue;
        ProductSample s;
        s.product = model_.product_name(product);
        s.day = day;
        s.backlog = model_.backlog(product);
        s.throughput_per_day = model_.recent_throughput_per_day(product);
        s.quoted_lead_time_days = quoted;
        product_samples.push_back(std::move(s));
    }
    if (!model_.recording()) return;
    for (std::size_t n = 0; n < model_.blocks_.size(); ++n) {
        NodeSample s;
        s.node = static_cast<int>(n);
        s.day = day;
        model_.blocks_[n]->sample(now, s);
        node_samples.push_back(s);
    }
}

}  // namespace memchain::model
