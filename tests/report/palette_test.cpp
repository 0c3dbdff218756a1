#include "tools/report/palette.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace memchain::report;

namespace {

// Months of orders for `product` from each of `buyers`, in the base variant.
void add_buyers(ReportData& d, const std::string& product, const std::vector<std::string>& buyers) {
    for (const auto& buyer : buyers) {
        OrderMonth m;
        m.variant = "base";
        m.product = product;
        m.buyer = buyer;
        m.month = "2026-01-01";
        d.order_months.push_back(m);
        if (std::find(d.buyers.begin(), d.buyers.end(), buyer) == d.buyers.end())
            d.buyers.push_back(buyer);
    }
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("palette: the buyers of one product never share a colour, past 20 by dash") {
        // 22 buyers of chips; two of them, with two others, also buy wafers.
        ReportData d;
        std::vector<std::string> chip_buyers;
        for (int i = 0; i < 22; ++i) chip_buyers.push_back("b" + std::to_string(i));
        add_buyers(d, "chip", chip_buyers);
        add_buyers(d, "wafer", {"b0", "b21", "w1", "w2"});
        const Palette p = make_palette(d);
        REQUIRE(p.buyers.domain.size() == 24);
        auto style = [&](const std::string& b) {
            return std::pair{p.buyers.of(b), p.buyers.dash_of(b)};
        };
        std::set<std::pair<std::string, int>> chip_styles;
        std::set<std::string> solid_colours;
        for (const auto& b : chip_buyers) {
            chip_styles.insert(style(b));
            if (p.buyers.dash_of(b) == 0) solid_colours.insert(p.buyers.of(b));
        }
        CHECK(chip_styles.size() == 22);    // no two chip buyers alike
        CHECK(solid_colours.size() == 20);  // twenty solid colours, then dashes
        CHECK(p.buyers.dash_of("b20") == 1);
        CHECK(p.buyers.of("b20") == p.buyers.of("b0"));  // the same hue, told apart by its dash
        // The wafer panel: four buyers, four styles, and b0 and b21 as on the chip panel.
        const std::set<std::pair<std::string, int>> wafer_styles = {style("b0"), style("b21"),
                                                                    style("w1"), style("w2")};
        CHECK(wafer_styles.size() == 4);
    }

    TEST_CASE("palette: buyers of different products may share a colour, one per buyer") {
        ReportData d;
        add_buyers(d, "chip", {"a", "b"});
        add_buyers(d, "wafer", {"c", "d"});
        d.buyers.push_back("e");  // no completed order: in no panel
        const Palette p = make_palette(d);
        CHECK(p.buyers.of("e") != "#9e9e9e");         // the colour of an unknown name
        CHECK(p.buyers.of("a") == p.buyers.of("c"));  // never drawn together
        CHECK(p.buyers.of("a") != p.buyers.of("b"));
        CHECK(p.buyers.of("c") != p.buyers.of("d"));
        CHECK(p.buyers.dash_of("d") == 0);
    }
}  // TEST_SUITE
