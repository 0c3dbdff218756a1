#include "model/record/recorder.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "model/record/run_owner.hpp"
#include "model/record/schema.sql.hpp"
#include "model/record/sqlite.hpp"
#include "model/record/wal_checkpointer.hpp"
#include "sim/stats.hpp"

#ifndef MEMCHAIN_VERSION
#define MEMCHAIN_VERSION "unknown"
#endif

namespace memchain::model {

namespace {

int read_schema_version(sqlite::Database& db) {
    auto has_meta =
        db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    has_meta.step();
    if (has_meta.column_int(0) == 0) {
        auto tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
        tables.step();
        if (tables.column_int(0) != 0)
            throw sqlite::Error(db.path() +
                                ": not a memchain database (it has tables but no meta)");
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

// `rows` in the order of their index key, so that index inserts append instead of splitting
// pages in the middle (equal keys keep their order). Sorts references: moving the rows
// themselves cost more than the sort.
template <class Row, class Key>
std::vector<std::reference_wrapper<const Row>> sorted(const std::vector<Row>& rows, Key key) {
    std::vector<std::reference_wrapper<const Row>> out(rows.begin(), rows.end());
    std::stable_sort(out.begin(), out.end(),
                     [&](const Row& a, const Row& b) { return key(a) < key(b); });
    return out;
}

}  // namespace

struct Recorder::Statements {
    std::map<std::string, sqlite::Statement, std::less<>> by_sql;

    sqlite::Statement& get(sqlite::Database& db, const std::string& sql) {
        auto it = by_sql.find(sql);
        if (it == by_sql.end()) it = by_sql.emplace(sql, db.prepare(sql)).first;
        return it->second;
    }
};

namespace {

// Inserts `rows` into `table_columns` ("table (col, ...)"), 64 rows per INSERT statement and
// the rest one by one, with statements prepared once per database: a run writes thousands of
// rows, and one statement per row spends more in SQLite's statement machinery than in the
// B-trees. `bind(statement, first_parameter, row)` binds one row's `columns` values, every
// one of them (the statement keeps its bindings between batches); it may bind text borrowed
// from `rows` (Statement::bind_borrowed).
template <class Statements, class Row, class Bind>
void insert_rows(sqlite::Database& db, Statements& statements, std::string_view table_columns,
                 int columns, const std::vector<Row>& rows, Bind bind) {
    constexpr std::size_t batch = 64;
    auto sql = [&](std::size_t n) {
        std::string tuple = "(?";
        for (int c = 1; c < columns; ++c) tuple += ",?";
        tuple += ")";
        std::string text = "INSERT INTO ";
        text += table_columns;
        text += " VALUES ";
        for (std::size_t i = 0; i < n; ++i) {
            if (i) text += ",";
            text += tuple;
        }
        return text;
    };
    auto insert = [&](sqlite::Statement& st, std::size_t first, std::size_t n) {
        st.rewind();
        for (std::size_t k = 0; k < n; ++k)
            bind(st, static_cast<int>(k) * columns + 1, rows[first + k]);
        st.run();
    };
    std::size_t done = 0;
    if (rows.size() >= batch) {
        sqlite::Statement& full = statements.get(db, sql(batch));
        for (; done + batch <= rows.size(); done += batch) insert(full, done, batch);
        full.reset();  // lets go of the rows' text
    }
    if (done < rows.size()) {
        sqlite::Statement& one = statements.get(db, sql(1));
        for (; done < rows.size(); ++done) insert(one, done, 1);
        one.reset();
    }
}

// The network the run simulated: nodes, lanes (edges) and shocks.
template <class Statements>
void insert_network(sqlite::Database& db, Statements& statements, std::int64_t run_id,
                    const RunResult& r) {
    insert_rows(db, statements,
                "nodes (run_id, node_id, name, block, preset, stage, region, owner, product)", 9,
                r.nodes, [&](sqlite::Statement& st, int p, const NodeRecord& n) {
                    st.bind(p, run_id).bind(p + 1, n.id).bind(p + 2, n.name).bind(p + 3, n.block);
                    st.bind(p + 4, n.preset).bind(p + 5, n.stage).bind(p + 6, n.region);
                    st.bind(p + 7, n.owner).bind(p + 8, n.product);
                });
    insert_rows(db, statements,
                "edges (run_id, edge_id, from_node, to_node, product, transit_days, capacity, "
                "from_region, to_region)",
                9, r.edges, [&](sqlite::Statement& st, int p, const EdgeRecord& e) {
                    st.bind(p, run_id).bind(p + 1, e.id).bind(p + 2, e.from).bind(p + 3, e.to);
                    st.bind(p + 4, e.product).bind(p + 5, e.transit_days).bind(p + 6, e.capacity);
                    st.bind(p + 7, e.from_region).bind(p + 8, e.to_region);
                });
    insert_rows(db, statements,
                "shocks (run_id, shock_id, name, kind, target, start_day, end_day, magnitude, "
                "origin, description)",
                10, r.shocks, [&](sqlite::Statement& st, int p, const ShockRecord& s) {
                    st.bind(p, run_id).bind(p + 1, s.id).bind(p + 2, s.name).bind(p + 3, s.kind);
                    st.bind(p + 4, s.target).bind(p + 5, s.start_day).bind(p + 6, s.end_day);
                    st.bind(p + 7, s.magnitude).bind(p + 8, s.random ? "random" : "scheduled");
                    st.bind(p + 9, s.description);
                });
}

// The orders' lives: lines, changes and deliveries.
template <class Statements>
void insert_orders(sqlite::Database& db, Statements& statements, std::int64_t run_id,
                   const RunResult& r) {
    insert_rows(db, statements,
                "order_lines (run_id, order_id, buyer_node, supplier_node, product, quantity, "
                "placed_day, due_day, filled, completed_day)",
                10, r.orders, [&](sqlite::Statement& st, int p, const OrderRecord& o) {
                    st.bind(p, run_id).bind(p + 1, o.id).bind(p + 2, o.buyer);
                    st.bind(p + 3, o.supplier).bind_borrowed(p + 4, o.product);
                    st.bind(p + 5, o.quantity).bind(p + 6, o.placed_day).bind(p + 7, o.due_day);
                    st.bind(p + 8, o.filled).bind(p + 9, o.completed_day);
                });
    insert_rows(db, statements,
                "order_changes (run_id, order_id, day, change, reason, units, due_day)", 7,
                r.order_changes, [&](sqlite::Statement& st, int p, const OrderChangeRecord& c) {
                    st.bind(p, run_id).bind(p + 1, c.order_id).bind(p + 2, c.day);
                    st.bind(p + 3, c.change).bind(p + 4, c.reason).bind(p + 5, c.units);
                    st.bind(p + 6, c.due_day);
                });
    insert_rows(
        db, statements, "deliveries (run_id, order_id, day, units)", 4,
        sorted(r.deliveries, [](const DeliveryRecord& d) { return std::tie(d.order_id, d.day); }),
        [&](sqlite::Statement& st, int p, const DeliveryRecord& d) {
            st.bind(p, run_id).bind(p + 1, d.order_id).bind(p + 2, d.day);
            st.bind(p + 3, d.units);
        });
}

// What was sampled over time: nodes, products and lots.
template <class Statements>
void insert_samples(sqlite::Database& db, Statements& statements, std::int64_t run_id,
                    const RunResult& r) {
    insert_rows(db, statements,
                "samples (run_id, node_id, day, queue, wip, busy, capacity, utilization, "
                "inventory, backlog, output)",
                11, sorted(r.samples, [](const NodeSample& s) { return std::tie(s.node, s.day); }),
                [&](sqlite::Statement& st, int p, const NodeSample& s) {
                    st.bind(p, run_id).bind(p + 1, s.node).bind(p + 2, s.day).bind(p + 3, s.queue);
                    st.bind(p + 4, s.wip).bind(p + 5, s.busy).bind(p + 6, s.capacity);
                    st.bind(p + 7, s.utilization).bind(p + 8, s.inventory);
                    st.bind(p + 9, s.backlog).bind(p + 10, s.output);
                });
    insert_rows(db, statements,
                "product_samples (run_id, product, day, backlog, throughput_per_day, "
                "quoted_lead_time_days)",
                6,
                sorted(r.product_samples,
                       [](const ProductSample& s) { return std::tie(s.product, s.day); }),
                [&](sqlite::Statement& st, int p, const ProductSample& s) {
                    st.bind(p, run_id).bind_borrowed(p + 1, s.product).bind(p + 2, s.day);
                    st.bind(p + 3, s.backlog).bind(p + 4, s.throughput_per_day);
                    st.bind(p + 5, s.quoted_lead_time_days);
                });
    insert_rows(db, statements,
                "lot_stages (run_id, node_id, lot_id, product, units, arrived_day, started_day, "
                "finished_day)",
                8, r.lot_stages, [&](sqlite::Statement& st, int p, const LotStageRecord& l) {
                    st.bind(p, run_id).bind(p + 1, l.node).bind(p + 2, l.lot);
                    st.bind(p + 3, l.product).bind(p + 4, l.units).bind(p + 5, l.arrived_day);
                    st.bind(p + 6, l.started_day).bind(p + 7, l.finished_day);
                });
}

// The market: prices, and revenue by period.
template <class Statements>
void insert_market(sqlite::Database& db, Statements& statements, std::int64_t run_id,
                   const RunResult& r) {
    insert_rows(
        db, statements,
        "market_samples (run_id, product, day, spot, contract, demand, supply, "
        "inventory, open_orders)",
        9,
        sorted(r.market_samples, [](const MarketSample& s) { return std::tie(s.product, s.day); }),
        [&](sqlite::Statement& st, int p, const MarketSample& s) {
            st.bind(p, run_id).bind_borrowed(p + 1, s.product).bind(p + 2, s.day);
            st.bind(p + 3, s.spot).bind(p + 4, s.contract).bind(p + 5, s.demand_per_day);
            st.bind(p + 6, s.supply_per_day).bind(p + 7, s.inventory);
            st.bind(p + 8, s.open_orders);
        });
    insert_rows(
        db, statements,
        "revenue (run_id, period, start_day, end_day, node_id, owner, product, units, "
        "price, revenue, cost)",
        11, sorted(r.revenue, [](const RevenueRecord& v) { return std::tie(v.node, v.period); }),
        [&](sqlite::Statement& st, int p, const RevenueRecord& v) {
            st.bind(p, run_id).bind(p + 1, v.period).bind(p + 2, v.start_day);
            st.bind(p + 3, v.end_day).bind(p + 4, v.node).bind_borrowed(p + 5, v.owner);
            st.bind_borrowed(p + 6, v.product).bind(p + 7, v.units).bind(p + 8, v.price);
            st.bind(p + 9, v.revenue).bind(p + 10, v.cost);
        });
}

// What the run found: bottlenecks, starvation and KPIs.
template <class Statements>
void insert_findings(sqlite::Database& db, Statements& statements, std::int64_t run_id,
                     const RunResult& r) {
    insert_rows(db, statements, "bottleneck_periods (run_id, node_id, start_day, end_day, kind)", 5,
                r.bottleneck_periods, [&](sqlite::Statement& st, int p, const BottleneckPeriod& b) {
                    st.bind(p, run_id).bind(p + 1, b.node).bind(p + 2, b.start_day);
                    st.bind(p + 3, b.end_day).bind(p + 4, b.shifting ? "shifting" : "sole");
                });
    insert_rows(db, statements, "bottleneck_shifts (run_id, day, from_node, to_node)", 4,
                r.bottleneck_shifts, [&](sqlite::Statement& st, int p, const BottleneckShift& b) {
                    st.bind(p, run_id).bind(p + 1, b.day).bind(p + 2, b.from).bind(p + 3, b.to);
                });
    insert_rows(db, statements, "starvation (run_id, node_id, input, days)", 4, r.starvation,
                [&](sqlite::Statement& st, int p, const StarvationRecord& s) {
                    st.bind(p, run_id).bind(p + 1, s.node).bind(p + 2, s.input);
                    st.bind(p + 3, s.days);
                });
    insert_rows(db, statements, "kpis (run_id, kpi, product, buyer, node, value)", 6, r.kpis,
                [&](sqlite::Statement& st, int p, const Kpi& k) {
                    st.bind(p, run_id).bind_borrowed(p + 1, k.name);
                    st.bind_borrowed(p + 2, k.product).bind_borrowed(p + 3, k.buyer);
                    st.bind_borrowed(p + 4, k.node).bind(p + 5, k.value);
                });
}

}  // namespace

int database_schema_version(const std::string& path) {
    if (!std::filesystem::exists(path)) return 0;
    sqlite::Database db(path, sqlite::Database::Mode::ReadOnly);
    return read_schema_version(db);
}

Recorder::Recorder(const std::string& path)
    : db_(std::make_unique<sqlite::Database>(path)), statements_(std::make_unique<Statements>()) {
    const int found = read_schema_version(*db_);
    if (found > schema_version)
        throw sqlite::Error(path + ": written by schema version " + std::to_string(found) +
                            ", newer than this memchain (" MEMCHAIN_VERSION
                            ") understands (version " +
                            std::to_string(schema_version) + "); use a newer memchain");
    const bool wal = [&] {
        auto journal = db_->prepare("PRAGMA journal_mode = WAL");
        return journal.step() && journal.column_text(0) == "wal";
    }();
    db_->exec("PRAGMA synchronous = NORMAL");
    if (wal) {
        try {
            checkpointer_ = std::make_unique<sqlite::WalCheckpointer>(*db_);
        } catch (const sqlite::Error&) {
            // No second connection: SQLite checkpoints in the writer, as it does by default.
        }
    }
    // The foreign keys are declared for readers. This connection, the only writer, keeps them by
    // construction and checks a run's row once before writing its rows (complete_run): checked
    // per row they cost a tenth of recording.
    db_->exec("PRAGMA foreign_keys = OFF");
    if (found < schema_version) create_schema(found);
    struct stat identity {};
    if (::stat(path.c_str(), &identity) == 0) {
        device_ = static_cast<std::uint64_t>(identity.st_dev);
        inode_ = static_cast<std::uint64_t>(identity.st_ino);
    }
    reclaim_abandoned_runs();
}

bool Recorder::file_intact() const {
    struct stat identity {};
    return ::stat(db_->path().c_str(), &identity) == 0 &&
           static_cast<std::uint64_t>(identity.st_dev) == device_ &&
           static_cast<std::uint64_t>(identity.st_ino) == inode_;
}

void Recorder::reclaim_abandoned_runs() {
    std::vector<std::int64_t> ended;
    {
        auto running = db_->prepare(
            "SELECT run_id, owner_host, owner_pid, started_at FROM runs WHERE status = 'running'");
        while (running.step()) {
            const RunOwner owner{running.column_text(1), running.column_int(2),
                                 running.column_text(3)};
            if (!owner_alive(owner)) ended.push_back(running.column_int(0));
        }
    }
    if (ended.empty()) return;
    sqlite::Transaction tx(*db_);
    auto mark = db_->prepare(
        "UPDATE runs SET status = 'interrupted', error = 'process ended without closing the run' "
        "WHERE run_id = ? AND status = 'running'");
    for (const std::int64_t id : ended) {
        mark.reset();
        mark.bind(1, id).run();
        if (db_->changes() > 0) reclaimed_.push_back(id);
    }
    tx.commit();
}

Recorder::~Recorder() = default;

const std::string& Recorder::path() const {
    return db_->path();
}

sqlite::Database& Recorder::database() {
    return *db_;
}

void Recorder::create_schema(int found) {
    // One transaction: a file is either upgraded whole or left as it was.
    sqlite::Transaction tx(*db_);
    // Views whose definition changed in version 3 (a two-pass spread, every node's share), and
    // the views version 3 added, which schema_sql recreates over the upgraded tables.
    if (found > 0)
        db_->exec(
            "DROP VIEW IF EXISTS kpi_summary; DROP VIEW IF EXISTS bottleneck_share; "
            "DROP VIEW IF EXISTS bottleneck_share_by_variant; DROP VIEW IF EXISTS kpis_by_variant; "
            "DROP VIEW IF EXISTS samples_by_date; DROP VIEW IF EXISTS node_flows; "
            "DROP VIEW IF EXISTS product_samples_by_date; DROP VIEW IF EXISTS deliveries_by_date; "
            "DROP VIEW IF EXISTS variant_runs;");
    // Version 5 redefines the orders view (cancellations); schema_sql recreates it.
    if (found >= 2) db_->exec("DROP VIEW IF EXISTS orders");
    if (found == 1) db_->exec("ALTER TABLE orders RENAME TO orders_v1");
    if (found == 1 || found == 2) upgrade_experiments_from_v2();
    db_->exec(schema_sql);
    if (found > 0 && found < 3)
        db_->exec(
            "INSERT OR IGNORE INTO products (config_hash, product, unit, inputs, description) "
            "SELECT DISTINCT r.config_hash, n.product, NULL, '', '' FROM nodes n "
            "JOIN runs r ON r.run_id = n.run_id WHERE n.product <> ''");
    if (found == 1) upgrade_orders_from_v1();
    if (found >= 1 && found < 3) upgrade_to_v3(found);
    // Version 6 records the day of a shock's price peak with its comparison row.
    if (found >= 1 && found < 6) add_column_if_missing("comparisons", "peak_day", "REAL");
    // Version 7 records the factor each ladder step lifted its constraint by.
    if (found >= 1 && found < 7) add_column_if_missing("ladder_steps", "lift", "REAL");
    auto meta = db_->prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    meta.bind(1, "schema_version").bind(2, std::to_string(schema_version)).run();
    meta.reset();
    meta.bind(1, "memchain_version").bind(2, MEMCHAIN_VERSION).run();
    auto t = db_->prepare("INSERT OR REPLACE INTO t_quantiles (df, t975) VALUES (?, ?)");
    for (int df = 1; df <= 1000; ++df) {
        t.reset();
        t.bind(1, df).bind(2, sim::student_t_quantile(df, 0.975)).run();
    }
    db_->exec("PRAGMA user_version = " + std::to_string(schema_version));
    tx.commit();
}

void Recorder::upgrade_orders_from_v1() {
    // Version 1 named buyer and supplier in every order; their run's nodes give the ids.
    db_->exec(
        "INSERT INTO order_lines (run_id, order_id, buyer_node, supplier_node, product, quantity, "
        "placed_day, due_day, filled, completed_day) "
        "SELECT o.run_id, o.order_id, b.node_id, s.node_id, o.product, o.quantity, o.placed_day, "
        "o.due_day, o.filled, o.completed_day FROM orders_v1 o "
        "JOIN nodes b ON b.run_id = o.run_id AND b.name = o.buyer "
        "JOIN nodes s ON s.run_id = o.run_id AND s.name = o.supplier "
        "ORDER BY o.run_id, o.order_id");
    auto lost = db_->prepare(
        "SELECT (SELECT count(*) FROM orders_v1) - (SELECT count(*) FROM order_lines)");
    if (!lost.step() || lost.column_int(0) != 0)
        throw sqlite::Error(db_->path() + ": cannot upgrade from schema version 1: " +
                            std::to_string(lost.column_int(0)) +
                            " orders name a buyer or supplier that their run's nodes do not "
                            "list; the file is left as it was");
    lost.reset();
    db_->exec("DROP TABLE orders_v1");
}

void Recorder::add_column_if_missing(const char* table, const char* name, const char* type) {
    auto has = db_->prepare("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?");
    has.bind(1, table).bind(2, name);
    has.step();
    if (has.column_int(0) == 0)
        db_->exec(std::string("ALTER TABLE ") + table + " ADD COLUMN " + name + " " + type);
}

void Recorder::upgrade_to_v3(int found) {
    // Columns that version 3 added to tables an older file already has (CREATE TABLE IF NOT
    // EXISTS leaves those as they were).
    struct Column {
        const char* table;
        const char* name;
        const char* type;
    };
    static constexpr Column added[] = {
        {"runs", "owner_host", "TEXT"},
        {"runs", "owner_pid", "INTEGER"},
        {"runs", "started_at", "TEXT"},
    };
    for (const Column& c : added) add_column_if_missing(c.table, c.name, c.type);
    // A run an older memchain left `running` has no owner to ask: its process is gone or will
    // never close it in this file's new schema.
    if (found < 3)
        db_->exec(
            "UPDATE runs SET status = 'interrupted', error = 'process ended without closing the "
            "run (recorded before runs named their process)' WHERE status = 'running'");
}

void Recorder::upgrade_experiments_from_v2() {
    // Version 3 allows kind 'probe'. SQLite cannot change a CHECK in place: the table is built
    // anew and renamed (its references elsewhere name it, so they follow).
    db_->exec(
        "CREATE TABLE experiments_v3 (experiment_id INTEGER PRIMARY KEY, kind TEXT NOT NULL "
        "CHECK (kind IN ('run', 'compare', 'sweep', 'probe')), label TEXT NOT NULL, command TEXT "
        "NOT NULL, master_seed INTEGER NOT NULL, replications INTEGER NOT NULL, created_at TEXT "
        "NOT NULL);"
        "INSERT INTO experiments_v3 SELECT experiment_id, kind, label, command, master_seed, "
        "replications, created_at FROM experiments;"
        "DROP TABLE experiments;"
        "ALTER TABLE experiments_v3 RENAME TO experiments;");
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
    auto product = db_->prepare(
        "INSERT OR IGNORE INTO products (config_hash, product, unit, inputs, description) "
        "VALUES (?, ?, ?, ?, ?)");
    for (const ProductInfo& p : config.products) {
        product.reset();
        product.bind(1, config.hash).bind(2, p.name).bind(3, p.unit).bind(4, p.inputs);
        product.bind(5, p.description).run();
    }
}

std::int64_t Recorder::begin_run(const RunInfo& info) {
    auto st = db_->prepare(
        "INSERT INTO runs (experiment_id, scenario, variant, replication, seed, config_hash, "
        "start_date, horizon_days, parameters, status, owner_host, owner_pid, started_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)");
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
    const RunOwner owner = this_process();
    st.bind(10, owner.host).bind(11, owner.pid).bind(12, owner.started_at);
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
                          std::optional<std::uint64_t> events, std::optional<double> wall_seconds) {
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

void Recorder::fail_runs(const std::vector<std::int64_t>& run_ids, const std::string& error) {
    sqlite::Transaction tx(*db_);
    for (std::int64_t id : run_ids) fail_run(id, error);
    tx.commit();
}

void Recorder::complete_run(std::int64_t run_id, const RunResult& r) {
    sqlite::Transaction tx(*db_);
    auto& status = statements_->get(*db_, "SELECT status FROM runs WHERE run_id = ?");
    status.reset();
    status.bind(1, run_id);
    if (!status.step() || status.column_text(0) != "running")
        throw sqlite::Error(db_->path() + ": run " + std::to_string(run_id) +
                            " is not a running run; its results were not written");
    status.reset();
    insert_network(*db_, *statements_, run_id, r);
    insert_orders(*db_, *statements_, run_id, r);
    insert_samples(*db_, *statements_, run_id, r);
    insert_market(*db_, *statements_, run_id, r);
    insert_findings(*db_, *statements_, run_id, r);
    finish_run(run_id, "completed", "", r.events, r.wall_seconds);
    tx.commit();
}

}  // namespace memchain::model
