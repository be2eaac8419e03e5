-- Delivered units per unit, month and the grade of the account they went to, for the value
-- pyramid: kept with each delivery (and void), and moved between grades in the transaction that
-- changes an account's grade, so a national pyramid reads a few thousand rows, not a year of
-- deliveries joined to their accounts.
CREATE TABLE grade_delivery_totals (
  unit_id BIGINT NOT NULL REFERENCES org_units (id),
  month INTEGER NOT NULL,
  grade TEXT NOT NULL,
  units BIGINT NOT NULL,
  PRIMARY KEY (unit_id, month, grade)
);
CREATE INDEX grade_delivery_totals_month ON grade_delivery_totals (month, grade, units);
INSERT INTO grade_delivery_totals (unit_id, month, grade, units)
  SELECT d.unit_id, d.month, a.grade, SUM(d.quantity) FROM deliveries d JOIN accounts a ON a.id = d.account_id
  WHERE d.voided_at IS NULL GROUP BY d.unit_id, d.month, a.grade;
DROP INDEX deliveries_unit_month;
