-- Agents of public bodies through ProConnect (issue 15).
-- `sessions.agent_email`: the e-mail of the agent who opened a respondent's session through
-- the provider (NULL for an invitation link's session and for study-side sessions); it goes
-- with the session.
-- `response.agent_email`: the agent who made the last save or the submit of the answer
-- through such a session (NULL when the last write came through a link or a lead, whose
-- e-mail is `entered_by`).
-- `viewer_domains`: e-mail domains whose agents signing in through the provider at the
-- study side's door get a viewer account on their first sign-in.
ALTER TABLE sessions ADD COLUMN agent_email TEXT;
ALTER TABLE response ADD COLUMN agent_email TEXT;
CREATE TABLE viewer_domains (
    domain TEXT PRIMARY KEY,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);
