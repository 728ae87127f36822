#include "config/prisma_config.hpp"

#include <array>
#include <memory>
#include <tree_sitter/api.h>

#include "common/file_io.hpp"
#include "common/line_index.hpp"
#include "config/settings.hpp"

extern "C" const TSLanguage* tree_sitter_typescript();  // NOLINT(readability-identifier-naming): the grammar's C symbol

namespace sluice::config {
namespace fs = std::filesystem;
namespace {

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};

// c12's extension order, which Prisma's loader follows (SUPPORTED_EXTENSIONS).
constexpr std::array<std::string_view, 6> kExtensions{".js", ".ts", ".mjs", ".cjs", ".mts", ".cts"};

std::string_view type(TSNode node) { return ts_node_type(node); }

class Reader {
 public:
  Reader(std::string_view text, std::string shownName) : text_(text), shown_(std::move(shownName)), lines_(text) {}

  std::string_view source(TSNode node) const {
    return text_.substr(ts_node_start_byte(node), ts_node_end_byte(node) - ts_node_start_byte(node));
  }

  std::string location(TSNode node) const {
    TextPosition p = lines_.position(ts_node_start_byte(node));
    return shown_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  }

  // Strips what does not change a value: parentheses, `x satisfies T`, `x as T`, `x!`.
  static TSNode unwrap(TSNode node) {
    while (!ts_node_is_null(node)) {
      std::string_view t = type(node);
      if (t != "parenthesized_expression" && t != "satisfies_expression" && t != "as_expression" &&
          t != "non_null_expression") {
        break;
      }
      node = ts_node_named_child(node, 0);
    }
    return node;
  }

  // A string literal's value ('x', "x", `x` without substitutions); nullopt otherwise.
  std::optional<std::string> literal(TSNode node) const {
    node = unwrap(node);
    if (ts_node_is_null(node)) return std::nullopt;
    std::string_view t = type(node);
    if (t != "string" && t != "template_string") return std::nullopt;
    std::string value;
    uint32_t count = ts_node_named_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode part = ts_node_named_child(node, i);
      std::string_view pt = type(part);
      if (pt == "string_fragment") {
        value += source(part);
      } else {
        return std::nullopt;  // an escape or a ${substitution}: not taken literally
      }
    }
    return value;
  }

  // The variable of env("NAME"), process.env.NAME or process.env["NAME"].
  std::optional<std::string> environmentVariable(TSNode node) const {
    node = unwrap(node);
    if (ts_node_is_null(node)) return std::nullopt;
    if (type(node) == "call_expression") {
      TSNode function = ts_node_child_by_field_name(node, "function", 8);
      TSNode arguments = ts_node_child_by_field_name(node, "arguments", 9);
      if (ts_node_is_null(function) || source(function) != "env" || ts_node_is_null(arguments)) return std::nullopt;
      if (ts_node_named_child_count(arguments) != 1) return std::nullopt;
      return literal(ts_node_named_child(arguments, 0));
    }
    if (type(node) == "member_expression" || type(node) == "subscript_expression") {
      TSNode object = ts_node_child_by_field_name(node, "object", 6);
      if (ts_node_is_null(object) || source(unwrap(object)) != "process.env") return std::nullopt;
      if (type(node) == "member_expression") {
        TSNode property = ts_node_child_by_field_name(node, "property", 8);
        return ts_node_is_null(property) ? std::nullopt : std::optional<std::string>(source(property));
      }
      return literal(ts_node_child_by_field_name(node, "index", 5));
    }
    return std::nullopt;
  }

  // The value of `key` in an object literal (the last one written wins, as in JavaScript).
  static TSNode member(TSNode object, std::string_view key, const Reader& reader) {
    TSNode found{};
    uint32_t count = ts_node_named_child_count(object);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode pair = ts_node_named_child(object, i);
      if (type(pair) != "pair") continue;
      TSNode name = ts_node_child_by_field_name(pair, "key", 3);
      if (ts_node_is_null(name)) continue;
      std::string text(reader.source(name));
      if (auto quoted = reader.literal(name)) text = *quoted;
      if (text == key) found = ts_node_child_by_field_name(pair, "value", 5);
    }
    return found;
  }

  PrismaConfigValue pathValue(TSNode node) const {
    PrismaConfigValue value;
    value.location = location(node);
    if (auto text = literal(node)) {
      value.text = *text;
    } else {
      value.computed = true;
      value.text = source(node);
    }
    return value;
  }

  // The object the file exports by default, or a null node.
  TSNode exportedObject(TSNode program) const {
    TSNode exported{};
    uint32_t count = ts_node_named_child_count(program);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode statement = ts_node_named_child(program, i);
      if (type(statement) == "export_statement") {
        TSNode value = ts_node_child_by_field_name(statement, "value", 5);
        if (!ts_node_is_null(value)) exported = value;
      } else if (type(statement) == "expression_statement") {
        TSNode assignment = ts_node_named_child(statement, 0);
        if (type(assignment) != "assignment_expression") continue;
        TSNode left = ts_node_child_by_field_name(assignment, "left", 4);
        if (source(left) == "module.exports") exported = ts_node_child_by_field_name(assignment, "right", 5);
      }
    }
    return objectOf(program, exported, 0);
  }

 private:
  // defineConfig({...}) or an object; a name is looked up among the top-level consts.
  TSNode objectOf(TSNode program, TSNode node, int depth) const {
    node = unwrap(node);
    if (ts_node_is_null(node) || depth > 4) return TSNode{};
    std::string_view t = type(node);
    if (t == "object") return node;
    if (t == "call_expression") {
      TSNode arguments = ts_node_child_by_field_name(node, "arguments", 9);
      if (ts_node_is_null(arguments) || ts_node_named_child_count(arguments) != 1) return TSNode{};
      return objectOf(program, ts_node_named_child(arguments, 0), depth + 1);
    }
    if (t == "identifier") return objectOf(program, declaration(program, source(node)), depth + 1);
    return TSNode{};
  }

  TSNode declaration(TSNode program, std::string_view name) const {
    uint32_t count = ts_node_named_child_count(program);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode statement = ts_node_named_child(program, i);
      if (type(statement) == "export_statement") statement = ts_node_child_by_field_name(statement, "declaration", 11);
      if (ts_node_is_null(statement) || type(statement) != "lexical_declaration") continue;
      uint32_t declarators = ts_node_named_child_count(statement);
      for (uint32_t d = 0; d < declarators; ++d) {
        TSNode declarator = ts_node_named_child(statement, d);
        if (type(declarator) != "variable_declarator") continue;
        TSNode declared = ts_node_child_by_field_name(declarator, "name", 4);
        if (!ts_node_is_null(declared) && source(declared) == name) {
          return ts_node_child_by_field_name(declarator, "value", 5);
        }
      }
    }
    return TSNode{};
  }

  std::string_view text_;
  std::string shown_;
  LineIndex lines_;
};

bool isFile(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

}  // namespace

std::optional<fs::path> PrismaConfig::migrationsDir() const {
  fs::path base = file.parent_path();
  if (migrationsPath) {
    if (migrationsPath->computed) return std::nullopt;
    return (base / migrationsPath->text).lexically_normal();
  }
  if (schema && !schema->computed) {
    // A schema file: the folder beside it. A folder of schema files (multi-file schema,
    // `schema: "prisma/"`): the `migrations` folder inside it.
    fs::path schemaPath = base / schema->text;
    if (schemaPath.extension() == ".prisma") return (schemaPath.parent_path() / "migrations").lexically_normal();
    return (schemaPath / "migrations").lexically_normal();
  }
  return std::nullopt;
}

const PrismaConfigValue* PrismaConfig::migrationsSource() const {
  if (migrationsPath) return &*migrationsPath;
  if (schema) return &*schema;
  return nullptr;
}

std::optional<fs::path> findPrismaConfig(const fs::path& root) {
  auto first = [&](std::initializer_list<std::string_view> stems, bool withIndex) -> std::optional<fs::path> {
    for (std::string_view stem : stems) {
      for (std::string_view extension : kExtensions) {
        fs::path candidate = root / (std::string(stem) + std::string(extension));
        if (isFile(candidate)) return candidate;
      }
      if (!withIndex) continue;
      for (std::string_view extension : kExtensions) {
        fs::path candidate = root / std::string(stem) / ("index" + std::string(extension));
        if (isFile(candidate)) return candidate;
      }
    }
    return std::nullopt;
  };
  if (auto found = first({"prisma7.config", ".config/prisma7"}, false)) return found;
  return first({"prisma.config", ".config/prisma", ".config/prisma.config"}, true);
}

Expected<PrismaConfig> parsePrismaConfig(std::string_view text, const fs::path& file, const std::string& shownName) {
  std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), tree_sitter_typescript())) {
    return Error(ErrorCode::Internal, "the TypeScript grammar's ABI does not match the tree-sitter runtime");
  }
  std::unique_ptr<TSTree, TreeDeleter> tree(
      ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
  if (!tree) return Error(ErrorCode::Internal, "the TypeScript parser gave up on " + shownName);
  TSNode program = ts_tree_root_node(tree.get());
  Reader reader(text, shownName);
  if (ts_node_has_error(program)) {
    return Error(ErrorCode::Config, shownName + " does not parse as TypeScript",
                 "fix the file (Prisma cannot load it either), or pass --dir and --database-url",
                 reader.location(program));
  }
  PrismaConfig config;
  config.file = file;
  TSNode object = reader.exportedObject(program);
  if (ts_node_is_null(object)) return config;  // no literal object exported: nothing known
  TSNode schema = Reader::member(object, "schema", reader);
  if (!ts_node_is_null(schema)) config.schema = reader.pathValue(schema);
  TSNode migrations = Reader::unwrap(Reader::member(object, "migrations", reader));
  if (!ts_node_is_null(migrations)) {
    if (type(migrations) == "object") {
      TSNode path = Reader::member(migrations, "path", reader);
      if (!ts_node_is_null(path)) config.migrationsPath = reader.pathValue(path);
    } else {
      config.migrationsPath =
          PrismaConfigValue{std::string(reader.source(migrations)), reader.location(migrations), true};
    }
  }
  TSNode datasource = Reader::unwrap(Reader::member(object, "datasource", reader));
  if (!ts_node_is_null(datasource)) {
    TSNode url = type(datasource) == "object" ? Reader::member(datasource, "url", reader) : datasource;
    if (!ts_node_is_null(url)) {
      if (auto variable = reader.environmentVariable(url)) {
        config.urlVariable = PrismaConfigValue{*variable, reader.location(url), false};
      } else if (auto literal = reader.literal(url)) {
        config.urlLiteral = PrismaConfigValue{*literal, reader.location(url), false};
      } else {
        config.urlVariable = PrismaConfigValue{std::string(reader.source(url)), reader.location(url), true};
      }
    }
  }
  return config;
}

Expected<PrismaConfig> readPrismaConfig(const fs::path& file) {
  auto text = readFile(file);
  if (!text) {
    Error error = text.takeError();
    error.code = ErrorCode::Config;
    return error;
  }
  return parsePrismaConfig(*text, file, shownPath(file));
}

}  // namespace sluice::config
