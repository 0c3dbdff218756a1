-- Quoted lead time of @product (open orders over the last 13 weeks' deliveries, in days),
-- averaged over the weekly samples after day @from up to day @to of every completed run.
-- @experiment (default: the latest) and @variant (default: its base, the first variant)
-- choose the runs; every figure is over that variant's completed runs only.
SELECT ROUND(AVG(p.quoted_lead_time_days), 0) AS days
FROM product_samples p JOIN runs r ON r.run_id = p.run_id AND r.status = 'completed'
      AND r.experiment_id = coalesce(@experiment, (SELECT max(experiment_id) FROM experiments))
      AND r.variant = coalesce(@variant, (SELECT variant FROM runs WHERE experiment_id = r.experiment_id
                                           ORDER BY run_id LIMIT 1))
WHERE p.product = @product AND p.day > @from AND p.day <= @to;
