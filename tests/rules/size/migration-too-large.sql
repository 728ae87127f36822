-- 31 statements on existing tables: over the default limit of 30.
ALTER TABLE users ADD COLUMN c1 text; -- expect: migration-too-large@warning
ALTER TABLE users ADD COLUMN c2 text;
ALTER TABLE users ADD COLUMN c3 text;
ALTER TABLE users ADD COLUMN c4 text;
ALTER TABLE users ADD COLUMN c5 text;
ALTER TABLE users ADD COLUMN c6 text;
ALTER TABLE users ADD COLUMN c7 text;
ALTER TABLE users ADD COLUMN c8 text;
ALTER TABLE users ADD COLUMN c9 text;
ALTER TABLE users ADD COLUMN c10 text;
ALTER TABLE users ADD COLUMN c11 text;
ALTER TABLE users ADD COLUMN c12 text;
ALTER TABLE users ADD COLUMN c13 text;
ALTER TABLE users ADD COLUMN c14 text;
ALTER TABLE users ADD COLUMN c15 text;
ALTER TABLE users ADD COLUMN c16 text;
ALTER TABLE users ADD COLUMN c17 text;
ALTER TABLE users ADD COLUMN c18 text;
ALTER TABLE users ADD COLUMN c19 text;
ALTER TABLE users ADD COLUMN c20 text;
ALTER TABLE users ADD COLUMN c21 text;
ALTER TABLE users ADD COLUMN c22 text;
ALTER TABLE users ADD COLUMN c23 text;
ALTER TABLE users ADD COLUMN c24 text;
ALTER TABLE users ADD COLUMN c25 text;
ALTER TABLE users ADD COLUMN c26 text;
ALTER TABLE users ADD COLUMN c27 text;
ALTER TABLE users ADD COLUMN c28 text;
ALTER TABLE users ADD COLUMN c29 text;
ALTER TABLE users ADD COLUMN c30 text;
ALTER TABLE users ADD COLUMN c31 text;
-- Statements on tables created here do not count.
CREATE TABLE audit (id bigint);
CREATE INDEX audit_id_idx ON audit (id);
