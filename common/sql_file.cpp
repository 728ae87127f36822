#include "common/sql_file.hpp"

#include <cstdio>

#include "common/file_io.hpp"
#include "common/line_index.hpp"
#include "common/text.hpp"

namespace sluice {
namespace fs = std::filesystem;

namespace {

std::string shown(const fs::path& path) { return path.lexically_normal().string(); }

std::string where(std::string_view text, std::size_t offset, const fs::path& path) {
  TextPosition at = LineIndex(text).position(offset);
  return shown(path) + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

}  // namespace

Status checkFollowable(const fs::path& entry) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(entry, ec))) return {};
  fs::file_status target = fs::status(entry, ec);
  if (!ec && fs::exists(target)) return {};
  std::error_code readEc;
  fs::path destination = fs::read_symlink(entry, readEc);
  bool loops = ec == std::errc::too_many_symbolic_link_levels;
  std::string what = loops
                         ? "is a symbolic link that loops (" + ec.message() + ")"
                         : "is a symbolic link to " + (readEc ? std::string("a missing file") : destination.string()) +
                               ", which does not exist";
  return Error(ErrorCode::Input, shown(entry) + " " + what,
               "it is named like a migration, so sluice will not skip it: fix the link, or remove it if it is not a "
               "migration",
               shown(entry));
}

Status checkSqlText(std::string_view text, const fs::path& path) {
  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    return Error(ErrorCode::Input,
                 shown(path) + " holds a NUL byte (at byte " + std::to_string(nul) + "): it is not a SQL text file",
                 "PostgreSQL would stop reading the migration at the NUL byte and run only what comes before it; "
                 "remove the byte, or the file if it is not a migration",
                 where(text, nul, path));
  }
  if (auto bad = findInvalidUtf8(text)) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[*bad])));
    return Error(ErrorCode::Input,
                 shown(path) + " is not valid UTF-8: byte " + byte + " at byte offset " + std::to_string(*bad),
                 "save the file as UTF-8 (PostgreSQL would refuse the statement only when it runs, after the "
                 "statements before it)",
                 where(text, *bad, path));
  }
  return {};
}

Expected<std::string> readSqlFile(const fs::path& path) {
  auto text = readFile(path);
  if (!text) {
    // Only a file that cannot be opened is looked at again, for a link that leads nowhere:
    // a history of 800 files was 800 extra stats.
    if (auto followable = checkFollowable(path); !followable) return followable.takeError();
    return text.takeError();
  }
  if (auto checked = checkSqlText(*text, path); !checked) return checked.takeError();
  return text;
}

}  // namespace sluice
