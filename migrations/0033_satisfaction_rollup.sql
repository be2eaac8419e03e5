-- The satisfaction totals of every unit above a dealer, for its whole subtree (issue 15's
-- benchmark: HQ's chart summed some 300,000 dealer rows a request on the national set; the rollup
-- holds some 12,000). Kept in the recording transaction beside satisfaction_totals, and rebuilt
-- from it when a unit moves (satisfaction::rebuild_rollup).
CREATE TABLE satisfaction_rollup (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  month INTEGER NOT NULL,
  model TEXT NOT NULL,
  responses BIGINT NOT NULL,
  vehicle_sum BIGINT NOT NULL,
  delivery_sum BIGINT NOT NULL,
  service_sum BIGINT NOT NULL,
  low BIGINT NOT NULL,
  PRIMARY KEY (unit_id, month, model)
);
INSERT INTO satisfaction_rollup (unit_id, month, model, responses, vehicle_sum, delivery_sum, service_sum, low)
SELECT a.id, t.month, t.model, SUM(t.responses), SUM(t.vehicle_sum), SUM(t.delivery_sum), SUM(t.service_sum),
       SUM(t.low)
FROM satisfaction_totals t JOIN org_units u ON u.id = t.unit_id
JOIN org_units a ON a.kind <> 'dealer' AND substr(u.path, 1, length(a.path)) = a.path
GROUP BY a.id, t.month, t.model;
