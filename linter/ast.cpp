#include "linter/ast.hpp"

#include <algorithm>
#include <array>

namespace sluice::ast {

std::string_view stringValue(const Node* node) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_STRING || node->string == nullptr) return {};
  return node->string->sval;
}

std::vector<std::string_view> stringList(Node* const* items, size_t count) {
  std::vector<std::string_view> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.push_back(stringValue(items[i]));
  return out;
}

// Built in one allocation: the model looks names up by key hundreds of thousands of
// times in a corpus.
std::string QualifiedName::key() const {
  std::string_view owner = schema.empty() ? std::string_view("public") : std::string_view(schema);
  std::string key;
  key.reserve(owner.size() + 1 + name.size());
  key.append(owner).append(1, '.').append(name);
  return key;
}

std::string QualifiedName::display() const { return schema.empty() ? name : schema + "." + name; }

QualifiedName relationName(const PgQuery__RangeVar* relation) {
  if (relation == nullptr) return {};
  return {relation->schemaname != nullptr ? relation->schemaname : "",
          relation->relname != nullptr ? relation->relname : ""};
}

QualifiedName qualifiedName(Node* const* items, size_t count) {
  auto parts = stringList(items, count);
  if (parts.empty()) return {};
  QualifiedName name;
  name.name = std::string(parts.back());
  if (parts.size() >= 2) name.schema = std::string(parts[parts.size() - 2]);
  return name;
}

QualifiedName objectName(const Node* object) {
  if (object == nullptr) return {};
  switch (object->node_case) {
    case PG_QUERY__NODE__NODE_LIST: return qualifiedName(object->list->items, object->list->n_items);
    case PG_QUERY__NODE__NODE_STRING: return {"", std::string(stringValue(object))};
    case PG_QUERY__NODE__NODE_TYPE_NAME: return qualifiedName(object->type_name->names, object->type_name->n_names);
    case PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS:
      return qualifiedName(object->object_with_args->objname, object->object_with_args->n_objname);
    default: return {};
  }
}

namespace {

// PostgreSQL's parser maps SQL-standard spellings to internal names (int -> int4,
// varchar -> varchar via pg_catalog.varchar); user spellings of the same types are
// folded here so that comparisons see one name per type.
std::string canonicalTypeName(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kAliases{{
      {"integer", "int4"},
      {"int", "int4"},
      {"smallint", "int2"},
      {"bigint", "int8"},
      {"real", "float4"},
      {"double precision", "float8"},
      {"float", "float8"},
      {"boolean", "bool"},
      {"character varying", "varchar"},
      {"character", "bpchar"},
      {"char", "bpchar"},
      {"timestamp with time zone", "timestamptz"},
      {"timestamp without time zone", "timestamp"},
      {"time with time zone", "timetz"},
      {"time without time zone", "time"},
      {"decimal", "numeric"},
      {"serial", "serial4"},
      {"bigserial", "serial8"},
      {"smallserial", "serial2"},
      {"serial4", "serial4"},
      {"serial8", "serial8"},
      {"serial2", "serial2"},
      {"bit varying", "varbit"},
      {"dec", "numeric"},
  }};
  for (const auto& [alias, canonical] : kAliases) {
    if (name == alias) return std::string(canonical);
  }
  return std::string(name);
}

}  // namespace

TypeInfo typeInfo(const PgQuery__TypeName* type) {
  TypeInfo info;
  if (type == nullptr) {
    info.known = false;
    return info;
  }
  auto parts = stringList(type->names, type->n_names);
  // pg_catalog.int4 and int4 are the same type; any other schema is part of the name.
  if (parts.size() >= 2 && parts[parts.size() - 2] == "pg_catalog") {
    info.name = canonicalTypeName(parts.back());
  } else if (parts.size() >= 2) {
    info.name = std::string(parts[parts.size() - 2]) + "." + std::string(parts.back());
  } else if (!parts.empty()) {
    info.name = canonicalTypeName(parts.back());
  }
  for (size_t i = 0; i < type->n_typmods; ++i) {
    const Node* mod = type->typmods[i];
    if (mod->node_case == PG_QUERY__NODE__NODE_A_CONST && mod->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
      info.modifiers.push_back(mod->a_const->ival->ival);
    } else {
      // interval fields and the like: still a type, but not a number we can compare
      info.known = false;
    }
  }
  info.arrayDimensions = static_cast<int>(type->n_array_bounds);
  return info;
}

std::string TypeInfo::display() const {
  std::string out = name;
  if (!modifiers.empty()) {
    out += "(";
    for (size_t i = 0; i < modifiers.size(); ++i) {
      if (i > 0) out += ",";
      out += std::to_string(modifiers[i]);
    }
    out += ")";
  }
  for (int i = 0; i < arrayDimensions; ++i) out += "[]";
  return out;
}

namespace {

std::string_view functionName(const PgQuery__FuncCall* call) {
  if (call == nullptr || call->n_funcname == 0) return {};
  return stringValue(call->funcname[call->n_funcname - 1]);
}

// Functions whose volatility decides whether ADD COLUMN ... DEFAULT rewrites the table.
// PostgreSQL 11+ stores a non-volatile default once in the catalog; a volatile one
// must be evaluated per row, which rewrites the table. Built-ins as pg_proc.provolatile
// marks them on PostgreSQL 15 (uuid_generate_* and gen_random_bytes are from the
// uuid-ossp and pgcrypto extensions, as their documentation marks them).
constexpr std::array<std::string_view, 13> kVolatileFunctions{
    "clock_timestamp",  "gen_random_bytes", "gen_random_uuid", "nextval",          "random",
    "random_normal",    "setseed",          "timeofday",       "uuid_generate_v1", "uuid_generate_v1mc",
    "uuid_generate_v4", "uuidv4",           "uuidv7"};

constexpr std::array<std::string_view, 100> kNonVolatileFunctions{"abs",
                                                                  "age",
                                                                  "array_append",
                                                                  "array_cat",
                                                                  "array_length",
                                                                  "array_position",
                                                                  "array_remove",
                                                                  "array_to_json",
                                                                  "array_to_string",
                                                                  "ascii",
                                                                  "btrim",
                                                                  "cardinality",
                                                                  "ceil",
                                                                  "ceiling",
                                                                  "char_length",
                                                                  "character_length",
                                                                  "chr",
                                                                  "concat",
                                                                  "concat_ws",
                                                                  "current_database",
                                                                  "current_schema",
                                                                  "current_setting",
                                                                  "date_bin",
                                                                  "date_part",
                                                                  "date_trunc",
                                                                  "decode",
                                                                  "div",
                                                                  "encode",
                                                                  "exp",
                                                                  "extract",
                                                                  "floor",
                                                                  "format",
                                                                  "greatest",
                                                                  "initcap",
                                                                  "json_build_array",
                                                                  "json_build_object",
                                                                  "json_object",
                                                                  "jsonb_build_array",
                                                                  "jsonb_build_object",
                                                                  "jsonb_object",
                                                                  "jsonb_set",
                                                                  "jsonb_strip_nulls",
                                                                  "justify_interval",
                                                                  "least",
                                                                  "left",
                                                                  "length",
                                                                  "ln",
                                                                  "log",
                                                                  "lower",
                                                                  "lpad",
                                                                  "ltrim",
                                                                  "make_date",
                                                                  "make_interval",
                                                                  "make_time",
                                                                  "make_timestamp",
                                                                  "make_timestamptz",
                                                                  "md5",
                                                                  "mod",
                                                                  "now",
                                                                  "nullif",
                                                                  "octet_length",
                                                                  "overlay",
                                                                  "pg_current_xact_id",
                                                                  "position",
                                                                  "power",
                                                                  "regexp_match",
                                                                  "regexp_replace",
                                                                  "repeat",
                                                                  "replace",
                                                                  "reverse",
                                                                  "right",
                                                                  "round",
                                                                  "rpad",
                                                                  "rtrim",
                                                                  "sha224",
                                                                  "sha256",
                                                                  "sha512",
                                                                  "sign",
                                                                  "split_part",
                                                                  "sqrt",
                                                                  "statement_timestamp",
                                                                  "string_to_array",
                                                                  "strpos",
                                                                  "substr",
                                                                  "substring",
                                                                  "timezone",
                                                                  "to_char",
                                                                  "to_date",
                                                                  "to_json",
                                                                  "to_jsonb",
                                                                  "to_number",
                                                                  "to_timestamp",
                                                                  "transaction_timestamp",
                                                                  "translate",
                                                                  "trim",
                                                                  "trunc",
                                                                  "txid_current",
                                                                  "upper",
                                                                  "uuid_generate_v3",
                                                                  "uuid_generate_v5"};

}  // namespace

ExpressionVolatility expressionVolatility(const Node* expression, const FunctionVolatility& userFunctions) {
  ExpressionVolatility result;
  forEachNode(expression, [&](const Node* node) {
    if (result.volatility == Volatility::Volatile) return false;
    if (node->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
      std::string_view name = functionName(node->func_call);
      if (std::find(kVolatileFunctions.begin(), kVolatileFunctions.end(), name) != kVolatileFunctions.end()) {
        result = {Volatility::Volatile, std::string(name)};
        return false;
      }
      std::optional<Volatility> declared;
      if (std::find(kNonVolatileFunctions.begin(), kNonVolatileFunctions.end(), name) != kNonVolatileFunctions.end()) {
        declared = Volatility::Stable;
      } else if (userFunctions) {
        declared = userFunctions(node->func_call);
      }
      if (declared == Volatility::Volatile) {
        result = {Volatility::Volatile, std::string(name)};
        return false;
      }
      if (declared) {
        if (result.volatility == Volatility::Constant) result = {Volatility::Stable, std::string(name)};
      } else if (result.volatility != Volatility::Unknown) {
        result = {Volatility::Unknown, std::string(name)};
      }
    } else if (node->node_case == PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION) {
      // CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_USER...: stable.
      if (result.volatility == Volatility::Constant) result = {Volatility::Stable, "CURRENT_TIMESTAMP"};
    } else if (node->node_case == PG_QUERY__NODE__NODE_SUB_LINK) {
      if (result.volatility != Volatility::Unknown) result = {Volatility::Unknown, "a subquery"};
    }
    return true;
  });
  return result;
}

std::optional<Volatility> declaredVolatility(Node* const* options, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    const PgQuery__DefElem* option = options[i]->def_elem;
    if (std::string_view(option->defname) != "volatility") continue;
    std::string_view value = stringValue(option->arg);
    if (value == "volatile") return Volatility::Volatile;
    if (value == "stable") return Volatility::Stable;
    if (value == "immutable") return Volatility::Constant;
  }
  return std::nullopt;
}

void forEachNode(const ProtobufCMessage* root, const std::function<bool(const Node*)>& visit) {
  if (root == nullptr) return;
  if (root->descriptor == &pg_query__node__descriptor) {
    if (!visit(reinterpret_cast<const Node*>(root))) return;
  }
  forEachChildMessage(root, [&](const ProtobufCMessage* child) { forEachNode(child, visit); });
}

std::vector<const PgQuery__Constraint*> columnConstraints(const PgQuery__ColumnDef* column) {
  std::vector<const PgQuery__Constraint*> out;
  if (column == nullptr) return out;
  for (size_t i = 0; i < column->n_constraints; ++i) {
    const Node* node = column->constraints[i];
    if (node->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) out.push_back(node->constraint);
  }
  return out;
}

bool isFunctionCall(const Node* node, std::initializer_list<std::string_view> names) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) return false;
  std::string_view name = functionName(node->func_call);
  return std::find(names.begin(), names.end(), name) != names.end();
}

int32_t nodeLocation(const Node* node) {
  int32_t found = -1;
  // The first field named "location" of the wrapped message, if any.
  if (node == nullptr) return found;
  forEachNode(node, [&](const Node* n) {
    if (found >= 0) return false;
    const ProtobufCMessage* inner = nullptr;
    const ProtobufCMessageDescriptor* d = n->base.descriptor;
    const auto* base = reinterpret_cast<const char*>(n);
    for (unsigned i = 0; i < d->n_fields; ++i) {
      const ProtobufCFieldDescriptor& f = d->fields[i];
      if (*reinterpret_cast<const uint32_t*>(base + f.quantifier_offset) == f.id) {
        inner = *reinterpret_cast<ProtobufCMessage* const*>(base + f.offset);
        break;
      }
    }
    if (inner == nullptr) return true;
    const ProtobufCFieldDescriptor* location =
        protobuf_c_message_descriptor_get_field_by_name(inner->descriptor, "location");
    if (location != nullptr) {
      int32_t value = *reinterpret_cast<const int32_t*>(reinterpret_cast<const char*>(inner) + location->offset);
      if (value >= 0) found = value;
    }
    return found < 0;
  });
  return found;
}

}  // namespace sluice::ast
