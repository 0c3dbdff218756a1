#include "sim/event_queue.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <queue>
#include <tuple>
#include <vector>

#include "sim/rng.hpp"

using memchain::sim::Event;
using memchain::sim::EventId;
using memchain::sim::EventQueue;
using memchain::sim::Time;

namespace {

Event at(std::int64_t ticks, std::uint64_t arg, std::int16_t priority = 0) {
    Event ev;
    ev.time = Time::from_ticks(ticks);
    ev.arg = arg;
    ev.priority = priority;
    return ev;
}

std::vector<std::uint64_t> drain(EventQueue& q) {
    std::vector<std::uint64_t> order;
    Event ev;
    while (q.pop_until(Time::max(), ev)) order.push_back(ev.arg);
    return order;
}

// A hold workload checked against a std::priority_queue ordered by (time, priority, sequence):
// `initial` events at delay(rng, true) with priorities 0..priorities-1, then `pops` times one
// pop and one push at the popped time plus delay(rng, false). The earliest pending time is
// checked after every push.
template <class Delay>
void check_hold_workload(std::uint64_t seed, int priorities, int initial, int pops, Delay delay) {
    using Key = std::tuple<std::int64_t, std::int16_t, std::uint64_t>;
    std::priority_queue<Key, std::vector<Key>, std::greater<>> reference;
    EventQueue q;
    memchain::sim::RandomStream rng(seed);
    std::uint64_t seq = 0;
    auto push_both = [&](std::int64_t t) {
        const auto prio = static_cast<std::int16_t>(rng() % static_cast<std::uint64_t>(priorities));
        q.push(at(t, seq, prio));
        reference.emplace(t, prio, seq);
        ++seq;
    };
    for (int i = 0; i < initial; ++i) push_both(delay(rng, true));
    Event ev;
    for (int i = 0; i < pops; ++i) {
        REQUIRE(q.pop_until(Time::max(), ev));
        const auto [t, p, s] = reference.top();
        reference.pop();
        REQUIRE(ev.time.ticks() == t);
        REQUIRE(ev.arg == s);
        push_both(t + delay(rng, false));
        REQUIRE(q.next_time().ticks() == std::get<0>(reference.top()));
    }
}

}  // namespace

TEST_SUITE("sim") {
    TEST_CASE("EventQueue: events come out in time order") {
        EventQueue q;
        for (std::uint64_t t : {50u, 10u, 40u, 20u, 30u})
            q.push(at(static_cast<std::int64_t>(t), t));
        CHECK(drain(q) == std::vector<std::uint64_t>{10, 20, 30, 40, 50});
    }

    TEST_CASE("EventQueue: equal times run by priority, then in scheduling order") {
        // events 0, 1, 2 all at t=5 with priorities 1, 0, 1 (lower value runs first)
        EventQueue q;
        q.push(at(5, 0, 1));
        q.push(at(5, 1, 0));
        q.push(at(5, 2, 1));
        q.push(at(4, 3, 9));
        CHECK(drain(q) == std::vector<std::uint64_t>{3, 1, 0, 2});
    }

    TEST_CASE("EventQueue: an event pushed at the current time with a lower priority runs next") {
        EventQueue q;
        q.push(at(7, 0, 5));
        q.push(at(7, 1, 5));
        Event ev;
        REQUIRE(q.pop_until(Time::max(), ev));
        CHECK(ev.arg == 0);
        q.push(at(7, 2, -3));
        CHECK(drain(q) == std::vector<std::uint64_t>{2, 1});
    }

    TEST_CASE("EventQueue: a cancelled event never comes out, and a stale id cancels nothing") {
        EventQueue q;
        const EventId a = q.push_cancellable(at(1, 1));
        const EventId b = q.push_cancellable(at(2, 2));
        q.push(at(3, 3));
        CHECK(q.cancel(b));
        CHECK_FALSE(q.cancel(b));
        CHECK(q.size() == 2);
        Event ev;
        REQUIRE(q.pop_until(Time::max(), ev));
        CHECK(ev.arg == 1);
        CHECK_FALSE(q.cancel(a));  // already ran; its slot may be reused
        const EventId c = q.push_cancellable(at(4, 4));
        CHECK_FALSE(q.cancel(a));
        CHECK(drain(q) == std::vector<std::uint64_t>{3, 4});
        CHECK_FALSE(q.cancel(c));
        CHECK(q.empty());
    }

    TEST_CASE("EventQueue: pop_until stops at the limit and leaves later events pending") {
        EventQueue q;
        q.push(at(10, 1));
        q.push(at(20, 2));
        Event ev;
        REQUIRE(q.pop_until(Time::from_ticks(15), ev));
        CHECK_FALSE(q.pop_until(Time::from_ticks(15), ev));
        CHECK(q.next_time() == Time::from_ticks(20));
        q.push(at(16, 3));  // earlier than the pending one, later than the limit: allowed
        CHECK(drain(q) == std::vector<std::uint64_t>{3, 2});
    }

    TEST_CASE("EventQueue: matches a reference ordering on a random hold workload") {
        // 1000 events in 0..4999, then each pop pushes one 0..99 ticks later: ties at the
        // current time are frequent.
        check_hold_workload(42, 3, 1000, 20000, [](memchain::sim::RandomStream& rng, bool first) {
            return static_cast<std::int64_t>(rng() % (first ? 5000 : 100));
        });
    }

    TEST_CASE("EventQueue: matches a reference ordering when delays span every digit position") {
        // Each delay is 2^k - 1 + (0..2 ticks) for k drawn from 0..52: entries land in buckets
        // of every digit position and move down through them.
        check_hold_workload(11, 2, 500, 50000, [](memchain::sim::RandomStream& rng, bool) {
            const std::uint64_t k = rng() % 53;
            return static_cast<std::int64_t>((std::uint64_t{1} << k) - 1 + rng() % 3);
        });
    }
    TEST_CASE(
        "EventQueue: plain and cancellable events share one order, and cancels hit only their "
        "own") {
        // 3000 events at random times, every third cancellable and every other of those
        // cancelled; the rest must come out in (time, sequence) order, the cancelled never.
        EventQueue q;
        memchain::sim::RandomStream rng(7);
        std::vector<std::pair<std::int64_t, std::uint64_t>> expected;
        std::vector<EventId> to_cancel;
        for (std::uint64_t seq = 0; seq < 3000; ++seq) {
            const auto t = static_cast<std::int64_t>(rng() % 500);
            if (seq % 3 != 0) {
                q.push(at(t, seq));
                expected.emplace_back(t, seq);
            } else if (seq % 6 == 0) {
                to_cancel.push_back(q.push_cancellable(at(t, seq)));
            } else {
                (void)q.push_cancellable(at(t, seq));
                expected.emplace_back(t, seq);
            }
        }
        for (const EventId id : to_cancel) CHECK(q.cancel(id));
        std::sort(expected.begin(), expected.end());
        std::vector<std::uint64_t> order;
        for (const auto& [t, seq] : expected) order.push_back(seq);
        CHECK(q.size() == 2500);
        CHECK(drain(q) == order);
        for (const EventId id : to_cancel) CHECK_FALSE(q.cancel(id));
    }
}  // TEST_SUITE
