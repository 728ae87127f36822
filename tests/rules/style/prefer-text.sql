CREATE TABLE users (
    email varchar(255) NOT NULL, -- expect: prefer-text:11
    name character varying(100), -- expect: prefer-text:10
    nick varchar,
    bio text,
    tags varchar(20)[] -- expect: prefer-text:10
);
ALTER TABLE users ADD COLUMN locale VARCHAR(10); -- expect: prefer-text:37
ALTER TABLE users ALTER COLUMN email TYPE varchar(320); -- expect: prefer-text:43
ALTER TABLE users ALTER COLUMN email TYPE text;

CREATE TEMP TABLE scratch (code varchar(3));
-- Not columns: casts and function arguments.
SELECT 'x'::varchar(3);
CREATE FUNCTION shout(v varchar(10)) RETURNS text LANGUAGE sql AS 'SELECT upper(v)';
-- CREATE TABLE t (x varchar(10));
