-- fixture: rules=drop-table
-- sluice:ignore drop-table
DROP TABLE users;
/* expect: unused-ignore */ -- sluice:ignore drop-table
CREATE TABLE t (id bigint);
/* expect: unused-ignore */ -- sluice:ignore drop-tabel
DROP TABLE accounts; -- expect: drop-table
/* expect: unused-ignore */ -- sluice:ignore
SELECT 1;
