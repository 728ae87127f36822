#pragma once
// The inverse of one change (linter/changes.hpp), judged against the schema model just
// before and just after the statement that made it. One file per family of objects:
// inverse_tables.cpp (tables, columns, constraints), inverse_objects.cpp (indexes,
// views, functions, types, sequences, triggers, extensions, schemas).

#include <optional>
#include <string>
#include <vector>

#include "linter/changes.hpp"
#include "linter/rollback/definitions.hpp"

namespace sluice::rollback {

// What the inverse of one statement writes, in order.
class InverseSteps {
 public:
  void statement(std::string sql) { lines_.push_back(std::move(sql) + ";"); }
  // A statement for the end of the rollback, after every other undo: a view written with
  // `*` is expanded when it is created, so a view brought back before the rollback drops
  // the columns the migration added would hold them (and stop the DROP COLUMN).
  void lastly(std::string sql) { last_.push_back(std::move(sql) + ";"); }
  void note(const std::string& comment) { lines_.push_back("-- " + comment); }
  // What cannot be undone from what the model knows: a commented line with the reason.
  void cannot(const std::string& reason) {
    lines_.push_back("-- sluice: cannot generate " + reason);
    ++cannotCount_;
  }
  [[nodiscard]] const std::vector<std::string>& lines() const { return lines_; }
  [[nodiscard]] const std::vector<std::string>& lastLines() const { return last_; }
  [[nodiscard]] std::size_t cannotCount() const { return cannotCount_; }

 private:
  std::vector<std::string> lines_;
  std::vector<std::string> last_;
  std::size_t cannotCount_ = 0;
};

struct InverseContext {
  const SchemaModel& before;
  const SchemaModel& after;
  const Definitions& definitions;
  const ast::Node* statement = nullptr;
  bool concurrently = false;  // the statement ran outside a transaction (CREATE INDEX CONCURRENTLY)
};

void invertTableChange(const Change& change, const InverseContext& context, InverseSteps& steps);
void invertObjectChange(const Change& change, const InverseContext& context, InverseSteps& steps);

// Writes back table `table` (columns, constraints, indexes) as `model` knew it, with the
// note that its rows are gone. False when the model or the history does not know enough.
bool recreateTable(const ast::QualifiedName& table, const SchemaModel& model, const Definitions& definitions,
                   InverseSteps& steps);
// CREATE INDEX for index `name` from its definition, on its table as `model` names it;
// nullopt when unknown.
std::optional<std::string> recreateIndexSql(const ast::QualifiedName& name, const SchemaModel& model,
                                            const Definitions& definitions, bool concurrently);
// The same, written to `steps`; false when unknown.
bool recreateIndex(const ast::QualifiedName& name, const SchemaModel& model, const Definitions& definitions,
                   bool concurrently, InverseSteps& steps);

}  // namespace sluice::rollback
