-- Utilization of the nodes of stage @stage after day @from up to day @to, each weekly sample
-- weighted by the capacity the node had that week, over all completed runs.
-- @experiment (default: the latest) and @variant (default: its base, the first variant)
-- choose the runs; every figure is over that variant's completed runs only.
SELECT ROUND(SUM(s.utilization * s.capacity) / SUM(s.capacity), 2) AS utilization
FROM samples s
JOIN nodes n ON n.run_id = s.run_id AND n.node_id = s.node_id
JOIN runs r ON r.run_id = s.run_id AND r.status = 'completed'
      AND r.experiment_id = coalesce(@experiment, (SELECT max(experiment_id) FROM experiments))
      AND r.variant = coalesce(@variant, (SELECT variant FROM runs WHERE experiment_id = r.experiment_id
                                           ORDER BY run_id LIMIT 1))
WHERE n.stage = @stage AND s.day > @from AND s.day <= @to;
