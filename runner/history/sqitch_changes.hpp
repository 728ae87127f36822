#pragma once
// sqitch's registry names a change by an id computed from its plan entry, the id of the
// change planned before it and its dependencies (tool_checksums.hpp), and records who
// deployed it. This turns the sqitch format's plan entries into the changes the registry
// store records (App::Sqitch, Plan/Change.pm, Plan/Depend.pm, Engine.pm
// check_deploy_dependencies).

#include <filesystem>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "runner/history.hpp"
#include "runner/migration_files.hpp"

namespace sluice {

struct SqitchCommitter {
  std::string name;
  std::string email;
};

// sqitch's user.name and user.email as App::Sqitch resolves them: $SQITCH_FULLNAME /
// $SQITCH_EMAIL; else user.name / user.email from the project's sqitch.conf
// ($SQITCH_CONFIG), the user's ~/.sqitch/sqitch.conf ($SQITCH_USER_CONFIG) or
// /etc/sqitch/sqitch.conf ($SQITCH_SYSTEM_CONFIG), in that order; else
// $SQITCH_ORIG_FULLNAME / $SQITCH_ORIG_EMAIL; else the OS user's full name (GECOS) or
// login, and login@host.
SqitchCommitter sqitchCommitter(const std::filesystem::path& projectDir);

// Sets MigrationFile::sqitch of every change of a sqitch project, in plan order: parent =
// the change id of the change before it; a requirement resolves to the change id of the
// change it names in the plan (`name@tag`: its version as of that tag), a requirement on
// another project's change is resolved from the registry when recorded. Returns the
// plan's %project; an Input error when the plan has none (sqitch refuses such a plan).
Expected<std::string> addSqitchChanges(std::vector<MigrationFile>& files, const SqitchCommitter& committer);

}  // namespace sluice
