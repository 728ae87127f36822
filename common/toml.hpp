#pragma once
// A small TOML reader on the tree-sitter TOML grammar: values keep their positions so
// that configuration errors can name file, line and column.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "common/line_index.hpp"

namespace sluice {

struct TomlEntry;

struct TomlValue {
  enum class Kind { String, Integer, Float, Boolean, DateTime, Array, Table };
  Kind kind = Kind::Table;
  std::string string;  // String and DateTime (as written)
  std::int64_t integer = 0;
  double number = 0.0;
  bool boolean = false;
  std::vector<TomlValue> array;
  std::vector<TomlEntry> table;  // in file order
  TextPosition position;

  [[nodiscard]] const TomlValue* find(std::string_view key) const;
  [[nodiscard]] const TomlEntry* findEntry(std::string_view key) const;
  [[nodiscard]] std::string_view kindName() const;
};

struct TomlEntry {
  std::string key;
  TextPosition keyPosition;
  TomlValue value;
};

// Parses a TOML document; errors are Config errors located at `file:line:column`.
Expected<TomlValue> parseToml(std::string_view text, const std::string& file);

}  // namespace sluice
