-- CreateTable
CREATE TABLE "User" (
    "id" BIGINT GENERATED ALWAYS AS IDENTITY,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" TIMESTAMPTZ NOT NULL DEFAULT now(),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex (the table is new, so a plain CREATE INDEX blocks nobody)
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
