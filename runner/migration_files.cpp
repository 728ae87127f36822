#include "runner/migration_files.hpp"

#include "common/file_io.hpp"
#include "common/sha256.hpp"
#include "linter/layout.hpp"

namespace sluice {

Expected<std::vector<MigrationFile>> readMigrationFiles(const MigrationSet& set) {
  std::vector<MigrationFile> files;
  files.reserve(set.migrations.size());
  for (const Migration& migration : set.migrations) {
    auto text = readFile(migration.forward);
    if (!text) return text.takeError();
    MigrationFile file;
    file.migration = &migration;
    file.checksum = sha256Hex(*text);
    auto forward = migrationPart(migration, FileRole::Forward, *text);
    if (!forward) return forward.takeError();
    file.text = forward->text;
    file.execution = std::move(forward->execution);
    file.lines = forward->lines;
    file.fileText = *file.text == *text ? file.text : std::make_shared<const std::string>(std::move(*text));
    if (migration.rollback) {
      auto rollback = readFile(*migration.rollback);
      if (!rollback) return rollback.takeError();
      file.rollbackChecksum = sha256Hex(*rollback);
      if (auto part = migrationPart(migration, FileRole::Rollback, std::move(*rollback)); !part) {
        return part.takeError();
      }
    }
    files.push_back(std::move(file));
  }
  return files;
}

bool checksumMatches(const std::string& recorded, const std::string& text) {
  if (recorded.empty()) return false;
  if (sha256Hex(text) == recorded) return true;
  if (text.find('\n') == std::string::npos) return false;
  std::string lf;
  std::string crlf;
  lf.reserve(text.size());
  crlf.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    lf.push_back(c);
  }
  for (char c : lf) {
    if (c == '\n') crlf.push_back('\r');
    crlf.push_back(c);
  }
  return (lf != text && sha256Hex(lf) == recorded) || (crlf != text && sha256Hex(crlf) == recorded);
}

std::string statementChecksum(std::string_view statementText) { return sha256Hex(statementText).substr(0, 16); }

}  // namespace sluice
