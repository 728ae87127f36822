ALTER TABLE "User" DROP COLUMN "marketingOptIn";
DROP TABLE "Order";
DROP TYPE "OrderStatus";
