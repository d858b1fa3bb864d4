-- Requirement terms (issue 14): lessons arrays keep the order an admin gave (the steps workers see),
-- and each requirement may shorten the lessons' recertification (recert_days) and start on a date
-- (effective_from: before it, lessons are "due by" that date; from it, a lesson never done is overdue).
-- Both apply to every lesson of the requirement; NULL keeps the lesson's own interval / applies now.
ALTER TABLE role_requirements ADD COLUMN recert_days integer CHECK (recert_days > 0), ADD COLUMN effective_from date;
ALTER TABLE station_requirements ADD COLUMN recert_days integer CHECK (recert_days > 0), ADD COLUMN effective_from date;
