-- fixture: layout=prisma
-- A single-statement Prisma migration commits on its own; a later migration may use it.
ALTER TYPE "Role" ADD VALUE 'OWNER';
-- expect-clean: enum-value-used-in-transaction
