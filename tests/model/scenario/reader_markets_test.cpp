// Markets in a scenario: a product's market, buyers' elasticities and device demand, each
// rule with its whole positioned message.

#include "model/scenario/reader.hpp"

#include <doctest/doctest.h>

#include "scenario_files.hpp"

using namespace memchain::model;
using memchain::testing::ScenarioFiles;

namespace {

// fab -> supply -> buyer; the market on line 6, the buyer on line 11.
std::string scenario(const std::string& market, const std::string& buyer = "",
                     const std::string& demand = "{rate: 50 wafers/day}") {
    return "name: t\nstart: 2026-01-01\nproducts:\n  wafer:\n    unit: wafers\n    market: " +
           market +
           "\n  chip: {unit: chips}\n"
           "nodes:\n"
           "  fab: {block: station, product: wafer, capacity: 100 wafers/day}\n"
           "  supply: {block: allocator, product: wafer}\n"
           "  buyer: {block: buyer, product: wafer, demand: " +
           demand + ", suppliers: {supply: 1}" + buyer +
           "}\n"
           "lanes:\n  - {from: fab, to: supply}\n  - {from: supply, to: buyer}\n";
}

const std::string good = "{reference_price: 10 USD, cash_cost: 4 USD}";

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("ScenarioReader: a market with its defaults, and with every key") {
        ScenarioFiles f;
        f.write("s.yaml", scenario(good));
        const Scenario s = f.load();
        REQUIRE(s.products[0].market);
        const Market& m = *s.products[0].market;
        CHECK(m.reference_price == 10.0);
        CHECK(m.cash_cost == 4.0);
        CHECK(m.sensitivity == 1.0);
        CHECK(m.adjustment == memchain::sim::Duration::from_days(30.0));
        CHECK(m.coverage == CoverageSignal::Flow);
        CHECK(m.contract_period == memchain::sim::Duration::from_days(91.0));
        CHECK(m.contract_pass_through == 1.0);
        CHECK(!s.products[1].market);

        f.write("s.yaml", scenario("{reference_price: 400 USD, cash_cost: 300, sensitivity: 2, "
                                   "adjustment_time: 2w, coverage: stock, reference_coverage: 4w, "
                                   "max_relative_coverage: 5, contract: {period: 1y, lag: 13w, "
                                   "pass_through: 0.6}, spot_share: 0.2, initial_spot: 450 USD}",
                                   ", elasticity: {units: -0.2}"));
        const Scenario t = f.load();
        const Market& n = *t.products[0].market;
        CHECK(!m.initial_spot);
        CHECK(n.sensitivity == 2.0);
        CHECK(n.adjustment == memchain::sim::Duration::from_days(14.0));
        CHECK(n.coverage == CoverageSignal::Stock);
        CHECK(n.reference_coverage == memchain::sim::Duration::from_days(28.0));
        CHECK(n.max_relative_coverage == 5.0);
        CHECK(n.contract_period == memchain::sim::Duration::from_days(365.25));
        CHECK(n.contract_lag == memchain::sim::Duration::from_days(91.0));
        CHECK(n.contract_pass_through == 0.6);
        CHECK(n.spot_share == 0.2);
        REQUIRE(n.initial_spot);
        CHECK(*n.initial_spot == 450.0);
        REQUIRE(t.nodes[2].price_response);
        CHECK(t.nodes[2].price_response->units_elasticity == -0.2);
        CHECK(!t.nodes[2].price_response->adjustment);  // none: the factor answers at once

        f.write("s.yaml", scenario(good, ", elasticity: {units: -0.4, adjustment_time: 13w}"));
        const Scenario u = f.load();
        REQUIRE(u.nodes[2].price_response);
        CHECK(u.nodes[2].price_response->units_elasticity == -0.4);
        CHECK(u.nodes[2].price_response->adjustment == memchain::sim::Duration::from_days(91.0));
    }

    TEST_CASE("ScenarioReader: devices demand carries content per device as a plan") {
        ScenarioFiles f;
        f.write("s.yaml",
                scenario(good, ", elasticity: {units: -0.1, content: -0.3}",
                         "{devices: 10 devices/day, content: {points: {2026-01-01: 8 wafers, "
                         "2027-01-01: 12 wafers}}}"));
        const Scenario s = f.load();
        const Node& buyer = s.nodes[2];
        REQUIRE(buyer.demand.content);
        CHECK(buyer.demand.rate.at(0.0) == 10.0);
        CHECK(buyer.demand.content->at(400.0) == 12.0);
        CHECK(buyer.price_response->content_elasticity == -0.3);
    }

    TEST_CASE("ScenarioReader: a part priced off its downstream market") {
        // wafer's market names chip's; chip needs a market of its own, and a seller.
        const auto with_chip = [](const std::string& wafer_market, const std::string& chip) {
            std::string s = scenario(wafer_market);
            const std::string plain = "  chip: {unit: chips}\n";
            s.replace(s.find(plain), plain.size(), "  chip: {unit: chips" + chip + "}\n");
            return s +
                   "  - {from: chip_fab, to: chip_supply}\n"
                   "  - {from: chip_supply, to: chip_buyer}\n";
        };
        const auto nodes = [](std::string s) {
            const std::string at = "lanes:\n";
            s.insert(s.find(at),
                     "  chip_fab: {block: station, product: chip, capacity: 10 chips/day}\n"
                     "  chip_supply: {block: allocator, product: chip}\n"
                     "  chip_buyer: {block: buyer, product: chip, demand: {rate: 5 chips/day}, "
                     "suppliers: {chip_supply: 1}}\n");
            return s;
        };
        const std::string down =
            "{reference_price: 10 USD, cash_cost: 4 USD, downstream: {product: chip, weight: "
            "0.5}}";
        const std::string chip_market = ", market: {reference_price: 100 USD, cash_cost: 40 USD}";
        ScenarioFiles f;
        f.write("s.yaml", nodes(with_chip(down, chip_market)));
        const Scenario s = f.load();
        CHECK(s.products[0].market->downstream == "chip");
        CHECK(s.products[0].market->downstream_weight == 0.5);
        CHECK(f.error_of(nodes(with_chip(down, ""))) ==
              "s.yaml:6:79: error: downstream market chip of wafer: that product has no market");
        const std::string zero =
            "{reference_price: 10 USD, cash_cost: 4 USD, downstream: {product: chip, weight: 0}}";
        CHECK(f.error_of(nodes(with_chip(zero, chip_market))) ==
              "s.yaml:6:93: error: weight must be in (0, 1], found 0");
        const std::string self =
            "{reference_price: 10 USD, cash_cost: 4 USD, downstream: {product: wafer, weight: "
            "1}}";
        CHECK(f.error_of(nodes(with_chip(self, chip_market))) ==
              "s.yaml:6:79: error: a market cannot be priced off itself (wafer)");
        const std::string chained =
            ", market: {reference_price: 100 USD, cash_cost: 40 USD, "
            "downstream: {product: wafer, weight: 1}}";
        CHECK(f.error_of(nodes(with_chip(down, chained))) ==
              "s.yaml:6:79: error: downstream market chip of wafer is itself priced off another "
              "market; a part is priced off one market that prices on its own coverage");
    }

    TEST_CASE("ScenarioReader: a forward horizon, on stock coverage of a product made at a rate") {
        ScenarioFiles f;
        const std::string stock =
            "{reference_price: 10 USD, cash_cost: 4 USD, coverage: stock, reference_coverage: 4w";
        f.write("s.yaml", scenario(stock + ", forward_horizon: 1q}"));
        CHECK(f.load().products[0].market->forward_horizon ==
              memchain::sim::Duration::from_days(91.3125));
        f.write("s.yaml", scenario(stock + "}"));
        CHECK(f.load().products[0].market->forward_horizon == memchain::sim::Duration::zero());
        CHECK(f.error_of(scenario(stock + ", forward_horizon: 0d}")) ==
              "s.yaml:6:115: error: forward_horizon must be positive, found '0d'");
        CHECK(f.error_of(scenario("{reference_price: 10 USD, cash_cost: 4 USD, "
                                  "forward_horizon: 90d}")) ==
              "s.yaml:6:57: error: key 'forward_horizon' applies to coverage stock only (the "
              "stock and the output expected over the horizon)");
        // The output it expects comes from stations at a capacity rate: servers do not say it.
        std::string servers = scenario(stock + ", forward_horizon: 90d}");
        servers.replace(servers.find("capacity: 100 wafers/day"), 24,
                        "servers: 1, process_time: 1d");
        CHECK(f.error_of(servers) ==
              "s.yaml:6:13: error: market on wafer has a forward_horizon, but no station or "
              "assembly makes wafer at a capacity rate (the output it expects)");
    }

    TEST_CASE("ScenarioReader: an anchor time, positive") {
        ScenarioFiles f;
        const std::string market = "{reference_price: 10 USD, cash_cost: 4 USD";
        f.write("s.yaml", scenario(market + ", anchor_time: 26w}"));
        CHECK(f.load().products[0].market->anchor_time ==
              memchain::sim::Duration::from_days(182.0));
        f.write("s.yaml", scenario(market + "}"));
        CHECK(f.load().products[0].market->anchor_time == memchain::sim::Duration::zero());
        CHECK(f.error_of(scenario(market + ", anchor_time: 0d}")) ==
              "s.yaml:6:70: error: anchor_time must be positive, found '0d'");
    }

    TEST_CASE("ScenarioReader: market errors") {
        ScenarioFiles f;
        CHECK(f.error_of(scenario("{reference_price: 0 USD, cash_cost: 4 USD}")) ==
              "s.yaml:6:31: error: reference_price must be positive, found 0");
        CHECK(f.error_of(scenario("{reference_price: 10 USD, cash_cost: -1 USD}")) ==
              "s.yaml:6:50: error: cash_cost must be positive, found -1");
        CHECK(f.error_of(scenario("{reference_price: 10 USD, cash_cost: 12 USD}")) ==
              "s.yaml:6:50: error: cash_cost 12 USD is above the reference_price of wafer (the "
              "floor must be below the price at balance)");
        CHECK(
            f.error_of(scenario("{reference_price: 10 USD, cash_cost: 4 USD, initial_spot: 0}")) ==
            "s.yaml:6:71: error: initial_spot must be positive, found 0");
        CHECK(f.error_of(scenario("{reference_price: 10 USD, cash_cost: 4 USD, initial_spot: 3 "
                                  "USD}")) ==
              "s.yaml:6:71: error: initial_spot 3 USD is below the cash_cost of wafer (expected a "
              "start price at or above the floor, which no maker sells below)");
        CHECK(f.error_of(scenario("{reference_price: 10 USD}")) ==
              "s.yaml:6:13: error: missing required key 'cash_cost'");
        CHECK(f.error_of(scenario("{reference_price: 10 USD, cash_cost: 4 USD, coverage: stok}")) ==
              "s.yaml:6:67: error: unknown coverage 'stok' (did you mean 'stock'?) (expected flow, "
              "stock or orders)");
        CHECK(
            f.error_of(scenario("{reference_price: 10 USD, cash_cost: 4 USD, coverage: stock}")) ==
            "s.yaml:6:13: error: coverage stock needs reference_coverage (the days of cover at "
            "balance)");
        CHECK(f.error_of(scenario("{reference_price: 10 USD, cash_cost: 4 USD, contract: "
                                  "{period: 3d}}")) ==
              "s.yaml:6:76: error: contract period 3d is shorter than the sample interval (1w): "
              "prices change only once per sample interval");
        CHECK(f.error_of(scenario("{reference_price: 10 USD, cash_cost: 4 USD, sensitivity: 0}")) ==
              "s.yaml:6:70: error: sensitivity must be positive, found 0");
        CHECK(f.error_of(scenario(good, ", elasticity: {units: 0.2}")) ==
              "s.yaml:11:116: error: elasticity units must be zero or negative (demand falls as "
              "the price rises), found '0.2'");
        CHECK(f.error_of(scenario(good, ", elasticity: {units: -0.4, adjustment_time: 0d}")) ==
              "s.yaml:11:139: error: adjustment_time must be positive, found '0d'");
        CHECK(f.error_of(scenario(good, ", elasticity: {units: -0.4, adjustment_time: -1w}")) ==
              "s.yaml:11:139: error: adjustment_time must be positive, found '-1w'");
        CHECK(f.error_of(scenario(good, ", elasticity: {units: -0.4, adjustment_time: soon}")) ==
              "s.yaml:11:139: error: expected a duration like 6w or 90d, found 'soon'");
        CHECK(f.error_of(scenario(good, ", elasticity: {content: -0.2}")) ==
              "s.yaml:11:109: error: elasticity content needs devices demand with content per "
              "device");
        CHECK(
            f.error_of(scenario(good, ", elasticity: {units: -0.2}", "{poisson: 5 wafers/day}")) ==
            "s.yaml:11:110: error: elasticity applies to rate, capex or devices demand, not "
            "poisson");
        // A market on a product no allocator holds.
        std::string unsold = scenario(good);
        unsold.replace(unsold.find("chip: {unit: chips}"), 19,
                       "chip: {unit: chips, market: {reference_price: 1, cash_cost: 1}}");
        CHECK(f.error_of(unsold) ==
              "s.yaml:7:31: error: market on chip, which no one sells (no allocator holds chip)");
    }
}  // TEST_SUITE
