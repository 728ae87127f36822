// Diesel: DIR/<version>_<name>/up.sql and down.sql, optional metadata.toml. Facts from
// diesel_migrations' source: the version is the folder name up to the first `_`, with
// its dashes removed, and migrations run in the order of those versions compared as
// strings (so `2017-09-26-200551_x` runs after `20170926200550_y`); up.sql runs inside
// one transaction unless metadata.toml says `run_in_transaction = false`, and it is sent
// with `batch_execute`, one simple-query message.
#include "common/file_io.hpp"
#include "common/toml.hpp"
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

std::string withoutDashes(std::string_view version) {
  std::string out;
  for (char c : version) {
    if (c != '-') out.push_back(c);
  }
  return out;
}

std::optional<bool> readRunInTransaction(const std::filesystem::path& metadata) {
  if (!isRegularFile(metadata)) return std::nullopt;
  auto text = readFile(metadata);
  if (!text) return std::nullopt;
  auto document = parseToml(*text, metadata.string());
  if (!document) return std::nullopt;
  const TomlValue* value = document->find("run_in_transaction");
  if (value == nullptr || value->kind != TomlValue::Kind::Boolean) return std::nullopt;
  return value->boolean;
}

class UpDownFolders final : public MigrationFormat {
 public:
  UpDownFolders()
      : MigrationFormat({.name = "updown-folders",
                         .tool = "Diesel",
                         .historyTool = "sluice",
                         .summary = "Diesel: <version>_<name>/up.sql + down.sql (+ metadata.toml)",
                         .forwardFileName = "up.sql",
                         .ownsSubfolders = true,
                         .expectsRollback = true,
                         .detectionStrength = 90}) {}

  Detection detect(const FolderListing& folder) const override {
    return countedEvidence(90, countMigrationFolders(folder, "up.sql"), "folder", " with up.sql");
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    Expected<MigrationSet> loaded = loadMigrationFolders(dir, *this);
    if (!loaded) return loaded;
    MigrationSet& set = *loaded;
    for (Migration& migration : set.migrations) {
      migration.runInTransaction = readRunInTransaction(migration.forward.parent_path() / "metadata.toml");
    }
    sortByVersion(set.migrations, *this);
    return loaded;
  }

  bool versionLess(std::string_view a, std::string_view b) const override {
    return withoutDashes(a) < withoutDashes(b);
  }

 protected:
  PartExecution execution(const Migration& migration, FileRole) const override {
    PartExecution execution;
    execution.tool = "Diesel";
    if (migration.runInTransaction && !*migration.runInTransaction) {
      execution.mode = TransactionMode::SimpleQuery;
      execution.reason = "metadata.toml says `run_in_transaction = false`";
    } else {
      execution.mode = TransactionMode::Wrapped;
    }
    return execution;
  }
};

}  // namespace

const MigrationFormat& updownFoldersFormat() {
  static const UpDownFolders format;
  return format;
}

}  // namespace sluice::formats
