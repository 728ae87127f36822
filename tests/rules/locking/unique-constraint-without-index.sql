-- UNIQUE / PRIMARY KEY / EXCLUDE build their index under ACCESS EXCLUSIVE.
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email); -- expect: unique-constraint-without-index:23
ALTER TABLE users ADD PRIMARY KEY (id); -- expect: unique-constraint-without-index
ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id, tenant_id) INCLUDE (email); -- expect: unique-constraint-without-index
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&); -- expect: unique-constraint-without-index
ALTER TABLE users ADD COLUMN handle text UNIQUE; -- expect: unique-constraint-without-index
ALTER TABLE users ADD COLUMN uid bigint NOT NULL DEFAULT 0 CONSTRAINT users_uid_key UNIQUE; -- expect: unique-constraint-without-index

-- The safe way: build the index concurrently, then attach it.
CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key2 UNIQUE USING INDEX users_email_idx;
ALTER TABLE users ADD CONSTRAINT users_pkey2 PRIMARY KEY USING INDEX users_id_idx;

-- FOREIGN KEY and CHECK are constraint-not-valid's business.
ALTER TABLE users ADD CONSTRAINT users_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id);
ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);

-- A table created in this migration is empty (the Prisma pattern).
CREATE TABLE "Team" (id text NOT NULL, slug text NOT NULL);
ALTER TABLE "Team" ADD CONSTRAINT "Team_pkey" PRIMARY KEY ("id");
ALTER TABLE "Team" ADD CONSTRAINT "Team_slug_key" UNIQUE ("slug");
ALTER TABLE "Team" ADD COLUMN code text UNIQUE;

-- Comments never count: ALTER TABLE users ADD CONSTRAINT k UNIQUE (email);
