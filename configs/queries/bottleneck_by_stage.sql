-- Share of each year during which a stage is the bottleneck, sole or shifting (overlapping the
-- previous or next bottleneck's active period), averaged over the completed runs. Shifting
-- shares of two stages overlap, so a year's shares can add up to more than 1.
-- @experiment (default: the latest) and @variant (default: its base, the first variant)
-- choose the runs; every figure is over that variant's completed runs only.
WITH y(year, a, b) AS (VALUES (2026, 0.0, 365.0), (2027, 365.0, 730.0), (2028, 730.0, 1096.0)),
     chosen AS (SELECT r.run_id FROM runs r
                WHERE r.status = 'completed'
                  AND r.experiment_id = coalesce(@experiment, (SELECT max(experiment_id) FROM experiments))
                  AND r.variant = coalesce(@variant, (SELECT variant FROM runs
                                                      WHERE experiment_id = r.experiment_id
                                                      ORDER BY run_id LIMIT 1))),
     n_runs(k) AS (SELECT COUNT(*) FROM chosen),
     t AS (SELECT y.year, n.stage AS stage, p.kind,
                  SUM(MAX(0.0, MIN(p.end_day, y.b) - MAX(p.start_day, y.a)))
                      / ((y.b - y.a) * (SELECT k FROM n_runs)) AS share
           FROM bottleneck_periods p
           JOIN nodes n ON n.run_id = p.run_id AND n.node_id = p.node_id
           JOIN chosen r ON r.run_id = p.run_id
           CROSS JOIN y
           GROUP BY y.year, n.stage, p.kind)
SELECT year, stage, kind, ROUND(share, 2) AS share FROM t WHERE share >= 0.02
ORDER BY year, share DESC;
