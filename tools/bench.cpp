// memchain-bench: the kernel on two classic models, for comparison with other simulators.
//
//   memchain-bench model=hold pending=10000 events=10000000 seed=1 [compare=1]
//   memchain-bench model=mm1 customers=1000000 lambda=0.9 mu=1.0 seed=1
//
// Prints one key=value line per run. compare=1 also runs the same hold work on a bare
// std::priority_queue of (time, sequence) pairs and prints ratio=<kernel rate / bare rate>.
// For mm1, compare (on by default) runs the same M/M/1 work on a bare std::priority_queue and
// on an ns-3-like event loop (the steps ns-3's DefaultSimulatorImpl and PriorityQueueScheduler
// take per event, each named after the ns-3 source it follows) and prints the kernel's rate over
// each; every engine runs `rounds` times, interleaved, and its fastest round is printed.

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <queue>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel.hpp"
#include "sim/rng.hpp"
#include "sim/stats.hpp"
#include "tools/bench_ns3.hpp"

namespace {

using memchain::sim::Duration;
using memchain::sim::Event;
using memchain::sim::Kernel;
using memchain::sim::RandomStream;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double exponential(RandomStream& rng, double mean) {
    return boost::random::exponential_distribution<double>(1.0 / mean)(rng);
}

struct HoldResult {
    std::uint64_t events = 0;
    double seconds = 0.0;
    double final_time = 0.0;
};

// Each event schedules one more at now + Exp(mean 1 s), keeping `pending` events queued.
class HoldModel final : public memchain::sim::EventHandler {
public:
    HoldModel(Kernel& k, std::uint64_t seed, std::uint64_t budget) : rng_(seed), budget_(budget) {
        id_ = k.add_handler(*this);
    }
    void prime(Kernel& k, std::uint64_t pending) {
        for (std::uint64_t i = 0; i < pending; ++i)
            k.schedule_in(Duration::from_seconds(exponential(rng_, 1.0)), id_, 0);
    }
    void handle(Kernel& k, const Event&) override {
        if (++handled_ >= budget_) {
            k.stop();
            return;
        }
        k.schedule_in(Duration::from_seconds(exponential(rng_, 1.0)), id_, 0);
    }

private:
    RandomStream rng_;
    std::uint64_t budget_;
    std::uint64_t handled_ = 0;
    memchain::sim::HandlerId id_ = 0;
};

HoldResult run_hold_kernel(std::uint64_t pending, std::uint64_t events, std::uint64_t seed) {
    Kernel k;
    HoldModel model(k, seed, events);
    model.prime(k, pending);
    const auto start = Clock::now();
    k.run();
    return {k.events_handled(), seconds_since(start), k.now().to_seconds()};
}

HoldResult run_hold_bare(std::uint64_t pending, std::uint64_t events, std::uint64_t seed) {
    using Entry = std::pair<double, std::uint64_t>;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    RandomStream rng(seed);
    std::uint64_t sequence = 0;
    for (std::uint64_t i = 0; i < pending; ++i) queue.emplace(exponential(rng, 1.0), sequence++);
    const auto start = Clock::now();
    double now = 0.0;
    std::uint64_t handled = 0;
    while (!queue.empty()) {
        now = queue.top().first;
        queue.pop();
        if (++handled >= events) break;
        queue.emplace(now + exponential(rng, 1.0), sequence++);
    }
    return {handled, seconds_since(start), now};
}

// M/M/1 on the kernel: Poisson arrivals, one exponential server, FIFO.
class MM1 final : public memchain::sim::EventHandler {
public:
    enum Kind : std::uint8_t { Arrival, Departure };

    MM1(Kernel& k, std::uint64_t seed, double lambda, double mu, std::uint64_t customers)
        : arrivals_(seed),
          services_(memchain::sim::splitmix64(seed)),
          lambda_(lambda),
          mu_(mu),
          customers_(customers) {
        id_ = k.add_handler(*this);
        k.schedule_in(Duration::from_seconds(exponential(arrivals_, 1.0 / lambda_)), id_, Arrival);
    }
    void handle(Kernel& k, const Event& ev) override {
        switch (static_cast<Kind>(ev.kind)) {
        case Arrival: on_arrival(k); break;
        case Departure: on_departure(k); break;
        }
    }
    const memchain::sim::RunningStats& sojourn() const { return sojourn_; }

private:
    void on_arrival(Kernel& k) {
        queue_.push_back(k.now());
        if (++arrived_ < customers_)
            k.schedule_in(Duration::from_seconds(exponential(arrivals_, 1.0 / lambda_)), id_,
                          Arrival);
        if (!busy_) start_service(k);
    }
    void start_service(Kernel& k) {
        busy_ = true;
        k.schedule_in(Duration::from_seconds(exponential(services_, 1.0 / mu_)), id_, Departure);
    }
    void on_departure(Kernel& k) {
        sojourn_.add((k.now() - queue_.front()).to_seconds());
        queue_.pop_front();
        busy_ = false;
        if (!queue_.empty()) start_service(k);
    }

    RandomStream arrivals_;
    RandomStream services_;
    double lambda_, mu_;
    std::uint64_t customers_;
    std::uint64_t arrived_ = 0;
    std::deque<memchain::sim::Time> queue_;
    bool busy_ = false;
    memchain::sim::RunningStats sojourn_;
    memchain::sim::HandlerId id_ = 0;
};

struct MM1Result {
    std::uint64_t events = 0;
    double seconds = 0.0;
    double final_time = 0.0;
    double mean_sojourn = 0.0;
};

// The same M/M/1 work (same streams, same order) on a bare std::priority_queue of
// (time, sequence, kind) entries dispatched by a switch: no allocation per event, no
// cancellation, no handler table. A floor for any general kernel.
MM1Result run_mm1_bare(std::uint64_t seed, double lambda, double mu, std::uint64_t customers) {
    struct Entry {
        std::int64_t time;
        std::uint64_t sequence;
        std::uint8_t kind;
        bool operator>(const Entry& o) const {
            return time != o.time ? time > o.time : sequence > o.sequence;
        }
    };
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    RandomStream arrivals(seed);
    RandomStream services(memchain::sim::splitmix64(seed));
    std::deque<std::int64_t> waiting;
    memchain::sim::RunningStats sojourn;
    std::uint64_t sequence = 0, arrived = 0, events = 0;
    bool busy = false;
    std::int64_t now = 0;
    auto ticks = [](double seconds) { return Duration::from_seconds(seconds).ticks(); };
    queue.push({ticks(exponential(arrivals, 1.0 / lambda)), sequence++, 0});
    const auto start = Clock::now();
    auto start_service = [&] {
        busy = true;
        queue.push({now + ticks(exponential(services, 1.0 / mu)), sequence++, 1});
    };
    while (!queue.empty()) {
        const Entry e = queue.top();
        queue.pop();
        now = e.time;
        ++events;
        if (e.kind == 0) {
            waiting.push_back(now);
            if (++arrived < customers)
                queue.push({now + ticks(exponential(arrivals, 1.0 / lambda)), sequence++, 0});
            if (!busy) start_service();
        } else {
            sojourn.add(static_cast<double>(now - waiting.front()) * 1e-6);
            waiting.pop_front();
            busy = false;
            if (!waiting.empty()) start_service();
        }
    }
    return {events, seconds_since(start), static_cast<double>(now) * 1e-6, sojourn.mean()};
}

// The same M/M/1 work the way ns-3 runs it with DefaultSimulatorImpl and PriorityQueueScheduler.
// Each step follows ns-3's source (github.com/nsnam/ns-3-dev-git, src/core/model/), and the file
// it follows is named at the step. ns-3's optimized build compiles its logging and asserts out,
// and so does this sketch; it also leaves out, so that it is if anything faster than ns-3, the
// `g_markingTimes` test in every Time constructor (nstime.h), the Time objects themselves (plain
// integers here), and ns-3's calls across its shared library (here the compiler may inline or
// devirtualize). What is left per event: one allocation and one free; a reference taken and
// dropped by the EventId that Schedule returns, and the last one dropped after the event ran;
// virtual calls into the simulator (Schedule, Now, GetContext), the scheduler (Insert, IsEmpty,
// RemoveNext) and the event (Notify); and the simulator's counters.
namespace ns3_like {

// event-impl.h/.cc and simple-ref-count.h: an EventImpl is a SimpleRefCount (a plain uint32_t
// count that starts at 1; Unref deletes the event at zero, through its virtual destructor);
// Invoke calls the virtual Notify unless the event was cancelled.
class EventImpl {
public:
    EventImpl() = default;
    EventImpl(const EventImpl&) = delete;
    EventImpl& operator=(const EventImpl&) = delete;
    virtual ~EventImpl() = default;
    void invoke() {
        if (!cancel_) notify();
    }
    void ref() { ++count_; }
    void unref() {
        if (--count_ == 0) delete this;
    }

protected:
    virtual void notify() = 0;

private:
    std::uint32_t count_ = 1;
    bool cancel_ = false;
};

// make-event.h, MakeEvent(MEM, OBJ): a new EventMemberImpl0 holding the object and the member
// function; its Notify calls the one on the other.
template <class Model>
class MemberEvent final : public EventImpl {
public:
    MemberEvent(Model* model, void (Model::*method)()) : model_(model), method_(method) {}

private:
    void notify() override { (model_->*method_)(); }

    Model* model_;
    void (Model::*method_)();
};

// event-id.h/.cc: an EventId holds a Ptr<EventImpl> (ptr.h: a Ptr made from the raw pointer
// Refs it, and Unrefs it when destroyed) with the event's time stamp, context and uid. The
// model drops the EventId that Schedule returns.
class EventId {
public:
    EventId(EventImpl* impl, std::uint64_t ts, std::uint32_t context, std::uint32_t uid)
        : impl_(impl), ts_(ts), context_(context), uid_(uid) {
        impl_->ref();
    }
    EventId(const EventId&) = delete;
    EventId& operator=(const EventId&) = delete;
    ~EventId() { impl_->unref(); }

private:
    EventImpl* impl_;
    std::uint64_t ts_;
    std::uint32_t context_;
    std::uint32_t uid_;
};

// scheduler.h: Scheduler::Event is {EventImpl* impl; EventKey key}, EventKey is {uint64_t
// m_ts; uint32_t m_uid; uint32_t m_context}, and events order by (m_ts, m_uid).
struct SchedulerEvent {
    EventImpl* impl;
    std::uint64_t ts;
    std::uint32_t uid;
    std::uint32_t context;
};

bool operator>(const SchedulerEvent& a, const SchedulerEvent& b) {
    return a.ts > b.ts || (a.ts == b.ts && a.uid > b.uid);
}

// scheduler.h: the abstract Scheduler the simulator calls through a Ptr<Scheduler>.
class Scheduler {
public:
    Scheduler() = default;
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;
    virtual ~Scheduler() = default;
    virtual void insert(const SchedulerEvent& ev) = 0;
    [[nodiscard]] virtual bool is_empty() const = 0;
    virtual SchedulerEvent remove_next() = 0;
};

// priority-queue-scheduler.h/.cc: a std::priority_queue<Event, std::vector<Event>,
// std::greater<Event>>; Insert pushes, RemoveNext copies top() and pops.
class PriorityQueueScheduler : public Scheduler {
public:
    void insert(const SchedulerEvent& ev) override { queue_.push(ev); }
    [[nodiscard]] bool is_empty() const override { return queue_.empty(); }
    SchedulerEvent remove_next() override {
        const SchedulerEvent ev = queue_.top();
        queue_.pop();
        return ev;
    }

private:
    std::priority_queue<SchedulerEvent, std::vector<SchedulerEvent>, std::greater<>> queue_;
};

// simulator-impl.h: the abstract SimulatorImpl behind the static Simulator functions.
class SimulatorImpl {
public:
    SimulatorImpl() = default;
    SimulatorImpl(const SimulatorImpl&) = delete;
    SimulatorImpl& operator=(const SimulatorImpl&) = delete;
    virtual ~SimulatorImpl() = default;
    virtual EventId schedule(std::int64_t delay, EventImpl* event) = 0;
    [[nodiscard]] virtual std::int64_t now() const = 0;
    [[nodiscard]] virtual std::uint32_t get_context() const = 0;
    [[nodiscard]] virtual std::uint64_t get_event_count() const = 0;
    virtual void run() = 0;
};

// default-simulator-impl.h/.cc.
class DefaultSimulatorImpl : public SimulatorImpl {
public:
    explicit DefaultSimulatorImpl(std::unique_ptr<Scheduler> events) : events_(std::move(events)) {}

    // Schedule: the absolute time stamp, an EventKey with the current context and the next
    // uid, m_unscheduledEvents counted, the virtual Insert, an EventId returned.
    EventId schedule(std::int64_t delay, EventImpl* event) override {
        SchedulerEvent ev{event, static_cast<std::uint64_t>(delay + current_ts_), 0, 0};
        ev.context = get_context();
        ev.uid = uid_;
        ++uid_;
        ++unscheduled_events_;
        events_->insert(ev);
        return EventId(event, ev.ts, ev.context, ev.uid);
    }
    // Now: TimeStep(m_currentTs).
    [[nodiscard]] std::int64_t now() const override {
        return static_cast<std::int64_t>(current_ts_);
    }
    [[nodiscard]] std::uint32_t get_context() const override { return current_context_; }
    [[nodiscard]] std::uint64_t get_event_count() const override { return event_count_; }
    // Run: ProcessOneEvent until the scheduler is empty or Stop was called.
    void run() override {
        process_events_with_context();
        stop_ = false;
        while (!events_->is_empty() && !stop_) process_one_event();
    }

private:
    // ProcessOneEvent: the virtual RemoveNext, the counters, the current time stamp, context
    // and uid, Invoke, Unref (which frees the event), then ProcessEventsWithContext.
    void process_one_event() {
        const SchedulerEvent next = events_->remove_next();
        --unscheduled_events_;
        ++event_count_;
        current_ts_ = next.ts;
        current_context_ = next.context;
        current_uid_ = next.uid;
        next.impl->invoke();
        next.impl->unref();
        process_events_with_context();
    }
    // ProcessEventsWithContext: returns at once unless another thread has scheduled events
    // (which never happens here, so the cross-thread queue itself is left out).
    void process_events_with_context() const {
        if (events_with_context_empty_) return;
        throw std::logic_error("ns3_like: events from another thread are not modelled");
    }

    std::unique_ptr<Scheduler> events_;
    std::uint32_t uid_ = 4;  // the constructor: uids 0-3 are reserved
    std::uint32_t current_uid_ = 0;
    std::uint64_t current_ts_ = 0;
    std::uint32_t current_context_ = 0xffffffffu;  // Simulator::NO_CONTEXT
    std::uint64_t unscheduled_events_ = 0;
    std::uint64_t event_count_ = 0;
    bool events_with_context_empty_ = true;
    bool stop_ = false;
};

// simulator.h/.cc: Simulator::Schedule(delay, mem_ptr, obj) is DoSchedule(delay,
// MakeEvent(mem_ptr, obj)), and DoSchedule is GetImpl()->Schedule(delay, event); GetImpl
// creates the implementation on first use. Simulator::Now is GetImpl()->Now(). (ns-3 keeps
// the implementation in a static; one object per run here.)
class Simulator {
public:
    template <class Model>
    EventId schedule(std::int64_t delay, void (Model::*method)(), Model* model) {
        return do_schedule(delay, new MemberEvent<Model>(model, method));
    }
    [[nodiscard]] std::int64_t now() { return get_impl()->now(); }
    void run() { get_impl()->run(); }
    [[nodiscard]] std::uint64_t events() { return get_impl()->get_event_count(); }

private:
    EventId do_schedule(std::int64_t delay, EventImpl* event) {
        return get_impl()->schedule(delay, event);
    }
    SimulatorImpl* get_impl() {
        if (impl_ == nullptr)
            impl_ =
                std::make_unique<DefaultSimulatorImpl>(std::make_unique<PriorityQueueScheduler>());
        return impl_.get();
    }

    std::unique_ptr<SimulatorImpl> impl_;
};

class MM1 {
public:
    MM1(Simulator& sim, std::uint64_t seed, double lambda, double mu, std::uint64_t customers)
        : sim_(sim),
          arrivals_(seed),
          services_(memchain::sim::splitmix64(seed)),
          lambda_(lambda),
          mu_(mu),
          customers_(customers) {
        sim_.schedule(ticks(exponential(arrivals_, 1.0 / lambda_)), &MM1::arrival, this);
    }
    void arrival() {
        waiting_.push_back(sim_.now());
        if (++arrived_ < customers_)
            sim_.schedule(ticks(exponential(arrivals_, 1.0 / lambda_)), &MM1::arrival, this);
        if (!busy_) start_service();
    }
    void departure() {
        sojourn_.add(static_cast<double>(sim_.now() - waiting_.front()) * 1e-6);
        waiting_.pop_front();
        busy_ = false;
        if (!waiting_.empty()) start_service();
    }
    [[nodiscard]] double mean_sojourn() const { return sojourn_.mean(); }

private:
    static std::int64_t ticks(double seconds) { return Duration::from_seconds(seconds).ticks(); }
    void start_service() {
        busy_ = true;
        sim_.schedule(ticks(exponential(services_, 1.0 / mu_)), &MM1::departure, this);
    }

    Simulator& sim_;
    RandomStream arrivals_;
    RandomStream services_;
    double lambda_, mu_;
    std::uint64_t customers_;
    std::uint64_t arrived_ = 0;
    std::deque<std::int64_t> waiting_;
    bool busy_ = false;
    memchain::sim::RunningStats sojourn_;
};

}  // namespace ns3_like

MM1Result run_mm1_ns3_like(std::uint64_t seed, double lambda, double mu, std::uint64_t customers) {
    ns3_like::Simulator sim;
    ns3_like::MM1 model(sim, seed, lambda, mu, customers);
    const auto start = Clock::now();
    sim.run();
    return {sim.events(), seconds_since(start), static_cast<double>(sim.now()) * 1e-6,
            model.mean_sojourn()};
}

MM1Result run_mm1_kernel(std::uint64_t seed, double lambda, double mu, std::uint64_t customers) {
    Kernel k;
    MM1 mm1(k, seed, lambda, mu, customers);
    const auto start = Clock::now();
    k.run();
    return {k.events_handled(), seconds_since(start), k.now().to_seconds(), mm1.sojourn().mean()};
}

void print_mm1(const char* engine, const MM1Result& r) {
    std::cout << "model=mm1 engine=" << engine << " events=" << r.events << " seconds=" << r.seconds
              << " events_per_s=" << static_cast<double>(r.events) / r.seconds
              << " final_time=" << r.final_time << " mean_sojourn=" << r.mean_sojourn << "\n";
}

double rate(const MM1Result& r) {
    return static_cast<double>(r.events) / r.seconds;
}

std::map<std::string, std::string> parse_args(int argc, char** argv) {
    std::map<std::string, std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto eq = a.find('=');
        if (a == "--help" || a == "-h") {
            args.emplace("help", "1");
            continue;
        }
        if (eq == std::string::npos || eq == 0)
            throw std::invalid_argument("argument '" + a + "': expected key=value");
        args[a.substr(0, eq)] = a.substr(eq + 1);
    }
    return args;
}

template <class T>
T get(const std::map<std::string, std::string>& args, const std::string& key, T fallback) {
    const auto it = args.find(key);
    if (it == args.end()) return fallback;
    try {
        std::size_t used = 0;
        T value;
        if constexpr (std::is_floating_point_v<T>)
            value = static_cast<T>(std::stod(it->second, &used));
        else
            value = static_cast<T>(std::stoull(it->second, &used));
        if (used != it->second.size()) throw std::invalid_argument("trailing characters");
        return value;
    } catch (const std::exception&) {
        throw std::invalid_argument("argument '" + key + "=" + it->second + "': expected a number");
    }
}

void print_hold(const char* engine, const HoldResult& r) {
    std::cout << "model=hold engine=" << engine << " events=" << r.events
              << " seconds=" << r.seconds
              << " events_per_s=" << static_cast<double>(r.events) / r.seconds
              << " final_time=" << r.final_time << "\n";
}

constexpr const char* usage =
    "usage: memchain-bench model=hold [pending=10000] [events=10000000] [seed=1] [compare=1]\n"
    "       memchain-bench model=mm1 [customers=1000000] [lambda=0.9] [mu=1.0] [seed=1]\n"
    "                      [compare=1] [rounds=3]\n";

}  // namespace

int main(int argc, char** argv) {
    try {
        const auto args = parse_args(argc, argv);
        if (args.count("help")) {
            std::cout << usage;
            return 0;
        }
        for (const auto& [key, value] : args) {
            static const char* known[] = {"model",     "pending", "events", "seed",  "compare",
                                          "customers", "lambda",  "mu",     "rounds"};
            bool ok = false;
            for (const char* k : known) ok = ok || key == k;
            if (!ok) throw std::invalid_argument("unknown argument '" + key + "'");
        }
        const std::string model = args.count("model") ? args.at("model") : "hold";
        const auto seed = get<std::uint64_t>(args, "seed", 1);
        if (model == "hold") {
            const auto pending = get<std::uint64_t>(args, "pending", 10000);
            const auto events = get<std::uint64_t>(args, "events", 10000000);
            if (pending == 0 || events == 0)
                throw std::invalid_argument("pending and events must be positive");
            const HoldResult kernel = run_hold_kernel(pending, events, seed);
            print_hold("memchain", kernel);
            if (get<int>(args, "compare", 0)) {
                const HoldResult bare = run_hold_bare(pending, events, seed);
                print_hold("std::priority_queue", bare);
                const double ratio = (static_cast<double>(kernel.events) / kernel.seconds) /
                                     (static_cast<double>(bare.events) / bare.seconds);
                std::cout << "ratio=" << ratio << "\n";
            }
        } else if (model == "mm1") {
            const auto customers = get<std::uint64_t>(args, "customers", 1000000);
            const double lambda = get<double>(args, "lambda", 0.9);
            const double mu = get<double>(args, "mu", 1.0);
            if (customers == 0 || lambda <= 0 || mu <= 0)
                throw std::invalid_argument("customers, lambda and mu must be positive");
            // Fastest of `rounds` runs of each engine, interleaved, so that other work on the
            // machine slows all three alike.
            const auto rounds = std::max<std::uint64_t>(1, get<std::uint64_t>(args, "rounds", 3));
            const bool compare = get<int>(args, "compare", 1) != 0;
            const bool with_ns3 = compare && memchain::bench::have_ns3();
            MM1Result kernel, bare, ns3, real_ns3;
            for (std::uint64_t i = 0; i < rounds; ++i) {
                const MM1Result k = run_mm1_kernel(seed, lambda, mu, customers);
                if (i == 0 || k.seconds < kernel.seconds) kernel = k;
                if (!compare) continue;
                const MM1Result b = run_mm1_bare(seed, lambda, mu, customers);
                if (i == 0 || b.seconds < bare.seconds) bare = b;
                const MM1Result n = run_mm1_ns3_like(seed, lambda, mu, customers);
                if (i == 0 || n.seconds < ns3.seconds) ns3 = n;
                if (!with_ns3) continue;
                const auto r = memchain::bench::run_mm1_ns3(seed, lambda, mu, customers);
                if (i == 0 || r.seconds < real_ns3.seconds)
                    real_ns3 = {r.events, r.seconds, r.final_time, r.mean_sojourn};
            }
            print_mm1("memchain", kernel);
            if (compare) {
                print_mm1("std::priority_queue", bare);
                print_mm1("ns3-like", ns3);
                if (with_ns3) {
                    std::cout << "ns3_version=" << memchain::bench::ns3_version() << "\n";
                    print_mm1("ns-3", real_ns3);
                }
                std::cout << "ratio_to_bare=" << rate(kernel) / rate(bare)
                          << " ratio_to_ns3_like=" << rate(kernel) / rate(ns3);
                if (with_ns3) std::cout << " ratio_to_ns3=" << rate(kernel) / rate(real_ns3);
                std::cout << "\n";
            }
        } else {
            throw std::invalid_argument("model='" + model + "': expected hold or mm1");
        }
    } catch (const std::invalid_argument& e) {
        std::cerr << "memchain-bench: " << e.what() << "\n" << usage;
        return 2;
    }
    return 0;
}
