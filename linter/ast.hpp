#pragma once
// Helpers over libpg_query's protobuf tree (pg_query.pb-c.h). Rules read the typed
// structs directly; these functions cover what many rules need: names, types,
// default expressions and a generic walk over every node.

#include <functional>
#include <optional>
#include <pg_query/pg_query.pb-c.h>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::ast {

using Node = PgQuery__Node;

// The value of a String node ("" for anything else).
std::string_view stringValue(const Node* node);
// The String values of a list of nodes (names like schema.table).
std::vector<std::string_view> stringList(Node* const* items, size_t count);

// A possibly schema-qualified object name. `key()` is what the schema model indexes
// by: the schema defaults to "public" because that is where unqualified names go on a
// default search_path.
struct QualifiedName {
  std::string schema;  // empty when unqualified
  std::string name;

  [[nodiscard]] std::string key() const;
  [[nodiscard]] std::string display() const;  // as written: schema.name or name
  [[nodiscard]] bool empty() const { return name.empty(); }
};

QualifiedName relationName(const PgQuery__RangeVar* relation);
// From a list of String nodes: [schema,] name.
QualifiedName qualifiedName(Node* const* items, size_t count);
// One object of a DROP/COMMENT/ALTER ... statement: a List of Strings, a String, a
// TypeName or an ObjectWithArgs, depending on the object type.
QualifiedName objectName(const Node* object);

// A column type reduced to what verdicts need.
struct TypeInfo {
  std::string name;             // canonical base name: "int4", "varchar", "timestamptz", "my_enum"
  std::vector<long> modifiers;  // typmods as written: varchar(255) -> {255}
  int arrayDimensions = 0;
  bool known = true;                          // false when a modifier is not a plain integer
  [[nodiscard]] std::string display() const;  // "varchar(255)", "int4[]"
};
TypeInfo typeInfo(const PgQuery__TypeName* type);

// Verdict on a DEFAULT (or generated) expression for the rewrite rules.
enum class Volatility { Constant, Stable, Volatile, Unknown };
struct ExpressionVolatility {
  Volatility volatility = Volatility::Constant;
  std::string culprit;  // the function that decided it, when any
};
// What is known of functions that are not built in (from the schema model): their
// volatility, or nullopt when unknown.
using FunctionVolatility = std::function<std::optional<Volatility>(const PgQuery__FuncCall* call)>;
ExpressionVolatility expressionVolatility(const Node* expression, const FunctionVolatility& userFunctions = {});
// The volatility a CREATE FUNCTION or ALTER FUNCTION option list declares, if any
// (CREATE FUNCTION without one is VOLATILE).
std::optional<Volatility> declaredVolatility(Node* const* options, size_t count);

// Calls `each` with every message that `message` holds and that is set: the items of its
// repeated message fields, its singular message fields, the active member of a oneof
// (null pointers included; callers skip them). Generic over every protobuf-c type.
template <class Each>
void forEachChildMessage(const ProtobufCMessage* message, Each&& each) {
  const ProtobufCMessageDescriptor* descriptor = message->descriptor;
  const auto* base = reinterpret_cast<const char*>(message);
  // A Node is a oneof over ~240 message fields whose ids run 1..n in order: its one child
  // is the field its node_case names. Looking it up directly, rather than testing every
  // field of the oneof, is most of the cost of walking a tree.
  if (descriptor == &pg_query__node__descriptor) {
    auto which = static_cast<unsigned>(reinterpret_cast<const PgQuery__Node*>(message)->node_case);
    if (which == 0 || which > descriptor->n_fields) return;
    const ProtobufCFieldDescriptor& field = descriptor->fields[which - 1];
    if (field.id == which) {
      each(static_cast<const ProtobufCMessage*>(*reinterpret_cast<ProtobufCMessage* const*>(base + field.offset)));
      return;
    }
  }
  for (unsigned i = 0; i < descriptor->n_fields; ++i) {
    const ProtobufCFieldDescriptor& field = descriptor->fields[i];
    if (field.type != PROTOBUF_C_TYPE_MESSAGE) continue;
    if (field.label == PROTOBUF_C_LABEL_REPEATED) {
      size_t count = *reinterpret_cast<const size_t*>(base + field.quantifier_offset);
      auto* items = *reinterpret_cast<ProtobufCMessage* const* const*>(base + field.offset);
      for (size_t k = 0; k < count; ++k) each(static_cast<const ProtobufCMessage*>(items[k]));
      continue;
    }
    if ((field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) != 0 &&
        *reinterpret_cast<const uint32_t*>(base + field.quantifier_offset) != field.id) {
      continue;
    }
    each(static_cast<const ProtobufCMessage*>(*reinterpret_cast<ProtobufCMessage* const*>(base + field.offset)));
  }
}

// Calls `visit` for every Node in the tree under `root` (root included), depth first.
// Returning false from `visit` skips that node's children.
void forEachNode(const ProtobufCMessage* root, const std::function<bool(const Node*)>& visit);
inline void forEachNode(const Node* root, const std::function<bool(const Node*)>& visit) {
  if (root != nullptr) forEachNode(&root->base, visit);
}

// The constraint list of a column definition or table element as typed pointers.
std::vector<const PgQuery__Constraint*> columnConstraints(const PgQuery__ColumnDef* column);

// True when the node is a function call to one of `names` (unqualified or pg_catalog).
bool isFunctionCall(const Node* node, std::initializer_list<std::string_view> names);

// Statement-level location of the first token of a node, if it has one (-1 otherwise).
int32_t nodeLocation(const Node* node);

}  // namespace sluice::ast
