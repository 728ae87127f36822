-- fixture: rules=irreversible-change
-- No down.sql: nothing claims this can be undone.
DELETE FROM "User";
