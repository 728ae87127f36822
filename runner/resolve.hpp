#pragma once
// `sluice resolve --applied NAME | --rolled-back NAME`: the way out of a failed migration
// (as `prisma migrate resolve`), after the database was put right by hand.
//   --applied      the migration's changes are all in place: record it as applied (a
//                  pending migration can be recorded this way too, to baseline a
//                  database that already has its changes);
//   --rolled-back  its changes are gone: the failed record stops blocking deploys and the
//                  migration is pending again.

#include <chrono>
#include <string>

#include "common/connection.hpp"
#include "runner/project.hpp"
#include "runner/report.hpp"

namespace sluice {

struct ResolveOptions {
  ProjectOptions project;
  std::string name;
  bool applied = true;  // false: --rolled-back
  std::chrono::milliseconds lockWait{60000};
  std::string toolVersion;
};

RunReport resolveMigration(const ResolveOptions& options, const ConnectionSettings& settings);

}  // namespace sluice
