-- fixture: layout=prisma
-- A merged migration that git does not report as changed is history like any other.
CREATE TABLE users (id bigint PRIMARY KEY);
ALTER TABLE users ADD COLUMN email text;
-- expect-clean: edited-migration
