DROP TABLE person_liked_combined;
DROP TABLE tally;
