// Product chains on small networks drawn by hand: a fab shared by two end products, a chain
// joined to the rest only through a shared buyer, and two chains' detectors from one network's.

#include "model/policy/chains.hpp"

#include <doctest/doctest.h>

#include "model/scenario_builder.hpp"

namespace model = memchain::model;
using memchain::testing::ScenarioBuilder;
using model::Block;

namespace {

std::vector<std::string> names(const model::Scenario& sc, const model::ProductChain& chain) {
    std::vector<std::string> out;
    for (int i : chain.nodes) out.push_back(sc.nodes[static_cast<std::size_t>(i)].name);
    return out;
}

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("product_chains: a shared fab is in both chains, a separate maker in its own") {
        // fab -> hbm -> pack -> power (a pool), fab -> dram -> oems (a buyer);
        // cn_fab -> cn_hbm -> cn_pack -> cn_clouds (a buyer of another product), cn_fab -> oems.
        ScenarioBuilder s(10.0);
        s.product("wafer").product("hbm").product("rack").product("dram").product("box");
        s.node("fab", Block::Station, "wafer");
        s.node("hbm", Block::Station, "hbm");
        s.node("pack", Block::Assembly, "rack");
        s.node("power", Block::Pool, "rack");
        s.node("dram", Block::Station, "dram");
        s.node("oems", Block::Buyer, "dram");
        s.node("cn_fab", Block::Station, "wafer");
        s.node("cn_hbm", Block::Station, "hbm");
        s.node("cn_pack", Block::Assembly, "box");
        s.node("cn_clouds", Block::Buyer, "box");
        s.node("starts", Block::Source, "wafer");  // no out-lane, but a source is never an end
        for (auto [from, to] : {std::pair{"fab", "hbm"},
                                {"hbm", "pack"},
                                {"pack", "power"},
                                {"fab", "dram"},
                                {"dram", "oems"},
                                {"cn_fab", "cn_hbm"},
                                {"cn_hbm", "cn_pack"},
                                {"cn_pack", "cn_clouds"},
                                {"cn_fab", "oems"}})
            s.lane(from, to);
        const model::Scenario& sc = s.scenario();
        const auto chains = model::product_chains(sc);
        REQUIRE(chains.size() == 3);
        // In the order of their first ends: power, oems, cn_clouds.
        CHECK(chains[0].product == "rack");
        CHECK(names(sc, chains[0]) == std::vector<std::string>{"fab", "hbm", "pack", "power"});
        CHECK(chains[0].label() == "rack to power");
        CHECK(chains[1].product == "dram");
        CHECK(names(sc, chains[1]) == std::vector<std::string>{"fab", "dram", "oems", "cn_fab"});
        CHECK(chains[2].product == "box");
        CHECK(names(sc, chains[2]) ==
              std::vector<std::string>{"cn_fab", "cn_hbm", "cn_pack", "cn_clouds"});
        CHECK(chains[2].ends == std::vector<std::string>{"cn_clouds"});
    }

    TEST_CASE("product_chains: one end product made by two unconnected lines is two chains") {
        ScenarioBuilder s(10.0);
        s.product("p");
        for (const char* n : {"a1", "site_a", "b1", "site_b1", "site_b2"})
            s.node(n, std::string(n).rfind("site", 0) == 0 ? Block::Pool : Block::Station, "p");
        s.lane("a1", "site_a");
        s.lane("b1", "site_b1");
        s.lane("b1", "site_b2");
        const auto chains = model::product_chains(s.scenario());
        REQUIRE(chains.size() == 2);
        CHECK(chains[0].label() == "p to site_a");
        CHECK(chains[1].label() == "p to site_b1 and site_b2");
        CHECK(chains[1].nodes == std::vector<int>{2, 3, 4});
    }

    TEST_CASE(
        "ChainDetectors: a node in two chains is active in both, each with its own bottleneck") {
        // Nodes 0 (shared), 1 (only chain x), 2 (only chain y). 0 is active over [0, 10),
        // 1 over [0, 20), 2 never: x's bottleneck is 1, y's is 0.
        std::vector<model::ProductChain> chains{{"x", {}, {0, 1}}, {"y", {}, {0, 2}}};
        using memchain::sim::Duration;
        using memchain::sim::Time;
        model::BottleneckDetector whole(3, Duration::zero());
        const Time t0 = Time::zero();
        whole.set_active(0, true, t0);
        whole.set_active(1, true, t0);
        whole.set_active(0, false, t0 + Duration::from_days(10.0));
        model::ChainDetectors d(chains);
        d.finish(whole, t0 + Duration::from_days(20.0));
        CHECK(d.detector(0).sole_share(1) == doctest::Approx(1.0));
        CHECK(d.detector(0).sole_share(0) == doctest::Approx(0.0));
        CHECK(d.detector(1).sole_share(0) == doctest::Approx(0.5));  // local 0 is node 0
        CHECK(d.detector(1).sole_share(1) == doctest::Approx(0.0));  // node 2
    }
}  // TEST_SUITE
