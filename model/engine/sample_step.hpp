#pragma once
// A part of the run that acts once per sample interval, from day 0 to the horizon, at a fixed
// priority among the events of its time: the makers' decisions (expansions, cuts, surges) at
// 998, the markets at 999, just before the sampler (1000), and the wafer mixes at 1001, after
// it. Its step() runs, then the next one is scheduled (Context::schedule_next_sample).

#include <cstdint>

#include "sim/kernel.hpp"

namespace memchain::model {

class Context;

class SampleStep : public sim::EventHandler {
public:
    void set_handler(sim::HandlerId id) { handler_ = id; }
    // The first step, on day 0.
    void start(sim::Kernel& k) { k.schedule_at(sim::Time::zero(), handler_, 0, 0, priority_); }
    void handle(sim::Kernel& k, const sim::Event& ev) final;

protected:
    SampleStep(Context& ctx, std::int16_t priority) : ctx_(ctx), priority_(priority) {}
    virtual void step(sim::Kernel& k) = 0;

    Context& ctx_;

private:
    sim::HandlerId handler_ = 0;
    std::int16_t priority_;
};

}  // namespace memchain::model
