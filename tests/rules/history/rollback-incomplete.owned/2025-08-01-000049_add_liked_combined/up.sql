-- expect-clean: rollback-incomplete
-- Shaped like Lemmy's add_liked_combined: a sequence created for a table built with
-- CREATE TABLE ... AS, then owned by its id column. DROP TABLE drops it too.
CREATE SEQUENCE person_liked_combined_id_seq
    AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;

CREATE TABLE person_liked_combined AS
SELECT
    pl.liked_at,
    pl.person_id,
    pl.post_id,
    nextval('person_liked_combined_id_seq'::regclass)::int AS id
FROM
    post_actions pl
WHERE
    pl.liked_at IS NOT NULL;

ALTER TABLE person_liked_combined
    ALTER COLUMN id SET DEFAULT nextval('person_liked_combined_id_seq'),
    ADD CONSTRAINT person_liked_combined_pkey PRIMARY KEY (id);

ALTER SEQUENCE person_liked_combined_id_seq OWNED BY person_liked_combined.id;

-- Owned from the start, and a sequence of a column that the rollback drops.
CREATE TABLE tally (id int PRIMARY KEY);
CREATE SEQUENCE tally_number_seq OWNED BY tally.id;
