-- Growing ids stored in 32 or 16 bits.
CREATE TABLE orders (
    id serial PRIMARY KEY, -- expect: prefer-bigint:8
    quantity integer NOT NULL,
    position smallint
);
CREATE TABLE invoices (id integer PRIMARY KEY); -- expect: prefer-bigint:27
CREATE TABLE tags (id SMALLSERIAL, name text); -- expect: prefer-bigint:23
CREATE TABLE events (
    id int GENERATED ALWAYS AS IDENTITY, -- expect: prefer-bigint:8
    seq int4 NOT NULL DEFAULT nextval('events_seq'), -- expect: prefer-bigint:9
    payload jsonb
);
-- A table-level primary key on one column.
CREATE TABLE "Comment" (
    "id" INTEGER NOT NULL, -- expect: prefer-bigint:10
    "body" TEXT,
    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);
ALTER TABLE shipments ADD COLUMN tracking_id serial; -- expect: prefer-bigint:46
-- A primary key added later to an integer column of this migration.
CREATE TABLE labels (id integer NOT NULL, name text);
ALTER TABLE labels ADD CONSTRAINT labels_pkey PRIMARY KEY (id); -- expect: prefer-bigint:24
-- Retyping a known primary key to integer.
ALTER TABLE invoices ALTER COLUMN id TYPE integer; -- expect: prefer-bigint:43

-- A reference to a bigint id must be bigint too; it is reported where the column
-- is declared.
CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
CREATE TABLE sessions (
    id bigserial PRIMARY KEY,
    account_id integer REFERENCES accounts (id), -- expect: prefer-bigint:16
    parent_id int REFERENCES sessions, -- expect: prefer-bigint:15
    legacy_id integer, -- expect: prefer-bigint:15
    CONSTRAINT sessions_legacy_fk FOREIGN KEY (legacy_id) REFERENCES accounts
);

-- Not ids: counts, positions, flags; a reference to an integer id (that id is the
-- one to widen); the columns of a composite key (a join table); arrays.
CREATE TABLE order_items (
    order_id integer REFERENCES orders (id),
    tag_id integer NOT NULL,
    quantity integer NOT NULL DEFAULT 1,
    sizes int[],
    PRIMARY KEY (order_id, tag_id)
);
CREATE TABLE "_PostToTag" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL);
ALTER TABLE orders ADD COLUMN priority smallint DEFAULT 0;
CREATE TABLE ledger (id bigint PRIMARY KEY, amount_cents int8);
-- A primary key on an existing column is about that column's history, not this
-- migration's choice.
ALTER TABLE legacy ADD PRIMARY KEY (id);
-- Temporary tables vanish with the session.
CREATE TEMP TABLE scratch (id serial PRIMARY KEY);
-- CREATE TABLE x (id serial PRIMARY KEY);
