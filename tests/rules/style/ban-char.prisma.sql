-- fixture: layout=prisma
-- CreateTable
CREATE TABLE "session" (
    "session_id" UUID NOT NULL,
    "country" CHAR(2), -- expect: ban-char:15
    "subdivision1" VARCHAR(20),
    CONSTRAINT "session_pkey" PRIMARY KEY ("session_id")
);
