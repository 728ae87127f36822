#pragma once
// The migrations `sluice fix` adds right after a fixed one (CREATE INDEX CONCURRENTLY moved
// out of a transaction, VALIDATE CONSTRAINT after NOT VALID), finished on the trial copy of
// the folder once they are written: the fixes being applied that only edit text reach them
// too (a SET lock_timeout at the top), and their rollback says how it relates to the fixed
// migration's, which still undoes their change.

#include <filesystem>
#include <map>
#include <string>

#include "common/error.hpp"
#include "linter/engine.hpp"

namespace sluice::cli {

// `followed`: the id of each new migration -> the id of the migration it follows. `check`
// lints the copy with the rules being fixed.
Status finishNewMigrations(const std::filesystem::path& copy, const std::map<std::string, std::string>& followed,
                           const LintRequest& check, const RuleList& registry);

}  // namespace sluice::cli
