#pragma once

#include <string>
#include <string_view>

namespace sluice {

// When a statement that PostgreSQL 15's grammar rejects uses syntax that a newer
// PostgreSQL accepts, a hint that says so ("`JSON_TABLE` is PostgreSQL 17 syntax; sluice's
// parser follows PostgreSQL 15's grammar"); otherwise an empty string.
std::string newerSyntaxHint(std::string_view statement, std::size_t errorOffset, std::string_view parserMessage);

}  // namespace sluice
