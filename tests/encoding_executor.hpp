#pragma once
// Lanes that pass every result through its binary form (run_codec.hpp), as an MPI worker rank
// does: for tests that an experiment recorded from such results is the one threads record.

#include <string>
#include <thread>

#include "model/experiment/executor.hpp"
#include "model/experiment/run_codec.hpp"

namespace memchain::testing {

class EncodingExecutor final : public model::RunExecutor {
public:
    explicit EncodingExecutor(const model::ExperimentSpec& spec) : spec_(spec) {}
    ~EncodingExecutor() override { join(); }
    EncodingExecutor(const EncodingExecutor&) = delete;
    EncodingExecutor& operator=(const EncodingExecutor&) = delete;

    [[nodiscard]] int lanes() const override { return 1; }
    void start(model::RunSource& source) override {
        thread_ = std::thread([this, &source] {
            while (const auto run = source.take()) {
                const std::string bytes =
                    model::encode_run(model::simulate_run(spec_, *run, nullptr, {}));
                source.deliver(*run, model::decode_run(bytes));
            }
        });
    }
    void join() override {
        if (thread_.joinable()) thread_.join();
    }

private:
    const model::ExperimentSpec& spec_;
    std::thread thread_;
};

}  // namespace memchain::testing
