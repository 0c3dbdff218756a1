// Utilization heatmap and the bottleneck charts.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "tools/report/chart_common.hpp"
#include "tools/report/charts.hpp"
#include "tools/report/format.hpp"

namespace memchain::report {

namespace {

using chart::tip;

constexpr const char* sole_label = "sole: binds alone";
constexpr const char* shifting_label = "shifting: hand-over, overlaps the next";

// The opacity that tells sole from shifting periods, with its legend, on both charts.
Json kind_opacity() {
    return Json::object({
        {"field", "kind"},
        {"type", "ordinal"},
        {"title", "Bottleneck period"},
        {"scale", Json::object({{"domain", Json::array({sole_label, shifting_label})},
                                {"range", Json::array({1.0, 0.5})}})},
    });
}

ColourScale used_nodes(const Palette& p, const std::set<std::string>& used) {
    ColourScale out;
    for (std::size_t i = 0; i < p.nodes.domain.size(); ++i) {
        if (!used.count(p.nodes.domain[i])) continue;
        out.domain.push_back(p.nodes.domain[i]);
        out.range.push_back(p.nodes.range[i]);
    }
    for (const auto& name : used)  // nodes the network tables do not list
        if (std::find(out.domain.begin(), out.domain.end(), name) == out.domain.end()) {
            out.domain.push_back(name);
            out.range.push_back(p.nodes.of(name));
        }
    return out;
}

std::string replication_label(int replication) {
    return "Replication " + std::to_string(replication);
}

// Beyond this many periods in one replication, periods too short to show as a pixel are left
// out of the drawing and the neighbours they separated are joined; beyond this many shifts,
// the shift ticks would be a solid smear and are not drawn.
constexpr std::size_t max_periods_drawn = 150;
constexpr std::size_t max_shifts_drawn = 80;
// At most this many replications per variant get a row.
constexpr std::size_t max_replication_rows = 10;

// The spans of one replication as they can be drawn at `pixel_days` per pixel; counts the
// periods left out in `hidden`.
std::vector<BottleneckSpan> drawable(const std::vector<const BottleneckSpan*>& spans,
                                     double pixel_days, std::size_t& hidden) {
    std::vector<BottleneckSpan> out;
    if (spans.size() <= max_periods_drawn) {
        for (const auto* s : spans) out.push_back(*s);
        return out;
    }
    for (const auto* s : spans) {
        if (s->end_day - s->start_day < pixel_days) {
            ++hidden;
            continue;
        }
        if (!out.empty() && out.back().node == s->node && out.back().shifting == s->shifting &&
            s->start_day - out.back().end_day <= pixel_days) {
            out.back().end_day = std::max(out.back().end_day, s->end_day);
            continue;
        }
        out.push_back(*s);
    }
    return out;
}

}  // namespace

std::optional<Chart> utilization_chart(const ReportData& d, const Palette&) {
    if (d.stage_cells.empty() || d.stages.empty()) return std::nullopt;
    Json stage_order;
    for (const auto& s : d.stages) stage_order.push(s.name);
    Json panels;
    const auto variants = chart::panel_variants(d);
    for (const Variant* v : variants) {
        Json values;
        for (const auto& c : d.stage_cells) {
            if (c.variant != v->name) continue;
            values.push(Json::object({
                {"stage", c.stage},
                {"date", chart_date(d.start_date, c.day)},
                {"end", chart_date(d.start_date, std::min(d.horizon_days, c.day + d.bin_days))},
                {"when", pretty_date(d.start_date, c.day)},
                {"utilization", c.utilization},
            }));
        }
        if (values.size() == 0) continue;
        std::vector<Json> layers;
        layers.push_back(Json::object({
            {"mark", Json::object({{"type", "rect"}, {"clip", true}})},
            {"encoding",
             Json::object({
                 {"x", chart::time_encoding(d, "date", "Date", false)},
                 {"x2", Json::object({{"field", "end"}})},
                 {"y", Json::object({{"field", "stage"},
                                     {"type", "nominal"},
                                     {"title", nullptr},
                                     {"sort", stage_order},
                                     {"axis", Json::object({{"labelLimit", 200}})}})},
                 {"color",
                  Json::object({
                      {"field", "utilization"},
                      {"type", "quantitative"},
                      {"title", "Utilization (% of available capacity)"},
                      // A cubic scale spends the colours where bottlenecks live, near 100%.
                      {"scale", Json::object({{"type", "pow"},
                                              {"exponent", 3},
                                              {"domain", Json::array({0, 1})},
                                              {"scheme", "yelloworangered"}})},
                      {"legend", Json::object({{"format", ".0%"},
                                               {"gradientLength", 260},
                                               {"values", Json::array({0, 0.5, 0.8, 0.9, 1})}})},
                  })},
                 {"tooltip", Json::array({tip("stage", "Stage"), tip("when", "From"),
                                          tip("utilization", "Utilization", ".1%")})},
             })},
        }));
        for (auto& layer : chart::shock_layers(d, v->name, false))
            layers.push_back(std::move(layer));
        auto panel = chart::layered(std::move(layers), chart::full_width - 140, 0,
                                    variants.size() > 1 ? v->name : "");
        panel.set("height", Json::object({{"step", 24}}));
        panel.set("data", Json::object({{"values", values}}));
        panels.push(std::move(panel));
    }
    if (panels.size() == 0) return std::nullopt;
    auto spec = Json::object({{"vconcat", panels}, {"config", chart::config()}});
    std::string caption = "Each cell: the mean utilization of a stage's nodes over " +
                          format_duration(d.bin_days) +
                          ", averaged across replications. Dark red means the stage ran at or "
                          "near its full available capacity; pale means it waited for inputs or "
                          "orders. Stages run upstream (top) to downstream.";
    if (d.variants.size() > variants.size())
        caption += " Only the first " + std::to_string(variants.size()) + " variants are drawn.";
    return Chart{"utilization", "Utilization by stage", caption, spec};
}

namespace {

// One variant's rows of the timeline: its drawable periods (a row per replication, at most
// max_replication_rows) and the replications they are in.
struct TimelineRows {
    Json periods;
    std::set<int> replications;
};

TimelineRows timeline_periods(const ReportData& d, const Variant& v, double pixel_days,
                              std::size_t& hidden) {
    TimelineRows rows;
    // Overlapping shifting periods of one replication take the upper and lower half of
    // its row, so both sides of a hand-over show.
    std::map<int, std::vector<std::pair<double, double>>> upper;
    std::map<int, std::vector<const BottleneckSpan*>> by_replication;
    for (const auto& s : d.bottleneck_spans)
        if (s.variant == v.name &&
            (by_replication.size() < max_replication_rows || by_replication.count(s.replication)))
            by_replication[s.replication].push_back(&s);
    std::vector<BottleneckSpan> spans;
    for (const auto& [replication, list] : by_replication)
        for (auto& s : drawable(list, pixel_days, hidden)) spans.push_back(std::move(s));
    for (const auto& s : spans) {
        rows.replications.insert(s.replication);
        std::string lane = "whole";
        if (s.shifting) {
            auto& taken = upper[s.replication];
            const bool clash = std::any_of(taken.begin(), taken.end(), [&](const auto& t) {
                return s.start_day < t.second && t.first < s.end_day;
            });
            lane = clash ? "lower" : "upper";
            if (!clash) taken.emplace_back(s.start_day, s.end_day);
        }
        rows.periods.push(Json::object({
            {"replication", replication_label(s.replication)},
            {"node", s.node},
            {"kind", s.shifting ? shifting_label : sole_label},
            {"lane", lane},
            {"date", chart_date(d.start_date, s.start_day)},
            {"end", chart_date(d.start_date, s.end_day)},
            {"from", pretty_date(d.start_date, s.start_day)},
            {"until", pretty_date(d.start_date, s.end_day)},
            {"length", format_duration(s.end_day - s.start_day)},
        }));
    }
    return rows;
}

// The shifts of a variant's drawn replications, as ticks; none for a replication that shifts
// more than max_shifts_drawn times (`ticks_left_out` is set then).
Json timeline_shifts(const ReportData& d, const Variant& v, const std::set<int>& replications,
                     bool& ticks_left_out) {
    Json shifts;
    std::map<int, std::size_t> shift_count;
    for (const auto& s : d.bottleneck_shifts)
        if (s.variant == v.name) ++shift_count[s.replication];
    for (const auto& s : d.bottleneck_shifts) {
        if (s.variant != v.name || !replications.count(s.replication)) continue;
        if (shift_count[s.replication] > max_shifts_drawn) {
            ticks_left_out = true;
            continue;
        }
        shifts.push(Json::object({
            {"replication", replication_label(s.replication)},
            {"date", chart_date(d.start_date, s.day)},
            {"when", pretty_date(d.start_date, s.day)},
            {"shift", (s.from ? *s.from : std::string("(start)")) + " → " + s.to},
        }));
    }
    return shifts;
}

// The bars of sole periods (whole rows) or of shifting ones (half rows).
Json timeline_bars(bool shifting, const Json& x, const Json& x_scale, const Json& y,
                   const ColourScale& nodes) {
    auto tooltip = Json::array({tip("node", "Bottleneck"), tip("kind", "Period"),
                                tip("from", "From"), tip("until", "Until"), tip("length", "Length"),
                                tip("replication", "Replication")});
    auto encoding = Json::object({{"x", shifting ? x : x_scale},
                                  {"x2", Json::object({{"field", "end"}})},
                                  {"y", y},
                                  {"color", chart::colour(nodes, "node", "Bottleneck node")},
                                  {"opacity", kind_opacity()},
                                  {"tooltip", tooltip}});
    if (shifting)
        encoding.set(
            "yOffset",
            Json::object({{"field", "lane"},
                          {"type", "nominal"},
                          {"scale", Json::object({{"domain", Json::array({"upper", "lower"})},
                                                  {"paddingInner", 0.1}})}}));
    return Json::object({
        {"transform",
         Json::array({Json::object(
             {{"filter", shifting ? "datum.lane !== 'whole'" : "datum.lane === 'whole'"}})})},
        {"mark", Json::object({{"type", "bar"},
                               {"clip", true},
                               {"cornerRadius", 1},
                               {"height", Json::object({{"band", shifting ? 0.45 : 0.85}})}})},
        {"encoding", encoding},
    });
}

Json timeline_panel(const ReportData& d, const Variant& v, const ColourScale& nodes,
                    const TimelineRows& r, const Json& shifts, bool titled) {
    Json rows;
    for (int replication : r.replications) rows.push(replication_label(replication));
    const auto x_scale = chart::time_encoding(d, "date", "Date", false);
    const auto x = Json::object({{"field", "date"}, {"type", "temporal"}});
    auto y = Json::object(
        {{"field", "replication"}, {"type", "nominal"}, {"title", nullptr}, {"sort", rows}});
    std::vector<Json> layers;
    layers.push_back(timeline_bars(false, x, x_scale, y, nodes));
    layers.push_back(timeline_bars(true, x, x_scale, y, nodes));
    if (shifts.size() > 0)
        layers.push_back(Json::object({
            {"data", Json::object({{"values", shifts}})},
            {"mark", Json::object({{"type", "tick"},
                                   {"color", "#111"},
                                   {"thickness", 2},
                                   {"bandSize", 24},
                                   {"clip", true}})},
            {"encoding",
             Json::object({{"x", x},
                           {"y", y},
                           {"tooltip", Json::array({tip("shift", "Shift"), tip("when", "On"),
                                                    tip("replication", "Replication")})}})},
        }));
    for (auto& layer : chart::shock_layers(d, v.name, false)) layers.push_back(std::move(layer));
    auto panel =
        chart::layered(std::move(layers), chart::full_width - 100, 0, titled ? v.name : "");
    panel.set("height", 28 * static_cast<int>(r.replications.size()));
    panel.set("data", Json::object({{"values", r.periods}}));  // shared by both bar layers
    return panel;
}

// What the timeline shows and, with the counts, what it leaves out.
struct TimelineOmissions {
    std::size_t variants_drawn = 0;
    bool rows_left_out = false;
    std::size_t hidden = 0;
    double pixel_hours = 0.0;
    bool ticks_left_out = false;
};

std::string timeline_caption(const ReportData& d, const TimelineOmissions& o) {
    std::string caption =
        "Which node limited output when, one row per replication (active period method). Solid "
        "bars: the node was the sole bottleneck. Half-height, paler bars: a shifting period, "
        "when the old and the new bottleneck overlap during a hand-over. Black ticks: the moment "
        "the bottleneck shifted.";
    if (d.variants.size() > o.variants_drawn)
        caption += " Only the first " + std::to_string(o.variants_drawn) + " variants are drawn.";
    if (o.rows_left_out)
        caption += " Only the first " + std::to_string(max_replication_rows) +
                   " replications of each variant are drawn.";
    if (o.hidden > 0)
        caption += " " + count_of(static_cast<long long>(o.hidden), "period") +
                   " shorter than a pixel (" + format_fixed(o.pixel_hours, 0) +
                   " hours) are not drawn; the shares and the sequence below count them.";
    if (o.ticks_left_out)
        caption += " Where a replication shifts more than " + std::to_string(max_shifts_drawn) +
                   " times, its shifts are not marked one by one.";
    return caption;
}

}  // namespace

std::optional<Chart> bottleneck_timeline_chart(const ReportData& d, const Palette& p) {
    if (d.bottleneck_spans.empty()) return std::nullopt;
    std::set<std::string> used;
    for (const auto& s : d.bottleneck_spans) used.insert(s.node);
    const ColourScale nodes = used_nodes(p, used);
    const auto variants = chart::panel_variants(d);
    const double pixel_days = d.horizon_days / (chart::full_width - 100);
    TimelineOmissions omitted;
    omitted.variants_drawn = variants.size();
    omitted.pixel_hours = pixel_days * 24.0;
    Json panels;
    for (const Variant* v : variants) {
        omitted.rows_left_out =
            omitted.rows_left_out || v->replications() > static_cast<int>(max_replication_rows);
        const TimelineRows rows = timeline_periods(d, *v, pixel_days, omitted.hidden);
        const Json shifts = timeline_shifts(d, *v, rows.replications, omitted.ticks_left_out);
        if (rows.periods.size() == 0) continue;
        panels.push(timeline_panel(d, *v, nodes, rows, shifts, variants.size() > 1));
    }
    if (panels.size() == 0) return std::nullopt;
    auto spec = Json::object({{"vconcat", panels}, {"config", chart::config()}});
    return Chart{"bottleneck-timeline", "Bottleneck timeline", timeline_caption(d, omitted), spec};
}

namespace {

struct Share {
    double sole = 0.0, shifting = 0.0;
};
using Shares = std::map<std::string, std::map<std::string, Share>>;  // variant -> node -> share

// Each node's share of the run as the sole bottleneck and in shifting periods: the KPIs, or
// when the runs wrote none, the recorded periods.
Shares bottleneck_shares(const ReportData& d) {
    Shares shares;
    for (const auto& k : d.kpis) {
        if (k.node.empty() || !d.variant(k.variant)) continue;
        if (k.kpi == "bottleneck_sole_share") shares[k.variant][k.node].sole = k.mean;
        if (k.kpi == "bottleneck_shifting_share") shares[k.variant][k.node].shifting = k.mean;
    }
    if (!shares.empty() || d.horizon_days <= 0.0) return shares;
    for (const auto& s : d.bottleneck_spans) {
        const Variant* v = d.variant(s.variant);
        if (!v) continue;
        const double share = (s.end_day - s.start_day) / d.horizon_days / v->replications();
        auto& x = shares[s.variant][s.node];
        (s.shifting ? x.shifting : x.sole) += share;
    }
    return shares;
}

// Two stacked bars per node drawn (sole, then shifting), each carrying the total.
Json share_values(const std::map<std::string, Share>& shares, const std::set<std::string>& used) {
    Json values;
    for (const auto& [node, share] : shares) {
        if (!used.count(node)) continue;
        const double sum = share.sole + share.shifting;
        const std::string total = format_number(sum, Unit::Share);
        values.push(Json::object({{"node", node},
                                  {"kind", sole_label},
                                  {"share", share.sole},
                                  {"order", 0},
                                  {"total", total},
                                  {"sum", sum},
                                  {"label", format_number(share.sole, Unit::Share)}}));
        values.push(Json::object({{"node", node},
                                  {"kind", shifting_label},
                                  {"share", share.shifting},
                                  {"order", 1},
                                  {"total", total},
                                  {"sum", sum},
                                  {"label", format_number(share.shifting, Unit::Share)}}));
    }
    return values;
}

std::vector<Json> share_layers(const ColourScale& nodes, const Json& node_order) {
    auto y = Json::object({{"field", "node"},
                           {"type", "nominal"},
                           {"title", nullptr},
                           {"sort", node_order},
                           {"axis", Json::object({{"labelLimit", 220}})}});
    std::vector<Json> layers;
    layers.push_back(Json::object({
        {"mark", Json::object({{"type", "bar"}})},
        {"encoding",
         Json::object({
             {"y", y},
             {"x", Json::object({{"field", "share"},
                                 {"type", "quantitative"},
                                 {"stack", "zero"},
                                 {"title", "Share of the run as bottleneck (%)"},
                                 {"axis", Json::object({{"format", "%"}})},
                                 {"scale", Json::object({{"domain", Json::array({0, 1})}})}})},
             {"color", chart::colour(nodes, "node", "Node", false)},
             {"opacity", kind_opacity()},
             {"order", Json::object({{"field", "order"}})},
             {"tooltip",
              Json::array({tip("node", "Node"), tip("kind", "Period"),
                           tip("label", "Share of the run"), tip("total", "Sole and shifting")})},
         })},
    }));
    layers.push_back(Json::object({
        {"transform", Json::array({Json::object({{"filter", "datum.order === 1"}})})},
        {"mark", Json::object({{"type", "text"},
                               {"align", "left"},
                               {"dx", 6},
                               {"fontSize", 10},
                               {"color", "#222"}})},
        {"encoding",
         Json::object({{"y", y},
                       {"x", Json::object({{"field", "sum"}, {"type", "quantitative"}})},
                       {"text", Json::object({{"field", "total"}})}})},
    }));
    return layers;
}

}  // namespace

std::optional<Chart> bottleneck_share_chart(const ReportData& d, const Palette& p) {
    Shares shares = bottleneck_shares(d);
    std::set<std::string> used;
    for (const auto& [variant, nodes] : shares)
        for (const auto& [node, share] : nodes)
            if (share.sole + share.shifting > 0.001) used.insert(node);
    if (used.empty()) return std::nullopt;
    const ColourScale nodes = used_nodes(p, used);
    Json node_order;
    for (const auto& n : nodes.domain) node_order.push(n);
    Json panels;
    const auto variants = chart::panel_variants(d);
    for (const Variant* v : variants) {
        Json values = share_values(shares[v->name], used);
        if (values.size() == 0) continue;
        auto panel = chart::layered(share_layers(nodes, node_order), chart::full_width - 220, 0,
                                    variants.size() > 1 ? v->name : "");
        panel.set("height", Json::object({{"step", 22}}));
        panel.set("data", Json::object({{"values", values}}));
        panels.push(std::move(panel));
    }
    if (panels.size() == 0) return std::nullopt;
    auto spec = Json::object({{"vconcat", panels}, {"config", chart::config()}});
    return Chart{"bottleneck-share", "Time as bottleneck by node",
                 "Share of the whole run each node spent as the sole bottleneck (solid) and in "
                 "shifting periods (pale), averaged across replications. The number is the total.",
                 spec};
}

}  // namespace memchain::report
