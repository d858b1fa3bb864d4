-- The complete xAPI LRS (issue 15): statement filters, voiding, documents, attachments.

-- Filters: the object when it is an Agent/Group, the registration, and everything else a statement
-- mentions (related_agents / related_activities) beyond actor_key and activity_id. The lists are
-- NULL for a statement that mentions nothing more (every kiosk completion), so they cost nothing there.
ALTER TABLE statements ADD COLUMN object_agent_key text;
ALTER TABLE statements ADD COLUMN registration uuid;
ALTER TABLE statements ADD COLUMN related_agents text[];
ALTER TABLE statements ADD COLUMN related_activities text[];
-- The voiding statement that voided this one; voided statements are left out of every query.
ALTER TABLE statements ADD COLUMN voided_by uuid;

UPDATE statements SET registration = (statement->'context'->>'registration')::uuid WHERE statement->'context' ? 'registration';
UPDATE statements
   SET related_activities = ARRAY(SELECT DISTINCT a #>> '{}' FROM jsonb_path_query(statement, '$.context.contextActivities.*.id') AS a)
 WHERE statement->'context' ? 'contextActivities';

CREATE INDEX statements_object_agent ON statements (object_agent_key, seq) WHERE object_agent_key IS NOT NULL;
CREATE INDEX statements_registration ON statements (registration, seq) WHERE registration IS NOT NULL;
CREATE INDEX statements_related_agents ON statements USING gin (related_agents) WHERE related_agents IS NOT NULL;
CREATE INDEX statements_related_activities ON statements USING gin (related_activities) WHERE related_activities IS NOT NULL;
