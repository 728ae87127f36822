-- fixture: rules=drop-object
-- The data went with the column and the table: the type and the sequence that nothing
-- uses any more hold none (shaped like Prisma's "remove deprecated fields and tables").
-- AlterTable
ALTER TABLE "Order" DROP COLUMN "status",
DROP COLUMN "channel";

-- DropTable
DROP TABLE "Session";

-- DropEnum
DROP TYPE "OrderStatus";

-- DropSequence
DROP SEQUENCE "Session_id_seq";

-- Still used by "Return"."channel": dropping it would break that column.
DROP TYPE "Channel"; -- expect: drop-object
-- Never used by a dropped column: still a drop of something that may be in use.
DROP SEQUENCE "invoice_number_seq"; -- expect: drop-object
