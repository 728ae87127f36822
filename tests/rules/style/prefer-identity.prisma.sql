-- fixture: layout=prisma
-- CreateTable
CREATE TABLE "Website" (
    "id" SERIAL NOT NULL, -- expect: prefer-identity:10
    "name" VARCHAR(100) NOT NULL,
    CONSTRAINT "Website_pkey" PRIMARY KEY ("id")
);
