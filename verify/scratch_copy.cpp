#include "verify/scratch_copy.hpp"

namespace sluice {
namespace {

constexpr std::size_t kMaxIdentifierBytes = 63;  // NAMEDATALEN - 1: longer names are truncated

std::string copyName(const std::string& database) {
  const std::string suffix = "_sluice_copy";
  return database.substr(0, kMaxIdentifierBytes - suffix.size()) + suffix;
}

}  // namespace

ScratchCopy::ScratchCopy(ConnectionSettings scratch, std::string database)
    : scratch_(std::move(scratch)), database_(std::move(database)), copy_(copyName(database_)) {}

ScratchCopy::~ScratchCopy() {
  if (taken_ && admin_) admin_->exec("DROP DATABASE IF EXISTS " + admin_->identifier(copy_));
}

Expected<PgSession*> ScratchCopy::admin() {
  if (admin_) return &*admin_;
  std::optional<Error> failure;
  for (const char* database : {"postgres", "template1"}) {
    if (database == database_) continue;  // the scratch database itself cannot be copied from inside
    auto opened = PgSession::open(scratch_.withDatabase(database), "sluice verify");
    if (opened) {
      admin_.emplace(std::move(*opened));
      return &*admin_;
    }
    if (!failure) failure = opened.takeError();
  }
  return *failure;
}

Expected<SqlResult> ScratchCopy::run(const std::string& sql, const std::string& what) {
  auto session = admin();
  if (!session) return session.takeError();
  auto result = (*session)->query(sql);
  if (!result) return Error(ErrorCode::Input, what + ": " + result.error().message, result.error().hint);
  return result;
}

Status ScratchCopy::take() {
  auto session = admin();
  if (!session) return session.takeError();
  std::string copy = (*session)->identifier(copy_);
  // A copy left by an interrupted run goes first (CREATE DATABASE runs on its own, not in a
  // multi-statement message, which would be a transaction block).
  if (auto dropped = run("DROP DATABASE IF EXISTS " + copy, "cannot drop the old copy " + copy_); !dropped) {
    return dropped.takeError();
  }
  auto created = run("CREATE DATABASE " + copy + " TEMPLATE " + (*session)->identifier(database_),
                     "cannot copy the scratch database " + database_);
  if (!created) return created.takeError();
  taken_ = true;
  return {};
}

Status ScratchCopy::restore() {
  auto session = admin();
  if (!session) return session.takeError();
  if (auto dropped = run("DROP DATABASE " + (*session)->identifier(database_),
                         "cannot drop the scratch database " + database_ + " to put its copy in its place");
      !dropped) {
    return dropped.takeError();
  }
  if (auto renamed =
          run("ALTER DATABASE " + (*session)->identifier(copy_) + " RENAME TO " + (*session)->identifier(database_),
              "cannot rename the copy " + copy_ + " to " + database_);
      !renamed) {
    return renamed.takeError();
  }
  taken_ = false;
  return {};
}

}  // namespace sluice
