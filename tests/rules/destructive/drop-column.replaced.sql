-- fixture: layout=prisma
-- A column replaced in place is not lost: a new column is filled from it, the old
-- one dropped, and the new one takes its name (how a type or column order is changed
-- by hand).
ALTER TABLE "ContactAttributeKey" ADD COLUMN "type_new" "ContactAttributeType";
UPDATE "ContactAttributeKey"
SET "type_new" = CASE WHEN "type" = 'automatic' THEN 'default'::"ContactAttributeType" ELSE 'custom'::"ContactAttributeType" END;
ALTER TABLE "ContactAttributeKey" DROP COLUMN "type";
ALTER TABLE "ContactAttributeKey" RENAME COLUMN "type_new" TO "type";

-- Several at once, with a row assignment.
ALTER TABLE person
    ADD COLUMN bio_new text,
    ADD COLUMN banner_new text;
UPDATE person SET (bio_new, banner_new) = (bio, banner);
ALTER TABLE person
    DROP COLUMN bio,
    DROP COLUMN banner;
ALTER TABLE person RENAME COLUMN bio_new TO bio;
ALTER TABLE person RENAME COLUMN banner_new TO banner;

-- Not copied first: the old values are gone.
ALTER TABLE site ADD COLUMN name_new text;
ALTER TABLE site DROP COLUMN name; -- expect: drop-column
ALTER TABLE site RENAME COLUMN name_new TO name;

-- Copied from an existing column, not a new one: the old values are still gone.
UPDATE community SET shared_inbox_url = inbox_url WHERE shared_inbox_url IS NULL;
ALTER TABLE community DROP COLUMN inbox_url; -- expect: drop-column
ALTER TABLE community RENAME COLUMN shared_inbox_url TO inbox_url;

-- Copied, but never renamed into place.
ALTER TABLE post ADD COLUMN title_new text;
UPDATE post SET title_new = title;
ALTER TABLE post DROP COLUMN title; -- expect: drop-column
