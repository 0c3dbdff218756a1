-- Units delivered to each buyer per calendar quarter, per variant of experiment @experiment
-- (default: the latest), averaged over each variant's completed replications. Deliveries are
-- the recorded arrivals where the runs kept them (detail 'deliveries' or 'lots'), otherwise
-- whole orders at completion. @variant keeps one variant (default: every variant).
SELECT d.variant, d.buyer, d.quarter, d.product, d.unit,
       ROUND(SUM(d.units) / v.completed, 1) AS units_per_replication
FROM deliveries_by_date d JOIN variant_runs v USING (experiment_id, variant)
WHERE d.experiment_id = coalesce(@experiment, (SELECT max(experiment_id) FROM experiments))
  AND (@variant IS NULL OR d.variant = @variant)
GROUP BY d.variant, d.buyer, d.quarter, d.product
ORDER BY d.variant, d.buyer, d.quarter, d.product;
