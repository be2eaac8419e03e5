-- The home page's support to-dos (issue 16: HQ's home under 300 ms): "approved, to issue" and
-- "issued, to confirm" counted every request of every unit in the scope from the table (a year
-- of the national ledger, 81,000 requests: 148 ms at HQ). The requests by status and unit let
-- the count read the few open ones of each unit from the index alone.
CREATE INDEX support_requests_status ON support_requests (status, unit_id);
