-- The dashboard reads each in-scope worker's completions (verbs completed/passed/failed) by the
-- employee id the kiosk puts in actor.account.name; without this index that is a full scan.
CREATE INDEX statements_completions_by_employee ON statements ((statement->'actor'->'account'->>'name'))
  WHERE verb_id IN ('http://adlnet.gov/expapi/verbs/completed', 'http://adlnet.gov/expapi/verbs/passed', 'http://adlnet.gov/expapi/verbs/failed');
