-- Quoted lead time (open orders over the last 13 weeks' deliveries, in days) by product and
-- year, averaged over the weekly samples of every completed run.
-- @experiment (default: the latest) and @variant (default: its base, the first variant)
-- choose the runs; every figure is over that variant's completed runs only.
SELECT 2026 + CAST((p.day - 1) / 365 AS INT) AS year, p.product,
       ROUND(AVG(p.quoted_lead_time_days), 0) AS quoted_days
FROM product_samples p JOIN runs r ON r.run_id = p.run_id AND r.status = 'completed'
      AND r.experiment_id = coalesce(@experiment, (SELECT max(experiment_id) FROM experiments))
      AND r.variant = coalesce(@variant, (SELECT variant FROM runs WHERE experiment_id = r.experiment_id
                                           ORDER BY run_id LIMIT 1))
WHERE p.day > 0 AND p.quoted_lead_time_days IS NOT NULL
  AND p.product IN ('accelerator', 'hbm3e_12hi', 'hbm4_12hi', 'hbm3_8hi', 'dram_gb')
GROUP BY year, p.product ORDER BY p.product, year;
