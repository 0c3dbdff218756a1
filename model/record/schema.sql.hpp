#pragma once
// Schema v7 of the run database. Times are days since the run's start (runs.start_date is the
// calendar date of day 0); quantities are in each product's units. Version 2 stores orders as
// order_lines, naming buyer and supplier by node id, and `orders` is a view with the names and
// the lead time and status derived (what version 1 stored in every row: over half of a run's
// bytes). Version 3 adds the run's owner (owner_host, owner_pid, started_at: who writes a
// `running` run, so that a later process can mark the runs of one that ended interrupted);
// the upgrade adds the columns in place (Recorder::upgrade_to_v3).
// Version 3 also adds `products` (each product's unit) and the analyst's views with
// calendar dates; kpi_summary's spread is computed in two passes, and bottleneck_share lists
// every node (zero where it never bound).
// Version 3 also adds the bottleneck probe (experiments of kind 'probe', their candidates,
// per-year gains, ladder steps and knockouts; model/experiment/probe.hpp).
// Version 4 adds markets: market_samples and revenue, with their views market_prices,
// market_price_summary, revenue_by_year and revenue_summary; a version-3 file gains them in
// place.
// Version 5 adds order_changes (push-outs and cancellations by buyers' order rules,
// policy/order_rules.hpp), the cancellation columns and statuses of the `orders` view and the
// `order_history` view; an older file gains them in place.
// Version 6 adds comparisons.peak_day, the day of a shock's price peak
// (spot_price_shock_peak); an older file gains the column in place, empty on its rows.
// Version 7 adds ladder_steps.lift, the factor a ladder step multiplied its constraint's
// capacity by; an older file gains the column in place, empty on its rows.

namespace memchain::model {

inline constexpr const char* schema_sql = R"SQL(
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS experiments (
    experiment_id INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('run', 'compare', 'sweep', 'probe')),
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
CREATE TABLE IF NOT EXISTS products (
    config_hash TEXT NOT NULL REFERENCES configs (config_hash),
    product     TEXT NOT NULL,
    unit        TEXT,
    inputs      TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (config_hash, product)
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
CREATE TABLE IF NOT EXISTS deliveries (
    run_id   INTEGER NOT NULL REFERENCES runs (run_id),
    order_id INTEGER NOT NULL,
    day      REAL NOT NULL,
    units    REAL NOT NULL
);
-- Every push-out and cancellation of an open order by its buyer's order rules: the rule's
-- reason, the units (cancelled, or still unshipped when pushed out) and the new due date.
CREATE TABLE IF NOT EXISTS order_changes (
    run_id   INTEGER NOT NULL REFERENCES runs (run_id),
    order_id INTEGER NOT NULL,
    day      REAL NOT NULL,
    change   TEXT NOT NULL CHECK (change IN ('pushed out', 'cancelled')),
    reason   TEXT NOT NULL,
    units    REAL NOT NULL,
    due_day  REAL
);
CREATE INDEX IF NOT EXISTS order_changes_by_order ON order_changes (run_id, order_id);
-- An order is 'open' until all of it arrived ('filled'), also when part has arrived (filled
-- says how much); 'cancelled' when its buyer cancelled all it had not received, 'partly
-- cancelled' when part arrived first. Lead times are of orders filled without a cancellation.
CREATE VIEW IF NOT EXISTS orders AS
SELECT o.run_id, o.order_id, b.name AS buyer, s.name AS supplier, o.product, o.quantity,
       o.placed_day, o.due_day, o.filled, o.completed_day,
       CASE WHEN c.cancelled_units IS NULL THEN o.completed_day - o.placed_day END
           AS lead_time_days,
       CASE
           WHEN c.cancelled_units IS NOT NULL AND o.completed_day IS NOT NULL
               THEN CASE WHEN o.filled > 0 THEN 'partly cancelled' ELSE 'cancelled' END
           WHEN o.completed_day IS NOT NULL THEN 'filled'
           ELSE 'open'
       END AS status,
       coalesce(c.cancelled_units, 0) AS cancelled_units, c.cancelled_day,
       coalesce(c.push_outs, 0) AS push_outs
FROM order_lines o
LEFT JOIN nodes b ON b.run_id = o.run_id AND b.node_id = o.buyer_node
LEFT JOIN nodes s ON s.run_id = o.run_id AND s.node_id = o.supplier_node
LEFT JOIN (SELECT run_id, order_id,
                  sum(CASE WHEN change = 'cancelled' THEN units END) AS cancelled_units,
                  max(CASE WHEN change = 'cancelled' THEN day END) AS cancelled_day,
                  sum(change = 'pushed out') AS push_outs
           FROM order_changes GROUP BY run_id, order_id) c
    ON c.run_id = o.run_id AND c.order_id = o.order_id;
-- Every recorded step of every order: placed, what arrived (with detail deliveries or lots),
-- pushed out and cancelled (with the rule's reason), and filled or closed (the rest
-- cancelled).
CREATE VIEW IF NOT EXISTS order_history AS
SELECT run_id, order_id, placed_day AS day, 'placed' AS event, quantity AS units,
       NULL AS reason, due_day
FROM order_lines
UNION ALL
SELECT run_id, order_id, day, 'delivered', units, NULL, NULL FROM deliveries
UNION ALL
SELECT run_id, order_id, day, change, units, reason, due_day FROM order_changes
UNION ALL
SELECT o.run_id, o.order_id, o.completed_day,
       CASE WHEN EXISTS (SELECT 1 FROM order_changes c WHERE c.run_id = o.run_id AND
                         c.order_id = o.order_id AND c.change = 'cancelled')
            THEN 'closed' ELSE 'filled' END,
       o.filled, NULL, NULL
FROM order_lines o WHERE o.completed_day IS NOT NULL;
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
CREATE TABLE IF NOT EXISTS market_samples (
    run_id      INTEGER NOT NULL REFERENCES runs (run_id),
    product     TEXT NOT NULL,
    day         REAL NOT NULL,
    spot        REAL NOT NULL,
    contract    REAL NOT NULL,
    demand      REAL NOT NULL,
    supply      REAL NOT NULL,
    inventory   REAL NOT NULL,
    open_orders REAL NOT NULL,
    PRIMARY KEY (run_id, product, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS revenue (
    run_id    INTEGER NOT NULL REFERENCES runs (run_id),
    period    INTEGER NOT NULL,
    start_day REAL NOT NULL,
    end_day   REAL NOT NULL,
    node_id   INTEGER NOT NULL,
    owner     TEXT NOT NULL,
    product   TEXT NOT NULL,
    units     REAL NOT NULL,
    price     REAL NOT NULL,
    revenue   REAL NOT NULL,
    cost      REAL NOT NULL,
    PRIMARY KEY (run_id, node_id, period)
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
    peak_day         REAL,  -- spot_price_shock_peak: the sample day d* of the peak (from the start)
    PRIMARY KEY (experiment_id, variant, kpi, product, buyer, node)
);
CREATE TABLE IF NOT EXISTS probe_candidates (
    experiment_id   INTEGER NOT NULL REFERENCES experiments (experiment_id),
    round           INTEGER NOT NULL,  -- 0: the scenario as given; k: after k ladder steps
    rank            INTEGER NOT NULL,  -- 1 = relieving it raises the KPI most
    candidate       TEXT NOT NULL,     -- a node, or 'stage=...', 'owner=...', 'region=...'
    nodes           TEXT NOT NULL,     -- its nodes, comma-separated
    kpi             TEXT NOT NULL,
    relief          REAL NOT NULL,     -- capacity added, a fraction
    n               INTEGER NOT NULL,  -- replication pairs
    base_mean       REAL NOT NULL,
    variant_mean    REAL NOT NULL,
    gain_mean       REAL NOT NULL,
    gain_ci_low     REAL NOT NULL,
    gain_ci_high    REAL NOT NULL,
    gain_per_relief REAL NOT NULL,
    utilization     REAL NOT NULL,     -- its nodes' mean utilization in the base
    binds_from      TEXT,              -- first date its relief shows in the KPI (ISO)
    PRIMARY KEY (experiment_id, round, candidate)
);
CREATE TABLE IF NOT EXISTS probe_years (
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    round         INTEGER NOT NULL,
    candidate     TEXT NOT NULL,
    year          INTEGER NOT NULL,
    base_mean     REAL NOT NULL,  -- the KPI's output in that calendar year, in the base
    gain_mean     REAL NOT NULL,
    PRIMARY KEY (experiment_id, round, candidate, year)
);
CREATE TABLE IF NOT EXISTS ladder_steps (
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    step          INTEGER NOT NULL,  -- 1-based
    candidate     TEXT NOT NULL,     -- the constraint lifted at this step
    nodes         TEXT NOT NULL,
    output_before REAL NOT NULL,
    n             INTEGER NOT NULL,
    gain_mean     REAL NOT NULL,
    gain_ci_low   REAL NOT NULL,
    gain_ci_high  REAL NOT NULL,
    binds_from    TEXT,
    lift          REAL,              -- the factor its capacity was multiplied by (version 7)
    PRIMARY KEY (experiment_id, step)
);
CREATE TABLE IF NOT EXISTS knockouts (
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    rank          INTEGER NOT NULL,  -- 1 = most output lost
    candidate     TEXT NOT NULL,
    nodes         TEXT NOT NULL,
    kpi           TEXT NOT NULL,
    start         TEXT NOT NULL,     -- the knockout's first day (ISO)
    duration_days REAL NOT NULL,
    n             INTEGER NOT NULL,
    base_mean     REAL NOT NULL,
    lost_mean     REAL NOT NULL,     -- base minus variant over the window
    lost_ci_low   REAL NOT NULL,
    lost_ci_high  REAL NOT NULL,
    tts_days      REAL NOT NULL,     -- time to survive, mean over pairs
    tts_censored  INTEGER NOT NULL,  -- pairs whose output never fell behind (counted at the horizon)
    ttr_days      REAL NOT NULL,     -- time to recover, mean over pairs
    ttr_censored  INTEGER NOT NULL,  -- pairs still behind at the end (counted at the horizon)
    PRIMARY KEY (experiment_id, candidate)
);
CREATE TABLE IF NOT EXISTS t_quantiles (
    df   INTEGER PRIMARY KEY,
    t975 REAL NOT NULL
);
CREATE VIEW IF NOT EXISTS kpi_summary AS
WITH v AS (SELECT r.experiment_id, r.scenario, r.variant, k.kpi, k.product, k.buyer, k.node,
                  k.value
           FROM kpis k JOIN runs r ON r.run_id = k.run_id
           WHERE r.status = 'completed'),
     g AS (SELECT experiment_id, scenario, variant, kpi, product, buyer, node, COUNT(*) AS n,
                  AVG(value) AS mean, MIN(value) AS low, MAX(value) AS high
           FROM v GROUP BY experiment_id, scenario, variant, kpi, product, buyer, node),
     s AS (SELECT g.experiment_id, g.scenario, g.variant, g.kpi, g.product, g.buyer, g.node, g.n,
                  g.mean,
                  CASE WHEN g.n < 2 THEN NULL WHEN g.low = g.high THEN 0.0
                       ELSE sqrt(SUM((v.value - g.mean) * (v.value - g.mean)) / (g.n - 1)) END
                      AS sd
           FROM g JOIN v ON v.experiment_id = g.experiment_id AND v.scenario = g.scenario
                        AND v.variant = g.variant AND v.kpi = g.kpi AND v.product = g.product
                        AND v.buyer = g.buyer AND v.node = g.node
           GROUP BY g.experiment_id, g.scenario, g.variant, g.kpi, g.product, g.buyer, g.node)
SELECT s.experiment_id, s.scenario, s.variant, s.kpi, s.product, s.buyer, s.node, s.n, s.mean,
       s.sd, CASE WHEN s.n > 1 THEN t.t975 * s.sd / sqrt(s.n) END AS ci95_half_width
FROM s LEFT JOIN t_quantiles t ON t.df = min(s.n - 1, 1000);
CREATE VIEW IF NOT EXISTS bottleneck_share AS
SELECT n.run_id, n.node_id, n.name,
       COALESCE(SUM(CASE WHEN p.kind = 'sole' THEN p.end_day - p.start_day END), 0.0)
           / r.horizon_days AS sole_share,
       COALESCE(SUM(CASE WHEN p.kind = 'shifting' THEN p.end_day - p.start_day END), 0.0)
           / r.horizon_days AS shifting_share
FROM nodes n
JOIN runs r ON r.run_id = n.run_id
LEFT JOIN bottleneck_periods p ON p.run_id = n.run_id AND p.node_id = n.node_id
GROUP BY n.run_id, n.node_id;
CREATE VIEW IF NOT EXISTS bottleneck_share_by_variant AS
SELECT r.experiment_id, r.variant, b.name AS node, n.stage, COUNT(*) AS runs,
       AVG(b.sole_share) AS sole_share, AVG(b.shifting_share) AS shifting_share
FROM bottleneck_share b
JOIN runs r ON r.run_id = b.run_id
JOIN nodes n ON n.run_id = b.run_id AND n.node_id = b.node_id
WHERE r.status = 'completed'
GROUP BY r.experiment_id, r.variant, b.name;
CREATE VIEW IF NOT EXISTS kpis_by_variant AS
SELECT r.experiment_id, r.variant, r.replication, k.run_id, k.kpi, k.product, k.buyer, k.node,
       k.value
FROM kpis k JOIN runs r ON r.run_id = k.run_id
WHERE r.status = 'completed';
CREATE VIEW IF NOT EXISTS samples_by_date AS
SELECT r.experiment_id, r.variant, r.replication, s.run_id, n.name AS node, n.stage, n.block,
       n.product, p.unit, s.day, date(julianday(r.start_date) + s.day) AS date, s.queue, s.wip,
       s.busy, s.capacity,
       CASE WHEN n.block IN ('pool', 'inventory') THEN 'stock' ELSE 'per day' END
           AS capacity_kind,
       s.utilization, s.inventory, s.backlog, s.output AS output_cumulative
FROM samples s
JOIN runs r ON r.run_id = s.run_id
JOIN nodes n ON n.run_id = s.run_id AND n.node_id = s.node_id
LEFT JOIN products p ON p.config_hash = r.config_hash AND p.product = n.product
WHERE r.status = 'completed';
CREATE VIEW IF NOT EXISTS node_flows AS
SELECT experiment_id, variant, replication, run_id, node, stage, block, product, unit,
       start_day, day AS end_day, date(julianday(date) - (day - start_day)) AS start_date,
       date AS end_date, output_cumulative - previous AS units,
       (output_cumulative - previous) / NULLIF(day - start_day, 0.0) AS units_per_day
FROM (SELECT *, LAG(day, 1, 0.0) OVER w AS start_day,
             LAG(output_cumulative, 1, 0.0) OVER w AS previous
      FROM samples_by_date
      WINDOW w AS (PARTITION BY run_id, node ORDER BY day));
CREATE VIEW IF NOT EXISTS product_samples_by_date AS
SELECT r.experiment_id, r.variant, r.replication, s.run_id, s.product, p.unit, s.day,
       date(julianday(r.start_date) + s.day) AS date, s.backlog, s.throughput_per_day,
       s.quoted_lead_time_days
FROM product_samples s
JOIN runs r ON r.run_id = s.run_id
LEFT JOIN products p ON p.config_hash = r.config_hash AND p.product = s.product
WHERE r.status = 'completed';
CREATE VIEW IF NOT EXISTS deliveries_by_date AS
WITH d AS (SELECT d.run_id, d.order_id, d.day, d.units, 'deliveries' AS source
           FROM deliveries d
           UNION ALL
           SELECT o.run_id, o.order_id, o.completed_day, o.filled, 'completed orders'
           FROM order_lines o
           WHERE o.completed_day IS NOT NULL
             AND o.run_id NOT IN (SELECT DISTINCT run_id FROM deliveries)),
     dated AS (SELECT d.*, date(julianday(r.start_date) + d.day) AS date, r.experiment_id,
                      r.variant, r.replication, r.config_hash
               FROM d JOIN runs r ON r.run_id = d.run_id
               WHERE r.status = 'completed')
SELECT x.experiment_id, x.variant, x.replication, x.run_id, x.order_id, b.name AS buyer,
       o.product, p.unit, x.day, x.date,
       strftime('%Y', x.date) || '-Q' || ((CAST(strftime('%m', x.date) AS INTEGER) + 2) / 3)
           AS quarter,
       x.units, x.source
FROM dated x
JOIN order_lines o ON o.run_id = x.run_id AND o.order_id = x.order_id
JOIN nodes b ON b.run_id = o.run_id AND b.node_id = o.buyer_node
LEFT JOIN products p ON p.config_hash = x.config_hash AND p.product = o.product;
CREATE VIEW IF NOT EXISTS variant_runs AS
SELECT experiment_id, variant, COUNT(*) AS runs,
       SUM(status = 'completed') AS completed
FROM runs GROUP BY experiment_id, variant;
CREATE VIEW IF NOT EXISTS market_prices AS
SELECT m.run_id, r.experiment_id, r.scenario, r.variant, r.replication, m.product, m.day,
       date(r.start_date, printf('%+d days', CAST(round(m.day) AS INTEGER))) AS date,
       m.spot, m.contract, m.demand, m.supply, m.inventory, m.open_orders
FROM market_samples m JOIN runs r ON r.run_id = m.run_id;
CREATE VIEW IF NOT EXISTS market_price_summary AS
SELECT a.experiment_id, a.scenario, a.variant, a.product, a.day, a.date, a.n, a.spot_mean,
       CASE WHEN a.n > 1 THEN t.t975 * sqrt(max(0.0, a.spot_ss / (a.n - 1)) / a.n) END
           AS spot_ci95_half_width,
       a.contract_mean,
       CASE WHEN a.n > 1 THEN t.t975 * sqrt(max(0.0, a.contract_ss / (a.n - 1)) / a.n) END
           AS contract_ci95_half_width
FROM (SELECT r.experiment_id, r.scenario, r.variant, m.product, m.day,
             date(min(r.start_date), printf('%+d days', CAST(round(m.day) AS INTEGER))) AS date,
             COUNT(*) AS n, AVG(m.spot) AS spot_mean,
             SUM(m.spot * m.spot) - SUM(m.spot) * SUM(m.spot) / COUNT(*) AS spot_ss,
             AVG(m.contract) AS contract_mean,
             SUM(m.contract * m.contract) - SUM(m.contract) * SUM(m.contract) / COUNT(*)
                 AS contract_ss
      FROM market_samples m JOIN runs r ON r.run_id = m.run_id
      WHERE r.status = 'completed'
      GROUP BY r.experiment_id, r.scenario, r.variant, m.product, m.day) a
LEFT JOIN t_quantiles t ON t.df = min(a.n - 1, 1000);
CREATE VIEW IF NOT EXISTS revenue_by_year AS
SELECT v.run_id, r.experiment_id, r.scenario, r.variant, r.replication, v.owner, v.product,
       strftime('%Y', date(r.start_date, printf('%+d days', CAST(floor(v.start_day) AS INTEGER))))
           AS year,
       SUM(v.units) AS units, SUM(v.revenue) AS revenue, SUM(v.cost) AS cost,
       SUM(v.revenue) - SUM(v.cost) AS margin
FROM revenue v JOIN runs r ON r.run_id = v.run_id
GROUP BY v.run_id, v.owner, v.product, year;
CREATE VIEW IF NOT EXISTS revenue_summary AS
SELECT a.experiment_id, a.scenario, a.variant, a.owner, a.product, a.year, a.n, a.revenue_mean,
       CASE WHEN a.n > 1 THEN t.t975 * sqrt(max(0.0, a.ss / (a.n - 1)) / a.n) END
           AS revenue_ci95_half_width,
       a.margin_mean
FROM (SELECT y.experiment_id, y.scenario, y.variant, y.owner, y.product, y.year,
             COUNT(*) AS n, AVG(y.revenue) AS revenue_mean,
             SUM(y.revenue * y.revenue) - SUM(y.revenue) * SUM(y.revenue) / COUNT(*) AS ss,
             AVG(y.margin) AS margin_mean
      FROM revenue_by_year y JOIN runs r ON r.run_id = y.run_id
      WHERE r.status = 'completed'
      GROUP BY y.experiment_id, y.scenario, y.variant, y.owner, y.product, y.year) a
LEFT JOIN t_quantiles t ON t.df = min(a.n - 1, 1000);
)SQL";

}  // namespace memchain::model
