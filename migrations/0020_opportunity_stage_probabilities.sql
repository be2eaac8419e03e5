-- Win probability (赢单概率) by stage (issue 11): HQ's table of the default of each open stage; won
-- counts 100 and lost 0. opportunities.probability becomes the owner's override on an open
-- opportunity (NULL: the stage's default), cleared when it is won or lost. Every opportunity so far
-- carried 40 per cent (the demo and `gen` data set it, whatever the stage): those, and the closed ones,
-- now take their stage's value; other values were chosen by an owner and stay.
CREATE TABLE opportunity_stage_probabilities (
  stage TEXT PRIMARY KEY CHECK (stage IN ('discover', 'contact', 'analyze', 'position', 'bid')),
  probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
  updated_by BIGINT REFERENCES users (id),
  updated_at BIGINT
);
INSERT INTO opportunity_stage_probabilities (stage, probability) VALUES
  ('discover', 10), ('contact', 20), ('analyze', 40), ('position', 60), ('bid', 80);
UPDATE opportunities SET probability = NULL WHERE stage IN ('won', 'lost') OR probability = 40;
