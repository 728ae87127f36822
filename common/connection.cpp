#include "common/connection.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace sluice {
namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

bool isUrl(std::string_view text) { return text.starts_with("postgres://") || text.starts_with("postgresql://"); }

// Extracts password (raw as written) and database from a URL.
void parseUrl(std::string_view url, std::string& rawPassword, std::string& database) {
  std::string_view rest = url.substr(url.find("://") + 3);
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    std::size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos) rawPassword = std::string(userinfo.substr(colon + 1));
  }
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash + 1);
    database = percentDecode(path.substr(0, path.find('?')));
  }
  std::size_t query = url.find('?');
  if (query != std::string_view::npos) {
    std::string_view params = url.substr(query + 1);
    while (!params.empty()) {
      std::string_view param = params.substr(0, params.find('&'));
      if (param.starts_with("password=")) rawPassword = std::string(param.substr(9));
      if (param.starts_with("dbname=")) database = percentDecode(param.substr(7));
      if (params.find('&') == std::string_view::npos) break;
      params.remove_prefix(params.find('&') + 1);
    }
  }
}

// Reads `key=value` pairs of a libpq keyword string (values may be single-quoted).
std::vector<std::pair<std::string, std::string>> parseKeywords(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t i = 0;
  auto skipSpace = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
  };
  while (true) {
    skipSpace();
    if (i >= text.size()) break;
    std::size_t keyStart = i;
    while (i < text.size() && text[i] != '=' && std::isspace(static_cast<unsigned char>(text[i])) == 0) ++i;
    std::string key(text.substr(keyStart, i - keyStart));
    skipSpace();
    if (i < text.size() && text[i] == '=') ++i;
    skipSpace();
    std::string value;
    if (i < text.size() && text[i] == '\'') {
      ++i;
      while (i < text.size() && text[i] != '\'') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value.push_back(text[i++]);
      }
      ++i;
    } else {
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) value.push_back(text[i++]);
    }
    pairs.emplace_back(std::move(key), std::move(value));
  }
  return pairs;
}

}  // namespace

ConnectionSettings ConnectionSettings::fromString(std::string conninfo) {
  ConnectionSettings settings;
  std::string rawPassword;
  if (isUrl(conninfo)) {
    parseUrl(conninfo, rawPassword, settings.database_);
  } else {
    for (auto& [key, value] : parseKeywords(conninfo)) {
      if (key == "password") rawPassword = value;
      if (key == "dbname") settings.database_ = value;
    }
  }
  settings.password_ = rawPassword;
  settings.conninfo_ = std::move(conninfo);
  return settings;
}

Expected<ConnectionSettings> ConnectionSettings::resolve(const std::optional<std::string>& databaseUrl) {
  if (databaseUrl && !databaseUrl->empty()) return fromString(*databaseUrl);
  if (std::string url = environment("DATABASE_URL"); !url.empty()) return fromString(url);
  std::string host = environment("DATABASE_HOST");
  std::string name = environment("DATABASE_NAME");
  if (host.empty() && name.empty()) {
    return Error(ErrorCode::Usage, "no database given",
                 "pass --database-url, or set DATABASE_URL or DATABASE_HOST/DATABASE_NAME/DATABASE_USER/"
                 "DATABASE_PASSWORD");
  }
  std::string conninfo;
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) conninfo += std::string(conninfo.empty() ? "" : " ") + key + "=" + quoteConninfoValue(value);
  };
  add("host", host);
  add("port", environment("DATABASE_PORT").empty() ? std::string("5432") : environment("DATABASE_PORT"));
  add("dbname", name);
  add("user", environment("DATABASE_USER"));
  add("password", environment("DATABASE_PASSWORD"));
  return fromString(conninfo);
}

std::string connectionFailureHint(const std::string& message) {
  if (message.find("password authentication failed") != std::string::npos ||
      message.find("no password supplied") != std::string::npos) {
    return "check the user and password (--database-url, DATABASE_URL or DATABASE_USER/DATABASE_PASSWORD)";
  }
  if (message.find("does not exist") != std::string::npos && message.find("database") != std::string::npos) {
    return "create the database first, or fix its name in the connection URL";
  }
  if (message.find("Connection refused") != std::string::npos ||
      message.find("could not connect") != std::string::npos ||
      message.find("No such file or directory") != std::string::npos) {
    return "is the server running and reachable? check host and port";
  }
  if (message.find("timeout") != std::string::npos) return "the server did not answer in time; check the network path";
  return "check the connection settings";
}

std::string ConnectionSettings::display() const { return redact(conninfo_); }

std::string ConnectionSettings::redact(std::string_view text) const {
  std::string out(text);
  if (password_.empty()) return out;
  // The password may appear as written (URL-encoded or quoted) or decoded.
  for (const std::string& secret : {password_, percentDecode(password_)}) {
    if (secret.empty()) continue;
    for (std::size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 3)) {
      out.replace(at, secret.size(), "***");
    }
  }
  return out;
}

ConnectionSettings ConnectionSettings::withDatabase(const std::string& database) const {
  ConnectionSettings copy = *this;
  copy.database_ = database;
  if (isUrl(conninfo_)) {
    // Keyword options after a URL override it (libpq accepts "URL dbname=x" only as
    // separate parameters), so rebuild the URL's path instead.
    std::string_view url = conninfo_;
    std::size_t schemeEnd = url.find("://") + 3;
    std::size_t slash = url.find('/', schemeEnd);
    std::size_t query = url.find('?', schemeEnd);
    std::string base(url.substr(0, std::min(slash, query)));
    std::string params = query != std::string_view::npos ? std::string(url.substr(query)) : std::string();
    std::string encoded;
    for (char c : database) {
      if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.') {
        encoded.push_back(c);
      } else {
        static constexpr char kHex[] = "0123456789ABCDEF";
        encoded += '%';
        encoded += kHex[static_cast<unsigned char>(c) >> 4];
        encoded += kHex[static_cast<unsigned char>(c) & 15];
      }
    }
    copy.conninfo_ = base + "/" + encoded + params;
  } else {
    copy.conninfo_ = conninfo_ + " dbname=" + quoteConninfoValue(database);
  }
  return copy;
}

std::string quoteConninfoValue(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

}  // namespace sluice
