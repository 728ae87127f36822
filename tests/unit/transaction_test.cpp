#include "linter/transaction.hpp"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TransactionPlan plan(const std::string& sql, TransactionMode mode, bool directive = false) {
  static std::vector<std::string> keep;
  keep.push_back(sql);
  ParsedSql parsed = parseSql(keep.back());
  return planTransactions(parsed, mode, directive, 15);
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

}  // namespace
}  // namespace sluice
