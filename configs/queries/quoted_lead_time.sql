-- Quoted lead time of @product (open orders over the last 13 weeks' deliveries, in days),
-- averaged over the weekly samples after day @from up to day @to of every completed run.
SELECT ROUND(AVG(p.quoted_lead_time_days), 0) AS days
FROM product_samples p JOIN runs r ON r.run_id = p.run_id AND r.status = 'completed'
WHERE p.product = @product AND p.day > @from AND p.day <= @to;
