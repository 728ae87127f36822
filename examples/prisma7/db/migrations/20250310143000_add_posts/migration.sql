-- CreateTable
CREATE TABLE "Post" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY,
    "authorId" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Author"("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex (the table is new, so a plain CREATE INDEX blocks nobody)
CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
