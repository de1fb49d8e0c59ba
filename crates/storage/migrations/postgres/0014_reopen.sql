-- Reopening a submitted answer while its wave is open (issue 15): the analysis and every
-- export keep counting the latest submitted version until the body submits again.
-- `submitted_answers`: NULL except while a submitted answer is reopened; then it holds the
-- answers as last submitted (and `submitted_at` stays their submission time) while `answers`
-- is the draft being edited. A new submit clears it.
ALTER TABLE response ADD COLUMN submitted_answers TEXT;
