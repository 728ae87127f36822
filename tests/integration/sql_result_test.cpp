// Values and errors as a real server sends them: integers read from a result, and the
// position of an error inside the statement.
#include <gtest/gtest.h>
#include <limits>

#include "common/pg_session.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

TEST(SqlResult, IntegersAreReadWholeAndAnythingElseIsNothing) {
  ConnectionSettings db = freshDatabase("sql_result_integer");
  auto session = PgSession::open(db, "sluice test");
  ASSERT_TRUE(session.ok()) << session.error().message;
  SqlResult result =
      session->exec("SELECT 42, -7, 9223372036854775807, NULL::int, 'x', '', '12abc', '99999999999999999999'");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result.integer(0, 0), 42);
  EXPECT_EQ(result.integer(0, 1), -7);
  EXPECT_EQ(result.integer(0, 2), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(result.integer(0, 3), std::nullopt);  // NULL
  EXPECT_EQ(result.integer(0, 4), std::nullopt);  // not a number
  EXPECT_EQ(result.integer(0, 5), std::nullopt);  // empty
  EXPECT_EQ(result.integer(0, 6), std::nullopt);  // a number followed by junk
  EXPECT_EQ(result.integer(0, 7), std::nullopt);  // out of range
}

TEST(SqlResult, AnErrorKnowsWhereInTheStatementItIs) {
  ConnectionSettings db = freshDatabase("sql_result_position");
  auto session = PgSession::open(db, "sluice test");
  ASSERT_TRUE(session.ok()) << session.error().message;
  SqlResult failed = session->exec("SELECT 1 FROM no_such_table");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().position, 15);  // 1-based: the `n` of no_such_table
  SqlResult elsewhere = session->exec("SELECT 1 / 0");
  ASSERT_FALSE(elsewhere.ok());
  EXPECT_EQ(elsewhere.error().position, 0);  // division by zero has no position
}

// COPY OUT and COPY IN start through one path (PgSession::startCopy): a statement the
// server refuses, or one that is not the COPY asked for, is an error that says so, and
// the session stays usable for the next statement.
TEST(SqlResult, ACopyThatDoesNotStartIsAnErrorAndTheSessionGoesOn) {
  ConnectionSettings db = freshDatabase("sql_result_copy");
  auto session = PgSession::open(db, "sluice test");
  ASSERT_TRUE(session.ok()) << session.error().message;
  auto ignore = [](std::string_view) { return Status(); };

  auto missing = session->copyOut("COPY no_such_table TO STDOUT", ignore);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no_such_table"), std::string::npos) << missing.error().message;

  auto notCopyOut = session->copyOut("SELECT 1", ignore);
  ASSERT_FALSE(notCopyOut.ok());
  EXPECT_NE(notCopyOut.error().message.find("not a COPY ... TO STDOUT"), std::string::npos)
      << notCopyOut.error().message;

  Status notCopyIn = session->copyInBegin("SELECT 1");
  ASSERT_FALSE(notCopyIn.ok());
  EXPECT_NE(notCopyIn.error().message.find("not a COPY ... FROM STDIN"), std::string::npos)
      << notCopyIn.error().message;

  Status refusedIn = session->copyInBegin("COPY no_such_table FROM STDIN");
  ASSERT_FALSE(refusedIn.ok());
  EXPECT_NE(refusedIn.error().message.find("no_such_table"), std::string::npos) << refusedIn.error().message;

  SqlResult after = session->exec("SELECT 7");
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(after.value(0, 0), "7");
}

}  // namespace
}  // namespace sluice::testing
