#pragma once
// Figures read off a run of the baseline (or a shock built on it), the way an analyst reads
// the database: cumulative output of nodes from the weekly samples, flows over a window,
// capacity-weighted utilization, and nodes picked by stage, preset, owner or the node their
// output goes to. Also the reference tables the calibration compares with
// (data/calibration_targets.csv, data/prices.csv, data/hbm_generations.csv), read as files so
// that a changed range changes the test.

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "model/engine/replication.hpp"
#include "model/result/run_result.hpp"
#include "model/scenario/csv.hpp"
#include "model/scenario/loader.hpp"
#include "model/scenario/scenario.hpp"

namespace memchain::testing {

inline std::string source_path(const std::string& relative) {
    return std::string(MEMCHAIN_SOURCE_DIR) + "/" + relative;
}

// Runs replications 0 .. n-1 of `scenario` with its own seed (common random numbers: the same
// replication of a variant draws the same streams).
inline std::vector<model::RunResult> run_replications(const model::Scenario& scenario, int n) {
    std::vector<model::RunResult> runs;
    for (int rep = 0; rep < n; ++rep) {
        model::Replication m(scenario, scenario.seed, rep);
        runs.push_back(m.run());
    }
    return runs;
}

class RunFigures {
public:
    explicit RunFigures(const model::RunResult& run) : run_(run) {
        for (const auto& n : run.nodes) by_name_[n.name] = n.id;
        for (const auto& s : run.samples) samples_[s.node].push_back(&s);
    }

    [[nodiscard]] int id(const std::string& node) const {
        const auto it = by_name_.find(node);
        if (it == by_name_.end()) throw std::runtime_error("no node " + node);
        return it->second;
    }

    // Cumulative good output of a node (shipments for an allocator, occupancy for a pool,
    // deliveries received for a buyer) at the last sample on or before `day`.
    [[nodiscard]] double output(const std::string& node, double day) const {
        double value = 0.0;
        for (const model::NodeSample* s : samples_.at(id(node)))
            if (s->day <= day + 1e-9) value = s->output;
        return value;
    }
    [[nodiscard]] double flow(const std::string& node, double from_day, double to_day) const {
        return output(node, to_day) - output(node, from_day);
    }
    // A sampled field at the last sample on or before `day`.
    [[nodiscard]] double at(const std::string& node, double day,
                            double model::NodeSample::*field) const {
        double value = 0.0;
        for (const model::NodeSample* s : samples_.at(id(node)))
            if (s->day <= day + 1e-9) value = s->*field;
        return value;
    }

    // Utilization over (from_day, to_day], each weekly sample weighted by the capacity it had:
    // busy capacity over available capacity, across all the nodes given.
    [[nodiscard]] double utilization(const std::vector<std::string>& nodes, double from_day,
                                     double to_day) const {
        double busy = 0.0, available = 0.0;
        for (const std::string& n : nodes)
            for (const model::NodeSample* s : samples_.at(id(n))) {
                if (s->day <= from_day || s->day > to_day) continue;
                busy += s->utilization * s->capacity;
                available += s->capacity;
            }
        return available > 0.0 ? busy / available : 0.0;
    }

    [[nodiscard]] std::vector<std::string> nodes(
        const std::function<bool(const model::NodeRecord&)>& pick) const {
        std::vector<std::string> out;
        for (const auto& n : run_.nodes)
            if (pick(n)) out.push_back(n.name);
        return out;
    }
    // The nodes whose out-lanes lead to `to`.
    [[nodiscard]] std::vector<std::string> feeding(const std::string& to) const {
        std::vector<std::string> out;
        for (const auto& e : run_.edges)
            if (e.to == id(to)) out.push_back(run_.nodes[static_cast<std::size_t>(e.from)].name);
        return out;
    }
    [[nodiscard]] double sum_output(const std::vector<std::string>& nodes, double day) const {
        double total = 0.0;
        for (const std::string& n : nodes) total += output(n, day);
        return total;
    }

    [[nodiscard]] double kpi(const std::string& name, const std::string& product = "",
                             const std::string& buyer = "", const std::string& node = "") const {
        for (const auto& k : run_.kpis)
            if (k.name == name && k.product == product && k.buyer == buyer && k.node == node)
                return k.value;
        throw std::runtime_error("no KPI " + name + " " + product + " " + buyer + " " + node);
    }

    [[nodiscard]] const model::RunResult& run() const { return run_; }

private:
    const model::RunResult& run_;
    std::map<std::string, int> by_name_;
    std::map<int, std::vector<const model::NodeSample*>> samples_;
};

struct Range {
    double low = 0.0;
    double high = 0.0;
    [[nodiscard]] bool contains(double v) const { return v >= low - 1e-12 && v <= high + 1e-12; }
};

// data/calibration_targets.csv: (metric, year) -> [low, high].
inline std::map<std::pair<std::string, int>, Range> read_targets() {
    const model::CsvTable t = model::read_csv(source_path("data/calibration_targets.csv"));
    const int metric = t.column("metric"), year = t.column("year"), low = t.column("low"),
              high = t.column("high");
    std::map<std::pair<std::string, int>, Range> out;
    for (const auto& row : t.rows)
        out[{row[static_cast<std::size_t>(metric)].text,
             std::stoi(row[static_cast<std::size_t>(year)].text)}] =
            Range{std::stod(row[static_cast<std::size_t>(low)].text),
                  std::stod(row[static_cast<std::size_t>(high)].text)};
    return out;
}

// data/prices.csv: price_usd of an item in a year.
inline double read_price(const std::string& item, int year) {
    const model::CsvTable t = model::read_csv(source_path("data/prices.csv"));
    const int i = t.column("item"), y = t.column("year"), p = t.column("price_usd");
    for (const auto& row : t.rows)
        if (row[static_cast<std::size_t>(i)].text == item &&
            std::stoi(row[static_cast<std::size_t>(y)].text) == year)
            return std::stod(row[static_cast<std::size_t>(p)].text);
    throw std::runtime_error("no price for " + item);
}

// data/hbm_generations.csv: GB per stack of a generation and stack height (24 Gb dies where
// a height comes in two densities).
inline double read_gb_per_stack(const std::string& generation, int stack_height) {
    const model::CsvTable t = model::read_csv(source_path("data/hbm_generations.csv"));
    const int g = t.column("generation"), h = t.column("stack_height"),
              gb = t.column("gb_per_stack");
    for (const auto& row : t.rows)
        if (row[static_cast<std::size_t>(g)].text == generation &&
            std::stoi(row[static_cast<std::size_t>(h)].text) == stack_height)
            return std::stod(row[static_cast<std::size_t>(gb)].text);
    throw std::runtime_error("no HBM generation " + generation);
}

inline double mean(const std::vector<double>& values) {
    double sum = 0.0;
    for (double v : values) sum += v;
    return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

}  // namespace memchain::testing
