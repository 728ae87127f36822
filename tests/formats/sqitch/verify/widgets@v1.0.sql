-- Verify widgets:widgets on pg (as of v1.0)

SELECT id, user_id FROM widgets WHERE FALSE;
