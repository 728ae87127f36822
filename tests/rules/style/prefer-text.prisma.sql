-- fixture: layout=prisma
-- CreateTable
CREATE TABLE "report" (
    "report_id" UUID NOT NULL,
    "type" VARCHAR(200) NOT NULL, -- expect: prefer-text:12
    "name" TEXT NOT NULL,
    CONSTRAINT "report_pkey" PRIMARY KEY ("report_id")
);
