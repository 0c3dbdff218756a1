-- Open order units of @product at the sample of day @to, in millions, averaged over the runs.
-- @experiment (default: the latest) and @variant (default: its base, the first variant)
-- choose the runs; every figure is over that variant's completed runs only.
SELECT ROUND(AVG(p.backlog) / 1e6, 2) AS millions
FROM product_samples p JOIN runs r ON r.run_id = p.run_id AND r.status = 'completed'
      AND r.experiment_id = coalesce(@experiment, (SELECT max(experiment_id) FROM experiments))
      AND r.variant = coalesce(@variant, (SELECT variant FROM runs WHERE experiment_id = r.experiment_id
                                           ORDER BY run_id LIMIT 1))
WHERE p.product = @product AND p.day = @to;
