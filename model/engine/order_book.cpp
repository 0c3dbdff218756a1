#include "model/engine/order_book.hpp"

#include <algorithm>
#include <cmath>

namespace memchain::model {

OrderBook::OrderBook(const Scenario& scenario, sim::Time warmup_end)
    : scenario_(scenario), warmup_end_(warmup_end) {
    const std::size_t products = scenario.products.size();
    ordered_.assign(products, false);
    backlog_.assign(products, 0.0);
    backlog_peak_.assign(products, 0.0);
    delivered_counted_.assign(products, 0.0);
    recent_deliveries_.assign(products, {});
    recent_delivered_.assign(products, 0.0);
    first_delivery_.assign(products, std::nullopt);
    quoted_stats_.assign(products, {});
    quoted_peak_.assign(products, 0.0);
}

OrderId OrderBook::place(Order o) {
    o.id = OrderId{static_cast<std::uint32_t>(orders_.size())};
    const std::size_t p = index_of(o.product);
    backlog_[p] += o.quantity;
    if (counting(o.placed)) backlog_peak_[p] = std::max(backlog_peak_[p], backlog_[p]);
    orders_.push_back(o);
    return o.id;
}

void OrderBook::record_delivery(sim::Time now, OrderId id, double units) {
    Order& o = order(id);
    o.delivered += units;
    if (!o.due || now <= *o.due) o.on_time += units;
    if (!o.completed && o.delivered >= o.quantity - o.cancelled - 1e-9) o.completed = now;
    const std::size_t p = index_of(o.product);
    backlog_[p] = std::max(0.0, backlog_[p] - units);
    if (!first_delivery_[p]) first_delivery_[p] = now;
    recent_deliveries_[p].emplace_back(now, units);
    recent_delivered_[p] += units;
    if (counting(now)) delivered_counted_[p] += units;
    if (keep_rows_) record_delivery_row(o, now, units);
}

double OrderBook::cancel(sim::Time now, OrderId id, double units, bool phantom) {
    Order& o = order(id);
    units = std::min(units, o.unshipped());
    if (units <= 0.0) return 0.0;
    o.cancelled += units;
    if (phantom) o.unwound += units;
    const std::size_t p = index_of(o.product);
    backlog_[p] = std::max(0.0, backlog_[p] - units);
    if (!o.completed && o.delivered >= o.quantity - o.cancelled - 1e-9) o.completed = now;
    return units;
}

void OrderBook::record_delivery_row(Order& o, sim::Time now, double units) {
    // Detail `deliveries` keeps one row per order and sample interval, at the interval's last
    // arrival (a line shipping lot by lot would write hundreds a day; the samples resolve no
    // finer); detail `lots` keeps every lot's arrival.
    const double today = now.to_days();
    if (scenario_.recording.detail == Detail::Deliveries && o.last_delivery_row) {
        DeliveryRecord& last = rows_[*o.last_delivery_row];
        const double interval = scenario_.recording.sample_interval.to_days();
        if (std::floor(last.day / interval) == std::floor(today / interval)) {
            last.day = today;
            last.units += units;
            return;
        }
    }
    o.last_delivery_row = rows_.size();
    rows_.push_back({index_of(o.id), today, units});
}

void OrderBook::trim_throughput_window(std::size_t p, sim::Time now) {
    const sim::Time from = now - scenario_.recording.throughput_window;
    auto& window = recent_deliveries_[p];
    while (!window.empty() && window.front().first <= from) {
        recent_delivered_[p] -= window.front().second;
        window.pop_front();
    }
    if (window.empty()) recent_delivered_[p] = 0.0;
}

double OrderBook::recent_throughput_per_day(ProductId product, sim::Time now) {
    const std::size_t p = index_of(product);
    trim_throughput_window(p, now);
    const double days =
        std::min(scenario_.recording.throughput_window, now - sim::Time::zero()).to_days();
    if (days <= 0.0) return 0.0;
    return recent_delivered_[p] / days;
}

std::optional<double> OrderBook::quoted_lead_time_days(ProductId product, sim::Time now,
                                                       double placing) {
    // Until a whole window has passed since the first delivery, throughput is not yet known:
    // early quotes would divide the first orders by the first trickle of deliveries.
    const auto& first = first_delivery_[index_of(product)];
    if (!first || now - *first < scenario_.recording.throughput_window) return std::nullopt;
    const double throughput = recent_throughput_per_day(product, now);
    const double backlog = backlog_[index_of(product)] + placing;
    if (backlog <= 1e-9) return 0.0;
    if (throughput <= 0.0) return std::nullopt;
    return backlog / throughput;
}

void OrderBook::note_quote(ProductId product, double days) {
    const std::size_t p = index_of(product);
    quoted_stats_[p].add(days);
    quoted_peak_[p] = std::max(quoted_peak_[p], days);
}

void OrderBook::add_product_kpis(std::vector<Kpi>& out, sim::Time horizon) const {
    const double days = (horizon - warmup_end_).to_days();
    for (std::size_t p = 0; p < scenario_.products.size(); ++p) {
        if (!ordered_[p]) continue;
        const std::string& product = scenario_.products[p].name;
        auto kpi = [&](const char* name, double value) {
            out.push_back({name, product, "", "", value});
        };
        kpi("backlog_peak", backlog_peak_[p]);
        kpi("backlog_end", backlog_[p]);
        if (days > 0.0) kpi("throughput_per_day", delivered_counted_[p] / days);
        if (quoted_stats_[p].count() > 0) {
            kpi("quoted_lead_time_mean_days", quoted_stats_[p].mean());
            kpi("quoted_lead_time_peak_days", quoted_peak_[p]);
        }
    }
}

}  // namespace memchain::model
