CREATE TABLE sessions (id uuid PRIMARY KEY, token text);
