-- sluice:ignore drop-table
CREATE TABLE t (id bigint);
