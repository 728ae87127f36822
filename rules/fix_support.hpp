#pragma once
// Building blocks for the fixes rules attach to their findings (linter/fix.hpp).

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "linter/context.hpp"
#include "linter/fix.hpp"

namespace sluice::rules {

// The statement's text as written, without its ';'.
std::string_view statementText(const StatementContext& context);

// The statement with its ';' and the rest of its line (when only blanks follow), for
// moving it elsewhere.
Span statementLineSpan(const StatementContext& context);

// Whether the file has a top-level statement other than this one.
bool fileHasOtherStatements(const StatementContext& context);

// Whether a top-level statement after this one mentions `word` (case-insensitive
// substring of its text): moving this statement after them could change what they do.
bool laterStatementMentions(const StatementContext& context, std::string_view word);

// Inserts ` CONCURRENTLY` after the statement's INDEX keyword. In a file that holds
// other statements, adding it would take the whole file out of its transaction (or
// fail in it), so the statement moves to a migration of its own instead, unless a
// later statement names the index or its table. `verb` ("create", "drop") names the
// new migration. Null when not safe.
std::shared_ptr<const Fix> concurrentIndexFix(const StatementContext& context, std::string_view verb,
                                              std::string_view indexName, std::string_view tableName);

}  // namespace sluice::rules
