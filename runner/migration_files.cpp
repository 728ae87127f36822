#include "runner/migration_files.hpp"

#include "common/line_index.hpp"
#include "common/sha256.hpp"
#include "common/sql_file.hpp"
#include "linter/layout.hpp"
#include "linter/parser.hpp"

namespace sluice {

Expected<std::vector<MigrationFile>> readMigrationFiles(const MigrationSet& set) {
  std::vector<MigrationFile> files;
  files.reserve(set.migrations.size());
  for (const Migration& migration : set.migrations) {
    auto text = readSqlFile(migration.forward);
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
      auto rollback = readSqlFile(*migration.rollback);
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

namespace {

Status checkDepth(std::string_view text, const std::filesystem::path& path) {
  auto tooDeep = firstTooDeep(text);
  if (!tooDeep) return {};
  TextPosition at = LineIndex(text).position(tooDeep->offset);
  std::string shown = path.lexically_normal().string();
  return Error(ErrorCode::Input, shown + ": " + tooDeep->message,
               tooDeep->hint + "; sluice refused the run before connecting to the database",
               shown + ":" + std::to_string(at.line) + ":" + std::to_string(at.column));
}

}  // namespace

Status checkRunnable(const std::vector<MigrationFile>& files, FilesRun run) {
  for (const MigrationFile& file : files) {
    if (run == FilesRun::ForwardAndRollback) {
      if (auto checked = checkDepth(*file.text, file.migration->forward); !checked) return checked;
    }
    const auto& rollback = file.migration->rollback;
    std::error_code ec;
    if (!rollback || std::filesystem::file_size(*rollback, ec) <= static_cast<std::uintmax_t>(kMaxNesting)) continue;
    auto text = readSqlFile(*rollback);
    if (!text) return text.takeError();
    if (auto checked = checkDepth(*text, *rollback); !checked) return checked;
  }
  return {};
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
