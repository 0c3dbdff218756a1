#include "tools/bench_ns3.hpp"

#include <stdexcept>

#ifdef MEMCHAIN_BENCH_NS3

#include <ns3/nstime.h>
#include <ns3/object-factory.h>
#include <ns3/simulator.h>
#include <ns3/version-defines.h>
#include <boost/random/exponential_distribution.hpp>
#include <chrono>
#include <deque>

#include "sim/rng.hpp"
#include "sim/stats.hpp"
#include "sim/time.hpp"

namespace memchain::bench {

namespace {

// The model of the other engines in tools/bench.cpp, step for step: Poisson arrivals, one
// exponential server, FIFO, times rounded to the kernel's microsecond ticks; ns-3 holds them as
// nanoseconds, which orders the events the same way.
class Mm1 {
public:
    Mm1(std::uint64_t seed, double lambda, double mu, std::uint64_t customers)
        : arrivals_(seed),
          services_(sim::splitmix64(seed)),
          lambda_(lambda),
          mu_(mu),
          customers_(customers) {}
    void start() { ns3::Simulator::Schedule(delay(arrivals_, 1.0 / lambda_), &Mm1::arrival, this); }
    [[nodiscard]] double mean_sojourn() const { return sojourn_.mean(); }

private:
    static ns3::Time delay(sim::RandomStream& rng, double mean) {
        const double seconds = boost::random::exponential_distribution<double>(1.0 / mean)(rng);
        return ns3::MicroSeconds(sim::Duration::from_seconds(seconds).ticks());
    }
    void arrival() {
        waiting_.push_back(ns3::Simulator::Now().GetMicroSeconds());
        if (++arrived_ < customers_)
            ns3::Simulator::Schedule(delay(arrivals_, 1.0 / lambda_), &Mm1::arrival, this);
        if (!busy_) start_service();
    }
    void start_service() {
        busy_ = true;
        ns3::Simulator::Schedule(delay(services_, 1.0 / mu_), &Mm1::departure, this);
    }
    void departure() {
        sojourn_.add(
            static_cast<double>(ns3::Simulator::Now().GetMicroSeconds() - waiting_.front()) * 1e-6);
        waiting_.pop_front();
        busy_ = false;
        if (!waiting_.empty()) start_service();
    }

    sim::RandomStream arrivals_;
    sim::RandomStream services_;
    double lambda_, mu_;
    std::uint64_t customers_;
    std::uint64_t arrived_ = 0;
    std::deque<std::int64_t> waiting_;
    bool busy_ = false;
    sim::RunningStats sojourn_;
};

}  // namespace

bool have_ns3() {
    return true;
}

#define MEMCHAIN_BENCH_STRING(x) #x
#define MEMCHAIN_BENCH_VERSION(major, minor) \
    MEMCHAIN_BENCH_STRING(major) "." MEMCHAIN_BENCH_STRING(minor)

const char* ns3_version() {
    return MEMCHAIN_BENCH_VERSION(NS3_VERSION_MAJOR,
                                  NS3_VERSION_MINOR) " (" NS3_VERSION_BUILD_PROFILE " profile)";
}

Ns3Mm1Result run_mm1_ns3(std::uint64_t seed, double lambda, double mu, std::uint64_t customers) {
    // ns-3's simulator is one per process: each run sets its scheduler, then destroys it.
    ns3::ObjectFactory scheduler;
    scheduler.SetTypeId("ns3::PriorityQueueScheduler");
    ns3::Simulator::SetScheduler(scheduler);
    Mm1 model(seed, lambda, mu, customers);
    model.start();
    const auto start = std::chrono::steady_clock::now();
    ns3::Simulator::Run();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const Ns3Mm1Result result{ns3::Simulator::GetEventCount(), seconds,
                              ns3::Simulator::Now().GetSeconds(), model.mean_sojourn()};
    ns3::Simulator::Destroy();
    return result;
}

}  // namespace memchain::bench

#else

namespace memchain::bench {

bool have_ns3() {
    return false;
}

const char* ns3_version() {
    return "";
}

Ns3Mm1Result run_mm1_ns3(std::uint64_t, double, double, std::uint64_t) {
    throw std::logic_error("memchain-bench was built without ns-3 (libns3-dev)");
}

}  // namespace memchain::bench

#endif
