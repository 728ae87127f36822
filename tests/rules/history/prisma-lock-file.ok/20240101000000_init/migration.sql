-- fixture: rules=prisma-lock-file
-- expect-clean: prisma-lock-file
SELECT 1;
