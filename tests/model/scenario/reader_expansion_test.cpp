// A station's expansion, its cut, its surge and a fab's wafer mix in a scenario: the keys with
// their defaults, and each rule with its whole positioned message.

#include "model/scenario/reader.hpp"

#include <doctest/doctest.h>

#include "scenario_files.hpp"

using namespace memchain::model;
using memchain::testing::ScenarioFiles;

namespace {

// fab (line 8, its expansion from column 79) -> supply -> buyer; wafer has a market when asked.
std::string scenario(const std::string& expansion, bool market = false,
                     const std::string& fab_capacity = "capacity: 100 wafers/day") {
    return "name: t\nstart: 2026-01-01\nproducts:\n  wafer:\n    unit: wafers\n" +
           std::string(market ? "    market: {reference_price: 10 USD, cash_cost: 4 USD}\n"
                              : "    description: a wafer\n") +
           "nodes:\n"
           "  fab: {block: station, product: wafer, " +
           fab_capacity + ", expansion: " + expansion +
           "}\n"
           "  supply: {block: allocator, product: wafer}\n"
           "  buyer: {block: buyer, product: wafer, demand: {rate: 50 wafers/day}, suppliers: "
           "{supply: 1}}\n"
           "lanes:\n  - {from: fab, to: supply}\n  - {from: supply, to: buyer}\n";
}

const std::string good = "{above: 0.9, for: 13w, step: 0.2, lead_time: 52w}";

// As scenario(), the fab with a cut (its map from column 73) instead of an expansion.
std::string cut_scenario(const std::string& cut, bool market = true,
                         const std::string& fab_capacity = "capacity: 100 wafers/day") {
    std::string text = scenario("{}", market, fab_capacity);
    text.replace(text.find("expansion: {}"), 13, "cut: " + cut);
    return text;
}

const std::string good_cut = "{below: 0, for: 13w, step: 0.2, lead_time: 13w, restore_above: 0.2}";

// As scenario(), the fab with a surge (its map from column 75) instead of an expansion.
std::string surge_scenario(const std::string& surge, bool market = true,
                           const std::string& fab_capacity = "capacity: 100 wafers/day") {
    std::string text = scenario("{}", market, fab_capacity);
    text.replace(text.find("expansion: {}"), 13, "surge: " + surge);
    return text;
}

const std::string good_surge = "{above: 0.1, share: 0.15, delay: 10w, longest: 13w}";

// fab (line 9, its wafer mix from column 78) -> hbm_line and dram_line; hbm and dram have
// markets (each sold by an allocator of its own), wafer has none.
std::string mix_scenario(const std::string& mix) {
    return "name: t\nstart: 2026-01-01\nproducts:\n  wafer: {unit: wafers}\n"
           "  hbm: {unit: stacks, market: {reference_price: 500 USD, cash_cost: 200 USD}}\n"
           "  dram: {unit: GB, market: {reference_price: 10 USD, cash_cost: 4 USD}}\n"
           "nodes:\n"
           "  src: {block: source, product: wafer, arrivals: {rate: 200 wafers/day, lot_size: "
           "10}}\n"
           "  fab: {block: station, product: wafer, capacity: 100 wafers/day, wafer_mix: " +
           mix +
           ", inputs: {wafer: {capacity: 100}}}\n"
           "  hbm_line: {block: sink, product: wafer}\n"
           "  dram_line: {block: sink, product: wafer}\n"
           "  hbm_sales: {block: allocator, product: hbm, unlimited: true}\n"
           "  dram_sales: {block: allocator, product: dram, unlimited: true}\n"
           "lanes:\n  - {from: src, to: fab}\n  - {from: fab, to: hbm_line}\n"
           "  - {from: fab, to: dram_line}\n";
}

const std::string hbm_route = "hbm: {to: hbm_line, product: hbm, per_wafer: 25}";
const std::string dram_route = "conventional: {to: dram_line, product: dram, per_wafer: 2430}";

}  // namespace

TEST_SUITE("model") {
    TEST_CASE("ScenarioReader: an expansion with its defaults, and with every key") {
        ScenarioFiles f;
        f.write("s.yaml", scenario(good));
        const Scenario s = f.load();
        REQUIRE(s.nodes[0].expansion);
        const Expansion& e = *s.nodes[0].expansion;
        CHECK(e.trigger == Expansion::Trigger::Utilization);
        CHECK(e.above == 0.9);
        CHECK(e.sustain == memchain::sim::Duration::from_days(91.0));
        CHECK(e.step == 0.2);
        CHECK(e.lead_time == memchain::sim::Duration::from_days(364.0));
        CHECK(e.ramp == memchain::sim::Duration::zero());
        CHECK(e.capex == 0.0);
        CHECK_FALSE(e.max_commitments);
        CHECK(e.in_build == 1);
        f.write("s.yaml", scenario("{when: margin, above: 0.7, for: 4w, step: 0.1, lead_time: 2y, "
                                   "ramp: 26w, capex: 14.5e9 USD, max_commitments: 2, in_build: 3}",
                                   true));
        const Scenario m = f.load();
        const Expansion& x = *m.nodes[0].expansion;
        CHECK(x.trigger == Expansion::Trigger::Margin);
        CHECK(x.margin_product == "wafer");
        CHECK(x.ramp == memchain::sim::Duration::from_days(182.0));
        CHECK(x.capex == 14.5e9);
        CHECK(x.max_commitments == 2);
        CHECK(x.in_build == 3);
    }

    TEST_CASE("ScenarioReader: expansion errors") {
        ScenarioFiles f;
        CHECK(f.error_of(scenario("{above: 0.9, for: 13w, step: 0.2}")) ==
              "s.yaml:8:78: error: missing required key 'lead_time'");
        CHECK(f.error_of(scenario("{when: scarcity, above: 0.9, for: 13w, step: 0.2, lead_time: "
                                  "52w}")) ==
              "s.yaml:8:85: error: unknown expansion trigger 'scarcity' (expected utilization or "
              "margin)");
        CHECK(f.error_of(scenario("{above: 1.5, for: 13w, step: 0.2, lead_time: 52w}")) ==
              "s.yaml:8:86: error: above must be in (0, 1], found 1.5");
        CHECK(f.error_of(scenario("{above: 0.9, for: 13w, step: 0.2, lead_time: 52w, "
                                  "max_commitments: 0}")) ==
              "s.yaml:8:145: error: max_commitments must be a whole number from 1 to 1000, found "
              "'0'");
        CHECK(f.error_of(scenario("{above: 0.9, for: 13w, step: 0.2, lead_time: 52w, "
                                  "in_build: 0}")) ==
              "s.yaml:8:138: error: in_build must be a whole number from 1 to 1000, found '0'");
        CHECK(f.error_of(scenario("{when: margin, above: 0.7, for: 4w, step: 0.1, lead_time: "
                                  "52w}")) ==
              "s.yaml:8:78: error: expansion when: margin on 'fab' reads the market of wafer, "
              "which has none (give the product a market, or name one with product:)");
        CHECK(f.error_of(scenario("{above: 0.9, for: 13w, step: 0.2, lead_time: 52w, product: "
                                  "wafer}")) ==
              "s.yaml:8:128: error: key 'product' applies to when: margin only");
        CHECK(f.error_of(scenario(good, false, "servers: 2, process_time: 1d")) ==
              "s.yaml:8:82: error: expansion on station 'fab', which counts servers: an expansion "
              "adds to a capacity rate");
    }

    TEST_CASE("ScenarioReader: a pool takes an expansion; an inventory does not") {
        ScenarioFiles f;
        const std::string head =
            "name: t\nstart: 2026-01-01\nproducts:\n  rack: {unit: racks}\nnodes:\n"
            "  src: {block: source, product: rack, arrivals: {rate: 10 racks/day}}\n";
        f.write("s.yaml", head + "  hall: {block: pool, product: rack, capacity: 700, expansion: " +
                              good + "}\nlanes:\n  - {from: src, to: hall}\n");
        const Scenario s = f.load();
        REQUIRE(s.nodes[1].expansion);
        CHECK(s.nodes[1].expansion->step == 0.2);
        CHECK(f.error_of(head + "  hall: {block: inventory, product: rack, expansion: " + good +
                         "}\nlanes:\n  - {from: src, to: hall}\n") ==
              "s.yaml:7:43: error: key 'expansion' does not apply to an inventory");
    }

    TEST_CASE("ScenarioReader: a cut with its defaults, and with every key") {
        ScenarioFiles f;
        f.write("s.yaml", cut_scenario(good_cut));
        const Scenario s = f.load();
        REQUIRE(s.nodes[0].cut);
        const Cut& c = *s.nodes[0].cut;
        CHECK(c.margin_product == "wafer");
        CHECK(c.below == 0.0);
        CHECK(c.restore_above == 0.2);
        CHECK(c.sustain == memchain::sim::Duration::from_days(91.0));
        CHECK(c.step == 0.2);
        CHECK(c.lead_time == memchain::sim::Duration::from_days(91.0));
        CHECK(c.max_cuts == 1);
        CHECK(c.pos.line == 8);
        f.write("s.yaml", cut_scenario("{when: margin, product: wafer, below: -0.1, for: 4w, "
                                       "step: 0.3, lead_time: 0d, max_cuts: 3, restore_above: "
                                       "0.25}"));
        const Cut& x = *f.load().nodes[0].cut;
        CHECK(x.below == -0.1);
        CHECK(x.max_cuts == 3);
        CHECK(x.lead_time == memchain::sim::Duration::zero());
    }

    TEST_CASE("ScenarioReader: cut errors") {
        ScenarioFiles f;
        CHECK(f.error_of(cut_scenario("{below: 0, for: 13w, step: 0.2, lead_time: 13w}")) ==
              "s.yaml:8:72: error: missing required key 'restore_above'");
        CHECK(f.error_of(cut_scenario("{when: utilization, below: 0, for: 13w, step: 0.2, "
                                      "lead_time: 13w, restore_above: 0.2}")) ==
              "s.yaml:8:79: error: unknown cut trigger 'utilization' (expected margin)");
        CHECK(f.error_of(cut_scenario("{below: -1, for: 13w, step: 0.2, lead_time: 13w, "
                                      "restore_above: 0.2}")) ==
              "s.yaml:8:80: error: below must be a margin in (-1, 1], found '-1'");
        CHECK(f.error_of(cut_scenario("{below: 0.3, for: 13w, step: 0.2, lead_time: 13w, "
                                      "restore_above: 0.2}")) ==
              "s.yaml:8:137: error: restore_above must be above below (0.3) and at most 1, "
              "found '0.2'");
        CHECK(f.error_of(cut_scenario("{below: 0, for: 13w, step: 1, lead_time: 13w, "
                                      "restore_above: 0.2}")) ==
              "s.yaml:8:99: error: step must be a share of capacity in (0, 1), found '1'");
        CHECK(f.error_of(cut_scenario("{below: 0, for: 13w, step: 0.4, lead_time: 13w, "
                                      "restore_above: 0.2, max_cuts: 3}")) ==
              "s.yaml:8:150: error: max_cuts must be a whole number from 1 with max_cuts x step "
              "(0.4) below 1, found '3'");
        CHECK(f.error_of(cut_scenario(good_cut, false)) ==
              "s.yaml:8:72: error: cut on 'fab' reads the market of wafer, which has none (give "
              "the product a market, or name one with product:)");
        CHECK(f.error_of(cut_scenario(good_cut, true, "servers: 2, process_time: 1d")) ==
              "s.yaml:8:76: error: cut on station 'fab', which counts servers: a cut takes a "
              "share of a capacity rate");
        CHECK(f.error_of(cut_scenario("{below: 0, for: 13w, step: 0.2, lead_time: 13w, "
                                      "restore_above: 0.2, ramp: 1w}")) ==
              "s.yaml:8:140: error: unknown key 'ramp'");
    }

    TEST_CASE("ScenarioReader: a surge with its defaults, and with every key") {
        ScenarioFiles f;
        f.write("s.yaml", surge_scenario(good_surge));
        const Scenario s = f.load();
        REQUIRE(s.nodes[0].surge);
        const Surge& u = *s.nodes[0].surge;
        CHECK(u.product == "wafer");
        CHECK(u.above == 0.1);
        CHECK(u.sustain == memchain::sim::Duration::zero());
        CHECK(u.share == 0.15);
        CHECK(u.delay == memchain::sim::Duration::from_days(70.0));
        CHECK(u.longest == memchain::sim::Duration::from_days(91.0));
        CHECK(u.max_surges == 1);
        CHECK(u.pos.line == 8);
        f.write("s.yaml", surge_scenario("{when: spot, product: wafer, above: 0.25, for: 1w, "
                                         "share: 1, delay: 0d, longest: 26w, max_surges: 2}"));
        const Surge& x = *f.load().nodes[0].surge;
        CHECK(x.above == 0.25);
        CHECK(x.sustain == memchain::sim::Duration::from_days(7.0));
        CHECK(x.share == 1.0);
        CHECK(x.delay == memchain::sim::Duration::zero());
        CHECK(x.longest == memchain::sim::Duration::from_days(182.0));
        CHECK(x.max_surges == 2);
    }

    TEST_CASE("ScenarioReader: surge errors") {
        ScenarioFiles f;
        CHECK(f.error_of(surge_scenario("{above: 0.1, delay: 10w, longest: 13w}")) ==
              "s.yaml:8:74: error: missing required key 'share'");
        CHECK(f.error_of(surge_scenario("{when: margin, above: 0.1, share: 0.15, delay: 10w, "
                                        "longest: 13w}")) ==
              "s.yaml:8:81: error: unknown surge trigger 'margin' (expected spot)");
        CHECK(f.error_of(surge_scenario("{above: -0.1, share: 0.15, delay: 10w, longest: 13w}")) ==
              "s.yaml:8:82: error: above must not be negative, found -0.1");
        CHECK(f.error_of(surge_scenario("{above: 0.1, share: 1.5, delay: 10w, longest: 13w}")) ==
              "s.yaml:8:94: error: share must be a share of capacity in (0, 1], found '1.5'");
        CHECK(f.error_of(surge_scenario("{above: 0.1, share: 0.15, delay: 10w, longest: 0d}")) ==
              "s.yaml:8:121: error: longest must be positive, found '0d'");
        CHECK(f.error_of(surge_scenario("{above: 0.1, share: 0.15, delay: 10w, longest: 13w, "
                                        "max_surges: 0}")) ==
              "s.yaml:8:138: error: max_surges must be a whole number from 1 to 1000, found '0'");
        CHECK(f.error_of(surge_scenario("{above: 0.1, share: 0.15, delay: 10w, longest: 13w, "
                                        "ramp: 1w}")) == "s.yaml:8:126: error: unknown key 'ramp'");
        CHECK(f.error_of(surge_scenario(good_surge, false)) ==
              "s.yaml:8:74: error: surge on 'fab' reads the spot of wafer, which has no market "
              "(give the product a market, or name one with product:)");
        CHECK(f.error_of(surge_scenario(good_surge, true, "servers: 2, process_time: 1d")) ==
              "s.yaml:8:78: error: surge on station 'fab', which counts servers: a surge adds to "
              "a capacity rate");
    }

    TEST_CASE("ScenarioReader: a wafer mix with its defaults, and with every key") {
        ScenarioFiles f;
        f.write("s.yaml", mix_scenario("{" + hbm_route + ", " + dram_route + "}"));
        const Scenario s = f.load();
        REQUIRE(s.nodes[1].wafer_mix);
        const WaferMix& w = *s.nodes[1].wafer_mix;
        CHECK(w.hbm.to == "hbm_line");
        CHECK(w.hbm.product == "hbm");
        CHECK(w.hbm.per_wafer == 25.0);
        CHECK(w.conventional.to == "dram_line");
        CHECK(w.conventional.per_wafer == 2430.0);
        CHECK(w.min_hbm_share == 0.0);
        CHECK(w.max_hbm_share == 1.0);
        CHECK(w.max_change_per_quarter == 0.05);
        f.write("s.yaml", mix_scenario("{" + hbm_route + ", " + dram_route +
                                       ", hbm_share: [0.15, 0.5], max_change: 0.03}"));
        const WaferMix& x = *f.load().nodes[1].wafer_mix;
        CHECK(x.min_hbm_share == 0.15);
        CHECK(x.max_hbm_share == 0.5);
        CHECK(x.max_change_per_quarter == 0.03);
    }

    TEST_CASE("ScenarioReader: wafer mix errors") {
        ScenarioFiles f;
        CHECK(f.error_of(mix_scenario("{" + hbm_route + "}")) ==
              "s.yaml:9:78: error: missing required key 'conventional'");
        CHECK(f.error_of(
                  mix_scenario("{" + hbm_route + ", " + dram_route + ", hbm_share: [0.6, 0.5]}")) ==
              "s.yaml:9:203: error: hbm_share must be [lowest, highest] within [0, 1], found "
              "[0.6, 0.5]");
        CHECK(f.error_of(mix_scenario("{" + hbm_route + ", " + dram_route + ", hbm_share: 0.5}")) ==
              "s.yaml:9:203: error: hbm_share must be [lowest, highest], found '0.5'");
        CHECK(f.error_of(mix_scenario("{hbm: {to: hbm_line, product: wafer, per_wafer: 25}, " +
                                      dram_route + "}")) ==
              "s.yaml:9:78: error: wafer_mix of 'fab' prices its route to 'hbm_line' by wafer, "
              "which has no market");
        CHECK(f.error_of(mix_scenario("{hbm: {to: src, product: hbm, per_wafer: 25}, " +
                                      dram_route + "}")) ==
              "s.yaml:9:78: error: wafer_mix of 'fab' routes to 'src', but no lane goes from "
              "'fab' there");
        CHECK(f.error_of(mix_scenario("{hbm: {to: dram_line, product: hbm, per_wafer: 25}, " +
                                      dram_route + "}")) ==
              "s.yaml:9:78: error: wafer_mix of 'fab' sends both routes to 'dram_line'");
        CHECK(f.error_of(mix_scenario("{hbm: {to: hbm_line, product: hbm, per_wafer: 25, "
                                      "speed: 1}, " +
                                      dram_route + "}")) ==
              "s.yaml:9:128: error: unknown key 'speed'");
    }
}  // TEST_SUITE
