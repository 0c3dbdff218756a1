-- Accelerators packaged, HBM stacks shipped and accelerators installed in data-centre power,
-- per year, in millions, averaged over the completed runs (from the weekly cumulative output).
-- @experiment (default: the latest) and @variant (default: its base, the first variant)
-- choose the runs; every figure is over that variant's completed runs only.
WITH y(year, d0, d1) AS (VALUES (2026, 0, 364), (2027, 364, 728), (2028, 728, 1092)),
     flows AS (
       SELECT s1.run_id, y.year, n.stage, n.product, n.block, s1.output - s0.output AS flow
       FROM y
       JOIN samples s1 ON s1.day = y.d1
       JOIN samples s0 ON s0.run_id = s1.run_id AND s0.node_id = s1.node_id AND s0.day = y.d0
       JOIN nodes n ON n.run_id = s1.run_id AND n.node_id = s1.node_id
       JOIN runs r ON r.run_id = s1.run_id AND r.status = 'completed'
      AND r.experiment_id = coalesce(@experiment, (SELECT max(experiment_id) FROM experiments))
      AND r.variant = coalesce(@variant, (SELECT variant FROM runs WHERE experiment_id = r.experiment_id
                                           ORDER BY run_id LIMIT 1)))
SELECT year,
  ROUND(SUM(CASE WHEN stage = 'Advanced packaging' THEN flow END) / 1e6
        / COUNT(DISTINCT run_id), 2) AS accelerators_m,
  ROUND(SUM(CASE WHEN stage = 'Supplier allocation' AND product LIKE 'hbm%' THEN flow END) / 1e6
        / COUNT(DISTINCT run_id), 1) AS hbm_stacks_m,
  ROUND(SUM(CASE WHEN block = 'pool' THEN flow END) / 1e6 / COUNT(DISTINCT run_id), 2)
      AS installed_m
FROM flows GROUP BY year ORDER BY year;
