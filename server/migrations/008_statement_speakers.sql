-- Who a statement may count for. A record is true only if its writer could know it: employee_id is
-- set when the statement's authority may speak for that worker (a terminal of the worker's site, or
-- an admin), and the dashboard and reports count completions by this column, never by actor name.
ALTER TABLE statements ADD COLUMN employee_id text;

-- Statements stored before this rule: trusted when a terminal of the worker's (current) site or an
-- admin token wrote them; anything else (another site's terminal, an LRS key) counts for no one.
UPDATE statements s
   SET employee_id = w.employee_id
  FROM workers w
 WHERE w.employee_id = s.statement->'actor'->'account'->>'name'
   AND ((s.terminal_id IS NOT NULL AND s.site_id = w.site_id)
        OR s.statement->'authority'->'account'->>'name' LIKE 'admin:%');

DROP INDEX statements_completions_by_employee;
CREATE INDEX statements_completions_by_employee ON statements (employee_id)
  WHERE employee_id IS NOT NULL
    AND verb_id IN ('http://adlnet.gov/expapi/verbs/completed', 'http://adlnet.gov/expapi/verbs/passed', 'http://adlnet.gov/expapi/verbs/failed');

-- LRS keys read by default; a reporting tool that must write gets a key created with --write.
ALTER TABLE lrs_keys ADD COLUMN can_write boolean NOT NULL DEFAULT false;
