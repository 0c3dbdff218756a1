#include "tools/report/chart_common.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "sim/time.hpp"
#include "tools/report/charts.hpp"
#include "tools/report/format.hpp"

namespace memchain::report::chart {

namespace {

constexpr const char* shock_colour = "#8b1a1a";
// Random shocks (MTBF/MTTR outages) can number in the hundreds; beyond this many they are
// listed in the shocks table but not drawn.
constexpr std::size_t max_random_marks = 12;

// A shock as drawn: one per name, start and end, with the variants that had it.
struct Mark {
    std::string name, kind, target, description;
    double start;
    std::optional<double> end;
    double magnitude;
    bool random;
    std::set<std::string> variants;
};
using MarkKey = std::tuple<std::string, double, double>;

// One mark per commitment of a node's rule ("power_us expansion 2", "fab cut 1"), its band the days
// on which it arrived across the replications, not one line per replication.
void add_commitment(std::map<MarkKey, Mark>& marks, const Shock& s) {
    auto [it, fresh] = marks.try_emplace({s.name, -1.0, -1.0});
    Mark& m = it->second;
    if (fresh)
        m = Mark{s.name, s.kind, s.target, {}, s.start_day, s.start_day, s.magnitude, false, {}};
    m.start = std::min(m.start, s.start_day);
    m.end = std::max(*m.end, s.start_day);
    m.description = s.kind == "capacity_cut"
                        ? "committed by " + s.target +
                              "'s cut rule; takes effect in this window across the replications"
                        : "committed by " + s.target +
                              "'s expansion rule; arrives in this window across the replications";
    m.variants.insert(s.variant);
}

}  // namespace

Json config() {
    return Json::object({
        {"font", "Helvetica, Arial, sans-serif"},
        {"axis", Json::object({{"labelFontSize", 11},
                               {"titleFontSize", 12},
                               {"titleFontWeight", "normal"},
                               {"titleColor", "#333"},
                               {"labelColor", "#333"},
                               {"gridColor", "#e6e6e6"}})},
        {"legend", Json::object({{"orient", "top"},
                                 {"labelFontSize", 11},
                                 {"titleFontSize", 11},
                                 {"titleFontWeight", "normal"},
                                 {"symbolSize", 80},
                                 {"symbolOpacity", 1},
                                 {"labelLimit", 260},
                                 {"columns", 4}})},
        {"title", Json::object({{"anchor", "start"},
                                {"fontSize", 13},
                                {"fontWeight", "bold"},
                                {"offset", 6},
                                {"limit", full_width}})},
        {"concat", Json::object({{"spacing", 26}})},
        {"view", Json::object({{"stroke", "#d0d0d0"}})},
    });
}

Json timestamp(const ReportData& d, double day) {
    const double days = static_cast<double>(d.start_date.days_since_epoch()) + day;
    return std::round(days * static_cast<double>(sim::seconds_per_day)) * 1000.0;  // ms
}

Json time_encoding(const ReportData& d, const std::string& field, const std::string& title,
                   bool fixed_domain) {
    auto scale = Json::object({{"type", "utc"}});
    if (fixed_domain)
        scale.set("domain", Json::array({timestamp(d, 0.0), timestamp(d, d.horizon_days)}));
    return Json::object({
        {"field", field},
        {"type", "temporal"},
        {"title", title},
        {"scale", scale},
        {"axis",
         Json::object(
             {{"format", "%b %Y"}, {"labelAngle", 0}, {"tickCount", 8}, {"labelOverlap", true}})},
    });
}

Json colour(const ColourScale& scale, const std::string& field, const std::string& title,
            bool legend) {
    Json domain, range;
    for (const auto& d : scale.domain) domain.push(d);
    for (const auto& r : scale.range) range.push(r);
    auto out = Json::object({{"field", field},
                             {"type", "nominal"},
                             {"title", title},
                             {"scale", Json::object({{"domain", domain}, {"range", range}})}});
    if (!legend) out.set("legend", nullptr);
    return out;
}

Json colour(const ColourScale& scale, const std::vector<std::string>& names,
            const std::string& field, const std::string& title) {
    Json domain, range;
    for (const auto& name : scale.domain)
        if (std::find(names.begin(), names.end(), name) != names.end())
            domain.push(name), range.push(scale.of(name));
    return Json::object({{"field", field},
                         {"type", "nominal"},
                         {"title", title},
                         {"scale", Json::object({{"domain", domain}, {"range", range}})}});
}

Json dash(const ColourScale& scale, const std::vector<std::string>& names, const std::string& field,
          const std::string& title) {
    static const std::vector<std::vector<int>> patterns = {
        {1, 0}, {6, 3}, {2, 2}, {8, 3, 2, 3}, {12, 4}};
    Json domain, range;
    bool dashed = false;
    for (const auto& name : scale.domain) {
        if (std::find(names.begin(), names.end(), name) == names.end()) continue;
        const auto d = static_cast<std::size_t>(scale.dash_of(name));
        dashed = dashed || d > 0;
        Json pattern;
        for (int length : patterns[std::min(d, patterns.size() - 1)]) pattern.push(length);
        domain.push(name);
        range.push(std::move(pattern));
    }
    if (!dashed) return nullptr;
    return Json::object({{"field", field},
                         {"type", "nominal"},
                         {"title", title},
                         {"scale", Json::object({{"domain", domain}, {"range", range}})}});
}

Json band_layer(Json x, const std::string& y_title, Json colour, double opacity, Json detail) {
    auto encoding = Json::object(
        {{"x", std::move(x)},
         {"y", Json::object({{"field", "low"}, {"type", "quantitative"}, {"title", y_title}})},
         {"y2", Json::object({{"field", "high"}})},
         {"color", std::move(colour)}});
    if (!detail.is_null()) encoding.set("detail", std::move(detail));
    return Json::object({
        {"mark", Json::object({{"type", "area"}, {"opacity", opacity}, {"clip", true}})},
        {"encoding", std::move(encoding)},
    });
}

Json tip(const std::string& field, const std::string& title, const std::string& format) {
    auto out = Json::object({{"field", field}, {"title", title}});
    if (!format.empty()) {
        out.set("type", "quantitative");
        out.set("format", format);
    }
    return out;
}

std::vector<Json> shock_layers(const ReportData& d, const std::string& variant, bool labels) {
    // The same scheduled shock in several variants is drawn once, naming its variants.
    std::map<MarkKey, Mark> marks;
    std::size_t random_count = 0;
    for (const auto& s : d.shocks) {
        if (!variant.empty() && s.variant != variant) continue;
        if (s.random) ++random_count;
        if (s.rule_committed()) {
            add_commitment(marks, s);
            continue;
        }
        auto& m = marks[{s.name, s.start_day, s.end_day.value_or(-1.0)}];
        m = Mark{s.name,    s.kind,      s.target, s.description,        s.start_day,
                 s.end_day, s.magnitude, s.random, std::move(m.variants)};
        m.variants.insert(s.variant);
    }
    Json values;
    for (const auto& [key, m] : marks) {
        if (m.random && random_count > max_random_marks) continue;
        std::string in;
        if (variant.empty() && m.variants.size() < d.variants.size())
            for (const auto& v : m.variants) in += (in.empty() ? "" : ", ") + v;
        values.push(Json::object({
            {"date", chart_date(d.start_date, m.start)},
            {"end", chart_date(d.start_date, m.end.value_or(m.start))},
            {"shock", m.name},
            {"what", m.description.empty() ? m.kind + " at " + m.target : m.description},
            {"target", m.target},
            {"from", pretty_date(d.start_date, m.start)},
            {"until", m.end ? pretty_date(d.start_date, *m.end) : "open-ended"},
            {"variants", in.empty() ? "all shown" : in},
        }));
    }
    if (values.size() == 0) return {};
    auto data = Json::object({{"values", values}});
    auto x = Json::object({{"field", "date"}, {"type", "temporal"}});
    auto tooltip =
        Json::array({tip("shock", "Shock"), tip("what", "What"), tip("target", "Target"),
                     tip("from", "From"), tip("until", "Until"), tip("variants", "In variants")});
    std::vector<Json> layers;
    layers.push_back(Json::object({
        {"data", data},
        {"mark",
         Json::object(
             {{"type", "rect"}, {"color", shock_colour}, {"opacity", 0.07}, {"clip", true}})},
        {"encoding",
         Json::object({{"x", x}, {"x2", Json::object({{"field", "end"}})}, {"tooltip", tooltip}})},
    }));
    layers.push_back(Json::object({
        {"data", data},
        {"mark", Json::object({{"type", "rule"},
                               {"color", shock_colour},
                               {"strokeWidth", 1.5},
                               {"strokeDash", Json::array({5, 3})},
                               {"clip", true}})},
        {"encoding", Json::object({{"x", x}, {"tooltip", tooltip}})},
    }));
    if (labels)
        layers.push_back(Json::object({
            {"data", data},
            {"mark", Json::object({{"type", "text"},
                                   {"color", shock_colour},
                                   {"align", "left"},
                                   {"baseline", "top"},
                                   {"dx", 4},
                                   {"dy", 3},
                                   {"fontSize", 10},
                                   {"clip", true}})},
            {"encoding", Json::object({{"x", x},
                                       {"y", Json::object({{"value", 0}})},
                                       {"text", Json::object({{"field", "shock"}})}})},
        }));
    return layers;
}

std::vector<const Variant*> panel_variants(const ReportData& d) {
    std::vector<const Variant*> out;
    for (const auto& v : d.variants)
        if (out.size() < max_variant_panels) out.push_back(&v);
    return out;
}

Json layered(std::vector<Json> layers, int width, int height, const std::string& title) {
    auto out = Json::object({{"width", width}, {"height", height}});
    if (!title.empty()) out.set("title", title);
    out.set("layer", Json::array(std::move(layers)));
    return out;
}

}  // namespace memchain::report::chart
