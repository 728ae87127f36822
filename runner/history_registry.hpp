#pragma once
// The one place that decides which history table a format's tool gets
// (MigrationFormat::historyTool: "prisma", "sluice", "goose", ...). Prisma's table and
// sluice's own are implemented; every other tool's table is read only to learn whether
// it exists, and writing is refused, so that sluice never records a goose project's
// migrations in its own table where goose would not see them.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "common/error.hpp"
#include "runner/history.hpp"

namespace sluice {

struct HistoryChoice {
  std::unique_ptr<HistoryStore> store;
  std::int64_t lockKey = 0;
  // Set when the tool's table cannot be written yet: deploy, rollback and resolve refuse
  // with it (exit 2); status and `deploy --dry-run` read through `store`, which reports an
  // absent table as an empty history and refuses a present one.
  std::optional<Error> refusal;
};

// `table`: the schema from --history-schema or the URL, and for sluice's own table its
// configured name (empty: the tool's default).
HistoryChoice makeHistoryStore(std::string_view tool, HistoryTableName table);

}  // namespace sluice
