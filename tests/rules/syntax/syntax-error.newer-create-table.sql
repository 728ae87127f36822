-- fixture: rules=set-not-null,unique-constraint-without-index,constraint-not-valid,require-concurrent-index,rename-column,drop-table
-- A table created with syntax newer than PostgreSQL 15's (Lemmy's migrations) does not
-- parse, but it is still a table this migration creates: what follows on it is not on a
-- live table.
CREATE TABLE comment_actions AS
SELECT
    person_id,
    comment_id,
    max(liked) AS liked
FROM ( -- expect: syntax-error
    SELECT person_id, comment_id, published AS liked FROM comment_like)
GROUP BY
    person_id,
    comment_id;

ALTER TABLE comment_actions
    ALTER COLUMN person_id SET NOT NULL,
    ADD PRIMARY KEY (person_id, comment_id),
    ADD CONSTRAINT comment_actions_person_id_fkey FOREIGN KEY (person_id) REFERENCES person,
    ADD CONSTRAINT comment_actions_check_liked CHECK (liked IS NOT NULL);
CREATE INDEX idx_comment_actions_person ON comment_actions (person_id);
ALTER TABLE comment_actions RENAME COLUMN liked TO liked_at;

-- PostgreSQL 18's named NOT NULL table constraint.
CREATE TABLE mod_ban (
    id int,
    CONSTRAINT mod_ban_id_not_null NOT NULL id -- expect: syntax-error
);
ALTER TABLE mod_ban ADD UNIQUE (id);
DROP TABLE mod_ban;

-- The tables the statements read from are not new.
CREATE INDEX idx_comment_like_person ON comment_like (person_id); -- expect: require-concurrent-index
