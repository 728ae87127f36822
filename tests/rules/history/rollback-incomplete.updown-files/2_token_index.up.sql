CREATE INDEX sessions_token_idx ON sessions (token); -- expect: rollback-incomplete
