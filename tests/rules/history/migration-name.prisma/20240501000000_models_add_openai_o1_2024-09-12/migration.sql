-- Dashes and digits in the name are fine.
SELECT 1;
