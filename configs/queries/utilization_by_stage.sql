-- Capacity-weighted utilization of the main stages by year, over every completed run.
SELECT 2026 + CAST((s.day - 1) / 365 AS INT) AS year, n.stage,
       ROUND(SUM(s.utilization * s.capacity) / SUM(s.capacity), 2) AS utilization
FROM samples s
JOIN nodes n ON n.run_id = s.run_id AND n.node_id = s.node_id
JOIN runs r ON r.run_id = s.run_id AND r.status = 'completed'
WHERE s.day > 0 AND s.capacity > 0
  AND n.stage IN ('DRAM fab', 'HBM TSV', 'Advanced packaging', 'Logic foundry', 'Optics',
                  'Switches', 'Data-centre power')
GROUP BY year, n.stage ORDER BY year, utilization DESC;
