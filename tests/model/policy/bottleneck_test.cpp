#include "model/policy/bottleneck.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

using memchain::model::ActivePeriod;
using memchain::model::BottleneckDetector;
using memchain::model::BottleneckInterval;
using memchain::model::BottleneckShift;
using memchain::model::MomentaryBottleneck;
using memchain::sim::Duration;
using memchain::sim::Time;

namespace {

Time day(double d) {
    return Time::zero() + Duration::from_days(d);
}

// Switches `node` on at `from` and off at `to` (days).
void active(BottleneckDetector& d, int node, double from, double to) {
    d.set_active(node, true, day(from));
    d.set_active(node, false, day(to));
}

BottleneckInterval sole(int node, double from, double to) {
    return {node, day(from), day(to), false};
}
BottleneckInterval shifting(int node, double from, double to) {
    return {node, day(from), day(to), true};
}

std::vector<ActivePeriod> periods_of(const BottleneckDetector& d, int node) {
    const auto span = d.active_periods(node);
    return {span.begin(), span.end()};
}

bool same_shifts(const std::vector<BottleneckShift>& got,
                 const std::vector<BottleneckShift>& want) {
    if (got.size() != want.size()) return false;
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (got[i].day != want[i].day || got[i].from != want[i].from || got[i].to != want[i].to)
            return false;
    }
    return true;
}

// Draws in [0, n) from a fixed linear congruential sequence: the same timelines everywhere.
class Draws {
public:
    explicit Draws(std::uint64_t seed) : state_(seed) {}
    std::uint64_t operator()(std::uint64_t n) {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return (state_ >> 33) % n;
    }

private:
    std::uint64_t state_;
};

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("BottleneckDetector: a single node active throughout is the sole bottleneck") {
        BottleneckDetector d(1, Duration::zero());
        d.set_active(0, true, day(0));
        d.finish(day(10));
        CHECK(periods_of(d, 0) == std::vector<ActivePeriod>{{0, day(0), day(10)}});
        CHECK(d.momentary() == std::vector<MomentaryBottleneck>{{0, day(0), day(10)}});
        CHECK(d.intervals() == std::vector<BottleneckInterval>{sole(0, 0, 10)});
        CHECK(same_shifts(d.shifts(), {{0.0, std::nullopt, 0}}));
        CHECK(d.sole_share(0) == 1.0);
        CHECK(d.shifting_share(0) == 0.0);
        CHECK(d.active_share(0) == 1.0);
        CHECK(d.mean_active_period(0) == Duration::from_days(10));
        CHECK(d.sequence() == std::vector<std::pair<double, int>>{{0.0, 0}});
        const auto records = d.bottleneck_periods();
        REQUIRE(records.size() == 1);
        CHECK(records[0].node == 0);
        CHECK(records[0].start_day == 0.0);
        CHECK(records[0].end_day == 10.0);
        CHECK_FALSE(records[0].shifting);
    }

    TEST_CASE(
        "BottleneckDetector: the node with the longer active periods is the sole bottleneck") {
        // A (0) works in short bursts inside B's (1) long periods; both rest on [4, 5).
        // A: [0,1) [2,3) [6,7) [8,9)    B: [0,4) [5,10)
        BottleneckDetector d(2, Duration::zero());
        d.set_active(0, true, day(0));
        d.set_active(1, true, day(0));
        d.set_active(0, false, day(1));
        d.set_active(0, true, day(2));
        d.set_active(0, false, day(3));
        d.set_active(1, false, day(4));
        d.set_active(1, true, day(5));
        active(d, 0, 6, 7);
        active(d, 0, 8, 9);
        d.finish(day(10));

        CHECK(d.momentary() ==
              std::vector<MomentaryBottleneck>{{1, day(0), day(4)}, {1, day(5), day(10)}});
        CHECK(d.intervals() == std::vector<BottleneckInterval>{sole(1, 0, 4), sole(1, 5, 10)});
        // B -> nothing -> B is one bottleneck, not a shift.
        CHECK(same_shifts(d.shifts(), {{0.0, std::nullopt, 1}}));
        CHECK(d.sole_share(1) == doctest::Approx(0.9));
        CHECK(d.sole_share(0) == 0.0);
        CHECK(d.active_share(0) == doctest::Approx(0.4));
        CHECK_FALSE(d.bottleneck_at(day(4.5)).has_value());
        CHECK(d.bottleneck_at(day(4)) == std::nullopt);
        CHECK(d.bottleneck_at(day(5)) == 1);
        CHECK(d.sequence() == std::vector<std::pair<double, int>>{{0.0, 1}});
    }

    // Three machines, days 0..40, no merging:
    //   M0  [0,10) len 10        [16,30) len 14
    //   M1          [8,20) len 12
    //   M2  [2,5) len 3               [18,24) len 6      [32,36) len 4
    // Momentary bottleneck (longest period among the active ones):
    //   [0,8) M0 (10 beats M2's 3) | [8,16) M1 (12 beats 10; M0 ends at 10)
    //   [16,30) M0 (14 beats 12 and 6) | [30,32) none | [32,36) M2 | [36,40) none
    // Overlaps of consecutive bottlenecks' active periods:
    //   M0[0,10) & M1[8,20) = [8,10);  M1[8,20) & M0[16,30) = [16,20);  M0[16,30) & M2[32,36) = {}
    // So: M0 sole [0,8), shifting [8,10); M1 shifting [8,10), sole [10,16), shifting [16,20);
    //     M0 shifting [16,20), sole [20,30); M2 sole [32,36).
    TEST_CASE("BottleneckDetector: three machines with sole and shifting periods, by hand") {
        BottleneckDetector d(3, Duration::zero());
        d.set_active(0, true, day(0));
        d.set_active(2, true, day(2));
        d.set_active(2, false, day(5));
        d.set_active(1, true, day(8));
        d.set_active(0, false, day(10));
        d.set_active(0, true, day(16));
        d.set_active(2, true, day(18));
        d.set_active(1, false, day(20));
        d.set_active(2, false, day(24));
        d.set_active(0, false, day(30));
        active(d, 2, 32, 36);
        d.finish(day(40));

        CHECK(periods_of(d, 0) ==
              std::vector<ActivePeriod>{{0, day(0), day(10)}, {0, day(16), day(30)}});
        CHECK(periods_of(d, 1) == std::vector<ActivePeriod>{{1, day(8), day(20)}});
        CHECK(periods_of(d, 2) == std::vector<ActivePeriod>{{2, day(2), day(5)},
                                                            {2, day(18), day(24)},
                                                            {2, day(32), day(36)}});

        CHECK(d.momentary() == std::vector<MomentaryBottleneck>{{0, day(0), day(8)},
                                                                {1, day(8), day(16)},
                                                                {0, day(16), day(30)},
                                                                {2, day(32), day(36)}});
        CHECK(d.intervals() == std::vector<BottleneckInterval>{
                                   sole(0, 0, 8), shifting(0, 8, 10), shifting(1, 8, 10),
                                   sole(1, 10, 16), shifting(0, 16, 20), shifting(1, 16, 20),
                                   sole(0, 20, 30), sole(2, 32, 36)});
        CHECK(same_shifts(d.shifts(),
                          {{0.0, std::nullopt, 0}, {8.0, 0, 1}, {16.0, 1, 0}, {32.0, 0, 2}}));

        // Shares of 40 days: M0 sole 8 + 10, shifting 2 + 4; M1 sole 6, shifting 2 + 4; M2 sole 4.
        CHECK(d.sole_share(0) == doctest::Approx(18.0 / 40));
        CHECK(d.shifting_share(0) == doctest::Approx(6.0 / 40));
        CHECK(d.sole_share(1) == doctest::Approx(6.0 / 40));
        CHECK(d.shifting_share(1) == doctest::Approx(6.0 / 40));
        CHECK(d.sole_share(2) == doctest::Approx(4.0 / 40));
        CHECK(d.shifting_share(2) == 0.0);
        CHECK(d.active_share(0) == doctest::Approx(24.0 / 40));
        CHECK(d.active_share(2) == doctest::Approx(13.0 / 40));
        CHECK(d.mean_active_period(2) == Duration::from_days(13.0 / 3.0));

        CHECK(d.bottleneck_at(day(7.9)) == 0);
        CHECK(d.bottleneck_at(day(8)) == 1);
        CHECK(d.bottleneck_at(day(31)) == std::nullopt);
        CHECK(d.bottleneck_at(day(40)) == std::nullopt);

        CHECK(d.sequence() ==
              std::vector<std::pair<double, int>>{{0.0, 0}, {10.0, 1}, {20.0, 0}, {32.0, 2}});
        // Longer than 7 days: M0's [0,8) and [20,30); the repeat of M0 is left out.
        CHECK(d.sequence(Duration::from_days(7)) == std::vector<std::pair<double, int>>{{0.0, 0}});
        // Exactly 8 days is not longer than 8.
        CHECK(d.sequence(Duration::from_days(8)) == std::vector<std::pair<double, int>>{{20.0, 0}});
    }

    TEST_CASE(
        "BottleneckDetector: sole shares, the union of shifting time and idle time fill the run") {
        // The three-machine timeline again: sole 18 + 6 + 4, shifting [8,10) and [16,20) (6 days,
        // each counted for two machines), no bottleneck on [30,32) and [36,40) (6 days).
        BottleneckDetector d(3, Duration::zero());
        d.set_active(0, true, day(0));
        d.set_active(2, true, day(2));
        d.set_active(2, false, day(5));
        d.set_active(1, true, day(8));
        d.set_active(0, false, day(10));
        d.set_active(0, true, day(16));
        d.set_active(2, true, day(18));
        d.set_active(1, false, day(20));
        d.set_active(2, false, day(24));
        d.set_active(0, false, day(30));
        active(d, 2, 32, 36);
        d.finish(day(40));
        const double sole_total = d.sole_share(0) + d.sole_share(1) + d.sole_share(2);
        const double shifting_pairs =
            d.shifting_share(0) + d.shifting_share(1) + d.shifting_share(2);
        CHECK(sole_total + shifting_pairs / 2 + 6.0 / 40 == doctest::Approx(1.0));
    }

    TEST_CASE("BottleneckDetector: merge_gap bridges short gaps and not long ones") {
        // M0 active [0,3), idle [3,4), active [4,10);  M1 active [2,8).
        const auto run = [](Duration merge_gap) {
            BottleneckDetector d(2, merge_gap);
            d.set_active(0, true, day(0));
            d.set_active(1, true, day(2));
            d.set_active(0, false, day(3));
            d.set_active(0, true, day(4));
            d.set_active(1, false, day(8));
            d.finish(day(10));
            return d;
        };

        SUBCASE("a 1-day gap under a 2-day merge_gap is bridged: M0 is one 10-day period") {
            const BottleneckDetector d = run(Duration::from_days(2));
            CHECK(periods_of(d, 0) == std::vector<ActivePeriod>{{0, day(0), day(10)}});
            CHECK(d.intervals() == std::vector<BottleneckInterval>{sole(0, 0, 10)});
            CHECK(same_shifts(d.shifts(), {{0.0, std::nullopt, 0}}));
            CHECK(d.active_share(0) == 1.0);  // the bridged day counts as active
        }
        SUBCASE("a gap equal to merge_gap ends the period") {
            // M0 [0,3) len 3 and [4,10) len 6; M1 [2,8) len 6 ties with M0's second period, and
            // the tie goes to M0. Momentary: M0 [0,2), M1 [2,4), M0 [4,10).
            // Overlaps: M0[0,3) & M1 = [2,3);  M1 & M0[4,10) = [4,8).
            const BottleneckDetector d = run(Duration::from_days(1));
            CHECK(periods_of(d, 0) ==
                  std::vector<ActivePeriod>{{0, day(0), day(3)}, {0, day(4), day(10)}});
            CHECK(d.momentary() == std::vector<MomentaryBottleneck>{{0, day(0), day(2)},
                                                                    {1, day(2), day(4)},
                                                                    {0, day(4), day(10)}});
            CHECK(d.intervals() == std::vector<BottleneckInterval>{
                                       sole(0, 0, 2), shifting(0, 2, 3), shifting(1, 2, 3),
                                       sole(1, 3, 4), shifting(0, 4, 8), shifting(1, 4, 8),
                                       sole(0, 8, 10)});
            // There and back: M0 -> M1 on day 2, M1 -> M0 on day 4.
            CHECK(same_shifts(d.shifts(), {{0.0, std::nullopt, 0}, {2.0, 0, 1}, {4.0, 1, 0}}));
            CHECK(d.sole_share(0) == doctest::Approx(0.4));
            CHECK(d.shifting_share(0) == doctest::Approx(0.5));
            CHECK(d.sole_share(1) == doctest::Approx(0.1));
            CHECK(d.shifting_share(1) == doctest::Approx(0.5));
        }
        SUBCASE("with no merge_gap a zero-length gap is still bridged") {
            BottleneckDetector d(1, Duration::zero());
            d.set_active(0, true, day(0));
            d.set_active(0, false, day(5));
            d.set_active(0, true, day(5));
            d.set_active(0, true, day(6));  // no change: ignored
            d.finish(day(10));
            CHECK(periods_of(d, 0) == std::vector<ActivePeriod>{{0, day(0), day(10)}});
        }
        SUBCASE("a gap at the end of the run is not bridged") {
            BottleneckDetector d(1, Duration::from_days(5));
            active(d, 0, 0, 8);
            d.finish(day(10));
            CHECK(periods_of(d, 0) == std::vector<ActivePeriod>{{0, day(0), day(8)}});
        }
    }

    TEST_CASE("BottleneckDetector: equally long periods go to the lower node index") {
        BottleneckDetector d(3, Duration::zero());
        d.set_active(2, true, day(0));
        d.set_active(1, true, day(0));
        d.finish(day(5));
        CHECK(d.momentary() == std::vector<MomentaryBottleneck>{{1, day(0), day(5)}});
        CHECK(d.intervals() == std::vector<BottleneckInterval>{sole(1, 0, 5)});
        CHECK(d.sole_share(2) == 0.0);
    }

    TEST_CASE("BottleneckDetector: stretches with no active node have no bottleneck") {
        SUBCASE("nothing ever active") {
            BottleneckDetector d(2, Duration::zero());
            d.finish(day(10));
            CHECK(d.momentary().empty());
            CHECK(d.intervals().empty());
            CHECK(d.shifts().empty());
            CHECK(d.bottleneck_at(day(3)) == std::nullopt);
            CHECK(d.sole_share(0) == 0.0);
            CHECK(d.active_periods(1).empty());
            CHECK(d.mean_active_period(1) == Duration::zero());
        }
        SUBCASE("A, nothing, then B: a shift from the last bottleneck, no shifting period") {
            BottleneckDetector d(2, Duration::zero());
            active(d, 0, 0, 3);
            active(d, 1, 5, 6);
            d.finish(day(10));
            CHECK(d.intervals() == std::vector<BottleneckInterval>{sole(0, 0, 3), sole(1, 5, 6)});
            CHECK(same_shifts(d.shifts(), {{0.0, std::nullopt, 0}, {5.0, 0, 1}}));
        }
        SUBCASE("a node switched on and off at the same instant never has a period") {
            BottleneckDetector d(1, Duration::zero());
            active(d, 0, 4, 4);
            d.finish(day(10));
            CHECK(d.active_periods(0).empty());
            CHECK(d.momentary().empty());
        }
        SUBCASE("a run of no length has zero shares") {
            BottleneckDetector d(1, Duration::zero(), day(3));
            d.set_active(0, true, day(3));
            d.finish(day(3));
            CHECK(d.active_share(0) == 0.0);
        }
    }

    TEST_CASE("BottleneckDetector: shares are fractions of the run from its start to its end") {
        BottleneckDetector d(1, Duration::zero(), day(10));
        d.set_active(0, true, day(15));
        d.finish(day(20));
        CHECK(d.sole_share(0) == doctest::Approx(0.5));
        CHECK(d.active_share(0) == doctest::Approx(0.5));
    }

    TEST_CASE("BottleneckDetector: the two overlaps of one bottleneck period may overlap") {
        // M0 [0,10) len 10, M1 [2,20) len 18, M2 [5,30) len 25.
        // Momentary: M0 [0,2), M1 [2,5), M2 [5,30).
        // M1 overlaps M0 on [2,10) and M2 on [5,20): one shifting period [2,20), no sole time.
        BottleneckDetector d(3, Duration::zero());
        d.set_active(0, true, day(0));
        d.set_active(1, true, day(2));
        d.set_active(2, true, day(5));
        d.set_active(0, false, day(10));
        d.set_active(1, false, day(20));
        d.finish(day(30));
        CHECK(d.intervals() ==
              std::vector<BottleneckInterval>{sole(0, 0, 2), shifting(0, 2, 10), shifting(1, 2, 20),
                                              shifting(2, 5, 20), sole(2, 20, 30)});
        CHECK(same_shifts(d.shifts(), {{0.0, std::nullopt, 0}, {2.0, 0, 1}, {5.0, 1, 2}}));
        CHECK(d.sole_share(1) == 0.0);
    }

    TEST_CASE("BottleneckDetector: the sweep agrees with a brute-force scan on random timelines") {
        // Random on/off switching on a whole-day grid; each instant checked against the
        // definition directly.
        Draws next(12345);
        for (int trial = 0; trial < 20; ++trial) {
            const int nodes = 1 + static_cast<int>(next(5));
            const int horizon = 200;
            const double merge = static_cast<double>(next(3));
            BottleneckDetector d(nodes, Duration::from_days(merge));
            std::vector<std::vector<bool>> on(nodes, std::vector<bool>(horizon, false));
            for (int t = 0; t < horizon; ++t) {
                for (int n = 0; n < nodes; ++n) {
                    const bool was = t > 0 && on[n][t - 1];
                    on[n][t] = next(10) < (was ? 8u : 3u);
                    d.set_active(n, on[n][t], day(t));
                }
            }
            d.finish(day(horizon));

            std::vector<std::optional<int>> expected(horizon);
            for (int t = 0; t < horizon; ++t) {
                Duration best = Duration::zero();
                for (int n = 0; n < nodes; ++n) {
                    for (const ActivePeriod& p : d.active_periods(n)) {
                        if (p.start <= day(t) && day(t) < p.end && p.length() > best) {
                            best = p.length();
                            expected[t] = n;
                        }
                    }
                }
                CHECK(d.bottleneck_at(day(t)) == expected[t]);
                CHECK(d.bottleneck_at(day(t + 0.5)) == expected[t]);
            }
            std::vector<BottleneckShift> shifts;
            std::optional<int> last;
            for (int t = 0; t < horizon; ++t) {
                if (!expected[t] || expected[t] == last) continue;
                shifts.push_back({static_cast<double>(t), last, *expected[t]});
                last = expected[t];
            }
            CHECK(same_shifts(d.shifts(), shifts));
            // Sole periods only where their node is the momentary bottleneck.
            for (const BottleneckInterval& b : d.intervals()) {
                if (b.shifting) continue;
                CHECK(d.bottleneck_at(b.start) == b.node);
                CHECK(d.bottleneck_at(b.end - Duration::from_ticks(1)) == b.node);
            }
        }
    }

    TEST_CASE(
        "BottleneckDetector: shares counted from the end of a warm-up leave the earlier time out") {
        // Node 0 is active on [0, 6), node 1 on [4, 10): 0 is the sole bottleneck until 4, the two
        // shift on [4, 6), 1 is sole from 6. Counted from day 5, the span is [5, 10].
        BottleneckDetector d(2, Duration::zero());
        d.count_shares_from(day(5));
        d.set_active(0, true, day(0));
        d.set_active(1, true, day(4));
        d.set_active(0, false, day(6));
        d.finish(day(10));
        // The periods and the timeline still cover the whole run.
        CHECK(periods_of(d, 0) == std::vector<ActivePeriod>{{0, day(0), day(6)}});
        CHECK(d.intervals() == std::vector<BottleneckInterval>{sole(0, 0, 4), shifting(0, 4, 6),
                                                               shifting(1, 4, 6), sole(1, 6, 10)});
        CHECK(d.sole_share(0) == 0.0);
        CHECK(d.shifting_share(0) == doctest::Approx(1.0 / 5));
        CHECK(d.shifting_share(1) == doctest::Approx(1.0 / 5));
        CHECK(d.sole_share(1) == doctest::Approx(4.0 / 5));
        CHECK(d.active_share(0) == doctest::Approx(1.0 / 5));
        CHECK(d.active_share(1) == doctest::Approx(1.0));
        CHECK(d.mean_active_period(0) == Duration::from_days(6));
    }
    TEST_CASE("BottleneckDetector: restricted to some nodes, it is what their calls alone give") {
        // Random switching on a grid, with blips (on and off at one instant) and switches at the
        // end; the whole network's detector restricted to a subset of nodes against a detector
        // fed only that subset's calls, under their local numbers.
        Draws next(777);
        for (int trial = 0; trial < 40; ++trial) {
            const int nodes = 2 + static_cast<int>(next(6));
            const int horizon = 120;
            const Duration merge = Duration::from_days(static_cast<double>(next(3)));
            std::vector<int> subset;
            for (int n = 0; n < nodes; ++n)
                if (next(2) == 0) subset.push_back(n);
            if (subset.empty()) subset.push_back(static_cast<int>(next(nodes)));
            std::vector<int> local(nodes, -1);
            for (std::size_t i = 0; i < subset.size(); ++i) local[subset[i]] = static_cast<int>(i);

            BottleneckDetector whole(nodes, merge);
            BottleneckDetector alone(static_cast<int>(subset.size()), merge);
            whole.count_shares_from(day(10));
            alone.count_shares_from(day(10));
            const auto call = [&](int n, bool on, Time t) {
                whole.set_active(n, on, t);
                if (local[n] >= 0) alone.set_active(local[n], on, t);
            };
            for (int t = 0; t <= horizon; ++t) {
                for (int n = 0; n < nodes; ++n) {
                    const std::uint64_t r = next(10);
                    if (r < 2) {  // a blip: on and off at the same instant
                        call(n, true, day(t));
                        call(n, false, day(t));
                    } else {
                        call(n, r < 6, day(t));
                    }
                }
            }
            BottleneckDetector sub = whole.restricted_to(subset);
            sub.finish(day(horizon));
            alone.finish(day(horizon));
            whole.finish(day(horizon));

            CHECK(sub.node_count() == alone.node_count());
            for (int i = 0; i < alone.node_count(); ++i) {
                CHECK(periods_of(sub, i) == periods_of(alone, i));
                CHECK(sub.sole_share(i) == alone.sole_share(i));
                CHECK(sub.shifting_share(i) == alone.shifting_share(i));
                CHECK(sub.active_share(i) == alone.active_share(i));
                CHECK(sub.mean_active_period(i) == alone.mean_active_period(i));
            }
            CHECK(sub.momentary() == alone.momentary());
            CHECK(sub.intervals() == alone.intervals());
            CHECK(same_shifts(sub.shifts(), alone.shifts()));
        }
    }
}  // TEST_SUITE
