DROP TABLE "Post"; -- expect: orphan-rollback
