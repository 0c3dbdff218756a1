// memchain-bench: the kernel on two classic models, for comparison with other simulators.
//
//   memchain-bench model=hold pending=10000 events=10000000 seed=1 [compare=1]
//   memchain-bench model=mm1 customers=1000000 lambda=0.9 mu=1.0 seed=1
//
// Prints one key=value line per run. compare=1 also runs the same hold work on a bare
// std::priority_queue of (time, sequence) pairs and prints ratio=<kernel rate / bare rate>.

#include <boost/random/exponential_distribution.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <queue>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel.hpp"
#include "sim/rng.hpp"
#include "sim/stats.hpp"

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
    const memchain::sim::RunningStats& wait() const { return wait_; }

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
        wait_.add((k.now() - queue_.front()).to_seconds());
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
    memchain::sim::RunningStats sojourn_, wait_;
    memchain::sim::HandlerId id_ = 0;
};

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
    "       memchain-bench model=mm1 [customers=1000000] [lambda=0.9] [mu=1.0] [seed=1]\n";

}  // namespace

int main(int argc, char** argv) {
    try {
        const auto args = parse_args(argc, argv);
        if (args.count("help")) {
            std::cout << usage;
            return 0;
        }
        for (const auto& [key, value] : args) {
            static const char* known[] = {"model",   "pending",   "events", "seed",
                                          "compare", "customers", "lambda", "mu"};
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
            Kernel k;
            MM1 mm1(k, seed, lambda, mu, customers);
            const auto start = Clock::now();
            k.run();
            const double seconds = seconds_since(start);
            std::cout << "model=mm1 events=" << k.events_handled() << " seconds=" << seconds
                      << " events_per_s=" << static_cast<double>(k.events_handled()) / seconds
                      << " final_time=" << k.now().to_seconds()
                      << " customers=" << mm1.sojourn().count()
                      << " mean_sojourn=" << mm1.sojourn().mean()
                      << " mean_wait=" << mm1.wait().mean() << "\n";
        } else {
            throw std::invalid_argument("model='" + model + "': expected hold or mm1");
        }
    } catch (const std::invalid_argument& e) {
        std::cerr << "memchain-bench: " << e.what() << "\n" << usage;
        return 2;
    }
    return 0;
}
