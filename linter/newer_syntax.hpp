#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice {

struct NewerSyntax {
  int version = 0;   // the first PostgreSQL major version that accepts the syntax
  std::string hint;  // "`JSON_TABLE` is PostgreSQL 17 syntax; sluice's parser follows PostgreSQL 15's grammar..."
};

// When a statement that PostgreSQL 15's grammar rejects uses syntax that a newer
// PostgreSQL accepts: which version, and a hint that says so.
std::optional<NewerSyntax> newerSyntax(std::string_view statement, std::size_t errorOffset,
                                       std::string_view parserMessage);

}  // namespace sluice
