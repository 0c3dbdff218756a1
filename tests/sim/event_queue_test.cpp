#include "sim/event_queue.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <queue>
#include <set>
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
    TEST_CASE("EventQueue: a queue that grows past a few entries keeps one order across") {
        // Sixty queues, each with a pending count that wanders between 0 and about 12, so that
        // most move from their small array (up to four entries) to the radix heap at some point,
        // some after a cancelled entry was dropped later than the clock; ties at equal times
        // with random priorities, cancellations and pop limits on the way. The reference is a
        // std::set ordered by (time, priority, sequence) with the cancelled events erased.
        using Key = std::tuple<std::int64_t, std::int16_t, std::uint64_t>;
        memchain::sim::RandomStream rng(2026);
        int spilled = 0;
        std::size_t popped = 0, cancelled = 0;
        for (int run = 0; run < 60; ++run) {
            std::set<Key> reference;
            std::vector<std::pair<EventId, Key>> cancellable;
            EventQueue q;
            std::uint64_t seq = 0;
            std::int64_t now = 0;
            bool grew = false;
            for (int step = 0; step < 400; ++step) {
                const std::uint64_t r = rng() % 16;
                const bool grow = reference.size() < 2 || (reference.size() < 12 && r < 8);
                if (grow) {
                    const std::int64_t t = now + static_cast<std::int64_t>(rng() % 6);
                    const auto prio = static_cast<std::int16_t>(rng() % 2);
                    const Key key{t, prio, seq};
                    if (rng() % 4 == 0)
                        cancellable.emplace_back(q.push_cancellable(at(t, seq, prio)), key);
                    else
                        q.push(at(t, seq, prio));
                    grew = grew || reference.size() == 4;
                    reference.insert(key);
                    ++seq;
                } else if (r >= 14 && !cancellable.empty()) {
                    const auto [id, key] = cancellable.back();
                    cancellable.pop_back();
                    const bool pending = reference.erase(key) == 1;
                    REQUIRE(q.cancel(id) == pending);
                    cancelled += pending ? 1 : 0;
                } else {
                    // Pop up to a limit: nothing when the earliest is later than it.
                    const std::int64_t limit = now + static_cast<std::int64_t>(rng() % 3);
                    Event ev;
                    const bool due = std::get<0>(*reference.begin()) <= limit;
                    REQUIRE(q.pop_until(Time::from_ticks(limit), ev) == due);
                    if (!due) {
                        now = limit;  // as the kernel's clock moves to the limit of its run
                        continue;
                    }
                    const auto [t, p, s] = *reference.begin();
                    reference.erase(reference.begin());
                    REQUIRE(ev.time.ticks() == t);
                    REQUIRE(ev.arg == s);
                    now = t;
                    ++popped;
                }
                REQUIRE(q.size() == reference.size());
                const std::int64_t first =
                    reference.empty() ? Time::max().ticks() : std::get<0>(*reference.begin());
                REQUIRE(q.next_time().ticks() <= first);
            }
            spilled += grew ? 1 : 0;
            std::vector<std::uint64_t> rest;
            for (const auto& [t, p, s] : reference) rest.push_back(s);
            CHECK(drain(q) == rest);
        }
        CHECK(spilled > 40);
        CHECK(popped > 5000);
        CHECK(cancelled > 500);
    }
}  // TEST_SUITE
