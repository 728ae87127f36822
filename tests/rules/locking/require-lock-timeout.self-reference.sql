-- fixture: rules=require-lock-timeout
-- A table that references itself as it is created locks no table that exists (Kratos's
-- rollbacks recreate their `*_flow_methods` tables this way), qualified or not, as a table
-- or a column constraint.
CREATE TABLE "selfservice_settings_flow_methods" (
  "id" UUID NOT NULL PRIMARY KEY,
  "selfservice_settings_flow_id" UUID NOT NULL,
  FOREIGN KEY ("selfservice_settings_flow_id") REFERENCES "selfservice_settings_flow_methods" ("id") ON DELETE CASCADE
);
CREATE TABLE public.category (id bigint PRIMARY KEY, parent_id bigint REFERENCES category (id));
-- A reference to a table that existed before still locks it against writes.
CREATE TABLE comments (id bigint PRIMARY KEY, parent_id bigint REFERENCES comments, post_id bigint REFERENCES posts); -- expect: require-lock-timeout
