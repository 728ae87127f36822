-- fixture: layout=prisma
-- A single-statement Prisma migration commits on its own; a later migration may use it.
ALTER TYPE "Role" ADD VALUE 'OWNER';
