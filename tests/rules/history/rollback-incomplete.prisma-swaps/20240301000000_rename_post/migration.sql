ALTER TABLE "Post" RENAME TO "Article";
ALTER TABLE "Article" ADD COLUMN "slug" TEXT;
ALTER TABLE "Article" RENAME COLUMN "title" TO "headline";
