#include "runner/plan.hpp"

#include "linter/file_linter.hpp"
#include "linter/layout.hpp"
#include "linter/parser.hpp"
#include "linter/suppression.hpp"
#include "runner/migration_files.hpp"

namespace sluice {
namespace {

std::string quoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string quoteLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  return out + "'";
}

void describeResidue(const ast::Node* node, PlannedStatement& statement) {
  if (node == nullptr) return;
  if (node->node_case == PG_QUERY__NODE__NODE_INDEX_STMT && node->index_stmt->concurrent) {
    const auto* index = node->index_stmt;
    if (index->idxname != nullptr && index->idxname[0] != '\0') {
      std::string name = quoteIdentifier(index->idxname);
      if (index->relation != nullptr && index->relation->schemaname != nullptr &&
          index->relation->schemaname[0] != '\0') {
        name = quoteIdentifier(index->relation->schemaname) + "." + name;
      }
      // Only an index that is there and invalid is the failed build's leftover.
      statement.residueCheck =
          "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(" + quoteLiteral(name) + ") AND NOT indisvalid";
      statement.residueAdvice = "the failed CREATE INDEX CONCURRENTLY left the INVALID index " + name +
                                " behind: drop it with DROP INDEX CONCURRENTLY " + name;
      statement.leftoverScope = "i.indexrelid = to_regclass(" + quoteLiteral(name) + ")";
    } else {
      statement.residueCheck = "SELECT 1";
      statement.residueAdvice =
          "a failed CREATE INDEX CONCURRENTLY may leave an INVALID index behind: look for indexes with "
          "pg_index.indisvalid = false and drop them with DROP INDEX CONCURRENTLY";
      if (index->relation != nullptr && index->relation->relname != nullptr) {
        std::string table = quoteIdentifier(index->relation->relname);
        if (index->relation->schemaname != nullptr && index->relation->schemaname[0] != '\0') {
          table = quoteIdentifier(index->relation->schemaname) + "." + table;
        }
        statement.leftoverScope = "i.indrelid = to_regclass(" + quoteLiteral(table) + ")";
      }
    }
  } else if (statement.nonTransactional == "REINDEX CONCURRENTLY") {
    statement.residueCheck = "SELECT 1 FROM pg_index WHERE NOT indisvalid";
    statement.residueAdvice =
        "a failed REINDEX CONCURRENTLY leaves INVALID indexes named *_ccnew or *_ccold: drop them with DROP INDEX "
        "CONCURRENTLY";
    // The copies it builds; a *_ccold is the original index, left for a person to judge.
    statement.leftoverScope = "c.relname LIKE '%\\_ccnew%'";
  } else if (statement.nonTransactional == "DETACH PARTITION CONCURRENTLY") {
    statement.residueCheck = "SELECT 1 FROM pg_inherits WHERE inhdetachpending";
    statement.residueAdvice =
        "a failed DETACH PARTITION CONCURRENTLY leaves the partition pending detach: finish it with ALTER TABLE "
        "... DETACH PARTITION ... FINALIZE";
  }
}

bool setsSession(const ast::Node* node) {
  if (node == nullptr) return false;
  if (node->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) return !node->variable_set_stmt->is_local;
  return node->node_case == PG_QUERY__NODE__NODE_DISCARD_STMT;
}

}  // namespace

FilePlan planFile(const MigrationPart& part, const std::string& path, int pgVersion) {
  FilePlan plan;
  plan.path = path;
  plan.text = part.text;
  plan.lines = part.lines;
  ParsedSql parsed = parseSql(*plan.text);
  Directives directives = readDirectives(parsed);
  plan.transactions = planTransactions(parsed, *plan.text, part.execution, directives.noTransaction, pgVersion);

  bool hasControl = false;
  std::size_t topIndex = 0;
  for (const Statement& top : parsed.statements) {
    if (top.depth != 0) continue;
    // Outside a transaction, statements the tool sends in one message (goose's
    // StatementBegin/End block) are sent so: PostgreSQL runs them as one implicit
    // transaction, as under the tool.
    std::size_t message = plan.transactions.statements[topIndex].message;
    bool sameMessage = topIndex > 0 && plan.transactions.statements[topIndex - 1].message == message &&
                       plan.transactions.mode == ExecutionMode::StatementByStatement && !plan.statements.empty();
    ++topIndex;
    if (sameMessage) {
      PlannedStatement& previous = plan.statements.back();
      previous.span.end = top.span.end;
      previous.nonTransactional.clear();
      previous.residueCheck.clear();
      previous.residueAdvice.clear();
      previous.leftoverScope.clear();
      plan.statementChecksums.back() =
          statementChecksum(std::string_view(*plan.text).substr(previous.span.begin, previous.span.size()));
      continue;
    }
    const Statement* statement = &top;
    ParsedSql deferred;
    if (top.deferred) {
      deferred = parseDeferred(*plan.text, top);
      if (!deferred.statements.empty()) statement = &deferred.statements.front();
    }
    PlannedStatement planned;
    planned.span = top.span;
    planned.control = transactionControl(statement->node);
    planned.nonTransactional = nonTransactionalReason(statement->node, pgVersion);
    planned.setsSession = setsSession(statement->node);
    if (!planned.nonTransactional.empty()) describeResidue(statement->node, planned);
    hasControl = hasControl || planned.control == TransactionControl::Begin ||
                 planned.control == TransactionControl::Commit || planned.control == TransactionControl::Rollback;
    plan.changesSession = plan.changesSession || planned.setsSession;
    plan.statementChecksums.push_back(
        statementChecksum(std::string_view(*plan.text).substr(top.span.begin, top.span.size())));
    plan.statements.push_back(std::move(planned));
  }

  switch (plan.transactions.mode) {
    case ExecutionMode::SingleTransaction:
      plan.inTransaction = true;
      plan.description = "one transaction";
      plan.reason = plan.transactions.reason;
      break;
    case ExecutionMode::StatementByStatement:
    case ExecutionMode::AsWritten:
      plan.inTransaction = false;
      plan.description = plan.transactions.mode == ExecutionMode::AsWritten
                             ? "as written, with the file's own BEGIN/COMMIT"
                             : "statement by statement, outside a transaction";
      plan.reason = plan.transactions.reason;
      break;
    case ExecutionMode::SimpleQuery:
      if (hasControl) {
        plan.inTransaction = false;
        plan.description = "as written, with the file's own BEGIN/COMMIT";
        plan.reason = "the file has its own BEGIN/COMMIT";
      } else if (plan.statements.size() == 1 && !plan.statements.front().nonTransactional.empty()) {
        plan.inTransaction = false;
        plan.description = "on its own, outside a transaction";
        plan.reason = plan.statements.front().nonTransactional + " cannot run in a transaction";
      } else {
        plan.inTransaction = true;
        plan.description = "one transaction";
      }
      break;
  }
  if (plan.statements.empty()) {
    // Nothing to run: only the history row, which is one transaction in every mode.
    plan.inTransaction = true;
    plan.description = "one transaction (no statements)";
    plan.reason.clear();
  }
  return plan;
}

std::string FilePlan::source() const {
  std::string name = std::filesystem::path(path).filename().string();
  if (lines.begin == 0) return name;
  return name + " lines " + std::to_string(lines.begin) + "-" + std::to_string(lines.end);
}

Expected<FilePlan> planMigrationPart(const Migration& migration, FileRole role, int pgVersion) {
  auto part = readMigrationPart(migration, role);
  if (!part) return part.takeError();
  return planFile(*part, fileOf(migration, role).lexically_normal().string(), pgVersion);
}

}  // namespace sluice
