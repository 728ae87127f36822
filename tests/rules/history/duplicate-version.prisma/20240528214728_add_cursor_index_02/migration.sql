CREATE INDEX CONCURRENTLY "b_idx" ON "B" ("x"); -- expect: duplicate-version@warning
