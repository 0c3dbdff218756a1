#pragma once
// Colours that mean the same thing on every chart of a page: one per variant (the base is dark
// grey), one per buyer, and one per node, in a hue family per stage so that a node's colour
// also says where in the chain it sits. Buyers drawn in one panel (the buyers of one product)
// never share a colour: up to 20 of them apart by colour alone, more by colour and dash.

#include <string>
#include <vector>

#include "tools/report/report_data.hpp"

namespace memchain::report {

struct ColourScale {
    std::vector<std::string> domain;  // names
    std::vector<std::string> range;   // "#rrggbb", same length
    std::vector<int> dashes;          // per name, 0 solid, 1.. a dash pattern; empty: all solid
    [[nodiscard]] std::string of(const std::string& name) const;  // grey when unknown
    [[nodiscard]] int dash_of(const std::string& name) const;     // 0 when unknown
};

struct Palette {
    ColourScale variants;
    ColourScale buyers;
    ColourScale nodes;   // every node, upstream stages first
    ColourScale stages;  // the middle shade of each stage's family
};

[[nodiscard]] Palette make_palette(const ReportData& data);

}  // namespace memchain::report
