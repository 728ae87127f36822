-- fixture: layout=prisma
-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL, -- expect: prefer-timestamptz:17
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "revokedAt" TIMESTAMP(3), -- expect: prefer-timestamptz:50
ALTER COLUMN "expiresAt" SET DATA TYPE TIMESTAMP(6); -- expect: prefer-timestamptz:40
