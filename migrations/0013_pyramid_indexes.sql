-- The value pyramid of a province or a dealer: accounts per grade and delivered units per grade
-- from indexes alone (a province's pyramid read 25,000 accounts and 50,000 deliveries row by row).
CREATE INDEX accounts_owner_grade ON accounts (owner_unit_id, grade);
DROP INDEX deliveries_unit_month;
CREATE INDEX deliveries_unit_month ON deliveries (unit_id, month, account_id, quantity);
