ALTER TABLE users DROP COLUMN legacy; -- expect: irreversible-change@warning
DROP TABLE orders; -- expect: irreversible-change
TRUNCATE events; -- expect: irreversible-change
DELETE FROM users WHERE id < 0; -- expect: irreversible-change
UPDATE users SET email = lower(email); -- expect: irreversible-change
ALTER TABLE users ALTER COLUMN balance TYPE numeric(10, 0); -- expect: irreversible-change
ALTER TYPE status ADD VALUE 'cancelled'; -- expect: irreversible-change

-- Nothing lost: a new column filled, a narrower type that fails rather than cuts,
-- scratch tables, PostgreSQL's own catalog.
ALTER TABLE users ADD COLUMN nick text;
UPDATE users SET nick = name;
ALTER TABLE users ALTER COLUMN name TYPE varchar(20);
CREATE TABLE scratch (id int);
DELETE FROM scratch;
DROP TABLE scratch;
UPDATE pg_index SET indisready = false WHERE false;
