// memchain check: load and validate a scenario, then summarise what it says and warn about
// set-ups that load but are likely to mislead.

#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>

#include "model/scenario/loader.hpp"
#include "model/scenario/network.hpp"
#include "model/scenario/units.hpp"
#include "tools/cli_options.hpp"

namespace memchain::tools {

namespace {

using model::Block;
using model::days_per_month;
using model::Node;
using model::Scenario;

std::string padded(std::string text, std::size_t width) {
    if (text.size() < width) text.resize(width, ' ');
    return text;
}

std::string unit_of(const Scenario& s, const std::string& product) {
    const model::Product* p = s.find_product(product);
    return p == nullptr ? "units" : p->unit;
}

std::string plan_text(const model::Series& plan, const std::string& per) {
    std::string text = model::format_number(plan.at(0.0) * days_per_month) + per;
    if (plan.points.size() > 1)
        text += " at the start (plan of " + std::to_string(plan.points.size()) + " points)";
    return text;
}

std::string describe_demand(const Scenario& s, const Node& n) {
    const model::Demand& d = n.demand;
    const std::string unit = unit_of(s, n.product);
    const std::string every = " every " + model::format_days(d.period.to_days());
    switch (d.kind) {
    case model::DemandKind::None: return "no end demand";
    case model::DemandKind::Rate:
        if (d.unit_price) {
            const double units =
                d.rate.at(0.0) / *d.unit_price * d.capex_share.at(0.0) * days_per_month;
            std::string share = model::format_number(d.capex_share.at(0.0));
            if (d.capex_share.points.size() > 1)
                share += " at the start (plan of " + std::to_string(d.capex_share.points.size()) +
                         " points)";
            return "capex " + plan_text(d.rate.scaled(12.0), " USD/year") + " x " + share + " / " +
                   model::format_number(*d.unit_price) + " USD = " + model::format_number(units) +
                   " " + unit + "/month, ordered" + every;
        }
        return "rate " + plan_text(d.rate, " " + unit + "/month") + ", ordered" + every;
    case model::DemandKind::Poisson: return "poisson " + plan_text(d.rate, " " + unit + "/month");
    case model::DemandKind::Normal:
        return "normal mean " + model::format_number(d.mean) + " sd " + model::format_number(d.sd) +
               " " + unit + every;
    }
    return "";
}

const char* ordering_name(model::OrderingPolicy p) {
    switch (p) {
    case model::OrderingPolicy::MakeToOrder: return "make_to_order";
    case model::OrderingPolicy::BaseStock: return "base_stock";
    case model::OrderingPolicy::OrderUpTo: return "order_up_to";
    }
    return "?";
}

std::string percent_list(const std::map<std::string, double>& shares) {
    std::string text;
    for (const auto& [name, share] : shares)
        text += (text.empty() ? "" : ", ") + name + " " + model::format_number(share * 100) + "%";
    return text;
}

// Set-ups that load but are likely to mislead.
std::vector<std::string> warnings(const Scenario& s, const model::Network& network) {
    std::vector<std::string> out;
    // A shock after the horizon is allowed (a run shortened with --set horizon=... keeps the
    // file's shocks) but never happens.
    for (const model::Shock& shock : s.shocks)
        if (!shock.random && shock.start.since_start() > s.horizon)
            out.push_back("shock '" + shock.name + "' starts " +
                          model::date_string(s.start, shock.start.to_days()) +
                          ", after the horizon ends: it never happens in this run");
    std::map<std::string, bool> ordered_from;
    for (const Node& n : s.nodes) {
        for (const auto& [supplier, share] : n.suppliers) ordered_from[supplier] = true;
        for (const auto& input : n.inputs)
            if (input.replenishment)
                for (const auto& [supplier, share] : input.replenishment->suppliers)
                    ordered_from[supplier] = true;
    }
    const auto buffer_bounded = [&](const model::Lane& lane) {
        const Node& to = *s.find_node(lane.to);
        switch (to.block) {
        case Block::Station:
        case Block::Assembly:
            for (const auto& input : to.inputs)
                if (input.product == lane.product) return input.capacity.has_value();
            return false;
        case Block::Inventory:
        case Block::Allocator: return to.stock_capacity.has_value();
        case Block::Pool: return true;
        case Block::Source:
        case Block::Sink:
        case Block::Buyer: return false;
        }
        return false;
    };
    for (const Node& n : s.nodes) {
        const std::string name = std::string(model::to_string(n.block)) + " '" + n.name + "'";
        if (n.active_from && n.active_from->since_start() >= s.horizon)
            out.push_back(name + " becomes active after the horizon ends, so it never runs");
        if (n.block == Block::Allocator && !ordered_from.count(n.name))
            out.push_back(name +
                          ": no buyer or input buffer orders from it, so its stock is "
                          "never allocated");
        if (n.block != Block::Station && n.block != Block::Assembly) continue;
        const auto into = network.lanes_into(n.name);
        if (n.inputs.empty())
            out.push_back(name +
                          " has no inputs, so no lot ever reaches it and it never works "
                          "(feed it by a lane from a source)");
        for (const auto& input : n.inputs) {
            const bool delivered = input.replenishment.has_value() ||
                                   std::any_of(into.begin(), into.end(), [&](std::size_t i) {
                                       return s.lanes[i].product == input.product;
                                   });
            if (!delivered && input.initial <= 0)
                out.push_back(name + " takes " + input.product +
                              ", but no lane brings it and it starts with none: it never works");
        }
        const auto out_lanes = network.lanes_out_of(n.name);
        const bool inputs_unbounded =
            std::none_of(n.inputs.begin(), n.inputs.end(),
                         [](const auto& in) { return in.capacity.has_value(); });
        const bool outputs_unbounded =
            std::none_of(out_lanes.begin(), out_lanes.end(), [&](std::size_t i) {
                return s.lanes[i].capacity.has_value() || buffer_bounded(s.lanes[i]);
            });
        if (inputs_unbounded && outputs_unbounded)
            out.push_back(name +
                          ": its input buffers and output lanes are all unbounded, so it "
                          "never blocks and the active-period bottleneck method flags the "
                          "head of a line whatever its speed (bound a lane or the next "
                          "buffer)");
    }
    return out;
}

// Column widths from the longest names, so that the summary reads as a table.
struct Widths {
    std::size_t name = 8, product = 8, unit = 6, lane = 10;
};

Widths column_widths(const Scenario& s) {
    Widths w;
    for (const auto& p : s.products) {
        w.product = std::max(w.product, p.name.size() + 2);
        w.unit = std::max(w.unit, p.unit.size() + 2);
    }
    for (const auto& n : s.nodes) w.name = std::max(w.name, n.name.size() + 2);
    for (const auto& l : s.lanes) w.lane = std::max(w.lane, l.name().size() + 2);
    for (const auto& shock : s.shocks) w.name = std::max(w.name, shock.name.size() + 2);
    return w;
}

void print_heading(std::ostream& out, const Scenario& s) {
    const double horizon = s.horizon.to_days();
    out << "scenario " << s.name << " (" << s.path << ")\n";
    if (!s.description.empty()) out << "  " << s.description << "\n";
    out << "  start " << s.start.to_string() << ", horizon " << model::format_days(horizon)
        << " (to " << model::date_string(s.start, horizon) << "), warmup "
        << model::format_days(s.warmup.to_days()) << ", seed " << s.seed << ", hash "
        << model::scenario_hash(s) << "\n";
}

void print_products(std::ostream& out, const Scenario& s, const Widths& w) {
    out << "products (" << s.products.size() << ")\n";
    for (const auto& p : s.products) {
        out << "  " << padded(p.name, w.product) << padded(p.unit, w.unit);
        std::string bom;
        for (const auto& line : p.bom)
            bom += (bom.empty() ? "" : " + ") + model::format_number(line.quantity) + " " +
                   line.component;
        if (!bom.empty()) out << "= " << bom;
        out << "\n";
    }
}

// Nodes by stage, the stages in the order they first appear.
void print_nodes(std::ostream& out, const Scenario& s, const Widths& w) {
    out << "nodes (" << s.nodes.size() << ")\n";
    std::vector<std::string> stages;
    for (const auto& n : s.nodes)
        if (std::find(stages.begin(), stages.end(), n.stage) == stages.end())
            stages.push_back(n.stage);
    for (const auto& stage : stages) {
        out << "  " << (stage.empty() ? "(no stage)" : stage) << "\n";
        for (const auto& n : s.nodes) {
            if (n.stage != stage) continue;
            std::string block = model::to_string(n.block);
            if (!n.preset.empty()) block += " (" + n.preset + ")";
            out << "    " << padded(n.name, w.name) << padded(block, 24)
                << padded(n.product, w.product) << model::describe_capacity(s, n);
            if (n.active_from)
                out << ", from " << model::date_string(s.start, n.active_from->to_days());
            out << "\n";
        }
    }
}

void print_lanes(std::ostream& out, const Scenario& s, const Widths& w) {
    out << "lanes (" << s.lanes.size() << ")\n";
    for (const auto& lane : s.lanes) {
        out << "  " << padded(lane.name(), w.lane) << padded(lane.product, w.product) << "transit "
            << (lane.transit.is_deterministic() ? model::format_days(lane.transit.mean())
                                                : lane.transit.describe() + " days");
        if (lane.capacity) out << ", max " << model::format_number(*lane.capacity) << " in transit";
        if (lane.from_region != lane.to_region)
            out << ", " << lane.from_region << " -> " << lane.to_region;
        out << "\n";
    }
}

void print_buyers(std::ostream& out, const Scenario& s, const Widths& w) {
    std::size_t buyers = 0;
    for (const auto& n : s.nodes) buyers += n.block == Block::Buyer ? 1 : 0;
    out << "buyers (" << buyers << ")\n";
    for (const auto& n : s.nodes) {
        if (n.block != Block::Buyer) continue;
        out << "  " << padded(n.name, w.name) << padded(n.product, w.product)
            << describe_demand(s, n) << "\n";
        out << "    " << ordering_name(n.ordering.policy) << ", tier " << n.tier;
        if (!n.suppliers.empty()) out << ", suppliers " << percent_list(n.suppliers);
        if (n.target_lead_time)
            out << ", target lead time " << model::format_days(n.target_lead_time->to_days());
        if (n.inflation.enabled) out << ", inflates orders";
        out << "\n";
    }
}

void print_shock(std::ostream& out, const Scenario& s, const model::Shock& shock, const Widths& w) {
    out << "  " << padded(shock.name, w.name) << padded(model::to_string(shock.kind), 20);
    if (shock.random)
        out << "random, " << model::format_number(shock.random->probability_per_year * 100)
            << "% a year from " << model::date_string(s.start, shock.start.to_days());
    else
        out << model::date_string(s.start, shock.start.to_days());
    out << (shock.duration ? " for " + model::format_days(shock.duration->to_days())
                           : " to the end");
    if (shock.recovery > sim::Duration::zero())
        out << ", recovery " << model::format_days(shock.recovery.to_days());
    if (shock.ramp > sim::Duration::zero())
        out << ", ramp " << model::format_days(shock.ramp.to_days());
    if (shock.kind == model::ShockKind::PolicyChange)
        out << ", policy " << model::to_string(shock.policy);
    if (shock.kind == model::ShockKind::CapacityExpansion)
        out << ", +" << model::format_number(shock.magnitude * days_per_month) << "/month";
    else if (shock.magnitude != 0)
        out << ", magnitude " << model::format_number(shock.magnitude);
    std::string targets;
    for (const auto& t : shock.targets) targets += (targets.empty() ? "" : ", ") + t;
    out << "; targets " << targets << "\n";
}

void print_summary(std::ostream& out, const Scenario& s) {
    const model::Network network(s);
    const Widths w = column_widths(s);
    print_heading(out, s);
    print_products(out, s, w);
    print_nodes(out, s, w);
    print_lanes(out, s, w);
    print_buyers(out, s, w);
    out << "shocks (" << s.shocks.size() << ")\n";
    for (const auto& shock : s.shocks) print_shock(out, s, shock, w);
    const auto notes = warnings(s, network);
    for (const auto& warning : notes) out << "warning: " << warning << "\n";
    out << "ok\n";
}

}  // namespace

int run_check(const Args& args) {
    po::options_description options("options");
    options.add_options()("scenario", po::value<std::string>()->required(), "scenario file (YAML)")(
        "set", po::value<std::vector<std::string>>()->composing(),
        "override a value, path=value (repeatable), e.g. --set nodes.fab.capacity=90000");
    po::positional_options_description positional;
    positional.add("scenario", 1);
    const auto parsed = parse_options("check", options, positional, args);
    if (parsed.help) {
        print_help("check", "SCENARIO [--set path=value ...]",
                   "Validates a scenario (every error names file:line:column) and summarises its "
                   "products, nodes, lanes, buyers and shocks, with warnings about set-ups that "
                   "load but are likely to mislead. Exit code 0 when it is valid, 2 when not.",
                   options, positional);
        return 0;
    }
    std::vector<std::string> overrides;
    if (parsed.values.count("set")) overrides = parsed.values["set"].as<std::vector<std::string>>();
    const model::Scenario scenario =
        model::load_scenario(parsed.values["scenario"].as<std::string>(), overrides);
    std::ostringstream summary;
    print_summary(summary, scenario);
    // Padding leaves trailing blanks where a last column is empty.
    std::istringstream lines(summary.str());
    for (std::string line; std::getline(lines, line);) {
        line.erase(line.find_last_not_of(' ') + 1);
        std::cout << line << "\n";
    }
    return 0;
}

}  // namespace memchain::tools
