ALTER TABLE orders ALTER COLUMN total TYPE bigint; -- expect: change-column-type
