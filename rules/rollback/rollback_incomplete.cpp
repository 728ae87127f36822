#include <algorithm>
#include <optional>
#include <set>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

bool same(const ast::QualifiedName& a, const ast::QualifiedName& b) { return a.key() == b.key(); }

// Names an object had during the migration: renames in the forward migration mean the
// rollback may use the old name or the new one.
class Aliases {
 public:
  void add(const std::string& a, const std::string& b) {
    pairs_.insert({a, b});
    pairs_.insert({b, a});
  }
  [[nodiscard]] bool same(const std::string& a, const std::string& b) const {
    return a == b || pairs_.contains({a, b});
  }

 private:
  std::set<std::pair<std::string, std::string>> pairs_;
};

class Matcher {
 public:
  Matcher(const std::vector<Change>& forward, const std::vector<const Change*>& rollback) : rollback_(rollback) {
    for (const Change& change : forward) {
      if (change.action != ChangeAction::Rename) continue;
      if (change.target == ChangeTarget::Table) {
        ast::QualifiedName renamed{change.object.schema, change.newName};
        tables_.add(change.object.key(), renamed.key());
      } else if (change.target == ChangeTarget::Column) {
        columns_.add(change.member, change.newName);
      }
    }
  }

  // Whether the rollback undoes `change`.
  [[nodiscard]] bool undone(const Change& f) const {
    switch (f.action) {
      case ChangeAction::Create: return undoesCreate(f);
      case ChangeAction::Replace:
        return any([&](const Change& r) {
          return (r.action == ChangeAction::Create || r.action == ChangeAction::Replace) && r.target == f.target &&
                 same(r.object, f.object);
        });
      case ChangeAction::Drop: return undoesDrop(f);
      case ChangeAction::Rename: return undoesRename(f);
      case ChangeAction::AlterType:
      case ChangeAction::AlterDefault:
      case ChangeAction::AlterNullability:
        return any([&](const Change& r) {
          if (dropsOrRecreatesColumn(r, f)) return true;
          return r.action == f.action && sameTable(r.object, f.object) && columns_.same(r.member, f.member);
        });
      case ChangeAction::AddEnumValue:
      case ChangeAction::RenameEnumValue:
        return any([&](const Change& r) {
          if (r.target == ChangeTarget::Type && same(r.object, f.object) &&
              (r.action == ChangeAction::Drop || r.action == ChangeAction::Rename ||
               r.action == ChangeAction::Create)) {
            return true;
          }
          if (f.action == ChangeAction::RenameEnumValue && r.action == ChangeAction::RenameEnumValue &&
              same(r.object, f.object) && r.member == f.newName) {
            return true;
          }
          // The catalog hack: DELETE FROM pg_enum WHERE enumlabel = ...
          return r.action == ChangeAction::Delete && r.object.name == "pg_enum";
        });
      default: return true;
    }
  }

 private:
  template <class Predicate>
  [[nodiscard]] bool any(Predicate predicate) const {
    return std::any_of(rollback_.begin(), rollback_.end(), [&](const Change* r) { return predicate(*r); });
  }

  [[nodiscard]] bool sameTable(const ast::QualifiedName& a, const ast::QualifiedName& b) const {
    return tables_.same(a.key(), b.key());
  }

  // Drops the table (or the materialized view an index is on), or its schema.
  [[nodiscard]] bool dropsTable(const Change& r, const ast::QualifiedName& table) const {
    if (table.empty()) return false;
    if (r.action == ChangeAction::Drop &&
        (r.target == ChangeTarget::Table || r.target == ChangeTarget::MaterializedView) && sameTable(r.object, table)) {
      return true;
    }
    return r.action == ChangeAction::Drop && r.target == ChangeTarget::Schema && !table.schema.empty() &&
           r.object.name == table.schema;
  }

  [[nodiscard]] bool dropsOrRecreatesColumn(const Change& r, const Change& f) const {
    if (dropsTable(r, f.object)) return true;
    if (r.target == ChangeTarget::Table && r.action == ChangeAction::Create && sameTable(r.object, f.object)) {
      return true;
    }
    return r.target == ChangeTarget::Column && (r.action == ChangeAction::Drop || r.action == ChangeAction::Create) &&
           sameTable(r.object, f.object) && columns_.same(r.member, f.member);
  }

  // Dropping a column drops the indexes and constraints that use it.
  [[nodiscard]] bool dropsUsedColumn(const Change& r, const ast::QualifiedName& table,
                                     const std::vector<std::string>& columns) const {
    if (r.action != ChangeAction::Drop || r.target != ChangeTarget::Column || !sameTable(r.object, table)) return false;
    return std::any_of(columns.begin(), columns.end(),
                       [&](const std::string& column) { return columns_.same(column, r.member); });
  }

  // DROP ... CASCADE takes along whatever depends on the object: views, triggers,
  // constraints and indexes the migration created may be among it.
  [[nodiscard]] bool cascades() const {
    return any([](const Change& r) { return r.action == ChangeAction::Drop && r.cascade; });
  }

  [[nodiscard]] bool undoesCreate(const Change& f) const {
    if (cascades() && (f.target == ChangeTarget::View || f.target == ChangeTarget::MaterializedView ||
                       f.target == ChangeTarget::Trigger || f.target == ChangeTarget::Constraint ||
                       f.target == ChangeTarget::Index)) {
      return true;
    }
    return any([&](const Change& r) {
      switch (f.target) {
        case ChangeTarget::Column:
          return dropsTable(r, f.object) || (r.action == ChangeAction::Drop && r.target == ChangeTarget::Column &&
                                             sameTable(r.object, f.object) && columns_.same(r.member, f.member));
        case ChangeTarget::Constraint:
          if (dropsTable(r, f.object) || dropsUsedColumn(r, f.object, f.columns)) return true;
          if (r.action == ChangeAction::Drop && r.target == ChangeTarget::Constraint && sameTable(r.object, f.object)) {
            return f.member.empty() || r.member == f.member;
          }
          // Dropping the index a UNIQUE / PRIMARY KEY constraint took over.
          return !f.newName.empty() && r.action == ChangeAction::Drop && r.target == ChangeTarget::Index &&
                 r.object.name == f.member;
        case ChangeTarget::Index:
          if (dropsTable(r, f.table) || dropsUsedColumn(r, f.table, f.columns)) return true;
          if (r.action == ChangeAction::Drop && r.target == ChangeTarget::Index && same(r.object, f.object))
            return true;
          // An index that ADD CONSTRAINT ... USING INDEX took over goes with the constraint.
          return r.action == ChangeAction::Drop && r.target == ChangeTarget::Constraint && r.member == f.object.name;
        case ChangeTarget::Trigger:
          if (dropsTable(r, f.table)) return true;
          return r.action == ChangeAction::Drop && r.target == ChangeTarget::Trigger && r.object.name == f.object.name;
        case ChangeTarget::Table: return dropsTable(r, f.object);
        default:
          if (r.action == ChangeAction::Drop && r.target == ChangeTarget::Schema && !f.object.schema.empty() &&
              r.object.name == f.object.schema) {
            return true;
          }
          return r.action == ChangeAction::Drop && r.target == f.target && same(r.object, f.object);
      }
    });
  }

  [[nodiscard]] bool undoesDrop(const Change& f) const {
    return any([&](const Change& r) {
      bool recreates = r.action == ChangeAction::Create || r.action == ChangeAction::Replace;
      switch (f.target) {
        case ChangeTarget::Column:
          if (r.action == ChangeAction::Create && r.target == ChangeTarget::Table && sameTable(r.object, f.object)) {
            return true;
          }
          return r.action == ChangeAction::Create && r.target == ChangeTarget::Column &&
                 sameTable(r.object, f.object) && r.member == f.member;
        case ChangeTarget::Constraint:
          if (r.action == ChangeAction::Create && r.target == ChangeTarget::Table && sameTable(r.object, f.object)) {
            return true;
          }
          if (r.action == ChangeAction::Create && r.target == ChangeTarget::Constraint &&
              sameTable(r.object, f.object)) {
            return r.member.empty() || r.member == f.member;
          }
          return r.action == ChangeAction::Create && r.target == ChangeTarget::Index && r.object.name == f.member;
        case ChangeTarget::Index:
          if (r.action == ChangeAction::Create && r.target == ChangeTarget::Index && same(r.object, f.object))
            return true;
          return r.action == ChangeAction::Create && r.target == ChangeTarget::Constraint && r.member == f.object.name;
        case ChangeTarget::Trigger:
          return recreates && r.target == ChangeTarget::Trigger && r.object.name == f.object.name;
        case ChangeTarget::Table:
          if (recreates && r.target == ChangeTarget::Table && sameTable(r.object, f.object)) return true;
          // Putting back a copy kept under another name.
          return r.action == ChangeAction::Rename && r.target == ChangeTarget::Table && r.newName == f.object.name;
        default: return recreates && r.target == f.target && same(r.object, f.object);
      }
    });
  }

  [[nodiscard]] bool undoesRename(const Change& f) const {
    return any([&](const Change& r) {
      if (r.target != f.target) return false;
      if (f.target == ChangeTarget::Column || f.target == ChangeTarget::Constraint) {
        if (r.action == ChangeAction::Rename && sameTable(r.object, f.object) && r.member == f.newName &&
            r.newName == f.member) {
          return true;
        }
        return false;
      }
      if (r.action == ChangeAction::Rename && r.object.name == f.newName && r.newName == f.object.name) return true;
      // Views and functions are often put back by recreating them under the old name.
      return (f.target == ChangeTarget::View || f.target == ChangeTarget::Function) &&
             (r.action == ChangeAction::Create || r.action == ChangeAction::Replace) && r.object.name == f.object.name;
    });
  }

  const std::vector<const Change*>& rollback_;
  Aliases tables_;
  Aliases columns_;
};

// Whether the schema after migration and rollback has what it had before, for what
// `f` changed, as far as the model knows (false when it cannot tell).
class StateCheck {
 public:
  StateCheck(const SchemaModel* before, const SchemaModel* after) : before_(before), after_(after) {}

  [[nodiscard]] bool restored(const Change& f) const {
    if (before_ == nullptr || after_ == nullptr) return false;
    switch (f.target) {
      case ChangeTarget::Column: return columnRestored(f);
      case ChangeTarget::Constraint: {
        if (f.member.empty()) return false;
        const ModelTable* table = after_->table(f.object);
        bool had = hasConstraint(before_->table(f.object), f.member);
        bool has = hasConstraint(table, f.member);
        if (f.action == ChangeAction::Create) return !has && (table != nullptr || !had);
        if (f.action == ChangeAction::Drop) return has;
        return false;
      }
      default: break;
    }
    std::optional<ObjectKind> kind = objectKindOf(f.target);
    if (!kind) return false;
    auto exists = [&](const SchemaModel& model, const ast::QualifiedName& name) {
      return *kind == ObjectKind::Table ? model.table(name) != nullptr : model.object(*kind, name) != nullptr;
    };
    switch (f.action) {
      case ChangeAction::Create: return !exists(*after_, f.object) && !exists(*before_, f.object);
      case ChangeAction::Drop: return exists(*after_, f.object);
      case ChangeAction::Rename: {
        ast::QualifiedName renamed{f.object.schema, f.newName};
        return exists(*after_, f.object) && (!exists(*after_, renamed) || exists(*before_, renamed));
      }
      case ChangeAction::AddEnumValue: {
        const ModelObject* type = after_->object(ObjectKind::Type, f.object);
        if (type == nullptr) return false;
        return std::find(type->enumValues.begin(), type->enumValues.end(), f.member) == type->enumValues.end();
      }
      default: return false;
    }
  }

 private:
  static bool hasConstraint(const ModelTable* table, const std::string& name) {
    if (table == nullptr) return false;
    return std::any_of(table->constraints.begin(), table->constraints.end(),
                       [&](const ModelConstraint& c) { return c.name == name; });
  }

  [[nodiscard]] bool columnRestored(const Change& f) const {
    const ModelTable* was = before_->table(f.object);
    const ModelTable* is = after_->table(f.object);
    if (was == nullptr || is == nullptr || !was->columnsKnown || !is->columnsKnown) return false;
    const ModelColumn* old = was->column(f.member);
    const ModelColumn* now = is->column(f.member);
    switch (f.action) {
      case ChangeAction::Create: return now == nullptr && old == nullptr;
      case ChangeAction::Drop: return now != nullptr;
      case ChangeAction::Rename:
        return now != nullptr && (is->column(f.newName) == nullptr || was->column(f.newName) != nullptr);
      case ChangeAction::AlterType:
        return old != nullptr && now != nullptr && old->type.known && now->type.known &&
               old->type.display() == now->type.display();
      case ChangeAction::AlterDefault: return old != nullptr && now != nullptr && old->hasDefault == now->hasDefault;
      case ChangeAction::AlterNullability: return old != nullptr && now != nullptr && old->notNull == now->notNull;
      default: return false;
    }
  }

  const SchemaModel* before_;
  const SchemaModel* after_;
};

std::string undoneMessage(const Change& f) {
  std::string what = describeChange(f);
  switch (f.action) {
    case ChangeAction::Create:
      return "the rollback does not drop " + what +
             (f.target == ChangeTarget::Column ? ", added here" : ", created here");
    case ChangeAction::Replace:
      return "the rollback does not restore the previous definition of " + what + ", replaced here";
    case ChangeAction::Drop: return "the rollback does not recreate " + what + ", dropped here";
    case ChangeAction::Rename:
      return "the rollback does not rename " + what + " back: it is renamed here to " + quoted(f.newName);
    case ChangeAction::AlterType: {
      std::string from = f.oldTypeKnown ? " from " + f.oldType.display() : std::string();
      return "the rollback does not change the type of " + what + " back" + from + " (changed here to " +
             f.newType.display() + ")";
    }
    case ChangeAction::AlterDefault:
      return std::string("the rollback does not restore the default of ") + what + " (" +
             (f.setValue ? "set" : "dropped") + " here)";
    case ChangeAction::AlterNullability:
      return std::string("the rollback does not ") + (f.setValue ? "drop" : "restore") + " NOT NULL on " + what + " (" +
             (f.setValue ? "set" : "dropped") + " here)";
    case ChangeAction::AddEnumValue:
      return "the rollback does not remove value '" + f.member + "' from " + what +
             ", added here: PostgreSQL cannot drop an enum value, so the rollback has to recreate the type";
    case ChangeAction::RenameEnumValue:
      return "the rollback does not rename value '" + f.newName + "' of " + what + " back to '" + f.member + "'";
    default: return "the rollback does not undo the change of " + what + " made here";
  }
}

class RollbackIncomplete final : public Rule {
 public:
  void checkMigration(const MigrationPairContext& context, PairFindingSink& out) override {
    const LintedFile* forward = context.forward();
    std::vector<const LintedFile*> rollbacks = context.rollbacksOfGroup();
    if (forward == nullptr || rollbacks.empty()) return;
    // Empty rollbacks are empty-rollback's; code sluice cannot follow (dynamic SQL in a
    // DO block, a statement that does not parse) may undo anything, so nothing is
    // claimed about it.
    bool anyStatement = false;
    for (const LintedFile* rollback : rollbacks) {
      if (!rollback->parsed.opaque.empty()) return;
      for (const Statement& statement : rollback->parsed.statements) {
        if (!statement.parsed() && !statement.deferred) return;
      }
      anyStatement = anyStatement || !rollback->empty();
    }
    if (!anyStatement) return;
    std::vector<const Change*> undo;
    for (const LintedFile* rollback : rollbacks) {
      for (const Change& change : rollback->changes) undo.push_back(&change);
    }
    Matcher matcher(forward->changes, undo);
    // Undone when the rollback has a statement that undoes the change, or when the
    // schema after the rollback is, for that object, the schema before the migration.
    StateCheck state(context.schemaBefore(), context.schemaAfterRollback());
    for (const Change& change : changesToUndo(forward->changes)) {
      if (matcher.undone(change) || state.restored(change)) continue;
      Finding* finding = out.report(FileRole::Forward, change.span, undoneMessage(change), change.statement);
      if (finding == nullptr) continue;
      if (change.action == ChangeAction::Drop &&
          (change.target == ChangeTarget::Table || change.target == ChangeTarget::Column)) {
        finding->notes.emplace_back(
            "even recreated by the rollback, its data does not come back: only a snapshot "
            "taken before the migration can restore it");
      }
    }
  }
};

}  // namespace

const RuleDefinition& rollbackIncompleteRule() {
  static const RuleDefinition definition{
      {
          .name = "rollback-incomplete",
          .code = "R003",
          .category = Category::Rollback,
          .defaultSeverity = Severity::Error,
          .summary = "The rollback does not undo everything its migration changes.",
          .rationale =
              "A rollback that forgets part of its migration leaves the schema between two versions: the "
              "application of the previous release meets a column, index or constraint it does not expect (a "
              "NOT NULL column it does not fill, a unique index it violates), and re-running the migration fails "
              "on objects that already exist.\n\n"
              "sluice compares the two files object by object. Every table, column, index, constraint, type, "
              "view, function, sequence, trigger, extension or schema the migration creates must be dropped "
              "(dropping a table covers its columns, indexes and constraints); every rename reversed; every type, "
              "default and NOT NULL change reverted (sluice checks that the rollback changes them again, not to "
              "which value: `sluice verify` compares the schemas for real); every object dropped recreated, "
              "whose data cannot come back anyway; every enum value added removed, which PostgreSQL only allows "
              "by recreating the type. Each thing left undone is reported at the statement of the migration that "
              "did it. Objects created and dropped again within the migration need nothing; columns, constraints, "
              "indexes and triggers dropped and created again are taken as rebuilt, while views, functions and "
              "types dropped and created again must be restored by the rollback. After a `DROP ... CASCADE` in "
              "the rollback, views, triggers, constraints and indexes the migration created may be gone with it "
              "and are not reported. "
              "`CREATE EXTENSION`/`CREATE SCHEMA IF NOT EXISTS` of something the history does not know only makes "
              "sure it exists and need not be dropped. For migrations that ory/popx splits into parts, the "
              "rollbacks of all parts count together. A rollback with SQL that sluice cannot follow (EXECUTE of a "
              "computed string in a DO block) is not judged.",
          .safeAlternative = "Add the missing statements to the rollback, in reverse order of the migration.",
          .badExample = "-- migration.sql\nALTER TABLE users ADD COLUMN email text;\n"
                        "CREATE INDEX users_email_idx ON users (email);\n"
                        "-- down.sql: forgets the column\nDROP INDEX users_email_idx;",
          .goodExample = "-- down.sql\nDROP INDEX users_email_idx;\nALTER TABLE users DROP COLUMN email;",
      },
      makeRule<RollbackIncomplete>};
  return definition;
}

}  // namespace sluice::rules
