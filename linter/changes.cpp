#include "linter/changes.hpp"

#include <algorithm>
#include <optional>

namespace sluice {

namespace {

// Turns a statement's effects into changes, judged against the model as it is before
// the statement (which the recorder does not change).
class Recorder final : public EffectVisitor {
 public:
  Recorder(const SchemaModel& model, const Statement& statement, std::size_t index)
      : model_(model), statement_(statement), index_(index) {}

  std::vector<Change> run() {
    visitEffects(model_, statement_.node, *this);
    return std::move(changes_);
  }

 private:
  void createTable(const NewTable& table) override { created(ChangeTarget::Table, table.name); }

  void createObject(const NewObject& object) override {
    Change& change = created(object.target, object.name);
    if (object.target == ChangeTarget::Extension || object.target == ChangeTarget::Schema) {
      change.ensure = object.ifNotExists;
    }
    onTable(change, object);
  }

  void replaceObject(const NewObject& object) override {
    Change& change = add(ChangeAction::Replace, object.target, object.name);
    change.known = true;
    change.existed = !isNew(object.target, object.name);
    onTable(change, object);
  }

  void createIndex(const NewIndex& index) override {
    Change& change = created(ChangeTarget::Index, index.name);
    change.table = index.table;
    change.known = model_.table(index.table) != nullptr;
    change.onExistingTable = !model_.isNewTable(index.table);
    change.columns = index.columns;
  }

  void addColumn(const AlteredTable& table, const PgQuery__ColumnDef* column) override {
    Change& change = member(ChangeAction::Create, ChangeTarget::Column, table.name, column->colname);
    change.existed = false;
    change.newType = ast::typeInfo(column->type_name);
  }

  void dropColumn(const AlteredTable& table, const DroppedMember& column) override {
    Change& change = member(ChangeAction::Drop, ChangeTarget::Column, table.name, std::string(column.name));
    change.ifExists = column.ifExists;
    change.cascade = column.cascade;
    const ModelTable* known = model_.table(table.name);
    const ModelColumn* dropped = known != nullptr ? known->column(column.name) : nullptr;
    if (known != nullptr && known->columnsKnown && dropped == nullptr) change.known = false;
    if (dropped != nullptr) {
      change.oldType = dropped->type;
      change.oldTypeKnown = true;
    }
  }

  void alterColumnType(const AlteredTable& table, std::string_view column, const PgQuery__TypeName* type) override {
    Change& change = member(ChangeAction::AlterType, ChangeTarget::Column, table.name, std::string(column));
    if (type != nullptr) change.newType = ast::typeInfo(type);
    const ModelTable* known = model_.table(table.name);
    if (const ModelColumn* old = known != nullptr ? known->column(column) : nullptr) {
      change.oldType = old->type;
      change.oldTypeKnown = true;
    }
  }

  void setColumnDefault(const AlteredTable& table, std::string_view column, bool set) override {
    member(ChangeAction::AlterDefault, ChangeTarget::Column, table.name, std::string(column)).setValue = set;
  }

  void setColumnNotNull(const AlteredTable& table, std::string_view column, bool notNull) override {
    member(ChangeAction::AlterNullability, ChangeTarget::Column, table.name, std::string(column)).setValue = notNull;
  }

  void setColumnIdentity(const AlteredTable& table, std::string_view column, bool /*identity*/) override {
    alterTableOther(table, column);
  }

  void addConstraint(const AlteredTable& table, const NewConstraint& constraint) override {
    Change& change = member(ChangeAction::Create, ChangeTarget::Constraint, table.name, std::string(constraint.name));
    change.existed = false;
    change.columns = constraint.columns;
    change.newName = constraint.indexName;  // USING INDEX: the index it takes over
  }

  void validateConstraint(const AlteredTable& table, std::string_view constraint) override {
    alterTableOther(table, constraint);
  }

  void dropConstraint(const AlteredTable& table, const DroppedMember& constraint) override {
    Change& change = member(ChangeAction::Drop, ChangeTarget::Constraint, table.name, std::string(constraint.name));
    change.ifExists = constraint.ifExists;
    change.cascade = constraint.cascade;
  }

  void inheritColumns(const AlteredTable& table) override { alterTableOther(table, {}); }

  void alterTableOther(const AlteredTable& table, std::string_view name) override {
    altered(ChangeTarget::Table, table.name).member = name;
  }

  void rename(const Renaming& rename) override {
    if (rename.target == ChangeTarget::Column || rename.target == ChangeTarget::Constraint) {
      Change& change = member(ChangeAction::Rename, rename.target, rename.object, std::string(rename.member));
      change.newName = rename.newName;
      change.ifExists = rename.ifExists;
      return;
    }
    Change& change = add(ChangeAction::Rename, rename.target, rename.object);
    if (rename.target == ChangeTarget::Table) change.table = rename.object;
    if (rename.target == ChangeTarget::Trigger) {
      change.table = rename.table;
    } else {
      change.ifExists = rename.ifExists;
    }
    change.newName = rename.newName;
    change.known = exists(rename.target, rename.object);
    change.existed = !isNew(rename.target, rename.object);
  }

  void drop(const Dropping& drop) override {
    Change& change = add(ChangeAction::Drop, drop.target, drop.name);
    change.ifExists = drop.ifExists;
    change.cascade = drop.cascade;
    change.known = exists(drop.target, drop.name);
    change.existed = !isNew(drop.target, drop.name);
    if (drop.target == ChangeTarget::Table) change.table = drop.name;
    if (drop.target == ChangeTarget::Trigger) change.table = drop.table;
    if (drop.target == ChangeTarget::Index) {
      if (const ModelObject* index = model_.object(ObjectKind::Index, drop.name)) {
        for (const ModelTable* known : model_.allTables()) {
          if (known->name.key() == index->tableKey) change.table = known->name;
        }
      }
    }
  }

  void setSchema(const AlteredObject& object, std::string_view /*schema*/) override { alterObject(object); }

  void addEnumValue(const ast::QualifiedName& type, std::string_view value) override {
    Change& change = add(ChangeAction::AddEnumValue, ChangeTarget::Type, type);
    change.member = value;
    change.known = model_.object(ObjectKind::Type, type) != nullptr;
    change.existed = !isNew(ChangeTarget::Type, type);
  }

  void renameEnumValue(const ast::QualifiedName& type, std::string_view from, std::string_view to) override {
    Change& change = add(ChangeAction::RenameEnumValue, ChangeTarget::Type, type);
    change.member = from;
    change.newName = to;
    change.known = model_.object(ObjectKind::Type, type) != nullptr;
    change.existed = !isNew(ChangeTarget::Type, type);
  }

  void alterObject(const AlteredObject& object) override { altered(object.target, object.name); }

  void changeData(const DataChange& data) override {
    static constexpr ChangeAction kActions[] = {ChangeAction::Truncate, ChangeAction::Delete, ChangeAction::Update,
                                                ChangeAction::Insert};
    Change& change = add(kActions[static_cast<int>(data.kind)], ChangeTarget::Table, data.table);
    change.table = data.table;
    change.known = model_.table(data.table) != nullptr;
    change.existed = !model_.isNewTable(data.table);
    change.onExistingTable = change.existed;
    change.hasWhere = data.hasWhere;
    change.fromQuery = data.fromQuery;
    // The first column it overwrites that held data before this migration.
    for (std::size_t i = 0; i < data.setColumns.size() && change.existed; ++i) {
      if (!model_.isNewColumn(data.table, data.setColumns[i])) {
        change.member = data.setColumns[i];
        break;
      }
    }
  }

  bool exists(ChangeTarget target, const ast::QualifiedName& name) const {
    if (target == ChangeTarget::Table) return model_.table(name) != nullptr;
    std::optional<ObjectKind> kind = objectKindOf(target);
    return kind && model_.object(*kind, name) != nullptr;
  }
  bool isNew(ChangeTarget target, const ast::QualifiedName& name) const {
    std::optional<ObjectKind> kind = objectKindOf(target);
    return kind && model_.isNewObject(*kind, name);
  }

  Change& add(ChangeAction action, ChangeTarget target, const ast::QualifiedName& object) {
    Change change;
    change.action = action;
    change.target = target;
    change.object = object;
    change.statement = index_;
    change.span = statement_.span;
    changes_.push_back(std::move(change));
    return changes_.back();
  }

  Change& created(ChangeTarget target, const ast::QualifiedName& name) {
    Change& change = add(ChangeAction::Create, target, name);
    if (target == ChangeTarget::Table) change.table = name;
    return change;
  }

  // Triggers: the table they are on.
  void onTable(Change& change, const NewObject& object) const {
    if (object.table.empty()) return;
    change.table = object.table;
    change.onExistingTable = !model_.isNewTable(object.table);
  }

  Change& altered(ChangeTarget target, const ast::QualifiedName& name) {
    Change& change = add(ChangeAction::AlterOther, target, name);
    change.known = exists(target, name);
    change.existed = !isNew(target, name);
    if (target == ChangeTarget::Table) change.table = name;
    return change;
  }

  // A member (column or constraint) of `table`.
  Change& member(ChangeAction action, ChangeTarget target, const ast::QualifiedName& table, std::string name) {
    Change& change = add(action, target, table);
    change.table = table;
    change.member = std::move(name);
    const ModelTable* known = model_.table(table);
    change.known = known != nullptr;
    change.onExistingTable = !model_.isNewTable(table);
    if (target == ChangeTarget::Column) {
      change.existed = !model_.isNewColumn(table, change.member);
    } else {
      change.existed = !model_.isNewConstraint(table, change.member);
    }
    return change;
  }

  const SchemaModel& model_;
  const Statement& statement_;
  std::size_t index_;
  std::vector<Change> changes_;
};

bool sameName(const ast::QualifiedName& a, const ast::QualifiedName& b) { return a.key() == b.key(); }

}  // namespace

std::vector<Change> statementChanges(const SchemaModel& model, const Statement& statement, std::size_t index) {
  return Recorder(model, statement, index).run();
}

bool isSchemaChange(const Change& change) {
  switch (change.action) {
    case ChangeAction::Truncate:
    case ChangeAction::Delete:
    case ChangeAction::Update:
    case ChangeAction::Insert: return false;
    default: return true;
  }
}

bool touchesExisting(const Change& change) {
  // A new column, constraint, index or trigger on an existing table alters that table.
  if (change.action == ChangeAction::Create) return change.onExistingTable;
  return change.existed;
}

std::vector<Change> netSchemaChanges(const std::vector<Change>& changes) {
  std::vector<Change> net;
  auto tableCreated = [&](const ast::QualifiedName& table) {
    return std::any_of(net.begin(), net.end(), [&](const Change& c) {
      return c.action == ChangeAction::Create && c.target == ChangeTarget::Table && sameName(c.object, table);
    });
  };
  auto findCreate = [&](ChangeTarget target, const ast::QualifiedName& object, std::string_view memberName) {
    return std::find_if(net.begin(), net.end(), [&](const Change& c) {
      return c.action == ChangeAction::Create && c.target == target && sameName(c.object, object) &&
             c.member == memberName;
    });
  };
  auto renameTable = [&](const ast::QualifiedName& from, const std::string& to) {
    for (Change& c : net) {
      if (!c.table.empty() && sameName(c.table, from)) c.table.name = to;
      if ((c.target == ChangeTarget::Column || c.target == ChangeTarget::Constraint) && sameName(c.object, from)) {
        c.object.name = to;
      }
    }
  };
  for (const Change& change : changes) {
    if (!isSchemaChange(change) || change.action == ChangeAction::AlterOther) continue;
    bool isMember = change.target == ChangeTarget::Column || change.target == ChangeTarget::Constraint;
    // Anything done to a table this migration created is part of creating it.
    bool onNewTable = !change.table.empty() && tableCreated(change.table) &&
                      !(change.target == ChangeTarget::Table && change.action != ChangeAction::Drop &&
                        change.action != ChangeAction::Rename);
    switch (change.action) {
      case ChangeAction::Create: {
        if (onNewTable) break;
        // An existing object dropped earlier and created again under its name: replaced.
        auto dropped = std::find_if(net.begin(), net.end(), [&](const Change& c) {
          return c.action == ChangeAction::Drop && c.target == change.target && sameName(c.object, change.object) &&
                 c.member == change.member;
        });
        if (dropped != net.end()) {
          net.erase(dropped);
          Change replaced = change;
          replaced.action = ChangeAction::Replace;
          replaced.existed = true;
          net.push_back(std::move(replaced));
          break;
        }
        net.push_back(change);
        break;
      }
      case ChangeAction::Replace:
        if (findCreate(change.target, change.object, change.member) != net.end()) break;
        if (std::none_of(net.begin(), net.end(), [&](const Change& c) {
              return c.action == ChangeAction::Replace && c.target == change.target &&
                     sameName(c.object, change.object);
            })) {
          net.push_back(change);
        }
        break;
      case ChangeAction::Drop: {
        // Renamed earlier in the migration, then dropped: the original is what is gone;
        // created again under the original name, it is replaced (Prisma's enum swap).
        auto renamed = std::find_if(net.begin(), net.end(), [&](const Change& c) {
          if (c.action != ChangeAction::Rename || c.target != change.target) return false;
          if (isMember) return sameName(c.object, change.object) && c.newName == change.member;
          return c.newName == change.object.name && c.object.schema == change.object.schema;
        });
        if (renamed != net.end()) {
          Change dropped = change;
          if (isMember) {
            dropped.member = renamed->member;
          } else {
            dropped.object = renamed->object;
          }
          net.erase(renamed);
          auto recreated = findCreate(dropped.target, dropped.object, dropped.member);
          if (recreated != net.end()) {
            recreated->action = ChangeAction::Replace;
            recreated->existed = true;
          } else {
            net.push_back(std::move(dropped));
          }
          break;
        }
        auto created = findCreate(change.target, change.object, change.member);
        if (created != net.end()) {
          // Created and dropped again: nothing is left, including its members.
          ast::QualifiedName gone = created->object;
          ChangeTarget target = created->target;
          net.erase(created);
          if (target == ChangeTarget::Table) {
            std::erase_if(net, [&](const Change& c) { return !c.table.empty() && sameName(c.table, gone); });
          }
          break;
        }
        if (onNewTable) break;
        if (!change.existed) break;                   // a member of something created here
        if (!change.known && change.ifExists) break;  // nothing says it was there
        net.push_back(change);
        break;
      }
      case ChangeAction::Rename: {
        auto created = findCreate(change.target, change.object, change.member);
        if (created != net.end()) {
          if (isMember) {
            created->member = change.newName;
          } else {
            ast::QualifiedName from = created->object;
            created->object.name = change.newName;
            if (created->target == ChangeTarget::Table) {
              created->table = created->object;
              renameTable(from, change.newName);
            }
          }
          break;
        }
        if (onNewTable) break;
        // A second rename of the same object continues the first.
        auto earlier = std::find_if(net.begin(), net.end(), [&](const Change& c) {
          if (c.action != ChangeAction::Rename || c.target != change.target) return false;
          if (isMember) return sameName(c.object, change.object) && c.newName == change.member;
          return c.newName == change.object.name && c.object.schema == change.object.schema;
        });
        if (earlier != net.end()) {
          earlier->newName = change.newName;
          if (isMember ? earlier->member == earlier->newName : earlier->object.name == earlier->newName) {
            net.erase(earlier);
          }
        } else {
          net.push_back(change);
        }
        if (change.target == ChangeTarget::Table) renameTable(change.object, change.newName);
        break;
      }
      case ChangeAction::AlterType:
      case ChangeAction::AlterDefault:
      case ChangeAction::AlterNullability: {
        if (onNewTable || !change.existed) break;
        if (findCreate(ChangeTarget::Column, change.object, change.member) != net.end()) break;
        bool seen = std::any_of(net.begin(), net.end(), [&](const Change& c) {
          return c.action == change.action && sameName(c.object, change.object) && c.member == change.member;
        });
        if (!seen) net.push_back(change);
        break;
      }
      case ChangeAction::AddEnumValue:
      case ChangeAction::RenameEnumValue:
        if (!change.existed) break;
        net.push_back(change);
        break;
      default: break;
    }
  }
  return net;
}

std::vector<Change> changesToUndo(const std::vector<Change>& changes) {
  std::vector<Change> out = netSchemaChanges(changes);
  std::erase_if(out, [](const Change& change) {
    if (change.ensure) return true;
    if (change.action == ChangeAction::Replace &&
        (change.target == ChangeTarget::Column || change.target == ChangeTarget::Constraint ||
         change.target == ChangeTarget::Index || change.target == ChangeTarget::Trigger)) {
      return true;
    }
    return change.action == ChangeAction::Create && change.target == ChangeTarget::Index && change.object.name.empty();
  });
  return out;
}

std::string summarizeChange(const Change& change) {
  std::string what = describeChange(change);
  switch (change.action) {
    case ChangeAction::Create: return "creates " + what;
    case ChangeAction::Replace: return "replaces " + what;
    case ChangeAction::Drop: return "drops " + what;
    case ChangeAction::Rename: return "renames " + what + " to `" + change.newName + "`";
    case ChangeAction::AlterType: return "changes the type of " + what;
    case ChangeAction::AlterDefault: return std::string(change.setValue ? "sets" : "drops") + " the default of " + what;
    case ChangeAction::AlterNullability:
      return std::string(change.setValue ? "sets" : "drops") + " NOT NULL on " + what;
    case ChangeAction::AddEnumValue: return "adds value '" + change.member + "' to " + what;
    case ChangeAction::RenameEnumValue: return "renames value '" + change.member + "' of " + what;
    case ChangeAction::Truncate: return "truncates " + what;
    case ChangeAction::Delete: return "deletes from " + what;
    case ChangeAction::Update: return "updates " + what;
    case ChangeAction::Insert: return "inserts into " + what;
    case ChangeAction::AlterOther: return "alters " + what;
  }
  return "changes " + what;
}

std::string describeChange(const Change& change) {
  auto quote = [](std::string_view name) { return "`" + std::string(name) + "`"; };
  switch (change.target) {
    case ChangeTarget::Column: return "column " + quote(change.member) + " of table " + quote(change.object.display());
    case ChangeTarget::Constraint:
      if (change.member.empty()) return "a constraint on table " + quote(change.object.display());
      return "constraint " + quote(change.member) + " on table " + quote(change.object.display());
    case ChangeTarget::Index:
      if (change.object.name.empty()) return "an unnamed index on table " + quote(change.table.display());
      return "index " + quote(change.object.display());
    case ChangeTarget::Trigger:
      return "trigger " + quote(change.object.name) + " on table " + quote(change.table.display());
    default: return std::string(changeTargetName(change.target)) + " " + quote(change.object.display());
  }
}

}  // namespace sluice
