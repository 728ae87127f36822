#include "common/toml.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <tree_sitter/api.h>

extern "C" const TSLanguage* tree_sitter_toml();  // NOLINT(readability-identifier-naming): the grammar's C symbol

namespace sluice {
namespace {

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};

class Reader {
 public:
  Reader(std::string_view text, const std::string& file) : text_(text), file_(file), lines_(text) {}

  Expected<TomlValue> read(TSNode document) {
    TomlValue root;
    root.kind = TomlValue::Kind::Table;
    TomlValue* current = &root;
    uint32_t count = ts_node_named_child_count(document);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode child = ts_node_named_child(document, i);
      std::string_view type = ts_node_type(child);
      if (type == "comment") continue;
      if (type == "pair") {
        if (auto status = readPair(child, *current); !status) return status.takeError();
      } else if (type == "table" || type == "table_array_element") {
        auto table = openTable(child, root, type == "table_array_element");
        if (!table) return table.takeError();
        current = *table;
        uint32_t members = ts_node_named_child_count(child);
        for (uint32_t m = 0; m < members; ++m) {
          TSNode member = ts_node_named_child(child, m);
          if (std::string_view(ts_node_type(member)) != "pair") continue;
          if (auto status = readPair(member, *current); !status) return status.takeError();
        }
      }
    }
    return root;
  }

  Error errorAt(TSNode node, const std::string& message, const std::string& hint = {}) const {
    return Error(ErrorCode::Config, message, hint, location(node));
  }

  std::string location(TSNode node) const {
    TextPosition p = lines_.position(ts_node_start_byte(node));
    return file_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  }

 private:
  std::string_view textOf(TSNode node) const {
    uint32_t begin = ts_node_start_byte(node);
    uint32_t end = ts_node_end_byte(node);
    return text_.substr(begin, end - begin);
  }

  // A key node (bare, quoted or dotted) as its list of parts.
  Expected<std::vector<std::pair<std::string, TSNode>>> keyParts(TSNode key) {
    std::vector<std::pair<std::string, TSNode>> parts;
    std::string_view type = ts_node_type(key);
    if (type == "dotted_key") {
      uint32_t count = ts_node_named_child_count(key);
      for (uint32_t i = 0; i < count; ++i) {
        auto sub = keyParts(ts_node_named_child(key, i));
        if (!sub) return sub.takeError();
        for (auto& part : *sub) parts.push_back(std::move(part));
      }
    } else if (type == "bare_key") {
      parts.emplace_back(std::string(textOf(key)), key);
    } else if (type == "quoted_key") {
      auto decoded = decodeString(key);
      if (!decoded) return decoded.takeError();
      parts.emplace_back(*decoded, key);
    }
    return parts;
  }

  static TomlValue* findOrCreateTable(TomlValue& parent, const std::string& key, TextPosition where) {
    for (auto& entry : parent.table) {
      if (entry.key == key) return &entry.value;
    }
    TomlEntry entry;
    entry.key = key;
    entry.keyPosition = where;
    entry.value.kind = TomlValue::Kind::Table;
    entry.value.position = where;
    parent.table.push_back(std::move(entry));
    return &parent.table.back().value;
  }

  Expected<TomlValue*> openTable(TSNode header, TomlValue& root, bool arrayElement) {
    TSNode key = ts_node_named_child(header, 0);
    auto parts = keyParts(key);
    if (!parts) return parts.takeError();
    TomlValue* table = &root;
    for (std::size_t i = 0; i < parts->size(); ++i) {
      const auto& [name, node] = (*parts)[i];
      TextPosition where = lines_.position(ts_node_start_byte(node));
      bool last = i + 1 == parts->size();
      if (last && arrayElement) {
        TomlValue* array = nullptr;
        for (auto& entry : table->table) {
          if (entry.key == name) array = &entry.value;
        }
        if (array == nullptr) {
          TomlEntry entry;
          entry.key = name;
          entry.keyPosition = where;
          entry.value.kind = TomlValue::Kind::Array;
          entry.value.position = where;
          table->table.push_back(std::move(entry));
          array = &table->table.back().value;
        } else if (array->kind != TomlValue::Kind::Array) {
          return errorAt(node, "`" + name + "` is already defined and is not an array of tables");
        }
        TomlValue element;
        element.kind = TomlValue::Kind::Table;
        element.position = where;
        array->array.push_back(std::move(element));
        return &array->array.back();
      }
      TomlValue* next = findOrCreateTable(*table, name, where);
      if (next->kind == TomlValue::Kind::Array && !next->array.empty()) {
        next = &next->array.back();
      } else if (next->kind != TomlValue::Kind::Table) {
        return errorAt(node, "`" + name + "` is already defined as a " + std::string(next->kindName()));
      }
      table = next;
    }
    return table;
  }

  Status readPair(TSNode pair, TomlValue& table) {
    uint32_t count = ts_node_named_child_count(pair);
    if (count < 2) return errorAt(pair, "a key needs a value");
    TSNode key = ts_node_named_child(pair, 0);
    // `key = value # comment`: the grammar puts the comment inside the pair.
    uint32_t valueIndex = count - 1;
    while (valueIndex > 1 && std::string_view(ts_node_type(ts_node_named_child(pair, valueIndex))) == "comment") {
      --valueIndex;
    }
    TSNode valueNode = ts_node_named_child(pair, valueIndex);
    auto parts = keyParts(key);
    if (!parts) return parts.takeError();
    TomlValue* target = &table;
    for (std::size_t i = 0; i + 1 < parts->size(); ++i) {
      const auto& [name, node] = (*parts)[i];
      target = findOrCreateTable(*target, name, lines_.position(ts_node_start_byte(node)));
      if (target->kind != TomlValue::Kind::Table) {
        return errorAt(node, "`" + name + "` is not a table");
      }
    }
    const auto& [name, node] = parts->back();
    for (const auto& entry : target->table) {
      if (entry.key == name) {
        return errorAt(node, "duplicate key `" + name + "`",
                       "it was first defined at line " + std::to_string(entry.keyPosition.line));
      }
    }
    auto value = readValue(valueNode);
    if (!value) return value.takeError();
    TomlEntry entry;
    entry.key = name;
    entry.keyPosition = lines_.position(ts_node_start_byte(node));
    entry.value = std::move(*value);
    target->table.push_back(std::move(entry));
    return {};
  }

  Expected<TomlValue> readValue(TSNode node) {
    TomlValue value;
    value.position = lines_.position(ts_node_start_byte(node));
    std::string_view type = ts_node_type(node);
    std::string_view text = textOf(node);
    if (type == "string") {
      auto decoded = decodeString(node);
      if (!decoded) return decoded.takeError();
      value.kind = TomlValue::Kind::String;
      value.string = std::move(*decoded);
    } else if (type == "integer") {
      value.kind = TomlValue::Kind::Integer;
      if (!parseInteger(text, value.integer)) return errorAt(node, "invalid integer `" + std::string(text) + "`");
    } else if (type == "float") {
      value.kind = TomlValue::Kind::Float;
      std::string digits;
      for (char c : text) {
        if (c != '_') digits.push_back(c);
      }
      if (digits.ends_with("inf")) {
        value.number =
            digits.front() == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
      } else if (digits.ends_with("nan")) {
        value.number = std::numeric_limits<double>::quiet_NaN();
      } else {
        value.number = std::strtod(digits.c_str(), nullptr);
      }
    } else if (type == "boolean") {
      value.kind = TomlValue::Kind::Boolean;
      value.boolean = text == "true";
    } else if (type == "offset_date_time" || type == "local_date_time" || type == "local_date" ||
               type == "local_time") {
      value.kind = TomlValue::Kind::DateTime;
      value.string = std::string(text);
    } else if (type == "array") {
      value.kind = TomlValue::Kind::Array;
      uint32_t count = ts_node_named_child_count(node);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode element = ts_node_named_child(node, i);
        if (std::string_view(ts_node_type(element)) == "comment") continue;
        auto item = readValue(element);
        if (!item) return item.takeError();
        value.array.push_back(std::move(*item));
      }
    } else if (type == "inline_table") {
      value.kind = TomlValue::Kind::Table;
      uint32_t count = ts_node_named_child_count(node);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode member = ts_node_named_child(node, i);
        if (std::string_view(ts_node_type(member)) != "pair") continue;
        if (auto status = readPair(member, value); !status) return status.takeError();
      }
    } else {
      return errorAt(node, "unexpected `" + std::string(text) + "`");
    }
    return value;
  }

  static bool parseInteger(std::string_view text, std::int64_t& out) {
    std::string digits;
    for (char c : text) {
      if (c != '_') digits.push_back(c);
    }
    bool negative = false;
    std::size_t start = 0;
    if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
      negative = digits[0] == '-';
      start = 1;
    }
    int base = 10;
    if (digits.size() > start + 2 && digits[start] == '0') {
      char prefix = digits[start + 1];
      base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : prefix == 'b' ? 2 : 10;
      if (base != 10) start += 2;
    }
    std::int64_t value = 0;
    const char* first = digits.data() + start;
    const char* last = digits.data() + digits.size();
    auto [end, ec] = std::from_chars(first, last, value, base);
    if (ec != std::errc() || end != last) return false;
    out = negative ? -value : value;
    return true;
  }

  Expected<std::string> decodeString(TSNode node) {
    std::string_view raw = textOf(node);
    bool multiline = raw.starts_with("\"\"\"") || raw.starts_with("'''");
    bool literal = raw.front() == '\'';
    std::size_t quote = multiline ? 3 : 1;
    if (raw.size() < quote * 2) return errorAt(node, "unterminated string");
    std::string_view body = raw.substr(quote, raw.size() - 2 * quote);
    if (multiline) {
      if (body.starts_with("\r\n"))
        body.remove_prefix(2);
      else if (body.starts_with("\n"))
        body.remove_prefix(1);
    }
    if (literal) return std::string(body);
    std::string out;
    for (std::size_t i = 0; i < body.size(); ++i) {
      char c = body[i];
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (++i >= body.size()) return errorAt(node, "a string ends with a lone backslash");
      char e = body[i];
      switch (e) {
        case 'b': out.push_back('\b'); break;
        case 't': out.push_back('\t'); break;
        case 'n': out.push_back('\n'); break;
        case 'f': out.push_back('\f'); break;
        case 'r': out.push_back('\r'); break;
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case 'u':
        case 'U': {
          std::size_t length = e == 'u' ? 4 : 8;
          if (i + length >= body.size() + 1) return errorAt(node, "truncated unicode escape");
          unsigned code = 0;
          auto [end, ec] = std::from_chars(body.data() + i + 1, body.data() + i + 1 + length, code, 16);
          if (ec != std::errc()) return errorAt(node, "invalid unicode escape");
          (void)end;
          appendUtf8(out, code);
          i += length;
          break;
        }
        default:
          if (multiline && (e == '\n' || e == '\r' || e == ' ' || e == '\t')) {
            // Line-ending backslash: drop the newline and the whitespace after it.
            while (i + 1 < body.size() &&
                   (body[i + 1] == '\n' || body[i + 1] == '\r' || body[i + 1] == ' ' || body[i + 1] == '\t')) {
              ++i;
            }
            break;
          }
          return errorAt(node, std::string("unknown escape `\\") + e + "`");
      }
    }
    return out;
  }

  static void appendUtf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  std::string_view text_;
  const std::string& file_;
  LineIndex lines_;
};

// The first ERROR or MISSING node in document order.
bool findSyntaxError(TSNode node, TSNode& found) {
  if (ts_node_is_missing(node) || std::string_view(ts_node_type(node)) == "ERROR") {
    found = node;
    return true;
  }
  if (!ts_node_has_error(node)) return false;
  uint32_t count = ts_node_child_count(node);
  for (uint32_t i = 0; i < count; ++i) {
    if (findSyntaxError(ts_node_child(node, i), found)) return true;
  }
  found = node;
  return true;
}

}  // namespace

const TomlValue* TomlValue::find(std::string_view key) const {
  const TomlEntry* entry = findEntry(key);
  return entry != nullptr ? &entry->value : nullptr;
}

const TomlEntry* TomlValue::findEntry(std::string_view key) const {
  for (const auto& entry : table) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

std::string_view TomlValue::kindName() const {
  switch (kind) {
    case Kind::String: return "string";
    case Kind::Integer: return "integer";
    case Kind::Float: return "float";
    case Kind::Boolean: return "boolean";
    case Kind::DateTime: return "date-time";
    case Kind::Array: return "array";
    case Kind::Table: return "table";
  }
  return "value";
}

Expected<TomlValue> parseToml(std::string_view text, const std::string& file) {
  std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), tree_sitter_toml())) {
    return Error(ErrorCode::Internal, "the TOML grammar's ABI does not match the tree-sitter runtime",
                 "rebuild with the grammar pinned in package.json");
  }
  std::unique_ptr<TSTree, TreeDeleter> tree(
      ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
  if (!tree) return Error(ErrorCode::Config, "cannot parse TOML", {}, file);
  TSNode root = ts_tree_root_node(tree.get());
  Reader reader(text, file);
  TSNode bad;
  if (findSyntaxError(root, bad)) {
    std::string_view snippet =
        text.substr(ts_node_start_byte(bad), std::min<uint32_t>(ts_node_end_byte(bad) - ts_node_start_byte(bad), 40));
    std::string message = ts_node_is_missing(bad) ? std::string("missing `") + ts_node_type(bad) + "`"
                                                  : "invalid TOML near `" + std::string(snippet) + "`";
    return reader.errorAt(bad, message, "see docs/configuration.md for the file's format");
  }
  return reader.read(root);
}

}  // namespace sluice
