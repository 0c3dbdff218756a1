#include "model/recorder.hpp"

#include <filesystem>
#include <string>

#include "model/schema.sql.hpp"
#include "model/sqlite.hpp"
#include "sim/stats.hpp"

#ifndef MEMCHAIN_VERSION
#define MEMCHAIN_VERSION "unknown"
#endif

namespace memchain::model {

namespace {

int read_schema_version(sqlite::Database& db) {
    auto has_meta = db.prepare(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    has_meta.step();
    if (has_meta.column_int(0) == 0) {
        auto tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
        tables.step();
        if (tables.column_int(0) != 0)
            throw sqlite::Error(db.path() + ": not a memchain database (it has tables but no meta)");
        return 0;
    }
    auto version = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    if (!version.step())
        throw sqlite::Error(db.path() + ": not a memchain database (meta has no schema_version)");
    try {
        return std::stoi(version.column_text(0));
    } catch (const std::exception&) {
        throw sqlite::Error(db.path() + ": bad schema_version '" + version.column_text(0) + "'");
    }
}

}  // namespace

int database_schema_version(const std::string& path) {
    if (!std::filesystem::exists(path)) return 0;
    sqlite::Database db(path, sqlite::Database::Mode::ReadOnly);
    return read_schema_version(db);
}

Recorder::Recorder(const std::string& path)
    : db_(std::make_unique<sqlite::Database>(path)) {
    const int found = read_schema_version(*db_);
    if (found > schema_version)
        throw sqlite::Error(path + ": written by schema version " + std::to_string(found) +
                            ", newer than this memchain (" MEMCHAIN_VERSION
                            ") understands (version " +
                            std::to_string(schema_version) + "); use a newer memchain");
    db_->exec("PRAGMA journal_mode = WAL");
    db_->exec("PRAGMA synchronous = NORMAL");
    db_->exec("PRAGMA foreign_keys = ON");
    if (found < schema_version) create_schema();
}

Recorder::~Recorder() = default;

const std::string& Recorder::path() const { return db_->path(); }

sqlite::Database& Recorder::database() { return *db_; }

void Recorder::create_schema() {
    sqlite::Transaction tx(*db_);
    db_->exec(schema_v1_sql);
    auto meta = db_->prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    meta.bind(1, "schema_version").bind(2, std::to_string(schema_version)).run();
    meta.reset();
    meta.bind(1, "memchain_version").bind(2, MEMCHAIN_VERSION).run();
    auto t = db_->prepare("INSERT OR REPLACE INTO t_quantiles (df, t975) VALUES (?, ?)");
    for (int df = 1; df <= 1000; ++df) {
        t.reset();
        t.bind(1, df).bind(2, sim::student_t_quantile(df, 0.975)).run();
    }
    db_->exec("PRAGMA user_version = 1");
    tx.commit();
}

std::int64_t Recorder::begin_experiment(const ExperimentInfo& info) {
    auto st = db_->prepare(
        "INSERT INTO experiments (kind, label, command, master_seed, replications, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, info.kind)
        .bind(2, info.label)
        .bind(3, info.command)
        .bind(4, info.master_seed)
        .bind(5, info.replications)
        .bind(6, info.created_at)
        .run();
    return db_->last_insert_rowid();
}

void Recorder::add_config(const ConfigInfo& config) {
    auto st = db_->prepare(
        "INSERT OR IGNORE INTO configs (config_hash, scenario, path, text) VALUES (?, ?, ?, ?)");
    st.bind(1, config.hash).bind(2, config.scenario).bind(3, config.path).bind(4, config.text);
    st.run();
}

std::int64_t Recorder::begin_run(const RunInfo& info) {
    auto st = db_->prepare(
        "INSERT INTO runs (experiment_id, scenario, variant, replication, seed, config_hash, "
        "start_date, horizon_days, parameters, status) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')");
    st.bind(1, info.experiment_id)
        .bind(2, info.scenario)
        .bind(3, info.variant)
        .bind(4, info.replication)
        .bind(5, info.seed)
        .bind(6, info.config_hash)
        .bind(7, info.start_date)
        .bind(8, info.horizon_days);
    if (info.parameters.empty())
        st.bind_null(9);
    else
        st.bind(9, info.parameters);
    st.run();
    return db_->last_insert_rowid();
}

std::vector<std::int64_t> Recorder::begin_runs(const std::vector<RunInfo>& runs) {
    std::vector<std::int64_t> ids;
    ids.reserve(runs.size());
    sqlite::Transaction tx(*db_);
    for (const RunInfo& info : runs) ids.push_back(begin_run(info));
    tx.commit();
    return ids;
}

void Recorder::finish_run(std::int64_t run_id, const std::string& status, const std::string& error,
                          std::optional<std::uint64_t> events,
                          std::optional<double> wall_seconds) {
    auto st = db_->prepare(
        "UPDATE runs SET status = ?, error = ?, events = ?, wall_seconds = ? "
        "WHERE run_id = ? AND status = 'running'");
    st.bind(1, status);
    if (error.empty())
        st.bind_null(2);
    else
        st.bind(2, error);
    st.bind(3, events).bind(4, wall_seconds).bind(5, run_id).run();
}

void Recorder::fail_run(std::int64_t run_id, const std::string& error) {
    finish_run(run_id, "failed", error, std::nullopt, std::nullopt);
}

void Recorder::interrupt_run(std::int64_t run_id) {
    finish_run(run_id, "interrupted", "interrupted before the run finished", std::nullopt,
               std::nullopt);
}

void Recorder::interrupt_runs(const std::vector<std::int64_t>& run_ids) {
    sqlite::Transaction tx(*db_);
    for (std::int64_t id : run_ids) interrupt_run(id);
    tx.commit();
}

void Recorder::complete_run(std::int64_t run_id, const RunResult& r) {
    sqlite::Transaction tx(*db_);
    {
        auto st = db_->prepare(
            "INSERT INTO nodes (run_id, node_id, name, block, preset, stage, region, owner, "
            "product) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const NodeRecord& n : r.nodes) {
            st.reset();
            st.bind(1, run_id).bind(2, n.id).bind(3, n.name).bind(4, n.block).bind(5, n.preset);
            st.bind(6, n.stage).bind(7, n.region).bind(8, n.owner).bind(9, n.product).run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO edges (run_id, edge_id, from_node, to_node, product, transit_days, "
            "capacity, from_region, to_region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const EdgeRecord& e : r.edges) {
            st.reset();
            st.bind(1, run_id).bind(2, e.id).bind(3, e.from).bind(4, e.to).bind(5, e.product);
            st.bind(6, e.transit_days).bind(7, e.capacity).bind(8, e.from_region);
            st.bind(9, e.to_region).run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO shocks (run_id, shock_id, name, kind, target, start_day, end_day, "
            "magnitude, origin, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const ShockRecord& s : r.shocks) {
            st.reset();
            st.bind(1, run_id).bind(2, s.id).bind(3, s.name).bind(4, s.kind).bind(5, s.target);
            st.bind(6, s.start_day).bind(7, s.end_day).bind(8, s.magnitude);
            st.bind(9, s.random ? "random" : "scheduled").bind(10, s.description).run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO orders (run_id, order_id, buyer, supplier, product, quantity, "
            "placed_day, due_day, filled, completed_day, lead_time_days, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const OrderRecord& o : r.orders) {
            st.reset();
            st.bind(1, run_id).bind(2, o.id).bind(3, o.buyer).bind(4, o.supplier);
            st.bind(5, o.product).bind(6, o.quantity).bind(7, o.placed_day).bind(8, o.due_day);
            st.bind(9, o.filled).bind(10, o.completed_day);
            if (o.completed_day)
                st.bind(11, *o.completed_day - o.placed_day);
            else
                st.bind_null(11);
            st.bind(12, o.completed_day ? "filled" : "open").run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO deliveries (run_id, order_id, day, units) VALUES (?, ?, ?, ?)");
        for (const DeliveryRecord& d : r.deliveries) {
            st.reset();
            st.bind(1, run_id).bind(2, d.order_id).bind(3, d.day).bind(4, d.units).run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO samples (run_id, node_id, day, queue, wip, busy, capacity, utilization, "
            "inventory, backlog, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const NodeSample& s : r.samples) {
            st.reset();
            st.bind(1, run_id).bind(2, s.node).bind(3, s.day).bind(4, s.queue).bind(5, s.wip);
            st.bind(6, s.busy).bind(7, s.capacity).bind(8, s.utilization).bind(9, s.inventory);
            st.bind(10, s.backlog).bind(11, s.output).run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO product_samples (run_id, product, day, backlog, throughput_per_day, "
            "quoted_lead_time_days) VALUES (?, ?, ?, ?, ?, ?)");
        for (const ProductSample& s : r.product_samples) {
            st.reset();
            st.bind(1, run_id).bind(2, s.product).bind(3, s.day).bind(4, s.backlog);
            st.bind(5, s.throughput_per_day).bind(6, s.quoted_lead_time_days).run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO lot_stages (run_id, node_id, lot_id, product, units, arrived_day, "
            "started_day, finished_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        for (const LotStageRecord& l : r.lot_stages) {
            st.reset();
            st.bind(1, run_id).bind(2, l.node).bind(3, l.lot).bind(4, l.product).bind(5, l.units);
            st.bind(6, l.arrived_day).bind(7, l.started_day).bind(8, l.finished_day).run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO bottleneck_periods (run_id, node_id, start_day, end_day, kind) "
            "VALUES (?, ?, ?, ?, ?)");
        for (const BottleneckPeriod& p : r.bottleneck_periods) {
            st.reset();
            st.bind(1, run_id).bind(2, p.node).bind(3, p.start_day).bind(4, p.end_day);
            st.bind(5, p.shifting ? "shifting" : "sole").run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO bottleneck_shifts (run_id, day, from_node, to_node) VALUES (?, ?, ?, ?)");
        for (const BottleneckShift& s : r.bottleneck_shifts) {
            st.reset();
            st.bind(1, run_id).bind(2, s.day).bind(3, s.from).bind(4, s.to).run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO starvation (run_id, node_id, input, days) VALUES (?, ?, ?, ?)");
        for (const StarvationRecord& s : r.starvation) {
            st.reset();
            st.bind(1, run_id).bind(2, s.node).bind(3, s.input).bind(4, s.days).run();
        }
    }
    {
        auto st = db_->prepare(
            "INSERT INTO kpis (run_id, kpi, product, buyer, node, value) VALUES (?, ?, ?, ?, ?, ?)");
        for (const Kpi& k : r.kpis) {
            st.reset();
            st.bind(1, run_id).bind(2, k.name).bind(3, k.product).bind(4, k.buyer);
            st.bind(5, k.node).bind(6, k.value).run();
        }
    }
    finish_run(run_id, "completed", "", r.events, r.wall_seconds);
    tx.commit();
}

void Recorder::add_comparisons(std::int64_t experiment_id, const std::vector<ComparisonRow>& rows) {
    sqlite::Transaction tx(*db_);
    auto st = db_->prepare(
        "INSERT OR REPLACE INTO comparisons (experiment_id, variant, kpi, product, buyer, node, n, "
        "base_mean, variant_mean, diff_mean, diff_ci_low, diff_ci_high, unpaired_ci_low, "
        "unpaired_ci_high) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const ComparisonRow& c : rows) {
        st.reset();
        st.bind(1, experiment_id).bind(2, c.variant).bind(3, c.kpi).bind(4, c.product);
        st.bind(5, c.buyer).bind(6, c.node).bind(7, c.n).bind(8, c.base_mean);
        st.bind(9, c.variant_mean).bind(10, c.diff_mean).bind(11, c.diff_ci_low);
        st.bind(12, c.diff_ci_high).bind(13, c.unpaired_ci_low).bind(14, c.unpaired_ci_high);
        st.run();
    }
    tx.commit();
}

}  // namespace memchain::model
