-- fixture: layout=prisma edited=4
CREATE TABLE users (id bigint PRIMARY KEY);

ALTER TABLE users ADD COLUMN email text; -- expect: edited-migration
