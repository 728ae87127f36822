#include "linter/transaction.hpp"

#include <map>

#include "common/text.hpp"
#include "linter/sql_scan.hpp"

namespace sluice {
namespace {

std::string_view doBody(const PgQuery__DoStmt* statement, std::string& language) {
  std::string_view body;
  language = "plpgsql";
  for (size_t i = 0; i < statement->n_args; ++i) {
    const ast::Node* item = statement->args[i];
    if (item->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || item->def_elem->arg == nullptr) continue;
    std::string_view name = item->def_elem->defname;
    if (name == "as") body = ast::stringValue(item->def_elem->arg);
    if (name == "language") language = toLower(ast::stringValue(item->def_elem->arg));
  }
  return body;
}

// A PL/pgSQL DO block that COMMITs or ROLLBACKs (batched backfills do) can only run
// outside a transaction block. The body's tokens say whether it does: a COMMIT in a
// comment or a string is not a token, and `ON COMMIT DROP` is not a COMMIT statement.
// (PL/pgSQL's own parser in libpg_query cannot be used: it rejects declarations such as
// `TEXT COLLATE "C"` for want of a catalog.)
bool doBlockEndsTransactions(const PgQuery__DoStmt* statement) {
  std::string language;
  std::string_view body = doBody(statement, language);
  if (language != "plpgsql") return false;
  std::string lower = toLower(body);
  if (lower.find("commit") == std::string::npos && lower.find("rollback") == std::string::npos) return false;
  SqlScan scan(body);
  auto tokens = scan.tokens();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    PgQuery__Token token = tokens[i]->token;
    bool afterOn = i > 0 && tokens[i - 1]->token == PG_QUERY__TOKEN__ON;
    if ((token == PG_QUERY__TOKEN__COMMIT || token == PG_QUERY__TOKEN__ROLLBACK) && !afterOn) return true;
  }
  return false;
}

bool hasDefElem(ast::Node* const* items, size_t count, std::string_view name) {
  for (size_t i = 0; i < count; ++i) {
    if (items[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && items[i]->def_elem->defname == name) return true;
  }
  return false;
}

}  // namespace

std::string nonTransactionalReason(const ast::Node* statement, int pgVersion) {
  if (statement == nullptr) return {};
  switch (statement->node_case) {
    case PG_QUERY__NODE__NODE_INDEX_STMT: return statement->index_stmt->concurrent ? "CREATE INDEX CONCURRENTLY" : "";
    case PG_QUERY__NODE__NODE_DROP_STMT: return statement->drop_stmt->concurrent ? "DROP INDEX CONCURRENTLY" : "";
    case PG_QUERY__NODE__NODE_REINDEX_STMT: {
      const auto* reindex = statement->reindex_stmt;
      if (hasDefElem(reindex->params, reindex->n_params, "concurrently")) return "REINDEX CONCURRENTLY";
      if (reindex->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SCHEMA ||
          reindex->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM ||
          reindex->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE) {
        return "REINDEX SCHEMA/SYSTEM/DATABASE";
      }
      return {};
    }
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
      const auto* alter = statement->alter_table_stmt;
      for (size_t i = 0; i < alter->n_cmds; ++i) {
        const auto* cmd = alter->cmds[i]->alter_table_cmd;
        if (cmd != nullptr && cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition && cmd->def != nullptr &&
            cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD && cmd->def->partition_cmd->concurrent) {
          return "DETACH PARTITION CONCURRENTLY";
        }
      }
      return {};
    }
    case PG_QUERY__NODE__NODE_VACUUM_STMT: return statement->vacuum_stmt->is_vacuumcmd ? "VACUUM" : "";
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
      // CLUSTER without a table reclusters every table and refuses a transaction block.
      return statement->cluster_stmt->relation == nullptr ? "CLUSTER without a table" : "";
    case PG_QUERY__NODE__NODE_CREATEDB_STMT: return "CREATE DATABASE";
    case PG_QUERY__NODE__NODE_DROPDB_STMT: return "DROP DATABASE";
    case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT: return "ALTER SYSTEM";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT: return "CREATE TABLESPACE";
    case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT: return "DROP TABLESPACE";
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
      // Before PostgreSQL 12, ALTER TYPE ... ADD VALUE refused a transaction block.
      return pgVersion < 12 && statement->alter_enum_stmt->old_val[0] == '\0'
                 ? "ALTER TYPE ... ADD VALUE (before PostgreSQL 12)"
                 : "";
    case PG_QUERY__NODE__NODE_DO_STMT:
      return doBlockEndsTransactions(statement->do_stmt) ? "a DO block that COMMITs or ROLLBACKs" : "";
    case PG_QUERY__NODE__NODE_CREATE_SUBSCRIPTION_STMT: return "CREATE SUBSCRIPTION";
    case PG_QUERY__NODE__NODE_DROP_SUBSCRIPTION_STMT: return "DROP SUBSCRIPTION";
    default: return {};
  }
}

std::string nonTransactionalReason(const ParsedSql& parsed, std::size_t index, int pgVersion) {
  if (index >= parsed.statements.size()) return {};
  const Statement& statement = parsed.statements[index];
  std::string reason = nonTransactionalReason(statement.node, pgVersion);
  if (!reason.empty() || statement.depth != 0 || statement.node == nullptr ||
      statement.node->node_case != PG_QUERY__NODE__NODE_DO_STMT) {
    return reason;
  }
  for (std::size_t i = index + 1; i < parsed.statements.size() && parsed.statements[i].depth > 0; ++i) {
    const Statement& inner = parsed.statements[i];
    if (inner.body != BodyKind::DoBlock) continue;
    TransactionControl control = transactionControl(inner.node);
    if (control == TransactionControl::Commit) return "a DO block that runs COMMIT";
    if (control == TransactionControl::Rollback) return "a DO block that runs ROLLBACK";
  }
  return {};
}

TransactionControl transactionControl(const ast::Node* statement) {
  if (statement == nullptr || statement->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT) {
    return TransactionControl::None;
  }
  switch (statement->transaction_stmt->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START: return TransactionControl::Begin;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT: return TransactionControl::Commit;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK: return TransactionControl::Rollback;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO: return TransactionControl::Savepoint;
    default: return TransactionControl::Other;
  }
}

std::string_view executionModeName(ExecutionMode mode) {
  switch (mode) {
    case ExecutionMode::SingleTransaction: return "one transaction";
    case ExecutionMode::StatementByStatement: return "statement by statement, outside a transaction";
    case ExecutionMode::AsWritten: return "as written, with the file's own BEGIN/COMMIT";
    case ExecutionMode::SimpleQuery: return "one simple-query message (Prisma)";
  }
  return "one transaction";
}

namespace {

// For each top-level statement, the message its tool sends it in.
std::vector<std::size_t> messagesOf(const ParsedSql& parsed, const PartExecution& execution, std::string_view text) {
  std::vector<std::size_t> messages;
  std::size_t next = execution.messages.size();
  for (const Statement& statement : parsed.statements) {
    if (statement.depth != 0) continue;
    if (execution.mode == TransactionMode::SimpleQuery) {
      messages.push_back(0);
      continue;
    }
    std::size_t message = next++;
    if (execution.messages.empty()) {
      messages.push_back(message);
      continue;
    }
    std::size_t begin = skipTrivia(text, statement.span.begin, statement.span.end);
    for (std::size_t m = 0; m < execution.messages.size(); ++m) {
      if (execution.messages[m].contains(begin)) message = m;
    }
    messages.push_back(message);
  }
  return messages;
}

}  // namespace

TransactionPlan planTransactions(const ParsedSql& parsed, std::string_view text, const PartExecution& execution,
                                 bool noTransactionDirective, int pgVersion) {
  TransactionPlan plan;
  const TransactionMode mode = execution.mode;
  // `-- sluice:no-transaction` speaks to sluice's runner; other tools do not read it.
  plan.declaredNoTransaction =
      (noTransactionDirective && mode == TransactionMode::Runner) || mode == TransactionMode::None;
  std::size_t topLevel = 0;
  bool hasControl = false;
  bool anyTransactional = false;
  std::string firstNonTransactional;
  for (std::size_t i = 0; i < parsed.statements.size(); ++i) {
    const Statement& statement = parsed.statements[i];
    if (statement.depth != 0) continue;
    ++topLevel;
    TransactionControl control = transactionControl(statement.node);
    if (control == TransactionControl::Begin || control == TransactionControl::Commit ||
        control == TransactionControl::Rollback) {
      hasControl = true;
    }
    std::string reason = nonTransactionalReason(parsed, i, pgVersion);
    if (reason.empty() && control == TransactionControl::None) anyTransactional = true;
    if (firstNonTransactional.empty()) firstNonTransactional = reason;
  }

  const std::string& tool = execution.tool;
  bool wrapped = false;  // the tool itself puts every statement into one transaction
  if (mode == TransactionMode::SimpleQuery) {
    plan.mode = ExecutionMode::SimpleQuery;
    // One simple-query message with several statements is one implicit transaction.
    wrapped = topLevel > 1;
    plan.reason = wrapped ? tool + " sends the file as one message: one implicit transaction"
                          : tool + " sends the file as one message; a single statement runs on its own";
    if (!execution.reason.empty()) plan.reason = execution.reason + "; " + plan.reason;
  } else if (mode == TransactionMode::Wrapped) {
    if (hasControl) {
      plan.mode = ExecutionMode::AsWritten;
      plan.reason = "the file has its own BEGIN/COMMIT";
    } else {
      plan.mode = ExecutionMode::SingleTransaction;
      wrapped = true;
      plan.reason = execution.reason.empty() ? tool + " runs it in one transaction" : execution.reason;
    }
  } else if (plan.declaredNoTransaction) {
    plan.mode = ExecutionMode::StatementByStatement;
    plan.reason = execution.reason.empty() ? "declared to run without a transaction" : execution.reason;
  } else if (hasControl) {
    plan.mode = ExecutionMode::AsWritten;
    plan.reason = "the file has its own BEGIN/COMMIT";
  } else if (!firstNonTransactional.empty() && execution.refusesMixed && anyTransactional) {
    plan.mode = ExecutionMode::SingleTransaction;
    wrapped = true;
    plan.reason = tool + " refuses a migration that mixes " + firstNonTransactional +
                  ", which cannot run in a transaction, with statements that need one (`mixed` is off)";
  } else if (!firstNonTransactional.empty()) {
    plan.mode = ExecutionMode::StatementByStatement;
    plan.reason = "contains " + firstNonTransactional + ", which cannot run in a transaction";
  } else {
    plan.mode = ExecutionMode::SingleTransaction;
    wrapped = true;
  }

  std::vector<std::size_t> messages = messagesOf(parsed, execution, text);
  std::map<std::size_t, std::size_t> statementsPerMessage;
  for (std::size_t message : messages) ++statementsPerMessage[message];

  int depth = 0;
  std::size_t index = 0;
  for (const Statement& statement : parsed.statements) {
    if (statement.depth != 0) continue;
    StatementTransaction state;
    state.explicitDepth = depth;
    state.explicitBlock = depth > 0;
    state.message = messages[index++];
    state.inTransaction = wrapped || depth > 0 || statementsPerMessage[state.message] > 1;
    TransactionControl control = transactionControl(statement.node);
    if (control == TransactionControl::Begin) {
      ++depth;
    } else if (control == TransactionControl::Commit || control == TransactionControl::Rollback) {
      // COMMIT AND CHAIN starts the next transaction at once.
      bool chain = statement.node->transaction_stmt->chain;
      if (!chain) depth = 0;
    }
    plan.statements.push_back(state);
  }
  return plan;
}

}  // namespace sluice
