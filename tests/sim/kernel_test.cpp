#include "sim/kernel.hpp"

#include <doctest/doctest.h>

#include <boost/random/exponential_distribution.hpp>
#include <vector>

#include "sim/rng.hpp"

using memchain::sim::Duration;
using memchain::sim::Event;
using memchain::sim::Kernel;
using memchain::sim::Time;

namespace {

struct Recorder final : memchain::sim::EventHandler {
    std::vector<std::pair<double, std::uint64_t>> seen;
    void handle(Kernel& k, const Event& ev) override {
        seen.emplace_back(k.now().to_seconds(), ev.arg);
    }
};

// A hold model whose event trace depends on every draw of its stream.
struct Hold final : memchain::sim::EventHandler {
    memchain::sim::RandomStream rng;
    memchain::sim::HandlerId id = 0;
    explicit Hold(std::uint64_t seed) : rng(seed) {}
    void handle(Kernel& k, const Event& ev) override {
        const double delay = boost::random::exponential_distribution<double>(1.0)(rng);
        k.schedule_in(Duration::from_seconds(delay), id, 0, ev.arg + 1);
    }
};

std::uint64_t hold_trace(std::uint64_t seed) {
    Kernel k;
    Hold h(seed);
    h.id = k.add_handler(h);
    k.enable_trace_hash(true);
    for (int i = 0; i < 100; ++i) k.schedule_in(Duration::from_seconds(i * 0.01), h.id, 0);
    k.run_until(Time::zero() + Duration::from_seconds(500));
    return k.trace_hash();
}

}  // namespace

TEST_SUITE("sim") {
    TEST_CASE("Kernel: dispatches in time order and advances the clock") {
        Kernel k;
        Recorder r;
        const auto id = k.add_handler(r);
        k.schedule_at(Time::zero() + Duration::from_seconds(2), id, 0, 2);
        k.schedule_at(Time::zero() + Duration::from_seconds(1), id, 0, 1);
        k.run();
        REQUIRE(r.seen.size() == 2);
        CHECK(r.seen[0] == std::pair<double, std::uint64_t>{1.0, 1});
        CHECK(r.seen[1] == std::pair<double, std::uint64_t>{2.0, 2});
        CHECK(k.events_handled() == 2);
    }

    TEST_CASE("Kernel: run_until runs events up to the limit and sets the clock to it") {
        Kernel k;
        Recorder r;
        const auto id = k.add_handler(r);
        for (int s : {1, 5, 10}) k.schedule_at(Time::zero() + Duration::from_seconds(s), id, 0, s);
        k.run_until(Time::zero() + Duration::from_seconds(5));
        CHECK(r.seen.size() == 2);
        CHECK(k.now().to_seconds() == doctest::Approx(5.0));
        k.run_until(Time::zero() + Duration::from_seconds(7));
        CHECK(k.now().to_seconds() == doctest::Approx(7.0));
        CHECK(k.pending() == 1);
    }

    TEST_CASE("Kernel: stop ends the run after the current event") {
        struct Stopper final : memchain::sim::EventHandler {
            int handled = 0;
            void handle(Kernel& k, const Event&) override {
                if (++handled == 3) k.stop();
            }
        } s;
        Kernel k;
        const auto id = k.add_handler(s);
        for (int i = 0; i < 10; ++i) k.schedule_in(Duration::from_seconds(i), id, 0);
        k.run();
        CHECK(s.handled == 3);
        CHECK(k.pending() == 7);
        CHECK(k.stopped());
    }

    TEST_CASE("Kernel: cancel removes a scheduled event") {
        Kernel k;
        Recorder r;
        const auto id = k.add_handler(r);
        const auto e = k.schedule_cancellable_in(Duration::from_seconds(1), id, 0, 1);
        k.schedule_in(Duration::from_seconds(2), id, 0, 2);
        CHECK(k.cancel(e));
        k.run();
        REQUIRE(r.seen.size() == 1);
        CHECK(r.seen[0].second == 2);
    }

    TEST_CASE("Kernel: the same seed gives the same event trace, another seed another trace") {
        CHECK(hold_trace(7) == hold_trace(7));
        CHECK(hold_trace(7) != hold_trace(8));
    }

    TEST_CASE("Kernel: run_slice stops after its events and resumes where it stopped") {
        Kernel k;
        Recorder r;
        const auto id = k.add_handler(r);
        for (int i = 0; i < 10; ++i)
            k.schedule_at(Time::zero() + Duration::from_seconds(i), id, 0, i);
        const Time until = Time::zero() + Duration::from_seconds(100);
        CHECK_FALSE(k.run_slice(until, 4));
        CHECK(r.seen.size() == 4);
        CHECK(k.now() == Time::zero() + Duration::from_seconds(3));  // not moved past the slice
        CHECK_FALSE(k.run_slice(until, 4));
        CHECK(k.run_slice(until, 4));  // two events left: the run ends
        CHECK(r.seen.size() == 10);
        for (int i = 0; i < 10; ++i)
            CHECK(r.seen[static_cast<std::size_t>(i)].second == static_cast<std::uint64_t>(i));
        CHECK(k.now() == until);
    }
}  // TEST_SUITE
