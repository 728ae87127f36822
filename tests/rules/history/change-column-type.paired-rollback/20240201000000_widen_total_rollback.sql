ALTER TABLE orders ALTER COLUMN total TYPE integer;
-- Not something the migration changed: reported.
ALTER TABLE orders ALTER COLUMN note TYPE varchar(10); -- expect: change-column-type
