-- Utilization of the nodes of stage @stage after day @from up to day @to, each weekly sample
-- weighted by the capacity the node had that week, over all completed runs.
SELECT ROUND(SUM(s.utilization * s.capacity) / SUM(s.capacity), 2) AS utilization
FROM samples s
JOIN nodes n ON n.run_id = s.run_id AND n.node_id = s.node_id
JOIN runs r ON r.run_id = s.run_id AND r.status = 'completed'
WHERE n.stage = @stage AND s.day > @from AND s.day <= @to;
