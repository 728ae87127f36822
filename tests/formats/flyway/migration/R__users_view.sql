-- Repeatable: after every versioned migration, again whenever this file changes.
CREATE OR REPLACE VIEW user_emails AS SELECT id, email FROM users;
