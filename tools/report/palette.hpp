#pragma once
// Colours that mean the same thing on every chart of a page: one per variant (the base is dark
// grey), one per buyer, and one per node, in a hue family per stage so that a node's colour
// also says where in the chain it sits.

#include <string>
#include <vector>

#include "tools/report/report_data.hpp"

namespace memchain::report {

struct ColourScale {
    std::vector<std::string> domain;                              // names
    std::vector<std::string> range;                               // "#rrggbb", same length
    [[nodiscard]] std::string of(const std::string& name) const;  // grey when unknown
};

struct Palette {
    ColourScale variants;
    ColourScale buyers;
    ColourScale nodes;   // every node, upstream stages first
    ColourScale stages;  // the middle shade of each stage's family
};

[[nodiscard]] Palette make_palette(const ReportData& data);

}  // namespace memchain::report
