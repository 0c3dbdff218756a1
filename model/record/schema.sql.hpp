#pragma once
// Schema v3 of the run database. Times are days since the run's start (runs.start_date is the
// calendar date of day 0); quantities are in each product's units. Version 2 stores orders as
// order_lines, naming buyer and supplier by node id, and `orders` is a view with the names and
// the lead time and status derived (what version 1 stored in every row: over half of a run's
// bytes). Version 3 adds the run's owner (owner_host, owner_pid, started_at: who writes a
// `running` run, so that a later process can mark the runs of one that ended interrupted);
// the upgrade adds the columns in place (Recorder::upgrade_to_v3).

namespace memchain::model {

inline constexpr const char* schema_sql = R"SQL(
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS experiments (
    experiment_id INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('run', 'compare', 'sweep')),
    label         TEXT NOT NULL,
    command       TEXT NOT NULL,
    master_seed   INTEGER NOT NULL,
    replications  INTEGER NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS configs (
    config_hash TEXT PRIMARY KEY,
    scenario    TEXT NOT NULL,
    path        TEXT NOT NULL,
    text        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id        INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    scenario      TEXT NOT NULL,
    variant       TEXT NOT NULL,
    replication   INTEGER NOT NULL,
    seed          INTEGER NOT NULL,
    config_hash   TEXT NOT NULL REFERENCES configs (config_hash),
    start_date    TEXT NOT NULL,
    horizon_days  REAL NOT NULL,
    parameters    TEXT,
    status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
    error         TEXT,
    events        INTEGER,
    wall_seconds  REAL,
    owner_host    TEXT,
    owner_pid     INTEGER,
    started_at    TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_experiment ON runs (experiment_id, variant, replication);
CREATE TABLE IF NOT EXISTS nodes (
    run_id  INTEGER NOT NULL REFERENCES runs (run_id),
    node_id INTEGER NOT NULL,
    name    TEXT NOT NULL,
    block   TEXT NOT NULL,
    preset  TEXT NOT NULL,
    stage   TEXT NOT NULL,
    region  TEXT NOT NULL,
    owner   TEXT NOT NULL,
    product TEXT NOT NULL,
    PRIMARY KEY (run_id, node_id)
);
CREATE TABLE IF NOT EXISTS edges (
    run_id       INTEGER NOT NULL REFERENCES runs (run_id),
    edge_id      INTEGER NOT NULL,
    from_node    INTEGER NOT NULL,
    to_node      INTEGER NOT NULL,
    product      TEXT NOT NULL,
    transit_days REAL NOT NULL,
    capacity     REAL,
    from_region  TEXT NOT NULL,
    to_region    TEXT NOT NULL,
    PRIMARY KEY (run_id, edge_id)
);
CREATE TABLE IF NOT EXISTS shocks (
    run_id      INTEGER NOT NULL REFERENCES runs (run_id),
    shock_id    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    start_day   REAL NOT NULL,
    end_day     REAL,
    magnitude   REAL NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('scheduled', 'random')),
    description TEXT NOT NULL,
    PRIMARY KEY (run_id, shock_id)
);
CREATE TABLE IF NOT EXISTS order_lines (
    run_id        INTEGER NOT NULL REFERENCES runs (run_id),
    order_id      INTEGER NOT NULL,
    buyer_node    INTEGER NOT NULL,
    supplier_node INTEGER NOT NULL,
    product       TEXT NOT NULL,
    quantity      REAL NOT NULL,
    placed_day    REAL NOT NULL,
    due_day       REAL,
    filled        REAL NOT NULL,
    completed_day REAL,
    PRIMARY KEY (run_id, order_id),
    FOREIGN KEY (run_id, buyer_node) REFERENCES nodes (run_id, node_id),
    FOREIGN KEY (run_id, supplier_node) REFERENCES nodes (run_id, node_id)
) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS orders AS
SELECT o.run_id, o.order_id, b.name AS buyer, s.name AS supplier, o.product, o.quantity,
       o.placed_day, o.due_day, o.filled, o.completed_day,
       o.completed_day - o.placed_day AS lead_time_days,
       CASE WHEN o.completed_day IS NULL THEN 'open' ELSE 'filled' END AS status
FROM order_lines o
LEFT JOIN nodes b ON b.run_id = o.run_id AND b.node_id = o.buyer_node
LEFT JOIN nodes s ON s.run_id = o.run_id AND s.node_id = o.supplier_node;
CREATE TABLE IF NOT EXISTS deliveries (
    run_id   INTEGER NOT NULL REFERENCES runs (run_id),
    order_id INTEGER NOT NULL,
    day      REAL NOT NULL,
    units    REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS samples (
    run_id      INTEGER NOT NULL REFERENCES runs (run_id),
    node_id     INTEGER NOT NULL,
    day         REAL NOT NULL,
    queue       REAL NOT NULL,
    wip         REAL NOT NULL,
    busy        REAL NOT NULL,
    capacity    REAL NOT NULL,
    utilization REAL NOT NULL,
    inventory   REAL NOT NULL,
    backlog     REAL NOT NULL,
    output      REAL NOT NULL,
    PRIMARY KEY (run_id, node_id, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS product_samples (
    run_id                INTEGER NOT NULL REFERENCES runs (run_id),
    product               TEXT NOT NULL,
    day                   REAL NOT NULL,
    backlog               REAL NOT NULL,
    throughput_per_day    REAL NOT NULL,
    quoted_lead_time_days REAL,
    PRIMARY KEY (run_id, product, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lot_stages (
    run_id       INTEGER NOT NULL REFERENCES runs (run_id),
    node_id      INTEGER NOT NULL,
    lot_id       INTEGER NOT NULL,
    product      TEXT NOT NULL,
    units        REAL NOT NULL,
    arrived_day  REAL NOT NULL,
    started_day  REAL NOT NULL,
    finished_day REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS lot_stages_by_node ON lot_stages (run_id, node_id);
CREATE TABLE IF NOT EXISTS bottleneck_periods (
    run_id    INTEGER NOT NULL REFERENCES runs (run_id),
    node_id   INTEGER NOT NULL,
    start_day REAL NOT NULL,
    end_day   REAL NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('sole', 'shifting'))
);
CREATE INDEX IF NOT EXISTS bottleneck_periods_by_run ON bottleneck_periods (run_id, start_day);
CREATE TABLE IF NOT EXISTS bottleneck_shifts (
    run_id    INTEGER NOT NULL REFERENCES runs (run_id),
    day       REAL NOT NULL,
    from_node INTEGER,
    to_node   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS bottleneck_shifts_by_run ON bottleneck_shifts (run_id, day);
CREATE TABLE IF NOT EXISTS starvation (
    run_id  INTEGER NOT NULL REFERENCES runs (run_id),
    node_id INTEGER NOT NULL,
    input   TEXT NOT NULL,
    days    REAL NOT NULL,
    PRIMARY KEY (run_id, node_id, input)
);
CREATE TABLE IF NOT EXISTS kpis (
    run_id  INTEGER NOT NULL REFERENCES runs (run_id),
    kpi     TEXT NOT NULL,
    product TEXT NOT NULL DEFAULT '',
    buyer   TEXT NOT NULL DEFAULT '',
    node    TEXT NOT NULL DEFAULT '',
    value   REAL NOT NULL,
    PRIMARY KEY (run_id, kpi, product, buyer, node)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS comparisons (
    experiment_id    INTEGER NOT NULL REFERENCES experiments (experiment_id),
    variant          TEXT NOT NULL,
    kpi              TEXT NOT NULL,
    product          TEXT NOT NULL DEFAULT '',
    buyer            TEXT NOT NULL DEFAULT '',
    node             TEXT NOT NULL DEFAULT '',
    n                INTEGER NOT NULL,
    base_mean        REAL NOT NULL,
    variant_mean     REAL NOT NULL,
    diff_mean        REAL NOT NULL,
    diff_ci_low      REAL NOT NULL,
    diff_ci_high     REAL NOT NULL,
    unpaired_ci_low  REAL NOT NULL,
    unpaired_ci_high REAL NOT NULL,
    PRIMARY KEY (experiment_id, variant, kpi, product, buyer, node)
);
CREATE TABLE IF NOT EXISTS t_quantiles (
    df   INTEGER PRIMARY KEY,
    t975 REAL NOT NULL
);
CREATE VIEW IF NOT EXISTS kpi_summary AS
SELECT a.experiment_id, a.scenario, a.variant, a.kpi, a.product, a.buyer, a.node, a.n, a.mean,
       CASE WHEN a.n > 1 THEN sqrt(max(0.0, a.ss / (a.n - 1))) END AS sd,
       CASE WHEN a.n > 1 THEN t.t975 * sqrt(max(0.0, a.ss / (a.n - 1)) / a.n) END
           AS ci95_half_width
FROM (SELECT r.experiment_id, r.scenario, r.variant, k.kpi, k.product, k.buyer, k.node,
             COUNT(*) AS n, AVG(k.value) AS mean,
             SUM(k.value * k.value) - SUM(k.value) * SUM(k.value) / COUNT(*) AS ss
      FROM kpis k JOIN runs r ON r.run_id = k.run_id
      WHERE r.status = 'completed'
      GROUP BY r.experiment_id, r.scenario, r.variant, k.kpi, k.product, k.buyer, k.node) a
LEFT JOIN t_quantiles t ON t.df = min(a.n - 1, 1000);
CREATE VIEW IF NOT EXISTS bottleneck_share AS
SELECT p.run_id, p.node_id, n.name,
       SUM(CASE WHEN p.kind = 'sole' THEN p.end_day - p.start_day ELSE 0 END) / r.horizon_days
           AS sole_share,
       SUM(CASE WHEN p.kind = 'shifting' THEN p.end_day - p.start_day ELSE 0 END) / r.horizon_days
           AS shifting_share
FROM bottleneck_periods p
JOIN runs r ON r.run_id = p.run_id
JOIN nodes n ON n.run_id = p.run_id AND n.node_id = p.node_id
GROUP BY p.run_id, p.node_id;
)SQL";

}  // namespace memchain::model
