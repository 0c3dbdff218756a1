#pragma once
// Turns a merged scenario document into model::Scenario: reads every block with its own keys,
// normalises units and checks references, bills of materials, lanes, reachability and shocks,
// throwing InputError at the position of the first problem. Internal to the scenario loader;
// the format is described in configs/README.md.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/scenario/calendar.hpp"
#include "model/scenario/scenario.hpp"
#include "model/scenario/tree.hpp"
#include "model/scenario/values.hpp"

namespace memchain::model {

// Limits that keep a run finite and its memory bounded (configs/README.md, "Limits"). The clock
// counts microseconds in 64 bits (about 292,000 years): a positive duration shorter than a
// microsecond would round to zero and loop at one instant, and durations beyond these bounds
// could overflow the clock when added to a time.
inline constexpr double max_horizon_days = 200 * days_per_year;     // 200 years
inline constexpr double max_duration_days = 10000 * days_per_year;  // any other duration
inline constexpr double max_samples_per_run = 100'000;              // horizon / sample_interval
inline constexpr double max_events_per_day =  // one arrival per tick (a microsecond)
    static_cast<double>(sim::seconds_per_day * sim::ticks_per_second);

class ScenarioReader {
public:
    // `root` is the merged document of the scenario file `path`.
    ScenarioReader(const TreeNode& root, std::string path);

    // Reads and validates everything; the scenario's resolved_text is left empty.
    [[nodiscard]] Scenario read();

private:
    // Where a reference to another node was written, for errors found once all are read.
    struct SupplierRef {
        std::string node;      // the buyer or the node owning the input buffer
        std::string supplier;  // the allocator
        SourcePos pos;
    };

    void read_settings();
    void read_products();
    void check_bom_cycles() const;
    void read_nodes();
    void read_node_basics(const TreeNode::Entry& entry, Node& node);
    void read_node_details(const TreeNode& map, Node& node);
    void read_processing(const TreeNode& map, Node& node);
    void read_processing_rate(const TreeNode& map, Node& node, const Product& product);
    void read_lot_handling(const TreeNode& map, Node& node, const Product& product);
    void order_assembly_inputs(const TreeNode* inputs, Node& node) const;
    void read_node_bom(const TreeNode& bom, Node& node);
    void read_inputs(const TreeNode& inputs, Node& node);
    void read_substitutes(const TreeNode& substitutes, Node& node);
    Replenishment read_replenishment(const TreeNode& map, const Node& node,
                                     const std::string& product);
    void read_outages(const TreeNode& map, Node& node);
    void read_source(const TreeNode& map, Node& node);
    void read_stock(const TreeNode& map, Node& node);
    void read_allocator(const TreeNode& map, Node& node);
    void read_buyer(const TreeNode& map, Node& node);
    void read_demand(const TreeNode& map, Node& node);
    void read_ordering(const TreeNode& map, Node& node);
    // Markets (reader_markets.cpp).
    Market read_market(const TreeNode& map, const Product& product);
    void read_market_coverage(const TreeNode& map, Market& m);
    void read_market_contract(const TreeNode& contract, Market& m);
    void read_market_downstream(const TreeNode& downstream, const Product& product, Market& m);
    void read_price_response(const TreeNode& map, Node& node);
    void read_devices(const TreeNode& map, Node& node);
    void check_markets() const;
    // Capacity that answers to scarcity (reader_expansion.cpp).
    void read_expansion(const TreeNode& map, Node& node);
    void check_expansions() const;
    // Output that answers to a glut (reader_expansion.cpp).
    void read_cut(const TreeNode& map, Node& node);
    void check_cuts() const;
    void read_surge(const TreeNode& map, Node& node);
    void check_surges() const;
    void read_booking(const TreeNode& map, Node& node);
    void read_open_at_start(const TreeNode::Entry& entry, Node& node);
    void read_order_rules(const TreeNode& map, Node& node);
    void read_wafer_mix(const TreeNode& map, Node& node);
    void check_wafer_mixes() const;
    std::map<std::string, double> read_suppliers(const TreeNode& map, const Node& node,
                                                 const std::string& product,
                                                 std::vector<SupplierRef>& refs,
                                                 std::map<std::string, SupplierTerms>& terms);
    SupplierTerms read_supplier_terms(const TreeNode& map);
    // `resource_after`, allowed only when some supplier's range reaches above its share.
    std::optional<sim::Duration> read_resource_after(
        const TreeNode& map, const std::map<std::string, double>& shares,
        const std::map<std::string, SupplierTerms>& terms);
    void read_lanes();
    void check_lane_destination(const Lane& lane, const SourcePos& at) const;
    void check_reachability() const;
    void read_shocks();
    Shock read_shock(const TreeNode& item);
    std::string read_shock_kind(const TreeNode& item, Shock& shock);
    void check_shock_kind_keys(const TreeNode& item, const Shock& shock,
                               const std::string& kind_name) const;
    void read_shock_timing(const TreeNode& item, Shock& shock);
    void read_shock_magnitude(const TreeNode& item, Shock& shock, const std::string& kind_name);
    // The items of a shock's or lever's `targets` (or `target`), at least one.
    std::vector<const TreeNode*> target_items(const TreeNode& map, const std::string& what) const;
    std::vector<std::string> read_targets(const TreeNode& map, const Shock& shock);
    // The nodes a selector map picks (all of its fields match), keeping those `keep` accepts;
    // an InputError when none is left.
    std::vector<std::string> select_nodes(const TreeNode& item,
                                          bool (*keep)(const Node&) = nullptr) const;
    void read_levers();
    std::vector<std::string> read_lever_targets(const TreeNode& map) const;
    void check_target(const Shock& shock, const std::string& target, const SourcePos& at) const;
    void check_contract_policies() const;

    // Helpers shared by the readers.
    void check_keys(const TreeNode& map, const std::vector<std::string>& allowed) const;
    [[nodiscard]] const TreeNode& required(const TreeNode& map, const std::string& key) const;
    // `node` itself when it is a map; an InputError otherwise.
    const TreeNode& as_map(const TreeNode& node, const std::string& what) const;
    [[nodiscard]] const Node& node_named(const std::string& name, const SourcePos& at) const;
    [[nodiscard]] const Product& product_named(const std::string& name, const SourcePos& at) const;
    [[nodiscard]] const Node* find_node(const std::string& name) const;
    [[nodiscard]] double duration_at_least(const TreeNode& node, const std::string& what,
                                           bool allow_zero) const;
    [[nodiscard]] sim::Duration span_at_least(const TreeNode& node, const std::string& what,
                                              bool allow_zero) const {
        return sim::Duration::from_days(duration_at_least(node, what, allow_zero));
    }
    [[nodiscard]] AllocationPolicy policy(const TreeNode& node) const;
    [[nodiscard]] std::vector<std::string> node_names() const;

    const TreeNode& root_;
    Scenario s_;
    std::optional<ValueReader> values_;
    std::vector<SupplierRef> supplier_refs_;
    std::vector<SupplierRef> replenishment_refs_;
    std::map<std::string, SourcePos> policy_pos_;  // allocator -> where contract was chosen
};

}  // namespace memchain::model
