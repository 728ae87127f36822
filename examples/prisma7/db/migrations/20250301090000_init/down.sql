DROP TABLE "Author";
