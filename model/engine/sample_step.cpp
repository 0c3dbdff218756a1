#include "model/engine/sample_step.hpp"

#include "model/engine/context.hpp"

namespace memchain::model {

void SampleStep::handle(sim::Kernel& k, const sim::Event&) {
    step(k);
    ctx_.schedule_next_sample(k, handler_, 0, priority_);
}

}  // namespace memchain::model
