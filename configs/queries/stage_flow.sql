-- Output of every node of stage @stage between days @from and @to (see flow.sql), in millions.
-- @experiment (default: the latest) and @variant (default: its base, the first variant)
-- choose the runs; every figure is over that variant's completed runs only.
SELECT ROUND(AVG(f) / 1e6, 2) AS millions
FROM (SELECT s1.run_id, SUM(s1.output - s0.output) AS f
      FROM samples s1
      JOIN samples s0 ON s0.run_id = s1.run_id AND s0.node_id = s1.node_id AND s0.day = @from
      JOIN nodes n ON n.run_id = s1.run_id AND n.node_id = s1.node_id
      JOIN runs r ON r.run_id = s1.run_id AND r.status = 'completed'
      AND r.experiment_id = coalesce(@experiment, (SELECT max(experiment_id) FROM experiments))
      AND r.variant = coalesce(@variant, (SELECT variant FROM runs WHERE experiment_id = r.experiment_id
                                           ORDER BY run_id LIMIT 1))
      WHERE n.stage = @stage AND s1.day = @to
      GROUP BY s1.run_id);
