#include "model/experiment/mpi_ensemble.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "model/experiment/executor.hpp"

#ifdef MEMCHAIN_WITH_MPI
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "model/experiment/run_codec.hpp"
#include "sim/rng.hpp"
#endif

namespace memchain::model {

namespace {

int world_rank = 0;
int world_size = 1;

// Ranks the launcher says this process is one of (OpenMPI's mpirun, PMI/PMIx under srun).
int launched_ranks() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"})
        if (const char* v = std::getenv(name)) return std::max(1, std::atoi(v));
    return std::getenv("PMIX_RANK") || std::getenv("PMI_RANK") ? 2 : 1;
}

}  // namespace

int MpiSession::rank() {
    return world_rank;
}
int MpiSession::ranks() {
    return world_size;
}

#ifndef MEMCHAIN_WITH_MPI

bool MpiSession::built_with_mpi() {
    return false;
}

MpiSession::MpiSession(int&, char**&) {
    if (launched_ranks() > 1)
        throw std::runtime_error(
            "launched as one of several MPI ranks, but this memchain was built without MPI "
            "(install libopenmpi-dev and rebuild); every rank would record its own experiment");
}

MpiSession::~MpiSession() = default;

ExperimentOutcome run_ensemble(const ExperimentSpec& spec, Recorder* recorder,
                               const std::atomic<bool>* stop, const ProgressCallback& progress) {
    return run_experiment(spec, recorder, stop, progress);
}

int serve_runs(const ExperimentSpec&, const std::atomic<bool>*) {
    throw std::logic_error("serve_runs: only rank 0 exists without MPI");
}

std::optional<std::string> share_decision(const std::string& word) {
    return word;
}

#else

bool MpiSession::built_with_mpi() {
    return true;
}

namespace {
bool initialised = false;
bool root_lost = false;        // a worker rank found rank 0 gone: MPI_Finalize would wait for it
bool worker_lost = false;      // rank 0 lost a worker rank: the same
bool ensemble_served = false;  // rank 0 lends runs, so its executor ends the other ranks
// Ranks rank 0 lost in an earlier experiment of this process: the next ones do not wait for
// them.
std::vector<bool> lost_for_good;
}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
    if (launched_ranks() == 1) return;
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
    initialised = true;
    if (provided < MPI_THREAD_SERIALIZED)
        throw std::runtime_error("the MPI library cannot be used from a thread other than main");
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
}

namespace {

using Clock = std::chrono::steady_clock;

// Messages between rank 0 and a worker rank. Worker → 0: Hello (fingerprint, lanes), Result
// (run number, encoded run), Beat (nothing: still here), Bye (all done). 0 → worker: Work (run
// number), Stop (end the runs in progress: a stop request), Done (nothing more will come), Beat,
// and between two experiments of one command Word (what comes next: share_decision).
// Each side speaks at least every beat_interval, so a silence of silence_limit() means the other
// is gone.
enum Tag : int { Hello = 1, Work, Stop, Done, Result, Beat, Bye, Word };

struct HelloMessage {
    std::uint64_t fingerprint = 0;
    std::int32_t lanes = 0;
};

constexpr auto beat_interval = std::chrono::milliseconds(250);
constexpr auto stop_grace = std::chrono::milliseconds(300);
constexpr auto idle_pause = std::chrono::microseconds(500);

// What every rank must agree on: the runs and what each simulates.
std::uint64_t fingerprint(const ExperimentSpec& spec) {
    std::uint64_t h = sim::fnv1a64(spec.command);
    h = sim::fnv1a64(std::to_string(spec.seed) + "/" + std::to_string(spec.replications), h);
    for (const ExperimentVariant& v : spec.variants) {
        h = sim::fnv1a64(v.name + "\x1f" + v.parameters + "\x1f", h);
        h = sim::fnv1a64(v.scenario->resolved_text, h);
    }
    return h;
}

std::chrono::milliseconds silence_limit() {
    const char* v = std::getenv("MEMCHAIN_MPI_TIMEOUT");
    const double seconds = v ? std::atof(v) : 10.0;
    return std::chrono::milliseconds(static_cast<long>(1000.0 * (seconds > 0.0 ? seconds : 10.0)));
}

// Buffers of messages given up on: MPI may still read or write them, so they live until exit.
std::deque<std::vector<char> >& abandoned() {
    static std::deque<std::vector<char> > buffers;
    return buffers;
}

// Waits for `request` until `deadline`; on failure or time-out the request is left behind with
// its buffer. A plain send to a rank that is gone, or a receive of a message whose sender died
// half-way, never returns.
bool complete(MPI_Request& request, std::vector<char>& buffer, Clock::time_point deadline) {
    for (;;) {
        int done = 0;
        if (MPI_Test(&request, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS) break;
        if (done) return true;
        if (Clock::now() > deadline) break;
        std::this_thread::sleep_for(idle_pause);
    }
    abandoned().push_back(std::move(buffer));
    return false;
}

struct Message {
    int from = 0;
    int tag = 0;
    std::vector<char> bytes;
};

// A message on its way in or out: a large one travels in parts, so it can stop half-way when
// the other rank dies.
struct Transfer {
    MPI_Request request = MPI_REQUEST_NULL;
    Message message;
    Clock::time_point since = Clock::now();
};

// Starts sending a copy of `data` to `to`; none when MPI refuses it.
std::optional<Transfer> begin_send(int to, Tag tag, const void* data, std::size_t bytes) {
    Transfer t;
    t.message.tag = tag;
    t.message.bytes.assign(static_cast<const char*>(data),
                           static_cast<const char*>(data) + (data ? bytes : 0));
    if (MPI_Isend(t.message.bytes.data(), static_cast<int>(t.message.bytes.size()), MPI_BYTE, to,
                  tag, MPI_COMM_WORLD, &t.request) != MPI_SUCCESS)
        return std::nullopt;
    return t;
}

// A message to `to`, given up on once `deadline` passes.
bool send(int to, Tag tag, const void* data, std::size_t bytes, Clock::time_point deadline) {
    auto t = begin_send(to, tag, data, bytes);
    return t && complete(t->request, t->message.bytes, deadline);
}

bool send(int to, Tag tag, const void* data, std::size_t bytes) {
    return send(to, tag, data, bytes, Clock::now() + silence_limit());
}

// Starts receiving the next message from `from`, if one has begun to arrive.
std::optional<Transfer> begin_receive(int from) {
    int arrived = 0;
    MPI_Status status;
    if (MPI_Iprobe(from, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status) != MPI_SUCCESS || !arrived)
        return std::nullopt;
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    Transfer t;
    t.message = Message{status.MPI_SOURCE, status.MPI_TAG,
                        std::vector<char>(static_cast<std::size_t>(std::max(0, count)))};
    if (MPI_Irecv(t.message.bytes.data(), count, MPI_BYTE, t.message.from, t.message.tag,
                  MPI_COMM_WORLD, &t.request) != MPI_SUCCESS)
        t.request = MPI_REQUEST_NULL;
    return t;
}

// The next message from `from`, if one has arrived whole within a silence limit. A message
// that stops half-way is left behind.
std::optional<Message> poll(int from) {
    auto t = begin_receive(from);
    if (!t || t->request == MPI_REQUEST_NULL ||
        !complete(t->request, t->message.bytes, Clock::now() + silence_limit()))
        return std::nullopt;
    return std::move(t->message);
}

// Rank 0's lanes on the other ranks: one thread here lends runs, collects results and watches
// for silent ranks. A result is delivered to the runner's board, which records it in order.
class MpiExecutor final : public RunExecutor {
public:
    MpiExecutor(const ExperimentSpec& spec, const std::atomic<bool>* stop)
        : stop_(stop), fingerprint_(fingerprint(spec)), silence_limit_(silence_limit()) {
        peers_.resize(static_cast<std::size_t>(std::max(0, MpiSession::ranks() - 1)));
        lost_for_good.resize(peers_.size() + 1, false);
        for (std::size_t i = 0; i < peers_.size(); ++i) {
            peers_[i].rank = static_cast<int>(i) + 1;
            peers_[i].lost = lost_for_good[i + 1];
        }
        expected_lanes_ = std::max(1, spec.threads);
    }
    ~MpiExecutor() override { join(); }

    [[nodiscard]] int lanes() const override {
        return expected_lanes_ * static_cast<int>(peers_.size());
    }
    void start(RunSource& source) override {
        ensemble_served = true;  // from here on, serve() tells the ranks when it is over
        thread_ = std::thread([this, &source] { serve(source); });
    }
    void join() override {
        if (thread_.joinable()) thread_.join();
    }
    [[nodiscard]] std::vector<std::string> lost() const { return lost_; }

private:
    struct Peer {
        int rank = 0;
        int lanes = 0;  // 0 until it says hello
        bool lost = false;
        bool done = false;  // told Done
        bool bye = false;
        std::vector<std::size_t> in_flight;
        Clock::time_point heard = Clock::now();
        std::optional<Transfer> incoming;
        std::deque<Transfer> outgoing;  // sent, not yet taken by the rank
    };

    void serve(RunSource& source);
    bool post(Peer& peer, Tag tag, const void* data, std::size_t bytes);
    void watch_sends(RunSource& source);
    void beat();
    bool receive(RunSource& source);
    void on_hello(Peer& peer, const Message& m, RunSource& source);
    void on_result(Peer& peer, const Message& m, RunSource& source);
    bool lend(RunSource& source);
    void watch_silence(RunSource& source);
    void pass_on_stop(RunSource& source);
    void give_back(Peer& peer, RunSource& source, RunStatus status, const std::string& why);
    void lose(Peer& peer, RunSource& source, const std::string& why);
    [[nodiscard]] bool runs_out() const;
    [[nodiscard]] bool all_gone() const;
    [[nodiscard]] bool stopping() const { return stop_ && stop_->load(); }

    const std::atomic<bool>* stop_;
    std::uint64_t fingerprint_;
    std::chrono::milliseconds silence_limit_;
    int expected_lanes_ = 1;
    std::vector<Peer> peers_;
    std::vector<std::string> lost_;
    std::optional<Clock::time_point> stop_sent_;
    Clock::time_point beaten_ = Clock::now();
    std::thread thread_;
};

// Lends runs until nothing more will be handed out and every lent run is back, then tells
// every rank it is done and waits for each to say bye (or fall silent).
void MpiExecutor::serve(RunSource& source) {
    for (;;) {
        bool busy = receive(source);
        watch_sends(source);
        watch_silence(source);
        pass_on_stop(source);
        busy = lend(source) || busy;
        beat();
        if (source.exhausted() && !runs_out()) break;
        if (!busy) std::this_thread::sleep_for(idle_pause);
    }
    for (Peer& p : peers_) {
        if (p.lost) continue;
        p.done = post(p, Done, nullptr, 0);
        if (!p.done) lose(p, source, "could not be told the experiment is over");
    }
    auto sending = [&] {
        return std::any_of(peers_.begin(), peers_.end(),
                           [](const Peer& p) { return !p.outgoing.empty(); });
    };
    while (!all_gone() || sending()) {
        if (!receive(source)) std::this_thread::sleep_for(idle_pause);
        watch_sends(source);
        watch_silence(source);
    }
}

// Tells every rank still in the experiment that rank 0 is alive (a rank waiting for work hears
// nothing else).
void MpiExecutor::beat() {
    if (Clock::now() - beaten_ < beat_interval) return;
    beaten_ = Clock::now();
    for (Peer& p : peers_)
        if (!p.lost && !p.done) post(p, Beat, nullptr, 0);
}

// Takes what every rank still in the experiment has sent, without waiting: a message that has
// begun to arrive is finished on a later call, and one that stops half-way for a silence limit
// loses its rank.
bool MpiExecutor::receive(RunSource& source) {
    bool any = false;
    for (Peer& peer : peers_) {
        // Bye is a rank's last word on this experiment: what follows (its hello to the next
        // experiment of the same command) waits for the next executor.
        while (!peer.lost && !peer.bye) {
            if (!peer.incoming) {
                peer.incoming = begin_receive(peer.rank);
                if (!peer.incoming) break;
                peer.heard = Clock::now();
            }
            int done = 0;
            if (peer.incoming->request == MPI_REQUEST_NULL ||
                MPI_Test(&peer.incoming->request, &done, MPI_STATUS_IGNORE) != MPI_SUCCESS) {
                lose(peer, source, "sent a message that could not be received");
                break;
            }
            if (!done) {
                if (Clock::now() - peer.incoming->since > silence_limit_)
                    lose(peer, source, "was lost (a message from it stopped half-way)");
                break;
            }
            const Message m = std::move(peer.incoming->message);
            peer.incoming.reset();
            any = true;
            peer.heard = Clock::now();
            switch (m.tag) {
            case Hello: on_hello(peer, m, source); break;
            case Result: on_result(peer, m, source); break;
            case Bye: peer.bye = true; break;
            default: break;  // Beat: heard is enough
            }
        }
    }
    return any;
}

// Sends without waiting; watch_sends() loses a rank that does not take a message within a
// silence limit.
bool MpiExecutor::post(Peer& peer, Tag tag, const void* data, std::size_t bytes) {
    auto t = begin_send(peer.rank, tag, data, bytes);
    if (!t) return false;
    peer.outgoing.push_back(std::move(*t));
    return true;
}

void MpiExecutor::watch_sends(RunSource& source) {
    for (Peer& peer : peers_) {
        while (!peer.outgoing.empty()) {
            Transfer& t = peer.outgoing.front();
            int done = 0;
            if (MPI_Test(&t.request, &done, MPI_STATUS_IGNORE) == MPI_SUCCESS && done) {
                peer.outgoing.pop_front();
                continue;
            }
            if (!peer.lost && Clock::now() - t.since > silence_limit_)
                lose(peer, source, "was lost (it took no message for a silence limit)");
            break;
        }
        if (peer.lost)  // what it never took is left behind
            while (!peer.outgoing.empty()) {
                abandoned().push_back(std::move(peer.outgoing.front().message.bytes));
                peer.outgoing.pop_front();
            }
    }
}

void MpiExecutor::on_hello(Peer& peer, const Message& m, RunSource& source) {
    HelloMessage hello;
    if (m.bytes.size() == sizeof hello) std::memcpy(&hello, m.bytes.data(), sizeof hello);
    if (hello.fingerprint != fingerprint_) {
        lose(peer, source, "runs a different experiment (a scenario or flag differs)");
        peer.done = post(peer, Done, nullptr, 0);
        return;
    }
    peer.lanes = std::max(1, static_cast<int>(hello.lanes));
}

void MpiExecutor::on_result(Peer& peer, const Message& m, RunSource& source) {
    std::uint64_t run = 0;
    if (m.bytes.size() < sizeof run) return lose(peer, source, "sent a malformed result");
    std::memcpy(&run, m.bytes.data(), sizeof run);
    auto it = std::find(peer.in_flight.begin(), peer.in_flight.end(), run);
    if (it == peer.in_flight.end()) return;  // given back already (after a stop)
    peer.in_flight.erase(it);
    FinishedRun finished;
    try {
        finished = decode_run(std::span<const char>(m.bytes).subspan(sizeof run));
    } catch (const std::exception& e) {
        finished = FinishedRun{};
        finished.status = RunStatus::Failed;
        finished.error = "rank " + std::to_string(peer.rank) + ": " + e.what();
    }
    source.deliver(static_cast<std::size_t>(run), std::move(finished));
}

// Gives every rank that has said hello runs up to its thread count.
bool MpiExecutor::lend(RunSource& source) {
    bool any = false;
    for (Peer& p : peers_) {
        while (!p.lost && !stop_sent_ && static_cast<int>(p.in_flight.size()) < p.lanes) {
            const auto run = source.try_take();
            if (!run) return any;
            const std::uint64_t number = *run;
            p.in_flight.push_back(*run);
            any = true;
            if (!post(p, Work, &number, sizeof number)) lose(p, source, "refused work");
        }
    }
    return any;
}

void MpiExecutor::watch_silence(RunSource& source) {
    const auto now = Clock::now();
    for (Peer& p : peers_) {
        if (p.lost || p.bye || now - p.heard < silence_limit_) continue;
        lose(p, source,
             "was lost (no word from it for " + std::to_string(silence_limit_.count() / 1000) +
                 " s)");
    }
}

// A stop request goes on to every rank; runs not back a moment later count as interrupted
// (which is what they would come back as).
void MpiExecutor::pass_on_stop(RunSource& source) {
    if (!stopping()) return;
    if (!stop_sent_) {
        stop_sent_ = Clock::now();
        for (Peer& p : peers_)
            if (!p.lost) post(p, Stop, nullptr, 0);
        return;
    }
    if (Clock::now() - *stop_sent_ < stop_grace) return;
    for (Peer& p : peers_) give_back(p, source, RunStatus::Interrupted, "");
}

void MpiExecutor::give_back(Peer& peer, RunSource& source, RunStatus status,
                            const std::string& why) {
    for (std::size_t run : peer.in_flight) {
        FinishedRun finished;
        finished.status = status;
        finished.error = why;
        source.deliver(run, std::move(finished));
    }
    peer.in_flight.clear();
}

void MpiExecutor::lose(Peer& peer, RunSource& source, const std::string& why) {
    const std::string what = "rank " + std::to_string(peer.rank) + " " + why;
    peer.lost = true;
    worker_lost = true;
    lost_for_good[static_cast<std::size_t>(peer.rank)] = true;
    if (peer.incoming) abandoned().push_back(std::move(peer.incoming->message.bytes));
    peer.incoming.reset();
    lost_.push_back(what);
    give_back(peer, source, RunStatus::Failed, what);
}

bool MpiExecutor::runs_out() const {
    for (const Peer& p : peers_)
        if (!p.in_flight.empty()) return true;
    return false;
}

bool MpiExecutor::all_gone() const {
    for (const Peer& p : peers_)
        if (!p.lost && !p.bye) return false;
    return true;
}

// A worker rank's source: runs arrive from rank 0, results wait in an outbox for the main
// thread to send.
class LentRuns final : public RunSource {
public:
    std::optional<std::size_t> take() override {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !queue_.empty() || closed_; });
        return pop_locked();
    }
    std::optional<std::size_t> try_take() override {
        std::lock_guard lock(mutex_);
        return pop_locked();
    }
    bool exhausted() const override {
        std::lock_guard lock(mutex_);
        return closed_ && queue_.empty();
    }
    void deliver(std::size_t run, FinishedRun finished) override {
        std::string message(sizeof(std::uint64_t), '\0');
        const std::uint64_t number = run;
        std::memcpy(message.data(), &number, sizeof number);
        message += encode_run(finished);
        std::lock_guard lock(mutex_);
        outbox_.push_back(std::move(message));
        ++delivered_;
    }

    void lend(std::size_t run) {
        {
            std::lock_guard lock(mutex_);
            queue_.push_back(run);
            ++lent_;
        }
        changed_.notify_one();
    }
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        changed_.notify_all();
    }
    std::optional<std::string> next_result() {
        std::lock_guard lock(mutex_);
        if (outbox_.empty()) return std::nullopt;
        std::string m = std::move(outbox_.front());
        outbox_.pop_front();
        return m;
    }
    // Closed, and every run lent has been simulated and its result sent.
    bool finished() const {
        std::lock_guard lock(mutex_);
        return closed_ && queue_.empty() && delivered_ == lent_ && outbox_.empty();
    }

private:
    std::optional<std::size_t> pop_locked() {
        if (queue_.empty()) return std::nullopt;
        const std::size_t run = queue_.front();
        queue_.pop_front();
        return run;
    }

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::size_t> queue_;
    std::deque<std::string> outbox_;
    std::size_t lent_ = 0;
    std::size_t delivered_ = 0;
    bool closed_ = false;
};

}  // namespace

MpiSession::~MpiSession() {
    if (!initialised) return;
    // Rank 0 ended before its runs were lent (bad input, a database it could not write): the ranks
    // waiting for runs are told there are none, so that they end too.
    if (world_rank == 0 && !ensemble_served)
        for (int r = 1; r < world_size; ++r) send(r, Done, nullptr, 0);
    // MPI_Finalize waits for every rank, a dead one too (under --enable-recovery): a rank that
    // knows of a loss skips it, and one that does not (a worker that finished its runs while
    // another worker died) leaves once finalizing has taken a silence limit. After a loss the
    // library may hang at exit too (a progress thread waiting on the dead rank), so the same
    // watchdog ends the process then, with exit 1. Everything it had to say is said by now.
    std::fflush(nullptr);
    const bool lost = root_lost || worker_lost;
    std::thread([limit = silence_limit(), lost] {
        std::this_thread::sleep_for(limit);
        std::fflush(nullptr);
        std::_Exit(lost ? 1 : 0);
    }).detach();
    if (!lost) MPI_Finalize();
}

ExperimentOutcome run_ensemble(const ExperimentSpec& spec, Recorder* recorder,
                               const std::atomic<bool>* stop, const ProgressCallback& progress) {
    if (MpiSession::ranks() == 1) return run_experiment(spec, recorder, stop, progress);
    ExperimentRunner runner(spec, recorder, stop);
    ThreadExecutor threads(spec, stop, std::max(1, spec.threads));
    MpiExecutor ranks(spec, stop);
    ExperimentOutcome out = runner.run({&threads, &ranks}, progress);
    out.lost_ranks = ranks.lost();
    return out;
}

namespace {

// What rank 0 said since last time: runs lent to `source`, a stop request, the end. Returns
// whether anything came.
bool take_messages(LentRuns& source, std::atomic<bool>& stop) {
    bool any = false;
    while (auto m = poll(0)) {
        any = true;
        std::uint64_t run = 0;
        switch (m->tag) {
        case Work:
            std::memcpy(&run, m->bytes.data(), std::min(m->bytes.size(), sizeof run));
            source.lend(static_cast<std::size_t>(run));
            break;
        case Stop: stop = true; break;
        case Done: source.close(); break;
        default: break;  // Beat: still there
        }
    }
    return any;
}

}  // namespace

// The main thread speaks MPI; the lanes simulate. Once rank 0 has spoken, a silence of
// silence_limit() means it is gone (killed, under mpirun --enable-recovery): the runs in
// progress stop and the rank ends with exit code 1, its results unsent.
int serve_runs(const ExperimentSpec& spec, const std::atomic<bool>* interrupt) {
    std::atomic<bool> stop{false};
    LentRuns source;
    ThreadExecutor lanes(spec, &stop, std::max(1, spec.threads));
    const HelloMessage hello{fingerprint(spec), lanes.lanes()};
    send(0, Hello, &hello, sizeof hello);
    auto spoke = Clock::now();
    std::optional<Clock::time_point> heard;
    const auto limit = silence_limit();
    auto root_gone = [&] {
        // One write, so that the lines of ranks sharing a terminal do not interleave.
        std::ostringstream line;
        line << "memchain: rank " << world_rank << ": rank 0 is gone (no word from it for "
             << static_cast<double>(limit.count()) / 1000.0 << " s); its runs here end unsent\n";
        std::cerr << line.str() << std::flush;
        root_lost = true;
        stop = true;
        source.close();
        lanes.join();
        return 1;
    };
    lanes.start(source);
    while (!source.finished()) {
        bool busy = take_messages(source, stop);
        if (busy) heard = Clock::now();
        if (interrupt && interrupt->load()) stop = true;
        const auto deadline = heard.value_or(Clock::now()) + limit;
        if (heard && Clock::now() > deadline) return root_gone();
        while (auto result = source.next_result()) {
            busy = true;
            if (!send(0, Result, result->data(), result->size(),
                      heard ? deadline : Clock::time_point::max()))
                return root_gone();
            spoke = Clock::now();
        }
        if (Clock::now() - spoke >= beat_interval) {
            if (!send(0, Beat, nullptr, 0, heard ? deadline : Clock::time_point::max()))
                return root_gone();
            spoke = Clock::now();
        }
        if (!busy) std::this_thread::sleep_for(idle_pause);
    }
    lanes.join();
    send(0, Bye, nullptr, 0);
    return stop ? 130 : 0;
}

std::optional<std::string> share_decision(const std::string& word) {
    if (world_size == 1) return word;
    if (world_rank == 0) {
        lost_for_good.resize(static_cast<std::size_t>(world_size), false);
        for (int r = 1; r < world_size; ++r)
            if (!lost_for_good[static_cast<std::size_t>(r)] &&
                !send(r, Word, word.data(), word.size())) {
                lost_for_good[static_cast<std::size_t>(r)] = true;
                worker_lost = true;
            }
        return word;
    }
    const auto limit = silence_limit();
    const auto deadline = Clock::now() + limit;
    while (Clock::now() <= deadline) {
        while (auto m = poll(0))
            if (m->tag == Word) return std::string(m->bytes.begin(), m->bytes.end());
        std::this_thread::sleep_for(idle_pause);
    }
    std::ostringstream line;
    line << "memchain: rank " << world_rank << ": rank 0 is gone (no word from it for "
         << static_cast<double>(limit.count()) / 1000.0 << " s)\n";
    std::cerr << line.str() << std::flush;
    root_lost = true;
    return std::nullopt;
}

#endif

}  // namespace memchain::model
