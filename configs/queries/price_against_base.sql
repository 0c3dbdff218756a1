-- Spot and contract prices of @product in @variant against the base, day by day: each sample
-- day after @from up to @to, the variant's run and the base's run of the same replication
-- (common random numbers) are paired, and the table gives the means over the completed pairs
-- and the mean relative change (variant / base - 1). The figures a backtest reads against the
-- record come from it: the change on the day after a shock, the highest change within a
-- window, the contract's change at a date, the first day from which the change stays within a
-- band (configs/history/replaying.md).
-- @experiment (default: the latest) chooses the experiment, whose base is its first variant;
-- @variant (default: the first variant that is not the base) the variant.
WITH e AS (
    SELECT coalesce(@experiment, (SELECT max(experiment_id) FROM experiments)) AS id
), base AS (
    SELECT variant FROM runs WHERE experiment_id = (SELECT id FROM e) ORDER BY run_id LIMIT 1
), pairs AS (
    SELECT v.day, v.date, v.spot AS spot, b.spot AS base_spot, v.contract AS contract,
           b.contract AS base_contract
    FROM market_prices v
    JOIN runs rv ON rv.run_id = v.run_id AND rv.status = 'completed'
    JOIN market_prices b ON b.experiment_id = v.experiment_id AND b.replication = v.replication
         AND b.product = v.product AND b.day = v.day AND b.variant = (SELECT variant FROM base)
    JOIN runs rb ON rb.run_id = b.run_id AND rb.status = 'completed'
    WHERE v.experiment_id = (SELECT id FROM e) AND v.product = @product
      AND v.variant = coalesce(@variant, (SELECT variant FROM runs
                                          WHERE experiment_id = (SELECT id FROM e)
                                            AND variant <> (SELECT variant FROM base)
                                          ORDER BY run_id LIMIT 1))
      AND v.day > @from AND v.day <= @to
)
SELECT day, date, COUNT(*) AS pairs,
       ROUND(AVG(spot), 4) AS spot, ROUND(AVG(base_spot), 4) AS base_spot,
       ROUND(AVG(spot / base_spot - 1.0), 4) AS spot_change,
       ROUND(AVG(contract), 4) AS contract, ROUND(AVG(base_contract), 4) AS base_contract,
       ROUND(AVG(contract / base_contract - 1.0), 4) AS contract_change
FROM pairs
GROUP BY day, date
ORDER BY day;
