-- A CHECK on a column goes with the column, whether declared on it or on the table.
ALTER TABLE post ADD COLUMN rating smallint CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE post ADD COLUMN score int, ADD CONSTRAINT post_score_range CHECK (score >= 0 AND score <= 100);
-- A sequence no column owns stays when the columns go.
CREATE SEQUENCE post_rating_seq; -- expect: rollback-incomplete
