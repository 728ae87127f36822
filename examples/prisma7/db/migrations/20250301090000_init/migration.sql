-- CreateTable
CREATE TABLE "Author" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT "Author_pkey" PRIMARY KEY ("id")
);

-- CreateIndex (the table is new, so a plain CREATE INDEX blocks nobody)
CREATE UNIQUE INDEX "Author_email_key" ON "Author"("email");
