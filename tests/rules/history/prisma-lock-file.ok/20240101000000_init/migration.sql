-- fixture: rules=prisma-lock-file
SELECT 1;
