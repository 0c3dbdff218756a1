#include "tools/report/palette.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace memchain::report {

namespace {

constexpr const char* base_colour = "#4d4d4d";
constexpr const char* unknown_colour = "#9e9e9e";

constexpr std::array<const char*, 9> variant_colours = {"#e15759", "#4e79a7", "#f28e2b",
                                                        "#59a14f", "#b07aa1", "#76b7b2",
                                                        "#edc948", "#ff9da7", "#9c755f"};

// Twenty hues apart enough to tell lines apart: d3's ten, then ten darker or off-axis ones.
constexpr std::array<const char*, 20> buyer_colours = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#d62728", "#393b79", "#637939", "#b15928", "#7b4173",
    "#00a087", "#e7298a", "#a6761d", "#66a61e", "#17594a", "#ad494a"};

// Darkest first; the second shade is the stage's own colour.
constexpr std::array<std::array<const char*, 4>, 8> stage_families = {{
    {"#1f5fa8", "#4e8fd0", "#8cb8e6", "#c2daf2"},  // blue
    {"#c4580b", "#f28e2b", "#f7b46f", "#fbd5ad"},  // orange
    {"#2d7a2d", "#59a14f", "#8fc986", "#c4e5bd"},  // green
    {"#6b3d8f", "#9c6fc1", "#c2a5dc", "#e0d2ee"},  // purple
    {"#a8262a", "#e15759", "#ee9293", "#f7c6c6"},  // red
    {"#1d6e6a", "#3fa39d", "#7fcac4", "#bfe5e1"},  // teal
    {"#6e4a2e", "#9c755f", "#c4a48f", "#e2d1c4"},  // brown
    {"#7a7a1f", "#b5b536", "#d3d37a", "#e9e9bd"},  // olive
}};

// A light-to-dark red ramp for the ordered points of a sweep.
std::string ramp(std::size_t i, std::size_t n) {
    const double t = n <= 1 ? 1.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    const double from[3] = {0xf7, 0xb4, 0x6f};
    const double to[3] = {0x99, 0x10, 0x1f};
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x",
                  static_cast<unsigned>(std::lround(from[0] + (to[0] - from[0]) * t)),
                  static_cast<unsigned>(std::lround(from[1] + (to[1] - from[1]) * t)),
                  static_cast<unsigned>(std::lround(from[2] + (to[2] - from[2]) * t)));
    return buffer;
}

// One style (a colour, and past the twentieth a dash too) per buyer, greedily: each takes the
// first style none of the buyers it shares a product with holds yet, so that a panel of a
// product's buyers repeats none, while each buyer keeps one style on the whole page.
void colour_buyers(const ReportData& data, ColourScale& scale) {
    std::map<std::string, std::set<std::string>> buyers_of;  // product -> buyers drawn with it
    for (const auto& m : data.order_months) buyers_of[m.product].insert(m.buyer);
    std::map<std::string, std::size_t> style;
    for (const auto& buyer : data.buyers) {
        std::set<std::size_t> taken;
        for (const auto& [product, buyers] : buyers_of) {
            if (!buyers.count(buyer)) continue;
            for (const auto& other : buyers)
                if (const auto it = style.find(other); it != style.end()) taken.insert(it->second);
        }
        std::size_t s = 0;
        while (taken.count(s)) ++s;
        style[buyer] = s;
        scale.domain.push_back(buyer);
        scale.range.push_back(buyer_colours[s % buyer_colours.size()]);
        scale.dashes.push_back(static_cast<int>(s / buyer_colours.size()));
    }
}

}  // namespace

int ColourScale::dash_of(const std::string& name) const {
    for (std::size_t i = 0; i < domain.size() && i < dashes.size(); ++i)
        if (domain[i] == name) return dashes[i];
    return 0;
}

std::string ColourScale::of(const std::string& name) const {
    for (std::size_t i = 0; i < domain.size(); ++i)
        if (domain[i] == name) return range[i];
    return unknown_colour;
}

Palette make_palette(const ReportData& data) {
    Palette p;
    const bool sweep = data.experiment.kind == "sweep";
    std::size_t others = 0;
    for (const auto& v : data.variants)
        if (!v.base) ++others;
    std::size_t k = 0;
    for (const auto& v : data.variants) {
        p.variants.domain.push_back(v.name);
        if (v.base)
            p.variants.range.push_back(base_colour);
        else
            p.variants.range.push_back(sweep ? ramp(k++, others)
                                             : variant_colours[k++ % variant_colours.size()]);
    }
    colour_buyers(data, p.buyers);
    std::map<std::string, std::size_t> family_of;
    for (std::size_t s = 0; s < data.stages.size(); ++s) {
        const auto& family = stage_families[s % stage_families.size()];
        family_of[data.stages[s].name] = s % stage_families.size();
        p.stages.domain.push_back(data.stages[s].name);
        p.stages.range.push_back(family[1]);
        for (std::size_t n = 0; n < data.stages[s].nodes.size(); ++n) {
            p.nodes.domain.push_back(data.stages[s].nodes[n]);
            p.nodes.range.push_back(family[n % family.size()]);
        }
    }
    // Nodes outside the producing stages (buyers, sources) can still bind: grey shades.
    for (const auto& node : data.nodes) {
        bool known = false;
        for (const auto& d : p.nodes.domain) known = known || d == node.name;
        if (known) continue;
        p.nodes.domain.push_back(node.name);
        p.nodes.range.push_back(unknown_colour);
    }
    return p;
}

}  // namespace memchain::report
