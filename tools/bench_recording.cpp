// memchain-bench-recording: how many runs per second the recording process can take in when
// simulating costs nothing, the ceiling of an MPI ensemble (model/experiment/mpi_ensemble.hpp).
// One replication of the scenario is simulated once and encoded as a worker rank sends it;
// then an experiment of `runs` replications is recorded from that one result, each run decoded
// and written in run order by one lane, as rank 0 records the runs other ranks send.
//
//   memchain-bench-recording SCENARIO [runs=200] [db=FILE]

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>

#include "model/experiment/executor.hpp"
#include "model/experiment/run_codec.hpp"
#include "model/experiment/runner.hpp"
#include "model/record/recorder.hpp"
#include "model/scenario/loader.hpp"

namespace {

namespace model = memchain::model;
using Clock = std::chrono::steady_clock;

// One lane that hands back the same encoded run for every run number.
class ReplayExecutor final : public model::RunExecutor {
public:
    explicit ReplayExecutor(std::string encoded) : encoded_(std::move(encoded)) {}
    ~ReplayExecutor() override { join(); }
    [[nodiscard]] int lanes() const override { return 1; }
    void start(model::RunSource& source) override {
        thread_ = std::thread([this, &source] {
            while (const auto run = source.take())
                source.deliver(*run, model::decode_run(encoded_));
        });
    }
    void join() override {
        if (thread_.joinable()) thread_.join();
    }

private:
    std::string encoded_;
    std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> args;
    std::string scenario_path;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto eq = a.find('=');
        if (eq == std::string::npos)
            scenario_path = a;
        else
            args[a.substr(0, eq)] = a.substr(eq + 1);
    }
    if (scenario_path.empty()) {
        std::cerr << "usage: memchain-bench-recording SCENARIO [runs=200] [db=FILE]\n";
        return 2;
    }
    try {
        const int runs = args.count("runs") ? std::stoi(args["runs"]) : 200;
        const std::string db = args.count("db") ? args["db"] : "bench-recording.db";
        const model::Scenario scenario = model::load_scenario(scenario_path, {});
        model::ExperimentSpec spec;
        spec.label = scenario.name;
        spec.command = "memchain-bench-recording";
        spec.seed = scenario.seed;
        spec.replications = runs;
        spec.variants.push_back({"base", &scenario, "", model::scenario_hash(scenario)});

        auto simulate_start = Clock::now();
        const model::FinishedRun one = model::simulate_run(spec, 0, nullptr, {});
        const double simulate_seconds =
            std::chrono::duration<double>(Clock::now() - simulate_start).count();
        const std::string encoded = model::encode_run(one);

        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
        model::Recorder recorder(db);
        ReplayExecutor replay(encoded);
        model::ExperimentRunner runner(spec, &recorder, nullptr);
        const auto start = Clock::now();
        const model::ExperimentOutcome outcome = runner.run({&replay}, {});
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        std::cout << "scenario=" << scenario.name << " runs=" << outcome.completed()
                  << " message_bytes=" << encoded.size()
                  << " simulate_seconds_one_run=" << simulate_seconds
                  << " record_seconds=" << seconds
                  << " recording_ceiling_runs_per_s=" << static_cast<double>(runs) / seconds
                  << "\n";
    } catch (const std::exception& e) {
        std::cerr << "memchain-bench-recording: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
