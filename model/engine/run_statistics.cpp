#include "model/engine/run_statistics.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace memchain::model {

namespace {

// One (product, buyer) line of the order KPIs; buyer "" is the product's total.
struct OrderGroup {
    sim::Quantiles lead_times;
    sim::Quantiles with_open;  // lead times, and open orders' ages at the end (censored)
    double ordered = 0.0, delivered = 0.0, due_ordered = 0.0, on_time = 0.0;
    double cancelled = 0.0, short_units = 0.0, open_orders = 0.0;
    bool stock_buyer = false;  // a buyer keeping stock reports its own fill rate
};

double mean_of(const sim::Quantiles& q) {
    double sum = 0.0;
    for (double v : q.values()) sum += v;
    return sum / static_cast<double>(q.count());
}

void add_group_kpis(std::vector<Kpi>& out, const std::string& product, const std::string& buyer,
                    const OrderGroup& g) {
    auto kpi = [&](const char* name, double value) {
        out.push_back({name, product, buyer, "", value});
    };
    kpi("units_ordered", g.ordered);
    kpi("units_delivered", g.delivered);
    if (g.lead_times.count() > 0) {
        kpi("lead_time_mean_days", mean_of(g.lead_times));
        kpi("lead_time_p50_days", g.lead_times.quantile(0.5));
        kpi("lead_time_p90_days", g.lead_times.quantile(0.9));
        kpi("lead_time_p99_days", g.lead_times.quantile(0.99));
    }
    kpi("units_cancelled", g.cancelled);
    kpi("units_short", g.short_units);
    kpi("open_orders", g.open_orders);
    // Open orders counted at their age at the end: a lower bound on their lead time
    // (right-censored), so that a shortage that never clears does not look short.
    if (g.with_open.count() > 0) {
        kpi("lead_time_with_open_mean_days", mean_of(g.with_open));
        kpi("lead_time_with_open_p90_days", g.with_open.quantile(0.9));
        kpi("lead_time_censored_share", g.open_orders / static_cast<double>(g.with_open.count()));
    }
    if (!g.stock_buyer && g.due_ordered > 0.0) kpi("fill_rate", g.on_time / g.due_ordered);
}

}  // namespace

RunStatistics::RunStatistics(const Scenario& scenario, sim::Time warmup_end)
    : scenario_(scenario), warmup_end_(warmup_end) {}

void RunStatistics::record_absorbed(sim::Time now, const Lot& lot) {
    if (!lot.in_system) return;
    lots_in_system_changed(now, -1.0);
    if (!counting(now)) return;
    absorbed_lots_ += 1.0;
    system_sojourn_days_.add((now - lot.created).to_days());
}

void RunStatistics::record_lot_stage(NodeId node, const Lot& lot, const std::string& product,
                                     sim::Time finished) {
    if (scenario_.recording.detail != Detail::Lots) return;
    lot_stages_.push_back({static_cast<int>(index_of(node)), lot.id, product, lot.units,
                           lot.arrived.to_days(), lot.started.to_days(), finished.to_days()});
}

void RunStatistics::record_outage(NodeId node, sim::Time start, double repair_days) {
    const std::string& name = scenario_.nodes[index_of(node)].name;
    ShockRecord r;
    r.name = name + " outage";
    r.kind = "outage";
    r.target = name;
    r.start_day = start.to_days();
    r.end_day = start.to_days() + repair_days;
    r.magnitude = 1.0;
    r.random = true;
    r.description = "random failure (time between failures and to repair as configured)";
    outages_.push_back(std::move(r));
}

void RunStatistics::reset(sim::Time t) {
    lots_in_system_.reset(t);
    system_sojourn_days_ = {};
    absorbed_lots_ = 0.0;
}

void RunStatistics::add_system_kpis(std::vector<Kpi>& out, sim::Time end) const {
    if (absorbed_lots_ <= 0.0) return;
    const double days = (end - warmup_end_).to_days();
    out.push_back({"system_lots_mean", "", "", "", lots_in_system_.average(end)});
    out.push_back({"system_sojourn_mean_days", "", "", "", system_sojourn_days_.mean()});
    if (days > 0.0)
        out.push_back({"system_throughput_lots_per_day", "", "", "", absorbed_lots_ / days});
}

void RunStatistics::add_order_kpis(std::vector<Kpi>& out, const OrderBook& book,
                                   const std::vector<std::optional<StockDemand>>& stock_demand,
                                   sim::Time end) const {
    // Keyed by (product, buyer); buyer "" is the product total. std::map keeps the order fixed.
    std::map<std::pair<std::string, std::string>, OrderGroup> groups;
    for (const Order& o : book.orders()) {
        if (!counting(o.placed)) continue;
        const std::string& product = scenario_.products[index_of(o.product)].name;
        const std::string& buyer = scenario_.nodes[index_of(o.orderer)].name;
        const bool from_stock_buyer = stock_demand[index_of(o.orderer)].has_value();
        for (const std::string* who : {&buyer, static_cast<const std::string*>(nullptr)}) {
            OrderGroup& g = groups[{product, who ? *who : std::string()}];
            if (who) g.stock_buyer = from_stock_buyer;
            // Units moved to another supplier count in the order they moved to.
            g.ordered += o.quantity - o.resourced;
            g.delivered += o.delivered;
            g.cancelled += o.cancelled - o.resourced;
            // Short: real demand (phantom units aside) that had not arrived at the end.
            g.short_units += std::max(0.0, o.quantity - o.resourced - o.unwound - o.delivered);
            // A lead time is placed -> filled in full; an order with a cancellation has none.
            if (o.completed && o.cancelled <= 0.0) {
                const double days = (*o.completed - o.placed).to_days();
                g.lead_times.add(days);
                g.with_open.add(days);
            } else if (!o.completed) {
                g.open_orders += 1.0;
                g.with_open.add((end - o.placed).to_days());
            }
            // A stock buyer's replenishment orders are not end demand: its customers' fill
            // rate, added below, goes into the product's instead.
            if (!who && from_stock_buyer) continue;
            if (!o.due || *o.due <= end) {
                g.due_ordered += o.quantity - o.resourced;
                g.on_time += o.on_time;
            }
        }
    }
    // The product's fill rate is the share of end demand met on time: orders delivered by their
    // due time at make-to-order buyers, units served from stock at once at stock buyers.
    for (std::size_t n = 0; n < stock_demand.size(); ++n) {
        const std::optional<StockDemand>& d = stock_demand[n];
        if (!d || d->end_demand_units <= 0.0) continue;
        OrderGroup& g = groups[{scenario_.nodes[n].product, std::string()}];
        g.due_ordered += d->end_demand_units;
        g.on_time += d->served_from_stock_units;
    }
    for (const auto& [key, g] : groups) add_group_kpis(out, key.first, key.second, g);
}

}  // namespace memchain::model
