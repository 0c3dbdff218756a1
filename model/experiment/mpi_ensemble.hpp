#pragma once
// Experiments across the ranks of an MPI job (`mpirun -np K memchain run ...`, or `srun`).
// Rank 0 owns the database: it numbers the runs and records every one of them in run order,
// exactly as one process would (runner.hpp), so the database content is the same for one
// process with any thread count and for K ranks with T threads each. It simulates on its own
// threads too, and lends the other ranks runs one at a time, up to their thread count; they
// simulate on their threads and send each result back in the compact form of run_codec.hpp.
// Every rank parses the same command line and loads the same scenarios; rank 0 refuses a
// rank whose experiment differs (a scenario file that is not the same on every machine).
//
// Faults: a rank that says nothing for `MEMCHAIN_MPI_TIMEOUT` seconds (default 10; workers
// speak at least four times a second) is lost: its runs in progress are marked failed and no
// more are given to it; the other ranks finish the experiment. Rank 0 speaks to every rank as
// often; a worker that hears nothing from it for as long ends (exit 1), and the runs rank 0 left
// `running` are marked interrupted by the next process to open the file. Plain `mpirun` ends
// the whole job when one rank dies; `mpirun --enable-recovery` (OpenMPI 4) lets the others
// finish. A stop
// request (Ctrl-C: mpirun passes it on to every rank as SIGTERM, and SIGKILL follows about a
// second later) marks the runs in progress interrupted within a few tenths of a second.
//
// Built with MPI when CMake finds it (MEMCHAIN_MPI=AUTO|ON|OFF); without it, a process
// launched as one of several ranks refuses to start rather than record K experiments.

#include <atomic>
#include <optional>
#include <string>

#include "model/experiment/runner.hpp"

namespace memchain::model {

class Recorder;

// Starts MPI when this process was started by an MPI launcher; a world of one otherwise.
// One per process, created in main before any thread starts. Throws InputError-like
// std::runtime_error when launched as several ranks by a memchain built without MPI.
class MpiSession {
public:
    MpiSession(int& argc, char**& argv);
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;

    [[nodiscard]] static int rank();   // 0 outside MPI
    [[nodiscard]] static int ranks();  // 1 outside MPI
    [[nodiscard]] static bool built_with_mpi();
};

// This process records (rank 0, or the only process).
[[nodiscard]] inline bool is_recording_rank() {
    return MpiSession::rank() == 0;
}

// On rank 0: the experiment on this process's threads and every other rank's. Outside MPI
// (or with one rank), run_experiment.
ExperimentOutcome run_ensemble(const ExperimentSpec& spec, Recorder* recorder,
                               const std::atomic<bool>* stop, const ProgressCallback& progress);

// On every other rank: simulates the runs rank 0 lends until it says the experiment is over.
// Returns the process's exit code: 0, 130 when a stop request ended it, or 1 when rank 0 is
// gone.
int serve_runs(const ExperimentSpec& spec, const std::atomic<bool>* stop);

// Between the experiments of a command whose next experiment depends on the last one's results
// (the probe's ladder: which constraint to lift, by how much), rank 0 decides and every rank
// follows its word. On rank 0, or outside MPI: sends `word` to every rank not lost and returns
// it. On another rank: waits up to a silence limit for rank 0's word and returns it (`word` is
// not used); none when rank 0 is gone.
[[nodiscard]] std::optional<std::string> share_decision(const std::string& word);

}  // namespace memchain::model
