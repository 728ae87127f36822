#include <algorithm>
#include <memory>
#include <optional>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_support.hpp"
#include "rules/transaction_scope.hpp"

namespace sluice::rules {
namespace {

// What `sluice fix` inserts: long enough for a busy table's short queries to pass, short
// enough that the queue behind a blocked migration stays brief.
constexpr std::string_view kFixedLockTimeout = "SET lock_timeout = '5s';\n";

// The table-level lock modes that block writes (they conflict with the ROW EXCLUSIVE lock
// of INSERT, UPDATE and DELETE), weakest first; LOCK TABLE's numbering.
enum class LockMode { Share = 5, ShareRowExclusive = 6, Exclusive = 7, AccessExclusive = 8 };

std::string_view lockModeName(LockMode mode) {
  switch (mode) {
    case LockMode::Share: return "SHARE";
    case LockMode::ShareRowExclusive: return "SHARE ROW EXCLUSIVE";
    case LockMode::Exclusive: return "EXCLUSIVE";
    case LockMode::AccessExclusive: return "ACCESS EXCLUSIVE";
  }
  return "ACCESS EXCLUSIVE";
}

struct TableLock {
  std::string relation;  // "table `orders`, created in ...", "every table of the database"
  LockMode mode = LockMode::AccessExclusive;
};

// The strongest write-blocking lock a statement takes on a relation that existed before
// this migration. Lock modes follow PostgreSQL's documentation of each command and were
// spot-checked on PostgreSQL 15 in pg_locks.
class LockFinder {
 public:
  explicit LockFinder(const StatementContext& context) : context_(context), schema_(context.schema()) {}

  std::optional<TableLock> find() {
    const ast::Node* node = context_.node();
    switch (node->node_case) {
      case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: alterTable(node->alter_table_stmt); break;
      case PG_QUERY__NODE__NODE_RENAME_STMT: rename(node->rename_stmt); break;
      case PG_QUERY__NODE__NODE_DROP_STMT: drop(node->drop_stmt); break;
      case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        for (size_t i = 0; i < node->truncate_stmt->n_relations; ++i) {
          const ast::Node* relation = node->truncate_stmt->relations[i];
          if (relation->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
            table(ast::relationName(relation->range_var), LockMode::AccessExclusive);
          }
        }
        break;
      case PG_QUERY__NODE__NODE_INDEX_STMT:
        if (!node->index_stmt->concurrent) table(ast::relationName(node->index_stmt->relation), LockMode::Share);
        break;
      case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
        table(ast::relationName(node->create_trig_stmt->relation), LockMode::ShareRowExclusive);
        break;
      case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
        table(ast::relationName(node->create_policy_stmt->table), LockMode::AccessExclusive);
        break;
      case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
        table(ast::relationName(node->alter_policy_stmt->table), LockMode::AccessExclusive);
        break;
      case PG_QUERY__NODE__NODE_RULE_STMT:
        table(ast::relationName(node->rule_stmt->relation), LockMode::AccessExclusive);
        break;
      case PG_QUERY__NODE__NODE_CREATE_STMT: createTable(node->create_stmt); break;
      case PG_QUERY__NODE__NODE_LOCK_STMT: lockTable(node->lock_stmt); break;
      case PG_QUERY__NODE__NODE_CLUSTER_STMT:
        if (node->cluster_stmt->relation == nullptr) {
          everything("every clustered table", LockMode::AccessExclusive);
        } else {
          table(ast::relationName(node->cluster_stmt->relation), LockMode::AccessExclusive);
        }
        break;
      case PG_QUERY__NODE__NODE_VACUUM_STMT: vacuum(node->vacuum_stmt); break;
      case PG_QUERY__NODE__NODE_REINDEX_STMT: reindex(node->reindex_stmt); break;
      case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
        if (!node->refresh_mat_view_stmt->concurrent) {
          take(ObjectKind::MaterializedView, ast::relationName(node->refresh_mat_view_stmt->relation),
               LockMode::AccessExclusive);
        }
        break;
      case PG_QUERY__NODE__NODE_ALTER_TABLE_MOVE_ALL_STMT:
        everything("every relation of the tablespace", LockMode::AccessExclusive);
        break;
      default: break;
    }
    return strongest_;
  }

 private:
  void record(std::string relation, LockMode mode) {
    if (!strongest_ || mode > strongest_->mode) strongest_ = TableLock{std::move(relation), mode};
  }
  void everything(std::string what, LockMode mode) { record(std::move(what), mode); }
  void table(const ast::QualifiedName& name, LockMode mode) { take(ObjectKind::Table, name, mode); }
  void take(ObjectKind kind, const ast::QualifiedName& name, LockMode mode) {
    if (name.empty()) return;
    bool isNew = kind == ObjectKind::Index ? isNewIndexOrOnNewTable(context_, name) : schema_.isNewObject(kind, name);
    if (isNew) return;
    // Indexes stand for the table they belong to, which is what the lock is on.
    if (kind == ObjectKind::Index) {
      ast::QualifiedName owner = tableOfIndex(schema_, name);
      record(owner.empty() ? "the table of index " + rules::quoted(name.display())
                           : schema_.describe(ObjectKind::Table, owner),
             mode);
      return;
    }
    record(schema_.describe(kind, name), mode);
  }

  // A foreign key locks the referenced table against writes while it adds its triggers;
  // a table that references itself as it is created locks nothing that exists.
  void references(const PgQuery__Constraint* constraint, const ast::QualifiedName& created = {}) {
    if (constraint->contype != PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN || constraint->pktable == nullptr) return;
    ast::QualifiedName referenced = ast::relationName(constraint->pktable);
    if (!created.empty() && referenced.key() == created.key()) return;
    table(referenced, LockMode::ShareRowExclusive);
  }

  static bool weakCommand(const PgQuery__AlterTableCmd* cmd) {
    switch (cmd->subtype) {
      // SHARE UPDATE EXCLUSIVE: reads and writes continue.
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize: return true;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
        return cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
               cmd->def->partition_cmd->concurrent;
      default: return false;
    }
  }

  static LockMode commandLock(const PgQuery__AlterTableCmd* cmd) {
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser: return LockMode::ShareRowExclusive;
      default: break;
    }
    if (const auto* constraint = addedConstraint(cmd);
        constraint != nullptr && constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
      return LockMode::ShareRowExclusive;
    }
    return LockMode::AccessExclusive;
  }

  void alterTable(const PgQuery__AlterTableStmt* alter) {
    std::optional<ObjectKind> kind = alteredRelationKind(alter);
    if (!kind) return;
    ast::QualifiedName name = ast::relationName(alter->relation);
    for (const auto* cmd : alterCommands(alter)) {
      if (const auto* constraint = addedConstraint(cmd)) references(constraint);
      if (const auto* column = addedColumn(cmd)) {
        for (const auto* constraint : ast::columnConstraints(column)) references(constraint);
      }
      if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition && cmd->def != nullptr &&
          cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD) {
        // The partition being attached is locked ACCESS EXCLUSIVE (and scanned).
        table(ast::relationName(cmd->def->partition_cmd->name), LockMode::AccessExclusive);
      }
      if (!weakCommand(cmd)) take(*kind, name, commandLock(cmd));
    }
  }

  void rename(const PgQuery__RenameStmt* rename) {
    switch (rename->rename_type) {
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
      case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
      case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
      case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
      case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
        table(ast::relationName(rename->relation), LockMode::AccessExclusive);
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        if (rename->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
          table(ast::relationName(rename->relation), LockMode::AccessExclusive);
        } else if (rename->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
          take(ObjectKind::MaterializedView, ast::relationName(rename->relation), LockMode::AccessExclusive);
        }
        break;
      case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        take(ObjectKind::MaterializedView, ast::relationName(rename->relation), LockMode::AccessExclusive);
        break;
      default: break;  // ALTER INDEX ... RENAME takes SHARE UPDATE EXCLUSIVE since PostgreSQL 12
    }
  }

  void drop(const PgQuery__DropStmt* drop) {
    for (size_t i = 0; i < drop->n_objects; ++i) {
      const ast::Node* object = drop->objects[i];
      switch (drop->remove_type) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: table(ast::objectName(object), LockMode::AccessExclusive); break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
          take(ObjectKind::MaterializedView, ast::objectName(object), LockMode::AccessExclusive);
          break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
          if (!drop->concurrent) take(ObjectKind::Index, ast::objectName(object), LockMode::AccessExclusive);
          break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
        case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
        case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
          // [schema.]table.name: the table is everything but the last part.
          if (object->node_case == PG_QUERY__NODE__NODE_LIST && object->list->n_items >= 2) {
            table(ast::qualifiedName(object->list->items, object->list->n_items - 1), LockMode::AccessExclusive);
          }
          break;
        default: break;
      }
    }
  }

  void createTable(const PgQuery__CreateStmt* create) {
    // CREATE TABLE ... PARTITION OF locks the parent ACCESS EXCLUSIVE.
    if (create->partbound != nullptr) {
      for (size_t i = 0; i < create->n_inh_relations; ++i) {
        const ast::Node* parent = create->inh_relations[i];
        if (parent->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
          table(ast::relationName(parent->range_var), LockMode::AccessExclusive);
        }
      }
    }
    ast::QualifiedName created = ast::relationName(create->relation);
    for (size_t i = 0; i < create->n_table_elts; ++i) {
      const ast::Node* element = create->table_elts[i];
      if (element->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) references(element->constraint, created);
      if (element->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
        for (const auto* constraint : ast::columnConstraints(element->column_def)) references(constraint, created);
      }
    }
  }

  void lockTable(const PgQuery__LockStmt* lock) {
    if (lock->mode < static_cast<int32_t>(LockMode::Share)) return;
    auto mode = static_cast<LockMode>(std::min(lock->mode, static_cast<int32_t>(LockMode::AccessExclusive)));
    for (size_t i = 0; i < lock->n_relations; ++i) {
      if (lock->relations[i]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
        table(ast::relationName(lock->relations[i]->range_var), mode);
      }
    }
  }

  void vacuum(const PgQuery__VacuumStmt* vacuum) {
    if (!vacuum->is_vacuumcmd || !optionEnabled(vacuum->options, vacuum->n_options, "full")) return;
    if (vacuum->n_rels == 0) everything("every table of the database", LockMode::AccessExclusive);
    for (size_t i = 0; i < vacuum->n_rels; ++i) {
      if (vacuum->rels[i]->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION) {
        table(ast::relationName(vacuum->rels[i]->vacuum_relation->relation), LockMode::AccessExclusive);
      }
    }
  }

  void reindex(const PgQuery__ReindexStmt* reindex) {
    if (optionEnabled(reindex->params, reindex->n_params, "concurrently")) return;
    switch (reindex->kind) {
      case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX:
        take(ObjectKind::Index, ast::relationName(reindex->relation), LockMode::Share);
        break;
      case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE:
        table(ast::relationName(reindex->relation), LockMode::Share);
        break;
      default: everything("every table it reindexes", LockMode::Share); break;
    }
  }

  const StatementContext& context_;
  const SchemaModel& schema_;
  std::optional<TableLock> strongest_;
};

// What a statement does to lock_timeout: nothing, or set it (on or off, for the session
// or until the end of the transaction).
struct TimeoutSetting {
  bool enabled = false;
  bool local = false;
};

bool isZero(std::string_view value) {
  while (!value.empty() && (value.back() == 's' || value.back() == 'm' || value.back() == 'i' || value.back() == 'n' ||
                            value.back() == 'h' || value.back() == 'd' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  return value.find_first_not_of('0') == std::string_view::npos;
}

bool constantEnablesTimeout(const ast::Node* value) {
  if (value == nullptr || value->node_case != PG_QUERY__NODE__NODE_A_CONST) return true;
  const auto* constant = value->a_const;
  if (constant->val_case == PG_QUERY__A__CONST__VAL_IVAL) return constant->ival->ival != 0;
  if (constant->val_case == PG_QUERY__A__CONST__VAL_SVAL) return !isZero(constant->sval->sval);
  return true;
}

std::optional<TimeoutSetting> timeoutSetting(const ast::Node* node) {
  if (node->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) {
    const auto* set = node->variable_set_stmt;
    if (std::string_view(set->name) != "lock_timeout") return std::nullopt;
    TimeoutSetting setting;
    setting.local = set->is_local;
    // SET ... TO DEFAULT and RESET fall back to the server's value, normally 0 (off).
    setting.enabled = set->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE && set->n_args > 0 &&
                      constantEnablesTimeout(set->args[0]);
    return setting;
  }
  if (node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) return std::nullopt;
  // SELECT set_config('lock_timeout', '5s', is_local)
  std::optional<TimeoutSetting> found;
  ast::forEachNode(node, [&](const ast::Node* candidate) {
    if (found || !ast::isFunctionCall(candidate, {"set_config"})) return !found;
    const auto* call = candidate->func_call;
    if (call->n_args < 2 || call->args[0]->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        call->args[0]->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL ||
        std::string_view(call->args[0]->a_const->sval->sval) != "lock_timeout") {
      return true;
    }
    TimeoutSetting setting;
    setting.enabled = constantEnablesTimeout(call->args[1]);
    setting.local = call->n_args >= 3 && call->args[2]->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                    call->args[2]->a_const->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL &&
                    call->args[2]->a_const->boolval->boolval;
    found = setting;
    return false;
  });
  return found;
}

// `SET lock_timeout` on a line of its own before the file's first statement: inside the
// layout's Up section and transaction, before anything takes a lock. Not inside a DO
// block or function, whose first statement is not the file's.
std::shared_ptr<const Fix> lockTimeoutFix(const StatementContext& context) {
  if (!context.settings().fixes) return nullptr;
  if (context.nested()) return nullptr;
  const auto& statements = context.parsed().statements;
  auto first = std::find_if(statements.begin(), statements.end(),
                            [](const Statement& statement) { return statement.depth == 0; });
  if (first == statements.end()) return nullptr;
  std::size_t lineStart = context.source().lines().lineStart(context.source().lines().position(first->span.begin).line);
  auto fix = std::make_shared<Fix>();
  fix->description = "set lock_timeout at the top of the file";
  fix->edits.push_back({{lineStart, lineStart}, std::string(kFixedLockTimeout)});
  return fix;
}

class RequireLockTimeout final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    if (context.statement().depth != 0) return;
    // SET LOCAL lasts until the end of its transaction.
    if (transactionEndsAt(context)) localTimeout_ = false;
    if (auto setting = timeoutSetting(context.node())) {
      if (setting->local) {
        // Outside a transaction block SET LOCAL does nothing (PostgreSQL only warns).
        localTimeout_ = setting->enabled && context.inTransaction();
      } else {
        sessionTimeout_ = setting->enabled;
        localTimeout_ = false;
      }
      return;
    }
    if (reported_ || sessionTimeout_ || localTimeout_) return;
    std::optional<TableLock> lock = LockFinder(context).find();
    if (!lock) return;
    reported_ = true;
    std::string waiters =
        lock->mode == LockMode::AccessExclusive ? "every query on it, reads included," : "every write to it";
    std::string article = lock->mode == LockMode::AccessExclusive || lock->mode == LockMode::Exclusive ? "an " : "a ";
    Finding& finding = out.report(
        context.span(), "no lock_timeout is set before this statement, which takes " + article +
                            std::string(lockModeName(lock->mode)) + " lock on " + lock->relation +
                            ": while another session holds a conflicting lock (a long query, an open transaction), the "
                            "migration waits without limit and " +
                            waiters + " queues behind it");
    finding.fix = lockTimeoutFix(context);
  }

 private:
  bool sessionTimeout_ = false;
  bool localTimeout_ = false;
  bool reported_ = false;
};

}  // namespace

const RuleDefinition& requireLockTimeoutRule() {
  static const RuleDefinition definition{
      {
          .name = "require-lock-timeout",
          .code = "L010",
          .category = Category::Locking,
          .defaultSeverity = Severity::Warning,
          .summary = "A migration that locks an existing table against writes should set lock_timeout first.",
          .rationale =
              "A lock request waits behind every conflicting lock already held, and every later request on the "
              "same table waits behind it. A migration that needs an ACCESS EXCLUSIVE lock (most ALTER TABLE "
              "forms, DROP, TRUNCATE, CREATE POLICY, REFRESH MATERIALIZED VIEW) or another write-blocking lock "
              "(SHARE for CREATE INDEX and REINDEX, SHARE ROW EXCLUSIVE for foreign keys, which also lock the "
              "referenced table, and for CREATE TRIGGER) on a busy table therefore stalls the application for "
              "as long as the longest running transaction, even when the change itself takes a millisecond. "
              "lock_timeout makes the migration give up instead, so that it can be retried. The rule reports "
              "once per file, at the first such statement not preceded by SET lock_timeout (or SET LOCAL "
              "lock_timeout in the same transaction, or set_config('lock_timeout', ...)); a value of 0 or "
              "DEFAULT does not count. Objects created in the same migration are not considered. It is a "
              "warning because sluice's runner sets the timeout itself: `sluice deploy` runs every migration "
              "with lock_timeout (5s unless --lock-timeout or [deploy] lock_timeout says otherwise) and retries "
              "after a timeout, so the rule is off by default in a project whose .sluice.toml has a [deploy] "
              "section (migrations that sluice deploy applies). It fires where the files are applied by "
              "another tool (no [deploy] section), or wherever [rules] sets its severity.",
          .safeAlternative =
              "Start the migration with SET lock_timeout = '5s' (SET LOCAL lock_timeout inside a transaction), "
              "and retry the deploy if it times out. Or apply the migrations with sluice deploy, which sets it "
              "for every migration and retries, and say so with a [deploy] section in .sluice.toml (an empty "
              "one will do): the rule is then quiet.",
          .badExample = "ALTER TABLE orders ADD COLUMN note text;",
          .goodExample = "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
          .fix = "inserts `SET lock_timeout = '5s';` on a line of its own before the file's first statement (inside "
                 "the layout's Up section and its transaction).",
      },
      makeRule<RequireLockTimeout>};
  return definition;
}

}  // namespace sluice::rules
