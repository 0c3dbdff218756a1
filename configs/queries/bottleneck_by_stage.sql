-- Share of each year during which a stage is the bottleneck, sole or shifting (overlapping the
-- previous or next bottleneck's active period), averaged over the completed runs. Shifting
-- shares of two stages overlap, so a year's shares can add up to more than 1.
WITH y(year, a, b) AS (VALUES (2026, 0.0, 365.0), (2027, 365.0, 730.0), (2028, 730.0, 1096.0)),
     n_runs(k) AS (SELECT COUNT(*) FROM runs WHERE status = 'completed'),
     t AS (SELECT y.year, n.stage AS stage, p.kind,
                  SUM(MAX(0.0, MIN(p.end_day, y.b) - MAX(p.start_day, y.a)))
                      / ((y.b - y.a) * (SELECT k FROM n_runs)) AS share
           FROM bottleneck_periods p
           JOIN nodes n ON n.run_id = p.run_id AND n.node_id = p.node_id
           JOIN runs r ON r.run_id = p.run_id AND r.status = 'completed'
           CROSS JOIN y
           GROUP BY y.year, n.stage, p.kind)
SELECT year, stage, kind, ROUND(share, 2) AS share FROM t WHERE share >= 0.02
ORDER BY year, share DESC;
