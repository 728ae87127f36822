-- fixture: layout=prisma
ALTER TABLE "Order" ADD CONSTRAINT "Order_total_check" CHECK ("total" >= 0) NOT VALID;
ALTER TABLE "Order" VALIDATE CONSTRAINT "Order_total_check"; -- expect: validate-in-same-transaction
