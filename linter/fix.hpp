#pragma once
// A finding's fix: the safe rewrite `sluice fix` applies. A rule builds it while it checks
// the statement, from the statement's and tokens' byte spans, so that the rule's file says
// whether and how its findings are fixed (RuleMeta::fix describes it for the docs).

#include <string>
#include <string_view>
#include <vector>

#include "linter/span.hpp"

namespace sluice {

// Replaces the bytes of `span` in the finding's file; an empty span inserts.
struct TextEdit {
  Span span;
  std::string replacement;
};

// SQL that must run in a migration of its own right after the fixed one (outside its
// transaction): CREATE INDEX CONCURRENTLY moved out of a transactional file, or the
// VALIDATE CONSTRAINT that follows a NOT VALID constraint.
struct FollowingMigration {
  std::string name;  // for the new migration's id: letters, digits and '_'
  std::string sql;
  bool outsideTransaction = false;  // CONCURRENTLY: the layout must not wrap it in a transaction
};

struct Fix {
  std::string description;  // "add CONCURRENTLY", for diffs and reports
  std::vector<TextEdit> edits;
  // New migrations, in order, right after the fixed one.
  std::vector<FollowingMigration> following;
  // SQL the fixed migration's rollback must also run, at its end: it undoes what the fix
  // adds to the migration itself and a new migration removes (the NOT VALID check of
  // set-not-null), for when the new migration was never applied. Written so that it does
  // nothing when there is nothing to undo (IF EXISTS).
  std::string rollbackAddition;
};

// Whether two fixes edit the same bytes of a file (or insert at the same place, where
// the order of the insertions would be a guess): only one of them can be applied.
bool fixesOverlap(const Fix& a, const Fix& b);

// `text` with `edits` applied. Edits must not overlap; they are applied in span order.
std::string applyEdits(std::string_view text, std::vector<TextEdit> edits);

// A unified diff (3 lines of context) from `before` to `after`, labelled a/<path> and
// b/<path>; an empty `before` with `created` set is a new file. Empty when equal.
std::string unifiedDiff(std::string_view path, std::string_view before, std::string_view after, bool created = false);

// A name made of letters, digits and '_' from SQL identifiers, for a new migration:
// "validate_orders_customer_fk".
std::string migrationNameFrom(std::string_view words, std::size_t maxLength = 60);

}  // namespace sluice
