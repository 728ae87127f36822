#include "linter/rollback/generate.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include "linter/changes.hpp"
#include "linter/layout.hpp"
#include "linter/parser.hpp"
#include "linter/rollback/inverse.hpp"
#include "linter/rollback/sql_text.hpp"

namespace sluice::rollback {

namespace {

// Statements that change nothing a rollback has to undo.
bool changesNothing(const ast::Node* node) {
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
    case PG_QUERY__NODE__NODE_DO_STMT:  // its statements are judged one by one
    case PG_QUERY__NODE__NODE_SELECT_STMT:
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
    case PG_QUERY__NODE__NODE_LOCK_STMT:
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
    case PG_QUERY__NODE__NODE_DISCARD_STMT:
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
    case PG_QUERY__NODE__NODE_CLUSTER_STMT:
    case PG_QUERY__NODE__NODE_REINDEX_STMT: return true;
    default: return false;
  }
}

// "`GRANT SELECT ON ...` (line 12)" for messages.
std::string quoteStatement(std::string_view text, const Statement& statement) {
  std::string_view body = text.substr(statement.span.begin, statement.span.size());
  std::size_t line = 1;
  for (std::size_t i = 0; i < statement.span.begin && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  std::string shown;
  for (char c : body.substr(0, 60)) shown += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (body.size() > 60) shown += "...";
  return "`" + shown + "` (line " + std::to_string(line) + ")";
}

// The statement's own inverse, from its changes.
void invertStatement(std::string_view text, const Statement& statement, const std::vector<Change>& changes,
                     const InverseContext& context, bool hasOpaqueCode, InverseSteps& steps) {
  const ast::Node* node = statement.node;
  if (node->node_case == PG_QUERY__NODE__NODE_COMMENT_STMT) {
    std::optional<std::string> target = commentTarget(node->comment_stmt);
    if (!target) {
      steps.cannot("the undo of " + quoteStatement(text, statement) + ": sluice cannot name its object");
      return;
    }
    std::optional<std::string> earlier = context.definitions.comment(*target);
    steps.statement(*target + " IS " + (earlier ? quoteLiteral(*earlier) : std::string("NULL")));
    return;
  }
  if (hasOpaqueCode) {
    steps.cannot("the undo of " + quoteStatement(text, statement) + ": it runs SQL that sluice cannot read");
  }
  if (changes.empty()) {
    if (!changesNothing(node)) {
      steps.cannot("the undo of " + quoteStatement(text, statement) + ": the schema model does not follow it");
    }
    return;
  }
  // One statement may make several changes (ALTER TABLE with many commands): undone last first.
  bool otherCommandsDone = false;
  for (auto change = changes.rbegin(); change != changes.rend(); ++change) {
    bool ofTable = change->target == ChangeTarget::Table || change->target == ChangeTarget::Column ||
                   change->target == ChangeTarget::Constraint;
    if (change->action == ChangeAction::AlterOther && change->target == ChangeTarget::Table) {
      if (otherCommandsDone && change->member.empty()) continue;
      otherCommandsDone = otherCommandsDone || change->member.empty();
    }
    if (ofTable) {
      invertTableChange(*change, context, steps);
    } else {
      invertObjectChange(*change, context, steps);
    }
  }
}

bool createsConcurrently(const ast::Node* node) {
  return node->node_case == PG_QUERY__NODE__NODE_INDEX_STMT && node->index_stmt->concurrent;
}

// Replays the history and writes the inverses of the statements it is asked for.
class Replay {
 public:
  // Replays `text` (kept alive with its parse trees, which the definitions point into);
  // with `steps`, writes the inverse of each statement there, in file order.
  void file(std::shared_ptr<const std::string> text, std::vector<InverseSteps>* steps) {
    texts_.push_back(text);
    parsed_.push_back(std::make_unique<ParsedSql>(parseSql(*text)));
    const ParsedSql& parsed = *parsed_.back();
    for (std::size_t i = 0; i < parsed.statements.size(); ++i) {
      const Statement& statement = parsed.statements[i];
      if (statement.depth > 0 && statement.body == BodyKind::Function) continue;
      bool opaque = std::any_of(parsed.opaque.begin(), parsed.opaque.end(),
                                [&](const OpaqueSql& code) { return code.parent == i; });
      if (statement.depth == 0) {
        for (const OpaqueSql& code : parsed.opaque) {
          if (code.parent == i) model_.applyOpaque(std::string_view(*text).substr(code.span.begin, code.span.size()));
        }
      }
      InverseSteps inverse;
      if (!statement.parsed()) {
        if (statement.span.end <= text->size()) {
          std::string_view body = std::string_view(*text).substr(statement.span.begin, statement.span.size());
          if (steps != nullptr) {
            inverse.cannot("the undo of " + quoteStatement(*text, statement) + ": sluice could not read it" +
                           (statement.error ? " (" + statement.error->message + ")" : std::string()));
          }
          model_.applyUnparsed(body);
        }
      } else {
        SchemaModel before = model_;
        std::vector<Change> changes = steps != nullptr ? statementChanges(model_, statement, i) : std::vector<Change>{};
        model_.apply(statement.node);
        if (steps != nullptr) {
          InverseContext context{before, model_, definitions_, statement.node, createsConcurrently(statement.node)};
          invertStatement(*text, statement, changes, context, opaque && statement.depth == 0, inverse);
        }
        definitions_.learn(statement.node, before, model_);
      }
      if (steps != nullptr) steps->push_back(std::move(inverse));
    }
  }

  SchemaModel& model() { return model_; }

 private:
  SchemaModel model_;
  Definitions definitions_;
  std::vector<std::shared_ptr<const std::string>> texts_;
  std::vector<std::unique_ptr<ParsedSql>> parsed_;
};

GeneratedRollback assemble(std::vector<InverseSteps>& steps, std::string_view header) {
  GeneratedRollback out;
  out.sql = std::string(header);
  std::vector<std::string> last;
  for (auto statement = steps.rbegin(); statement != steps.rend(); ++statement) {
    for (const std::string& line : statement->lines()) {
      out.sql += line + "\n";
      if (!line.starts_with("--")) ++out.statementCount;
    }
    last.insert(last.end(), statement->lastLines().begin(), statement->lastLines().end());
    out.cannotCount += statement->cannotCount();
  }
  for (const std::string& line : last) out.sql += line + "\n";
  out.statementCount += last.size();
  return out;
}

}  // namespace

Expected<std::vector<GeneratedRollback>> generateRollbacks(const MigrationSet& set,
                                                           const std::function<bool(const Migration&)>& wanted) {
  std::size_t end = 0;
  for (std::size_t i = 0; i < set.migrations.size(); ++i) {
    if (wanted(set.migrations[i])) end = i + 1;
  }
  Replay replay;
  std::vector<GeneratedRollback> out;
  for (std::size_t i = 0; i < end; ++i) {
    const Migration& migration = set.migrations[i];
    replay.model().beginMigration(migration.group.empty() ? migration.id : migration.group);
    auto part = readMigrationPart(migration, FileRole::Forward);
    if (!part) return part.takeError();
    if (!wanted(migration)) {
      replay.file(part->text, nullptr);
      continue;
    }
    std::vector<InverseSteps> steps;
    replay.file(part->text, &steps);
    GeneratedRollback rollback =
        assemble(steps, "-- Rollback of " + migration.id +
                            ", generated by `sluice rollback generate` from the schema before it.\n");
    rollback.migration = &migration;
    out.push_back(std::move(rollback));
  }
  return out;
}

GeneratedRollback generateRollbackOfText(const std::vector<std::string>& history, const std::string& sql) {
  Replay replay;
  for (std::size_t i = 0; i < history.size(); ++i) {
    replay.model().beginMigration("history" + std::to_string(i));
    replay.file(std::make_shared<const std::string>(history[i]), nullptr);
  }
  replay.model().beginMigration("input");
  std::vector<InverseSteps> steps;
  replay.file(std::make_shared<const std::string>(sql), &steps);
  return assemble(steps, "");
}

}  // namespace sluice::rollback
