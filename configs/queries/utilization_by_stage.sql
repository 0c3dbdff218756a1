-- Capacity-weighted utilization of the main stages by year, over every completed run.
-- @experiment (default: the latest) and @variant (default: its base, the first variant)
-- choose the runs; every figure is over that variant's completed runs only.
SELECT 2026 + CAST((s.day - 1) / 365 AS INT) AS year, n.stage,
       ROUND(SUM(s.utilization * s.capacity) / SUM(s.capacity), 2) AS utilization
FROM samples s
JOIN nodes n ON n.run_id = s.run_id AND n.node_id = s.node_id
JOIN runs r ON r.run_id = s.run_id AND r.status = 'completed'
      AND r.experiment_id = coalesce(@experiment, (SELECT max(experiment_id) FROM experiments))
      AND r.variant = coalesce(@variant, (SELECT variant FROM runs WHERE experiment_id = r.experiment_id
                                           ORDER BY run_id LIMIT 1))
WHERE s.day > 0 AND s.capacity > 0
  AND n.stage IN ('DRAM fab', 'HBM TSV', 'Advanced packaging', 'Logic foundry', 'Optics',
                  'Switches', 'Data-centre power')
GROUP BY year, n.stage ORDER BY year, utilization DESC;
