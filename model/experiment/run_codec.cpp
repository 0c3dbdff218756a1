#include "model/experiment/run_codec.hpp"

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <vector>

namespace memchain::model {

namespace {

constexpr std::uint32_t format_tag = 0x4d435234;  // "MCR4": order changes

// How many fields an aggregate has: the most initialisers `T{...}` accepts (each of them
// converts to whatever its field is).
struct AnyField {
    template <class T>
    operator T() const;  // NOLINT(google-explicit-constructor): never called
};

template <class T, class... A>
consteval std::size_t field_count() {
    if constexpr (requires { T{A{}..., AnyField{}}; })
        return field_count<T, A..., AnyField>();
    else
        return sizeof...(A);
}

// Every struct's fields, in declaration order, for both directions.
template <class R>
auto tie_fields(R& r) {
    using T = std::remove_const_t<R>;
    if constexpr (std::is_same_v<T, NodeRecord>)
        return std::tie(r.id, r.name, r.block, r.preset, r.stage, r.region, r.owner, r.product);
    else if constexpr (std::is_same_v<T, EdgeRecord>)
        return std::tie(r.id, r.from, r.to, r.product, r.transit_days, r.capacity, r.from_region,
                        r.to_region);
    else if constexpr (std::is_same_v<T, ShockRecord>)
        return std::tie(r.id, r.name, r.kind, r.target, r.start_day, r.end_day, r.magnitude,
                        r.random, r.description);
    else if constexpr (std::is_same_v<T, OrderRecord>)
        return std::tie(r.id, r.buyer, r.supplier, r.product, r.quantity, r.placed_day, r.due_day,
                        r.filled, r.completed_day);
    else if constexpr (std::is_same_v<T, DeliveryRecord>)
        return std::tie(r.order_id, r.day, r.units);
    else if constexpr (std::is_same_v<T, OrderChangeRecord>)
        return std::tie(r.order_id, r.day, r.change, r.reason, r.units, r.due_day);
    else if constexpr (std::is_same_v<T, NodeSample>)
        return std::tie(r.node, r.day, r.queue, r.wip, r.busy, r.capacity, r.utilization,
                        r.inventory, r.backlog, r.output);
    else if constexpr (std::is_same_v<T, ProductSample>)
        return std::tie(r.product, r.day, r.backlog, r.throughput_per_day, r.quoted_lead_time_days);
    else if constexpr (std::is_same_v<T, MarketSample>)
        return std::tie(r.product, r.day, r.spot, r.contract, r.demand_per_day, r.supply_per_day,
                        r.inventory, r.open_orders);
    else if constexpr (std::is_same_v<T, RevenueRecord>)
        return std::tie(r.period, r.start_day, r.end_day, r.node, r.owner, r.product, r.units,
                        r.price, r.revenue, r.cost);
    else if constexpr (std::is_same_v<T, LotStageRecord>)
        return std::tie(r.node, r.lot, r.product, r.units, r.arrived_day, r.started_day,
                        r.finished_day);
    else if constexpr (std::is_same_v<T, BottleneckPeriod>)
        return std::tie(r.node, r.start_day, r.end_day, r.shifting);
    else if constexpr (std::is_same_v<T, BottleneckShift>)
        return std::tie(r.day, r.from, r.to);
    else if constexpr (std::is_same_v<T, StarvationRecord>)
        return std::tie(r.node, r.input, r.days);
    else if constexpr (std::is_same_v<T, Kpi>)
        return std::tie(r.name, r.product, r.buyer, r.node, r.value);
    else if constexpr (std::is_same_v<T, RunResult>)
        return std::tie(r.nodes, r.edges, r.shocks, r.orders, r.deliveries, r.order_changes,
                        r.samples, r.product_samples, r.market_samples, r.revenue, r.lot_stages,
                        r.bottleneck_periods, r.bottleneck_shifts, r.starvation, r.kpis, r.events,
                        r.wall_seconds);
    else
        static_assert(sizeof(T) == 0, "no field list for this type");
}

// Calls f with every field of r; a struct whose field list misses a field does not build.
template <class R, class F>
void fields(R& r, F&& f) {
    using T = std::remove_const_t<R>;
    auto tied = tie_fields(r);
    static_assert(std::tuple_size_v<decltype(tied)> == field_count<T>(),
                  "a field of result/run_result.hpp is missing from its list in run_codec.cpp");
    std::apply(f, tied);
}

class Writer {
public:
    explicit Writer(std::string& out) : out_(out) {}

    template <class... Ts>
    void operator()(const Ts&... values) {
        (put(values), ...);
    }

    template <class T>
    void put(const T& value) {
        if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
            const char* p = reinterpret_cast<const char*>(&value);
            out_.append(p, sizeof value);
        } else if constexpr (std::is_same_v<T, std::string>) {
            put(static_cast<std::uint32_t>(value.size()));
            out_.append(value);
        } else if constexpr (requires { value.has_value(); }) {
            put(static_cast<std::uint8_t>(value.has_value()));
            if (value) put(*value);
        } else if constexpr (requires {
                                 value.size();
                                 value.begin();
                             }) {
            put(static_cast<std::uint32_t>(value.size()));
            for (const auto& v : value) put(v);
        } else {
            fields(value, *this);
        }
    }

private:
    std::string& out_;
};

class Reader {
public:
    explicit Reader(std::span<const char> in) : in_(in) {}

    template <class... Ts>
    void operator()(Ts&... values) {
        (get(values), ...);
    }

    template <class T>
    void get(T& value) {
        if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
            std::memcpy(&value, take(sizeof value), sizeof value);
        } else if constexpr (std::is_same_v<T, std::string>) {
            const std::uint32_t n = count();
            value.assign(take(n), n);
        } else if constexpr (requires { value.has_value(); }) {
            std::uint8_t present = 0;
            get(present);
            if (present > 1) fail("an optional's presence byte is neither 0 nor 1");
            value.reset();
            if (present) get(value.emplace());
        } else if constexpr (requires { value.resize(0); }) {
            value.resize(count());
            for (auto& v : value) get(v);
        } else {
            fields(value, *this);
        }
    }

    void expect_end() const {
        if (at_ != in_.size()) fail("bytes left over after the run");
    }

private:
    std::uint32_t count() {
        std::uint32_t n = 0;
        get(n);
        if (n > in_.size() - at_) fail("a count larger than the bytes left");
        return n;
    }

    const char* take(std::size_t n) {
        if (n > in_.size() - at_) fail("the buffer ends early");
        const char* p = in_.data() + at_;
        at_ += n;
        return p;
    }

    [[noreturn]] static void fail(const char* what) {
        throw std::runtime_error(std::string("malformed run message: ") + what);
    }

    std::span<const char> in_;
    std::size_t at_ = 0;
};

}  // namespace

std::string encode_run(const FinishedRun& run) {
    std::string out;
    Writer w(out);
    w(format_tag, run.status, run.error, *run.result, run.measures);
    return out;
}

FinishedRun decode_run(std::span<const char> bytes) {
    Reader r(bytes);
    std::uint32_t tag = 0;
    r.get(tag);
    if (tag != format_tag) throw std::runtime_error("malformed run message: unknown format tag");
    FinishedRun run;
    r(run.status, run.error, *run.result, run.measures);
    if (run.status != RunStatus::Completed && run.status != RunStatus::Failed &&
        run.status != RunStatus::Interrupted)
        throw std::runtime_error("malformed run message: unknown run status");
    r.expect_end();
    return run;
}

}  // namespace memchain::model
