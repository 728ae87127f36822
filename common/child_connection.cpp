#include "common/child_connection.hpp"

#include "common/file_io.hpp"

namespace sluice {

Expected<ChildConnection> ChildConnection::create(const ConnectionSettings& settings) {
  ChildConnection child;
  child.conninfo_ = settings.keywordString();
  const Secret* password = settings.password();
  if (password == nullptr || password->empty()) return child;
  auto dir = TempDir::create("sluice-pass-");
  if (!dir) return dir.takeError();
  // One line that matches any server: host:port:database:user:password, with ':' and
  // '\' escaped by a backslash (libpq's password file format).
  std::string escaped;
  for (char c : password->reveal()) {
    if (c == ':' || c == '\\') escaped.push_back('\\');
    escaped.push_back(c);
  }
  Secret line("*:*:*:*:" + escaped + "\n");
  for (char& c : escaped) c = '\0';
  std::filesystem::path file = dir->path() / "pgpass";
  AtomicWriteOptions options;
  options.mode = 0600;
  options.sync = false;
  if (auto written = writeFileAtomically(file, line.reveal(), options); !written) return written.takeError();
  child.conninfo_ +=
      (child.conninfo_.empty() ? "" : " ") + std::string("passfile=") + quoteConninfoValue(file.string());
  child.dir_.emplace(std::move(*dir));
  return child;
}

}  // namespace sluice
