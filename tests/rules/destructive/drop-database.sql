DROP DATABASE analytics; -- expect: drop-database:1
DROP DATABASE IF EXISTS "Legacy" WITH (FORCE); -- expect: drop-database:1

-- A database this file created (a scratch copy) loses nothing.
CREATE DATABASE scratch_copy TEMPLATE app;
DROP DATABASE scratch_copy;

-- DROP DATABASE production;
SELECT 'DROP DATABASE production';
DROP SCHEMA IF EXISTS database;
