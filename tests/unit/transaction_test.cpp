#include "linter/transaction.hpp"

#include <gtest/gtest.h>

#include "linter/file_linter.hpp"
#include "linter/layout.hpp"
#include "linter/suppression.hpp"

namespace sluice {
namespace {

TransactionPlan plan(const std::string& sql, TransactionMode mode, bool directive = false) {
  static std::vector<std::string> keep;
  keep.push_back(sql);
  ParsedSql parsed = parseSql(keep.back());
  PartExecution execution;
  execution.mode = mode;
  return planTransactions(parsed, keep.back(), execution, directive, 15);
}

TransactionPlan planAs(const Migration& migration, const std::string& sql) {
  auto part = migrationPart(migration, FileRole::Forward, sql);
  EXPECT_TRUE(part.ok()) << part.error().message;
  ParsedSql parsed = parseSql(*part->text);
  return planTransactions(parsed, *part->text, part->execution, false, 15);
}

TEST(Transactions, NonTransactionalStatementsAreDetectedByTheParser) {
  for (const char* sql : {"CREATE INDEX CONCURRENTLY i ON t (x)", "DROP INDEX CONCURRENTLY i",
                          "REINDEX INDEX CONCURRENTLY i", "ALTER TABLE p DETACH PARTITION c CONCURRENTLY", "VACUUM t",
                          "CREATE DATABASE d", "ALTER SYSTEM SET work_mem = '1MB'"}) {
    ParsedSql parsed = parseSql(sql);
    ASSERT_EQ(parsed.statements.size(), 1U) << sql;
    EXPECT_FALSE(nonTransactionalReason(parsed.statements[0].node, 15).empty()) << sql;
  }
  ParsedSql parsed = parseSql("CREATE INDEX i ON t (x)");
  EXPECT_TRUE(nonTransactionalReason(parsed.statements[0].node, 15).empty());
}

TEST(Transactions, AddValueRefusesTransactionsOnlyBeforeTwelve) {
  ParsedSql parsed = parseSql("ALTER TYPE mood ADD VALUE 'meh'");
  EXPECT_FALSE(nonTransactionalReason(parsed.statements[0].node, 11).empty());
  EXPECT_TRUE(nonTransactionalReason(parsed.statements[0].node, 12).empty());
}

TEST(Transactions, TheRunnerWrapsPlainMigrations) {
  TransactionPlan p = plan("CREATE TABLE a (id int); CREATE INDEX ON a (id);", TransactionMode::Runner);
  EXPECT_EQ(p.mode, ExecutionMode::SingleTransaction);
  EXPECT_TRUE(p.statements[1].inTransaction);
}

TEST(Transactions, TheRunnerGoesStatementByStatementForConcurrently) {
  TransactionPlan p = plan("CREATE TABLE a (id int); CREATE INDEX CONCURRENTLY ON a (id);", TransactionMode::Runner);
  EXPECT_EQ(p.mode, ExecutionMode::StatementByStatement);
  EXPECT_FALSE(p.statements[1].inTransaction);
  EXPECT_NE(p.reason.find("CREATE INDEX CONCURRENTLY"), std::string::npos);
}

TEST(Transactions, ExplicitBlocksAreRespected) {
  TransactionPlan p =
      plan("BEGIN; CREATE TABLE a (id int); COMMIT; CREATE INDEX CONCURRENTLY ON a (id);", TransactionMode::Runner);
  EXPECT_EQ(p.mode, ExecutionMode::AsWritten);
  EXPECT_TRUE(p.statements[1].inTransaction);
  EXPECT_TRUE(p.statements[1].explicitBlock);
  EXPECT_FALSE(p.statements[3].inTransaction);
}

TEST(Transactions, PrismaRunsAMultiStatementFileAsOneImplicitTransaction) {
  TransactionPlan many =
      plan("CREATE TABLE a (id int); CREATE INDEX CONCURRENTLY ON a (id);", TransactionMode::SimpleQuery);
  EXPECT_TRUE(many.statements[1].inTransaction);
  TransactionPlan one = plan("CREATE INDEX CONCURRENTLY ON a (id);", TransactionMode::SimpleQuery);
  EXPECT_FALSE(one.statements[0].inTransaction);
}

TEST(Transactions, TheNoTransactionDirectiveWins) {
  TransactionPlan p = plan("CREATE TABLE a (id int);", TransactionMode::Runner, true);
  EXPECT_EQ(p.mode, ExecutionMode::StatementByStatement);
  EXPECT_FALSE(p.statements[0].inTransaction);
}

TEST(Transactions, ADoBlockThatCommitsCannotRunInATransaction) {
  // PostgreSQL 11+ lets DO blocks COMMIT, but only outside a transaction block:
  // "invalid transaction termination" otherwise.
  TransactionPlan p = plan(
      "ALTER TABLE t ADD COLUMN x int;\n"
      "DO $$ BEGIN LOOP UPDATE t SET x = 1 WHERE x IS NULL; COMMIT; EXIT; END LOOP; END $$;",
      TransactionMode::Runner);
  EXPECT_EQ(p.mode, ExecutionMode::StatementByStatement);
  EXPECT_NE(p.reason.find("DO block that COMMITs"), std::string::npos) << p.reason;
  TransactionPlan quiet = plan("DO $$ BEGIN UPDATE t SET x = 1; END $$; SELECT 1;", TransactionMode::Runner);
  EXPECT_EQ(quiet.mode, ExecutionMode::SingleTransaction);
}

TEST(Transactions, TheCommitOfADoBlockIsSeenInsideIt) {
  static const std::string sql = "DO $$ BEGIN COMMIT; END $$;";
  ParsedSql parsed = parseSql(sql);
  EXPECT_FALSE(nonTransactionalReason(parsed, 0, 15).empty());
  // The statement alone says so too (from the body's tokens), which is what the runner
  // reads when PL/pgSQL's parser cannot compile a body.
  EXPECT_FALSE(nonTransactionalReason(parsed.statements[0].node, 15).empty());
  // ON COMMIT in a body, and COMMIT inside a string, are not transaction control.
  static const std::string quiet = "DO $$ BEGIN CREATE TEMP TABLE x (id int) ON COMMIT DROP; PERFORM 'COMMIT'; END $$;";
  ParsedSql parsedQuiet = parseSql(quiet);
  EXPECT_TRUE(nonTransactionalReason(parsedQuiet, 0, 15).empty());
}

TEST(Transactions, PostgresMigrationsHeaderTurnsTheTransactionOff) {
  static const std::string sql =
      "-- postgres-migrations disable-transaction\nALTER TABLE t ADD COLUMN x int;\nSELECT 1;";
  ParsedSql parsed = parseSql(sql);
  Directives directives = readDirectives(parsed);
  EXPECT_TRUE(directives.noTransaction);
  EXPECT_TRUE(directives.malformed.empty());
}

TEST(Transactions, DieselWrapsUpSqlUnlessMetadataSaysNot) {
  Migration diesel;
  diesel.format = findFormat("updown-folders");
  // Diesel runs up.sql in a transaction: CONCURRENTLY fails there.
  TransactionPlan wrapped = planAs(diesel, "CREATE TABLE t (x int); CREATE INDEX CONCURRENTLY i ON t (x);");
  EXPECT_EQ(wrapped.mode, ExecutionMode::SingleTransaction);
  EXPECT_TRUE(wrapped.statements[1].inTransaction);
  // run_in_transaction = false: batch_execute sends the file as one message, which is
  // one implicit transaction when it holds several statements, and none for one.
  diesel.runInTransaction = false;
  TransactionPlan p = planAs(diesel, "ALTER TABLE t ADD COLUMN x int; UPDATE t SET x = 1;");
  EXPECT_EQ(p.mode, ExecutionMode::SimpleQuery);
  EXPECT_TRUE(p.statements[1].inTransaction);
  EXPECT_FALSE(planAs(diesel, "CREATE INDEX CONCURRENTLY i ON t (x);").statements[0].inTransaction);
  Migration popx;
  popx.format = findFormat("updown-files");
  popx.runInTransaction = false;
  TransactionPlan autocommit = planAs(popx, "ALTER TABLE t ADD COLUMN x int; CREATE INDEX CONCURRENTLY i ON t (x);");
  EXPECT_EQ(autocommit.mode, ExecutionMode::StatementByStatement);
  EXPECT_FALSE(autocommit.statements[1].inTransaction);
  TransactionPlan directive =
      plan("ALTER TABLE t ADD COLUMN x int; UPDATE t SET x = 1;", TransactionMode::Runner, true);
  EXPECT_EQ(directive.mode, ExecutionMode::StatementByStatement);
  EXPECT_TRUE(directive.declaredNoTransaction);
}

}  // namespace
}  // namespace sluice
