#include "runner/database_url.hpp"

#include <array>
#include <string_view>

#include "common/text.hpp"

namespace sluice {
namespace {

// Query parameters of Prisma's PostgreSQL URLs that are not libpq's.
constexpr std::array<std::string_view, 10> kPrismaOnly{"schema",
                                                       "connection_limit",
                                                       "pool_timeout",
                                                       "pgbouncer",
                                                       "statement_cache_size",
                                                       "socket_timeout",
                                                       "sslaccept",
                                                       "sslidentity",
                                                       "max_idle_connection_lifetime",
                                                       "max_connection_lifetime"};

std::string percentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

}  // namespace

DatabaseTarget databaseTarget(const ConnectionSettings& settings) {
  DatabaseTarget target{settings, std::nullopt};
  const std::string& conninfo = settings.conninfo();
  bool url = conninfo.starts_with("postgres://") || conninfo.starts_with("postgresql://");
  std::size_t query = conninfo.find('?');
  if (!url || query == std::string::npos) return target;
  std::string kept;
  bool changed = false;
  for (std::string_view parameter : split(std::string_view(conninfo).substr(query + 1), '&')) {
    std::string_view name = parameter.substr(0, parameter.find('='));
    bool prismaOnly = false;
    for (std::string_view known : kPrismaOnly) prismaOnly = prismaOnly || name == known;
    if (!prismaOnly) {
      kept += (kept.empty() ? "" : "&") + std::string(parameter);
      continue;
    }
    changed = true;
    if (name == "schema" && parameter.find('=') != std::string_view::npos) {
      std::string schema = percentDecode(parameter.substr(parameter.find('=') + 1));
      if (!schema.empty()) target.schema = schema;
    }
  }
  if (changed) {
    target.settings = ConnectionSettings::fromString(conninfo.substr(0, query) + (kept.empty() ? "" : "?" + kept));
  }
  return target;
}

}  // namespace sluice
