-- fixture: layout=prisma edited=40
-- Lines deleted at the end of the file: the finding goes on the last line there is.
CREATE TABLE users (id bigint PRIMARY KEY); -- expect: edited-migration
