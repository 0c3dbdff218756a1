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
        // The reference is a std::priority_queue ordered by (time, priority, sequence).
        using Key = std::tuple<std::int64_t, std::int16_t, std::uint64_t>;
        std::priority_queue<Key, std::vector<Key>, std::greater<>> reference;
        EventQueue q;
        memchain::sim::RandomStream rng(42);
        std::uint64_t seq = 0;
        auto push_both = [&](std::int64_t t) {
            const auto prio = static_cast<std::int16_t>(rng() % 3);
            q.push(at(t, seq, prio));
            reference.emplace(t, prio, seq);
            ++seq;
        };
        for (int i = 0; i < 1000; ++i) push_both(static_cast<std::int64_t>(rng() % 5000));
        Event ev;
        for (int i = 0; i < 20000; ++i) {
            REQUIRE(q.pop_until(Time::max(), ev));
            const auto [t, p, s] = reference.top();
            reference.pop();
            REQUIRE(ev.time.ticks() == t);
            REQUIRE(ev.arg == s);
            // ties at the current time are frequent: increments of 0..99 ticks
            push_both(t + static_cast<std::int64_t>(rng() % 100));
        }
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
