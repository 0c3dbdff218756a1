#include "model/policy/allocation.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

using memchain::model::allocate;
using memchain::model::AllocationPolicy;
using memchain::model::AllocationWorkspace;
using memchain::model::ContractShares;
using memchain::model::OpenOrder;
using memchain::sim::Duration;
using memchain::sim::Time;

namespace {

const ContractShares no_shares;

OpenOrder order(std::uint64_t id, const char* buyer, double remaining, double placed_day,
                int tier = 1) {
    return {id, buyer, tier, remaining, Time::zero() + Duration::from_days(placed_day)};
}

std::vector<double> run(AllocationPolicy policy, double available,
                        const std::vector<OpenOrder>& orders, bool whole = false,
                        const ContractShares& shares = no_shares) {
    return allocate(policy, available, orders, shares, whole);
}

void check_close(const std::vector<double>& got, const std::vector<double>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        CAPTURE(i);
        CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-12));
    }
}

double sum(const std::vector<double>& v) {
    double s = 0.0;
    for (const double x : v) s += x;
    return s;
}

constexpr AllocationPolicy all_policies[] = {AllocationPolicy::Fcfs, AllocationPolicy::ProRata,
                                             AllocationPolicy::Contract, AllocationPolicy::Priority,
                                             AllocationPolicy::MaxMin};

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("allocate: first come, first served") {
        // Oldest first: o1 (day 1); then day 2, where the lower id o2 (id 2) goes before o0 (id 3).
        const std::vector<OpenOrder> orders{order(3, "a", 4, 2), order(1, "b", 5, 1),
                                            order(2, "c", 3, 2)};
        SUBCASE("shortage: 10 units = o1 5, o2 3, o0 the last 2") {
            CHECK(run(AllocationPolicy::Fcfs, 10, orders) == std::vector<double>{2, 5, 3});
        }
        SUBCASE("surplus: everyone is filled") {
            CHECK(run(AllocationPolicy::Fcfs, 20, orders) == std::vector<double>{4, 5, 3});
        }
        SUBCASE("whole units: 7.6 units = o1 5, o2 2.6 -> 2") {
            CHECK(run(AllocationPolicy::Fcfs, 7.6, orders, true) == std::vector<double>{0, 5, 2});
        }
    }

    TEST_CASE("allocate: pro rata to each buyer's open units") {
        // Buyer a: 6 (day 1) and 4 (day 3) = 10 open; buyer b: 10 (day 2). Total 20.
        const std::vector<OpenOrder> orders{order(1, "a", 6, 1), order(2, "b", 10, 2),
                                            order(3, "a", 4, 3)};
        SUBCASE("10 units: a gets 10 x 10/20 = 5, all to its oldest order; b gets 5") {
            CHECK(run(AllocationPolicy::ProRata, 10, orders) == std::vector<double>{5, 5, 0});
        }
        SUBCASE("16 units: a gets 8 = 6 + 2 oldest first; b gets 8") {
            CHECK(run(AllocationPolicy::ProRata, 16, orders) == std::vector<double>{6, 8, 2});
        }
        SUBCASE("7 whole units: 3.5 each -> 3 + 3, the spare unit to the tie's lower position") {
            CHECK(run(AllocationPolicy::ProRata, 7, orders) == std::vector<double>{3.5, 3.5, 0});
            CHECK(run(AllocationPolicy::ProRata, 7, orders, true) == std::vector<double>{4, 3, 0});
        }
        SUBCASE("surplus: everyone is filled") {
            CHECK(run(AllocationPolicy::ProRata, 25, orders) == std::vector<double>{6, 10, 4});
        }
    }

    TEST_CASE("allocate: contract shares, with an unused share redistributed") {
        // Shares a 0.5, b 0.3, c 0.2; d has none. Open: a 10, b 2, c 10, d 5.
        // 12 units, first round: a 6, b 3.6, c 2.4. b asks for 2 only: its unused 1.6 goes to a
        // and c by 5:2, a + 8/7, c + 3.2/7: a = 50/7 = 7.142857, c = 20/7 = 2.857143 (both still
        // short, so no further round). d gets nothing while contracted buyers are short.
        const ContractShares shares{{"a", 0.5}, {"b", 0.3}, {"c", 0.2}};
        const std::vector<OpenOrder> orders{order(1, "a", 10, 0), order(2, "b", 2, 0),
                                            order(3, "c", 10, 0), order(4, "d", 5, 0)};
        SUBCASE("continuous") {
            check_close(run(AllocationPolicy::Contract, 12, orders, false, shares),
                        {50.0 / 7, 2, 20.0 / 7, 0});
        }
        SUBCASE("whole units: floors 7, 2, 2; the spare unit to c (fraction .857 beats .143)") {
            CHECK(run(AllocationPolicy::Contract, 12, orders, true, shares) ==
                  std::vector<double>{7, 2, 3, 0});
        }
        SUBCASE("the rest goes to buyers without a contract once contracted ones are full") {
            // 25 units: contracted buyers need 22 and are filled; d gets the other 3.
            CHECK(run(AllocationPolicy::Contract, 25, orders, false, shares) ==
                  std::vector<double>{10, 2, 10, 3});
        }
        SUBCASE("the share of a buyer with no open order is unused and flows to the others") {
            ContractShares with_absent = shares;
            with_absent["e"] = 5.0;
            check_close(run(AllocationPolicy::Contract, 12, orders, false, with_absent),
                        {50.0 / 7, 2, 20.0 / 7, 0});
        }
        SUBCASE("several rounds of redistribution") {
            // Shares a 1, b 1, c 1, d 1; open a 1, b 2, c 4, d 10; 12 units.
            // Round 1: 3 each; a uses 1 (2 unused), b uses 2 (1 unused): 3 spare over c, d: 1.5
            // each -> c 4.5 > 4: c uses 4 (0.5 spare) -> d = 3 + 1.5 + 0.5 = 5.
            const ContractShares equal{{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}};
            const std::vector<OpenOrder> book{order(1, "a", 1, 0), order(2, "b", 2, 0),
                                              order(3, "c", 4, 0), order(4, "d", 10, 0)};
            check_close(run(AllocationPolicy::Contract, 12, book, false, equal), {1, 2, 4, 5});
        }
        SUBCASE("no contracts at all: pro rata to open units") {
            check_close(run(AllocationPolicy::Contract, 13.5, orders),
                        run(AllocationPolicy::ProRata, 13.5, orders));
        }
    }

    TEST_CASE("allocate: strict priority tiers starve lower tiers") {
        // Tier 1: o2 (3, day 1), o1 (4, day 3); tier 2: o0 (5); tier 3: o3 (10).
        const std::vector<OpenOrder> orders{order(1, "x", 5, 0, 2), order(2, "y", 4, 3, 1),
                                            order(3, "z", 3, 1, 1), order(4, "w", 10, 0, 3)};
        SUBCASE("8 units: tier 1 takes 3 + 4, tier 2 the last 1, tier 3 nothing") {
            CHECK(run(AllocationPolicy::Priority, 8, orders) == std::vector<double>{1, 4, 3, 0});
        }
        SUBCASE("7 units: tier 1 takes everything, older tier 2 and 3 orders get nothing") {
            CHECK(run(AllocationPolicy::Priority, 7, orders) == std::vector<double>{0, 4, 3, 0});
        }
    }

    TEST_CASE("allocate: max-min fair share") {
        // Buyers a 2, b 6 (day 1) + 4 (day 2) = 10, c 10.
        const std::vector<OpenOrder> orders{order(1, "a", 2, 0), order(2, "b", 6, 1),
                                            order(3, "b", 4, 2), order(4, "c", 10, 0)};
        SUBCASE("12 units: level 4 covers a's 2; 10 left over b and c: level 5") {
            CHECK(run(AllocationPolicy::MaxMin, 12, orders) == std::vector<double>{2, 5, 0, 5});
        }
        SUBCASE(
            "11 whole units: a 2, then 4.5 each -> 4 + 4, the spare unit to b (lower position)") {
            CHECK(run(AllocationPolicy::MaxMin, 11, orders, true) ==
                  std::vector<double>{2, 5, 0, 4});
        }
        SUBCASE("equal demands, 10 whole units over three buyers: 4, 3, 3") {
            const std::vector<OpenOrder> three{order(1, "a", 10, 0), order(2, "b", 10, 0),
                                               order(3, "c", 10, 0)};
            CHECK(run(AllocationPolicy::MaxMin, 10, three, true) == std::vector<double>{4, 3, 3});
        }
    }

    TEST_CASE("allocate: nothing available or nothing open") {
        const std::vector<OpenOrder> orders{order(1, "a", 2, 0), order(2, "b", 3, 0)};
        for (const AllocationPolicy p : all_policies) {
            CAPTURE(static_cast<int>(p));
            CHECK(run(p, 0, orders) == std::vector<double>{0, 0});
            CHECK(run(p, -3, orders) == std::vector<double>{0, 0});
            CHECK(run(p, std::numeric_limits<double>::quiet_NaN(), orders, true) ==
                  std::vector<double>{0, 0});
            CHECK(run(p, 5, {}).empty());
            CHECK(run(p, 5, {order(1, "a", 0, 0), order(2, "b", -1, 0)}) ==
                  std::vector<double>{0, 0});
        }
    }

    TEST_CASE("allocate: whole units sum exactly to floor(min(available, total))") {
        // Seven buyers with 1..7 units open (28 in all) and 13.9 units: every policy must hand out
        // exactly 13 whole units, none above an order's remaining.
        std::vector<OpenOrder> orders;
        const char* names[] = {"a", "b", "c", "d", "e", "f", "g"};
        for (int k = 0; k < 7; ++k)
            orders.push_back(
                order(static_cast<std::uint64_t>(k), names[k], k + 1, 7 - k, 1 + k % 3));
        const ContractShares shares{{"a", 3}, {"c", 1}, {"g", 2}};
        for (const AllocationPolicy p : all_policies) {
            CAPTURE(static_cast<int>(p));
            const auto grants = run(p, 13.9, orders, true, shares);
            CHECK(sum(grants) == 13.0);
            for (std::size_t i = 0; i < grants.size(); ++i) {
                CHECK(grants[i] == std::floor(grants[i]));
                CHECK(grants[i] <= orders[i].remaining);
            }
        }
    }

    TEST_CASE("allocate: fractional remaining quantities with whole units") {
        SUBCASE("an order is completed with its fractional rest; others get whole units") {
            // FCFS, 3.5 units: o0 (1.5) is completed, o1 gets the 2 whole units left.
            const std::vector<OpenOrder> orders{order(1, "a", 1.5, 0), order(2, "b", 5, 1)};
            CHECK(run(AllocationPolicy::Fcfs, 3.5, orders, true) == std::vector<double>{1.5, 2});
        }
        SUBCASE("a partly served order gets at most floor(remaining), its tail comes later") {
            const std::vector<OpenOrder> first{order(1, "a", 2.5, 0)};
            CHECK(run(AllocationPolicy::Fcfs, 2.4, first, true) == std::vector<double>{2});
            const std::vector<OpenOrder> tail{order(1, "a", 0.5, 0)};
            CHECK(run(AllocationPolicy::Fcfs, 1, tail, true) == std::vector<double>{0.5});
        }
        SUBCASE("pro rata: a buyer's oldest tail is completed, the rest is rounded") {
            // a: 0.5 (day 0) + 3 (day 1) = 3.5 open, b: 3.5 open; 3.5 units: 1.75 each.
            // a: 0.5 completes its first order, 1.25 to the second; b 1.75.
            // Whole: floors 1 and 1, partial total 3 -> one spare unit to b (.75 beats .25).
            const std::vector<OpenOrder> orders{order(1, "a", 0.5, 0), order(2, "a", 3, 1),
                                                order(3, "b", 3.5, 0)};
            CHECK(run(AllocationPolicy::ProRata, 3.5, orders, true) ==
                  std::vector<double>{0.5, 1, 2});
        }
        SUBCASE("surplus completes every order exactly, fractional or not") {
            const std::vector<OpenOrder> orders{order(1, "a", 1.5, 0), order(2, "b", 0.25, 0)};
            for (const AllocationPolicy p : all_policies)
                CHECK(run(p, 2, orders, true) == std::vector<double>{1.5, 0.25});
        }
        SUBCASE("rounding noise in the available amount does not lose a unit") {
            const std::vector<OpenOrder> orders{order(1, "a", 5, 0)};
            CHECK(run(AllocationPolicy::Fcfs, 3.3 - 0.3, orders, true) == std::vector<double>{3});
        }
    }

    TEST_CASE("allocate: a reused workspace gives the same grants as a fresh one") {
        const ContractShares shares{{"a", 2}, {"b", 1}};
        const std::vector<OpenOrder> big{order(1, "a", 7, 0), order(2, "b", 4, 1),
                                         order(3, "c", 9, 2), order(4, "a", 3, 3)};
        const std::vector<OpenOrder> small{order(9, "z", 4, 0)};
        AllocationWorkspace workspace;
        for (const AllocationPolicy p : all_policies) {
            for (const bool whole : {false, true}) {
                std::vector<double> grants(big.size());
                allocate(p, 12.5, big, shares, whole, grants, workspace);
                CHECK(grants == run(p, 12.5, big, whole, shares));
                std::vector<double> one(1);
                allocate(p, 2, small, shares, whole, one, workspace);
                CHECK(one == std::vector<double>{2});
            }
        }
    }

    TEST_CASE("allocate: buyer ranks group and order buyers as their names do") {
        // a has orders of 3 (day 1) and 3 (day 2), b one of 6; 6 units: max-min gives each
        // buyer 3, a's to its older order. Ranks follow the names (a 1, b 2); a's two names are
        // separate strings, so only the rank says they are one buyer.
        const std::string a1 = "a", a2 = "a", b = "b";
        std::vector<OpenOrder> orders{order(1, a1.c_str(), 3, 1), order(2, b.c_str(), 6, 1),
                                      order(3, a2.c_str(), 3, 2)};
        const std::vector<OpenOrder> by_name = orders;
        orders[0].buyer_rank = 1;
        orders[1].buyer_rank = 2;
        orders[2].buyer_rank = 1;
        check_close(run(AllocationPolicy::MaxMin, 6, orders, true), {3, 3, 0});
        for (const AllocationPolicy p : all_policies) {
            CAPTURE(static_cast<int>(p));
            CHECK(run(p, 7, orders, true) == run(p, 7, by_name, true));
        }
    }

    TEST_CASE("allocate: contract shares carried by the orders count as the named ones") {
        // a (share 3) and b (share 1) ask 10 each, c (no contract) 5; 8 units: a 6, b 2, c 0.
        // The carried shares are the only ones given (the map is empty), and c's is 0.
        std::vector<OpenOrder> orders{order(1, "a", 10, 1), order(2, "b", 10, 1),
                                      order(3, "c", 5, 1)};
        const ContractShares shares{{"a", 3}, {"b", 1}};
        check_close(run(AllocationPolicy::Contract, 8, orders, true, shares), {6, 2, 0});
        orders[0].contract_share = 3;
        orders[1].contract_share = 1;
        orders[2].contract_share = 0;
        check_close(run(AllocationPolicy::Contract, 8, orders, true), {6, 2, 0});
        // 22 units: a and b are full, c gets the 2 left.
        check_close(run(AllocationPolicy::Contract, 22, orders, true), {10, 10, 2});
    }

    TEST_CASE("allocate: invariants on random order books") {
        std::uint64_t state = 2024;
        const auto next = [&state](std::uint64_t n) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            return (state >> 33) % n;
        };
        const char* names[] = {"a", "b", "c", "d", "e"};
        const ContractShares shares{{"a", 0.4}, {"b", 0.1}, {"c", 0.5}};
        for (int trial = 0; trial < 300; ++trial) {
            std::vector<OpenOrder> orders;
            const auto n = next(12);
            for (std::uint64_t k = 0; k < n; ++k) {
                orders.push_back(order(next(50), names[next(5)], static_cast<double>(1 + next(20)),
                                       static_cast<double>(next(10)),
                                       1 + static_cast<int>(next(3))));
            }
            const double available = static_cast<double>(next(2000)) / 10.0;
            double total = 0.0;
            for (const OpenOrder& o : orders) total += o.remaining;
            for (const AllocationPolicy p : all_policies) {
                CAPTURE(trial);
                CAPTURE(static_cast<int>(p));
                const auto grants = run(p, available, orders, false, shares);
                const auto whole = run(p, available, orders, true, shares);
                CHECK(sum(grants) == doctest::Approx(std::min(available, total)));
                CHECK(sum(whole) == std::floor(std::min(available, total)));
                for (std::size_t i = 0; i < orders.size(); ++i) {
                    CHECK(grants[i] >= 0.0);
                    CHECK(grants[i] <= orders[i].remaining);
                    CHECK(whole[i] == std::floor(whole[i]));
                    CHECK(whole[i] <= orders[i].remaining);
                    CHECK(std::abs(whole[i] - grants[i]) < 1.0 + 1e-9);
                }
                if (p == AllocationPolicy::MaxMin) {
                    // A buyer that is short got at least as much as any other buyer.
                    std::map<std::string, double> got;
                    std::map<std::string, double> open;
                    for (std::size_t i = 0; i < orders.size(); ++i) {
                        got[std::string(orders[i].buyer)] += grants[i];
                        open[std::string(orders[i].buyer)] += orders[i].remaining;
                    }
                    for (const auto& [buyer, amount] : got) {
                        if (amount >= open[buyer] - 1e-9) continue;
                        for (const auto& [other, other_amount] : got)
                            CHECK(amount >= other_amount - 1e-9);
                    }
                }
                if (p == AllocationPolicy::Priority) {
                    // Nothing reaches a tier while an order of a better tier is short.
                    for (std::size_t i = 0; i < orders.size(); ++i) {
                        if (grants[i] >= orders[i].remaining) continue;
                        for (std::size_t j = 0; j < orders.size(); ++j)
                            if (orders[j].tier > orders[i].tier) CHECK(grants[j] == 0.0);
                    }
                }
            }
        }
    }
}  // TEST_SUITE
