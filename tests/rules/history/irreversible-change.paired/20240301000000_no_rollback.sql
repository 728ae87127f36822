-- fixture: rules=irreversible-change
-- Without a rollback file nothing claims this can be undone (missing-rollback's business).
DROP TABLE events;
