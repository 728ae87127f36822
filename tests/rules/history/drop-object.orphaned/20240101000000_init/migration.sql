-- fixture: rules=drop-object
-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('open', 'paid', 'shipped');
CREATE TYPE "Channel" AS ENUM ('web', 'store');

-- CreateSequence
CREATE SEQUENCE "Session_id_seq";
CREATE SEQUENCE "invoice_number_seq";

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL,
    "status" "OrderStatus" NOT NULL DEFAULT 'open',
    "channel" "Channel" NOT NULL,
    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Return" (
    "id" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    CONSTRAINT "Return_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Session" (
    "id" INTEGER NOT NULL DEFAULT nextval('"Session_id_seq"'),
    "token" TEXT NOT NULL,
    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);
