DROP INDEX IF EXISTS sessions.sessions_token_idx;
