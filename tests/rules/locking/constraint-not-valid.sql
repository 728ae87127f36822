-- FOREIGN KEY and CHECK on an existing table scan it under a write-blocking lock.
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id); -- expect: constraint-not-valid:24
ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0); -- expect: constraint-not-valid
ALTER TABLE "Order" ADD FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE; -- expect: constraint-not-valid
ALTER TABLE orders
  ADD CONSTRAINT orders_a_check CHECK (a > 0), -- expect: constraint-not-valid:7
  ADD CONSTRAINT orders_b_check CHECK (b > 0) NOT VALID;

-- NOT VALID is the safe way; VALIDATE is the second step.
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk2 FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_total_check2 CHECK (total >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check2;

-- UNIQUE, PRIMARY KEY and EXCLUDE cannot be NOT VALID: never this rule's finding.
ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (number);
ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
ALTER TABLE orders ADD CONSTRAINT orders_number_key2 UNIQUE USING INDEX orders_number_idx;

-- Constraints declared on an added column.
ALTER TABLE orders ADD COLUMN discount numeric CHECK (discount >= 0); -- expect: constraint-not-valid
ALTER TABLE orders ADD COLUMN shop_id bigint DEFAULT 1 REFERENCES shops (id); -- expect: constraint-not-valid
ALTER TABLE orders ADD COLUMN region_id bigint DEFAULT NULL REFERENCES regions (id); -- expect: constraint-not-valid
-- Without a DEFAULT every value is NULL and PostgreSQL skips validating the key.
ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);
ALTER TABLE orders ADD COLUMN note text UNIQUE;

-- A table created in this migration is empty: nothing to scan (the Prisma pattern).
CREATE TABLE "Post" (id text PRIMARY KEY, "authorId" text NOT NULL);
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id");
ALTER TABLE "Post" ADD CONSTRAINT "Post_id_check" CHECK (length(id) > 0);
ALTER TABLE "Post" ADD COLUMN score int DEFAULT 0 CHECK (score >= 0);

-- Other schema: a table of the same name elsewhere is not new.
ALTER TABLE audit."Post" ADD CONSTRAINT audit_post_check CHECK (id <> ''); -- expect: constraint-not-valid

-- Comments never count: ALTER TABLE orders ADD CONSTRAINT x CHECK (true);
