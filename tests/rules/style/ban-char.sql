CREATE TABLE countries (
    code char(2) PRIMARY KEY, -- expect: ban-char:10
    iso3 CHARACTER(3), -- expect: ban-char:10
    flag char, -- expect: ban-char:10
    region bpchar(4), -- expect: ban-char:12
    kind "char",
    name varchar(100),
    note character varying
);
ALTER TABLE countries ADD COLUMN currency CHAR(3); -- expect: ban-char:43
ALTER TABLE countries ALTER COLUMN name TYPE char(100); -- expect: ban-char:46
CREATE TEMP TABLE scratch (code char(2));
-- CREATE TABLE t (code char(2));
SELECT 'a'::char(1);
