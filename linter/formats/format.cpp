#include "linter/formats/format.hpp"

#include <algorithm>
#include <fstream>

#include "linter/formats/format_support.hpp"
#include "linter/layout.hpp"

namespace sluice {
namespace fs = std::filesystem;

FolderListing::FolderListing(fs::path dir) : dir_(std::move(dir)) {
  for (const auto& entry : formats::entriesOf(dir_)) {
    std::string name(entry.name());
    if (entry.isSymlink()) links_.push_back(name);
    if (formats::isDirectory(entry)) {
      folders_.push_back(std::move(name));
    } else if (formats::isRegularFile(entry)) {
      files_.push_back(std::move(name));
    }
  }
}

bool FolderListing::hasFile(std::string_view name) const {
  return std::binary_search(files_.begin(), files_.end(), name, std::less<>());
}

bool FolderListing::isLink(std::string_view name) const {
  return std::binary_search(links_.begin(), links_.end(), name, std::less<>());
}

std::string_view FolderListing::head(const std::string& file) const {
  for (const auto& [name, text] : heads_) {
    if (name == file) return text;
  }
  std::string text(8192, '\0');
  std::ifstream in(dir_ / file, std::ios::binary);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  heads_.emplace_back(file, std::move(text));
  return heads_.back().second;
}

PartExecution MigrationFormat::execution(const Migration& migration, FileRole) const {
  PartExecution execution;
  execution.tool = std::string(traits().tool);
  if (migration.runInTransaction && !*migration.runInTransaction) {
    execution.mode = TransactionMode::None;
    execution.reason = "declared to run without a transaction";
  }
  return execution;
}

Expected<MigrationPart> MigrationFormat::part(const Migration& migration, FileRole role, std::string text) const {
  const fs::path& path = role == FileRole::Rollback && migration.rollback ? *migration.rollback : migration.forward;
  if (auto refused = formats::refuseForeignMarkers(path, text, name()); !refused) return refused.takeError();
  MigrationPart part;
  part.text = std::make_shared<const std::string>(std::move(text));
  part.execution = execution(migration, role);
  return part;
}

bool MigrationFormat::versionLess(std::string_view a, std::string_view b) const { return sluice::versionLess(a, b); }

fs::path MigrationFormat::rollbackPathFor(const Migration& migration) const {
  if (migration.rollback) return *migration.rollback;
  if (!traits().forwardFileName.empty()) return migration.forward.parent_path() / "down.sql";
  return migration.forward.parent_path() / (migration.forward.stem().string() + "_rollback.sql");
}

std::string MigrationFormat::rollbackPlace(const Migration& migration) const {
  return "`" + rollbackPathFor(migration).filename().string() + "`";
}

bool MigrationFormat::isForwardFile(const fs::path& relative) const {
  std::vector<std::string> parts;
  for (const auto& part : relative) parts.push_back(part.string());
  if (parts.empty() || !parts.back().ends_with(".sql")) return false;
  if (!traits().forwardFileName.empty()) return parts.size() == 2 && parts.back() == traits().forwardFileName;
  return parts.size() == 1;
}

const MigrationFormat* findFormat(std::string_view name) {
  for (const MigrationFormat* format : migrationFormats()) {
    if (format->name() == name) return format;
  }
  return nullptr;
}

const MigrationFormat& looseFileFormat() { return *findFormat("file"); }

std::string formatNames() {
  std::string out;
  for (const MigrationFormat* format : migrationFormats()) {
    if (!out.empty()) out += ", ";
    out += format->name();
  }
  return out;
}

std::vector<std::string> formatNameList() {
  std::vector<std::string> names;
  for (const MigrationFormat* format : migrationFormats()) names.emplace_back(format->name());
  return names;
}

}  // namespace sluice
