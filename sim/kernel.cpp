#include "sim/kernel.hpp"

#include <cassert>
#include <limits>

namespace memchain::sim {

HandlerId Kernel::add_handler(EventHandler& handler) {
    assert(handlers_.size() < EventQueue::max_targets && "too many handlers");
    handlers_.push_back(&handler);
    return static_cast<HandlerId>(handlers_.size() - 1);
}

void Kernel::mix_into_trace(const Event& ev) {
    const std::uint64_t words[] = {static_cast<std::uint64_t>(ev.time.ticks()),
                                   std::uint64_t{ev.target} << 24 | std::uint64_t{ev.kind} << 16 |
                                       static_cast<std::uint16_t>(ev.priority),
                                   ev.arg};
    for (std::uint64_t w : words) {
        for (int i = 0; i < 8; ++i) {
            trace_hash_ ^= (w >> (8 * i)) & 0xffu;
            trace_hash_ *= 0x100000001b3ull;
        }
    }
}

void Kernel::run_until(Time until) {
    while (!run_slice(until, std::numeric_limits<std::uint64_t>::max())) {
    }
}

bool Kernel::run_slice(Time until, std::uint64_t max_events) {
    stopped_ = false;
    Event ev;
    for (std::uint64_t n = 0; n < max_events; ++n) {
        if (stopped_) return true;
        if (!queue_.pop_until(until, ev)) {
            if (until != Time::max() && until > now_) now_ = until;
            return true;
        }
        now_ = ev.time;
        ++events_handled_;
        if (trace_hash_on_) mix_into_trace(ev);
        handlers_[ev.target]->handle(*this, ev);
    }
    return stopped_;
}

}  // namespace memchain::sim
