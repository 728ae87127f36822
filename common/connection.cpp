#include "common/connection.hpp"

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace sluice {
namespace {

// libpq settings whose values are secrets.
constexpr std::array<std::string_view, 2> kSecretKeywords{"password", "sslpassword"};

// Query parameters of Prisma's PostgreSQL URLs that are not libpq's: DATABASE_URL is
// shared with the application, so they are there and libpq would refuse them.
constexpr std::array<std::string_view, 10> kForeignParameters{"schema",
                                                              "connection_limit",
                                                              "pool_timeout",
                                                              "pgbouncer",
                                                              "statement_cache_size",
                                                              "socket_timeout",
                                                              "sslaccept",
                                                              "sslidentity",
                                                              "max_idle_connection_lifetime",
                                                              "max_connection_lifetime"};

constexpr std::string_view kEncodingHint =
    "in a URL, percent-encode what the password holds of @ / : ? # % (as %40 %2F %3A %3F %23 %25); in a "
    "keyword/value string, write the value in single quotes with \\' and \\\\ for quote and backslash";

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

bool isSecretKeyword(std::string_view keyword) {
  return std::find(kSecretKeywords.begin(), kSecretKeywords.end(), keyword) != kSecretKeywords.end();
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

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[static_cast<unsigned char>(c) >> 4U]);
      out.push_back(kHex[static_cast<unsigned char>(c) & 15U]);
    }
  }
  return out;
}

// The length of a URL scheme prefix libpq knows ("postgresql://"), in any case; 0 for
// a keyword/value string.
std::size_t urlSchemeLength(std::string_view text) {
  for (std::string_view scheme : {std::string_view("postgresql://"), std::string_view("postgres://")}) {
    if (text.size() >= scheme.size() && std::equal(scheme.begin(), scheme.end(), text.begin(), [](char a, char b) {
          return a == std::tolower(static_cast<unsigned char>(b));
        })) {
      return scheme.size();
    }
  }
  return 0;
}

// Where a URL's query starts, found the way libpq finds it: the user information ends at
// the first '@' before any '/', and the query is the first '?' after it. npos: none.
std::size_t queryStart(std::string_view url, std::size_t schemeLength) {
  std::size_t authority = schemeLength;
  std::size_t stop = url.find_first_of("@/", authority);
  if (stop != std::string_view::npos && url[stop] == '@') authority = stop + 1;
  return url.find('?', authority);
}

// libpq's parse errors quote the part they stumbled on, sometimes the whole string. Only
// a parameter's name is safe to show; every other quoted part is left out.
std::string safeParseError(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  bool namesParameter =
      message.starts_with("invalid URI query parameter") || message.starts_with("invalid connection option");
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    std::size_t open = message.find('"', i);
    std::size_t close = open == std::string::npos ? std::string::npos : message.find('"', open + 1);
    if (close == std::string::npos) {
      out.append(message, i, std::string::npos);
      break;
    }
    out.append(message, i, open - i);
    std::string_view quoted(message.data() + open + 1, close - open - 1);
    bool plainName = !quoted.empty() && quoted.size() <= 64 && std::all_of(quoted.begin(), quoted.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    });
    out += namesParameter && plainName ? "\"" + std::string(quoted) + "\"" : std::string("(left out)");
    i = close + 1;
  }
  return out;
}

std::string osUser() {
  if (const struct passwd* entry = ::getpwuid(::geteuid()); entry != nullptr && entry->pw_name != nullptr) {
    return entry->pw_name;
  }
  return {};
}

}  // namespace

Expected<ConnectionSettings> ConnectionSettings::parse(std::string_view text) {
  ConnectionSettings settings;
  Secret normalized{std::string(text)};
  std::string work = normalized.reveal();
  std::size_t scheme = urlSchemeLength(work);
  if (scheme > 0) {
    // libpq knows the scheme only in lower case; RFC 3986 schemes are case-insensitive.
    std::transform(work.begin(), work.begin() + static_cast<std::ptrdiff_t>(scheme), work.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    if (std::size_t query = queryStart(work, scheme); query != std::string::npos) {
      std::string kept;
      std::string_view parameters = std::string_view(work).substr(query + 1);
      while (true) {
        std::size_t amp = parameters.find('&');
        std::string_view parameter = parameters.substr(0, amp);
        std::string_view name = parameter.substr(0, parameter.find('='));
        if (std::find(kForeignParameters.begin(), kForeignParameters.end(), name) != kForeignParameters.end()) {
          std::string value = parameter.find('=') == std::string_view::npos
                                  ? std::string()
                                  : percentDecode(parameter.substr(parameter.find('=') + 1));
          settings.foreign_.emplace_back(std::string(name), value);
        } else if (!parameter.empty()) {
          kept += (kept.empty() ? "" : "&") + std::string(parameter);
        }
        if (amp == std::string_view::npos) break;
        parameters.remove_prefix(amp + 1);
      }
      work = work.substr(0, query) + (kept.empty() ? "" : "?" + kept);
    }
  }
  Secret cleaned{std::move(work)};
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(cleaned.reveal().c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? safeParseError(error) : std::string("out of memory");
    if (error != nullptr) PQfreemem(error);
    return Error(ErrorCode::Usage, "the database connection string is not valid: " + message,
                 std::string(kEncodingHint));
  }
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    std::string keyword = option->keyword;
    if (isSecretKeyword(keyword)) {
      // PQconninfoFree frees without clearing: overwrite the copy libpq made.
      settings.secrets_.emplace_back(keyword, Secret(option->val));
      for (char* c = option->val; *c != '\0'; ++c) *c = '\0';
    } else {
      settings.options_.emplace_back(keyword, option->val);
    }
  }
  PQconninfoFree(options);

  // Parts of a password written unencoded into a URL end up in other fields, where
  // libpq's messages would quote them: refuse before anything is shown or connected.
  auto refuse = [&](const std::string& what) {
    return Error(ErrorCode::Usage, "the database connection string is not valid: " + what,
                 "the password probably holds a character a URL must percent-encode; " + std::string(kEncodingHint));
  };
  if (std::optional<std::string> host = settings.option("host"); host && host->find('@') != std::string::npos) {
    return refuse("its host name contains '@'");
  }
  if (std::optional<std::string> port = settings.option("port");
      port && port->find_first_not_of("0123456789,") != std::string::npos) {
    return refuse("its port is not a number");
  }
  if (std::optional<std::string> database = settings.option("dbname");
      scheme > 0 && database && database->find('@') != std::string::npos) {
    return refuse("its database name contains '@' (write a real '@' in a database name as %40)");
  }

  for (const auto& [keyword, secret] : settings.secrets_) settings.scrubbed_.push_back(secret);
  if (settings.password() == nullptr) {
    if (std::string value = environment("PGPASSWORD"); !value.empty()) settings.environmentPassword_ = Secret(value);
  }
  for (const char* variable : {"PGPASSWORD", "DATABASE_PASSWORD"}) {
    if (std::string value = environment(variable); !value.empty()) settings.scrubbed_.emplace_back(value);
  }
  return settings;
}

ConnectionSettings ConnectionSettings::fromString(std::string_view text) {
  auto parsed = parse(text);
  if (!parsed) throw std::invalid_argument("internal connection string rejected: " + parsed.error().message);
  return std::move(*parsed);
}

Expected<ConnectionSettings> ConnectionSettings::resolve(const std::optional<std::string>& databaseUrl) {
  if (databaseUrl && !databaseUrl->empty()) return parse(*databaseUrl);
  if (std::string url = environment("DATABASE_URL"); !url.empty()) {
    auto parsed = parse(url);
    if (!parsed) {
      Error error = parsed.takeError();
      error.message = "DATABASE_URL: " + error.message;
      return error;
    }
    return parsed;
  }
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
  Secret built(std::move(conninfo));
  return parse(built.reveal());
}

std::optional<std::string> ConnectionSettings::option(std::string_view keyword) const {
  for (const auto& [key, value] : options_) {
    if (key == keyword) return value;
  }
  return std::nullopt;
}

const Secret* ConnectionSettings::password() const {
  for (const auto& [key, value] : secrets_) {
    if (key == "password") return &value;
  }
  return environmentPassword_ ? &*environmentPassword_ : nullptr;
}

std::optional<std::string> ConnectionSettings::foreignParameter(std::string_view name) const {
  for (const auto& [key, value] : foreign_) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string ConnectionSettings::describe() const {
  auto pick = [&](std::string_view keyword, const char* variable, std::string fallback) {
    if (auto value = option(keyword); value && !value->empty()) return *value;
    if (std::string value = environment(variable); !value.empty()) return value;
    return fallback;
  };
  std::string user = pick("user", "PGUSER", osUser());
  std::string host = option("host").value_or(option("hostaddr").value_or(""));
  if (host.empty()) host = pick("host", "PGHOST", "localhost");
  std::string port = pick("port", "PGPORT", "5432");
  std::string database = pick("dbname", "PGDATABASE", user);
  return scrub((user.empty() ? "" : user + "@") + host + ":" + port + "/" + database);
}

std::string ConnectionSettings::scrub(std::string_view text) const {
  std::string out(text);
  std::vector<std::string> values;
  for (const Secret& secret : scrubbed_) {
    if (secret.empty()) continue;
    values.push_back(secret.reveal());
    if (std::string encoded = percentEncode(secret.reveal()); encoded != secret.reveal()) values.push_back(encoded);
  }
  // Longest first, so that a secret inside another is not replaced first.
  std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const std::string& value : values) {
    for (std::size_t at = out.find(value); at != std::string::npos; at = out.find(value, at + Secret::kMasked.size())) {
      out.replace(at, value.size(), Secret::kMasked);
    }
  }
  for (std::string& value : values) {
    volatile char* bytes = value.data();
    for (std::size_t i = 0; i < value.size(); ++i) bytes[i] = 0;
  }
  return out;
}

void ConnectionSettings::addScrubbed(const Secret& secret) {
  if (secret.empty()) return;
  if (std::find(scrubbed_.begin(), scrubbed_.end(), secret) == scrubbed_.end()) scrubbed_.push_back(secret);
}

std::string ConnectionSettings::keywordString() const {
  std::string out;
  for (const auto& [key, value] : options_) out += (out.empty() ? "" : " ") + key + "=" + quoteConninfoValue(value);
  return out;
}

std::vector<std::pair<std::string, std::string>> ConnectionSettings::revealForLibpq() const {
  std::vector<std::pair<std::string, std::string>> out = options_;
  for (const auto& [key, secret] : secrets_) out.emplace_back(key, secret.reveal());
  return out;
}

ConnectionSettings ConnectionSettings::withDatabase(const std::string& database) const {
  ConnectionSettings copy = *this;
  auto it = std::find_if(copy.options_.begin(), copy.options_.end(),
                         [](const auto& entry) { return entry.first == "dbname"; });
  if (it != copy.options_.end()) {
    it->second = database;
  } else {
    copy.options_.emplace_back("dbname", database);
  }
  return copy;
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
