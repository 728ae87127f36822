ALTER TABLE users ADD COLUMN email_mfa boolean NOT NULL DEFAULT false;
