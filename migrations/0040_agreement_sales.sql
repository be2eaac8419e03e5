-- An agreement's sales per authorised dealer (issue 17: the agreement page under 50 ms p95), kept
-- with the deliveries: each delivery or void under an agreement recomputes its dealer's row from
-- the records (units; amount at the opportunity's last approved or sent quote for the model, else
-- at the agreement price). The busiest national agreement summed 6,000 deliveries per request.
CREATE TABLE agreement_sales (
  agreement_id BIGINT NOT NULL REFERENCES agreements (id),
  dealer_id BIGINT NOT NULL REFERENCES org_units (id),
  units BIGINT NOT NULL,
  amount_fen BIGINT NOT NULL,
  PRIMARY KEY (agreement_id, dealer_id)
);
