-- Open order units of @product at the sample of day @to, in millions, averaged over the runs.
SELECT ROUND(AVG(p.backlog) / 1e6, 2) AS millions
FROM product_samples p JOIN runs r ON r.run_id = p.run_id AND r.status = 'completed'
WHERE p.product = @product AND p.day = @to;
