-- In another order, under the other names: still a complete rollback.
ALTER TABLE "Article" RENAME TO "Post";
ALTER TABLE "Post" DROP COLUMN "slug";
ALTER TABLE "Post" RENAME COLUMN "headline" TO "title";
