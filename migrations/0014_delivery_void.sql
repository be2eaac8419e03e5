-- A delivery recorded by mistake is voided, not deleted: it stays on the opportunity with who,
-- when and why, and stops counting as actual sales (its units leave delivery_totals).
ALTER TABLE deliveries ADD COLUMN voided_at BIGINT;
ALTER TABLE deliveries ADD COLUMN voided_by BIGINT REFERENCES users (id);
ALTER TABLE deliveries ADD COLUMN void_reason TEXT;
DROP INDEX deliveries_unit_month;
CREATE INDEX deliveries_unit_month ON deliveries (unit_id, month, account_id, quantity) WHERE voided_at IS NULL;
