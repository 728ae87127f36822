-- Verify widgets:widgets on pg

SELECT id, user_id, name FROM widgets WHERE FALSE;
