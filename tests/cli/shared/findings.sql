CREATE TABLE t (id bigint);
CREATE INDEX t_id ON t (id);

DROP TABLE users;
CREATE INDEX users_email_idx
    ON users (email);
SELEC 1;
