#include "tools/report/headline.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace memchain::report;

namespace {

// A base and a fire, three replications each: one end buyer (hyperscaler, block `buyer`) of
// accelerators, and a packaging line that orders stacks (a stage, not a customer).
ReportData by_hand() {
    ReportData d;
    for (const char* name : {"base", "fire"}) {
        Variant v;
        v.name = name;
        v.base = std::string(name) == "base";
        d.variants.push_back(v);
    }
    d.nodes = {{"hyperscaler", "buyer", "Hyperscalers", "US", "", "accelerator", 3},
               {"cowos", "assembly", "Packaging", "TW", "tsmc", "accelerator", 2},
               {"power", "pool", "Power", "US", "", "installed", 4}};
    d.products = {"stack", "accelerator"};
    d.buyers = {"cowos", "hyperscaler"};
    d.product_units = {{"accelerator", "accelerators"}, {"installed", "accelerators"}};
    auto kpi = [&](const char* variant, const char* name, const char* product, const char* buyer,
                   double mean) {
        KpiStat k;
        k.variant = variant;
        k.kpi = name;
        k.product = product;
        k.buyer = buyer;
        k.n = 3;
        k.mean = mean;
        k.ci95_half_width = 1.0;
        d.kpis.push_back(k);
    };
    kpi("base", "units_ordered", "accelerator", "hyperscaler", 100.0);
    kpi("base", "units_ordered", "stack", "cowos", 800.0);
    kpi("base", "units_delivered", "accelerator", "", 90.0);
    kpi("base", "units_short", "accelerator", "hyperscaler", 10.0);
    kpi("base", "fill_rate", "accelerator", "", 0.9);
    kpi("base", "units_delivered", "stack", "", 790.0);
    Comparison delivered{
        "fire", "units_delivered", "accelerator", "", "", 3, 90.0, 70.0, -20.0, -30.0, -10.0, -35.0,
        -5.0,   std::nullopt};
    Comparison fill{"fire", "fill_rate", "accelerator", "",   "",    3,    0.9,
                    0.88,   -0.02,       -0.05,         0.01, -0.06, 0.02, std::nullopt};
    d.comparisons = {delivered, fill};
    // Installed per run: base 10, 12, 14; fire 8, 9, 13 (replications in the same order).
    const double installed[2][3] = {{10.0, 12.0, 14.0}, {8.0, 9.0, 13.0}};
    for (int v = 0; v < 2; ++v)
        for (int r = 0; r < 3; ++r) {
            RunRow run;
            run.id = 1 + v * 3 + r;
            run.variant = d.variants[v].name;
            run.replication = r;
            run.status = "completed";
            d.runs.push_back(run);
            d.variants[v].runs.push_back(run.id);
            d.installed_by_run[run.id] = installed[v][r];
        }
    d.installed_product = "installed";
    d.index();
    return d;
}

const HeadlineRow* row_of(const std::vector<HeadlineRow>& rows, const std::string& kpi,
                          const std::string& product = "") {
    for (const auto& r : rows)
        if (r.kpi == kpi && r.product == product) return &r;
    return nullptr;
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("headline: end buyers' products only, stacks ordered by a stage stay out") {
        const ReportData d = by_hand();
        CHECK(delivered_products(d) == std::vector<std::string>{"accelerator"});
        const Headline h = headline(d);
        CHECK(row_of(h.measures, "units_delivered", "stack") == nullptr);
    }

    TEST_CASE("headline: figures are the recorded ones, marked only when the interval excludes 0") {
        const Headline h = headline(by_hand());
        const HeadlineRow* delivered = row_of(h.measures, "units_delivered", "accelerator");
        REQUIRE(delivered);
        CHECK(delivered->unit == "accelerators");
        CHECK(delivered->value == 90.0);
        REQUIRE(delivered->changes.size() == 1);
        CHECK(delivered->changes[0].diff == -20.0);
        CHECK(delivered->changes[0].distinguishable());
        const HeadlineRow* fill = row_of(h.measures, "fill_rate", "accelerator");
        REQUIRE(fill);
        CHECK_FALSE(fill->changes[0].distinguishable());  // -5 to +1 points holds zero
    }

    TEST_CASE("headline: units installed paired replication by replication") {
        const Headline h = headline(by_hand());
        const HeadlineRow* installed = row_of(h.measures, "absorbed_units");
        REQUIRE(installed);
        CHECK(installed->value == doctest::Approx(12.0));
        REQUIRE(installed->changes.size() == 1);
        // Differences -2, -3, -1: mean -2, sd 1, t(0.975, 2) = 4.303, half width 4.303 / sqrt 3.
        const auto& x = installed->changes[0];
        CHECK(x.diff == doctest::Approx(-2.0));
        CHECK(x.low == doctest::Approx(-2.0 - 4.3027 / std::sqrt(3.0)).epsilon(1e-4));
        CHECK(x.value == doctest::Approx(10.0));
        CHECK_FALSE(x.distinguishable());  // -4.48 to +0.48 holds zero
        CHECK(x.high == doctest::Approx(0.4842).epsilon(1e-3));
    }

    TEST_CASE("headline: per buyer, only end buyers") {
        const Headline h = headline(by_hand());
        REQUIRE(h.buyers.size() == 1);  // units short, for the end buyer only
        CHECK(h.buyers[0].buyer == "hyperscaler");
        CHECK(h.buyers[0].kpi == "units_short");
        CHECK(h.buyers[0].value == 10.0);
        CHECK(h.buyers[0].changes.empty());  // no comparison recorded for it
    }
    TEST_CASE("split_unmoved: rows no variant moved are told in a line, grouped by product") {
        // Three rows, two variants each: a seller's revenue both variants left within noise, one
        // the second variant moved (its interval 2 to 6 excludes zero), and one measured on a
        // single replication, which cannot be called within noise.
        auto row = [](const std::string& label, const std::string& product, double low2, int n) {
            HeadlineRow r;
            r.label = label;
            r.kpi = "revenue";
            r.product = product;
            r.node = label;
            r.changes = {{"fire", 0.0, 1.0, -1.0, 3.0, n}, {"quake", 0.0, 4.0, low2, 6.0, n}};
            return r;
        };
        const std::vector<HeadlineRow> rows = {row("hbm revenue, SK hynix", "hbm", -2.0, 3),
                                               row("hbm revenue, Samsung", "hbm", 2.0, 3),
                                               row("dram revenue, Micron & co", "dram", -2.0, 1),
                                               row("dram revenue, CXMT", "dram", -2.0, 3)};
        const auto [shown, folded] =
            split_unmoved(rows, [](const HeadlineRow& r) { return r.kpi == "revenue"; });
        REQUIRE(shown.size() == 2);
        CHECK(shown[0].label == "hbm revenue, Samsung");
        CHECK(shown[1].label == "dram revenue, Micron & co");
        REQUIRE(folded.size() == 2);
        CHECK(names_by_product(folded) == "hbm: SK hynix; dram: CXMT");
        // A move beyond the noise but under 2% of the base's value folds too: 4 on a base of
        // 250 (1.6%) folds, 4 on 200 (2%) stays.
        std::vector<HeadlineRow> small = {row("hbm revenue, Samsung", "hbm", 2.0, 3),
                                          row("hbm revenue, Micron", "hbm", 2.0, 3)};
        small[0].value = 250.0;
        small[1].value = 200.0;
        const auto [kept, under] =
            split_unmoved(small, [](const HeadlineRow& r) { return r.kpi == "revenue"; });
        REQUIRE(kept.size() == 1);
        CHECK(kept[0].label == "hbm revenue, Micron");
        REQUIRE(under.size() == 1);
        CHECK(under[0].label == "hbm revenue, Samsung");
        // Rows the caller does not let fold stay, moved or not.
        CHECK(split_unmoved(rows, [](const HeadlineRow&) { return false; }).second.empty());
        // Buyers go by their name, escaped; three names read "a, b and c".
        std::vector<HeadlineRow> buyers(3);
        const char* names[] = {"meta", "alphabet", "A&B"};
        for (int i = 0; i < 3; ++i) {
            buyers[static_cast<std::size_t>(i)].buyer = names[i];
            buyers[static_cast<std::size_t>(i)].product = "accelerator";
        }
        CHECK(names_by_product(buyers) == "accelerator: meta, alphabet and A&amp;B");
    }
}
