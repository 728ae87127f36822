#include "linter/parse_tree.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#ifdef SLUICE_JSON_PARSE_TREES
#include <simdjson.h>
#endif

namespace sluice {

#ifdef SLUICE_JSON_PARSE_TREES
namespace {

namespace od = simdjson::ondemand;

struct MessageIndex;

struct FieldInfo {
  const ProtobufCFieldDescriptor* field = nullptr;
  const MessageIndex* message = nullptr;  // for MESSAGE fields
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// A message type's fields by the names its JSON uses. libpg_query writes most fields in
// lowerCamelCase (targetList), some in snake_case as declared (stmt_location, is_local),
// a few in neither (Query's hasTargetSRFs), and a Node's one field by its type name
// (SelectStmt, A_Const): every spelling that folds to the declared name (letters without
// case and underscores) is accepted, the common ones from a hash table.
struct MessageIndex {
  const ProtobufCMessageDescriptor* descriptor = nullptr;
  std::unordered_map<std::string, FieldInfo, StringHash, std::equal_to<>> byName;
  std::vector<std::pair<std::string, FieldInfo>> byFolded;

  [[nodiscard]] const FieldInfo* find(std::string_view key) const {
    if (auto it = byName.find(key); it != byName.end()) return &it->second;
    std::string folded = fold(key);
    for (const auto& [name, info] : byFolded) {
      if (name == folded) return &info;
    }
    return nullptr;
  }

  static std::string fold(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (char c : name) {
      if (c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  }
};

std::string lowerCamel(std::string_view snake) {
  std::string out;
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// Indexes of every message type reachable from ParseResult, built once.
class Schema {
 public:
  static const Schema& get() {
    static const Schema schema;
    return schema;
  }
  [[nodiscard]] const MessageIndex* root() const { return root_; }

 private:
  Schema() { root_ = index(&pg_query__parse_result__descriptor); }

  const MessageIndex* index(const ProtobufCMessageDescriptor* descriptor) {
    if (auto it = messages_.find(descriptor); it != messages_.end()) return it->second.get();
    auto owned = std::make_unique<MessageIndex>();
    MessageIndex* message = owned.get();
    message->descriptor = descriptor;
    messages_.emplace(descriptor, std::move(owned));
    for (unsigned i = 0; i < descriptor->n_fields; ++i) {
      const ProtobufCFieldDescriptor* field = &descriptor->fields[i];
      FieldInfo info{field, nullptr};
      if (field->type == PROTOBUF_C_TYPE_MESSAGE) {
        info.message = index(static_cast<const ProtobufCMessageDescriptor*>(field->descriptor));
      }
      message->byName.emplace(field->name, info);
      message->byName.emplace(lowerCamel(field->name), info);
      if (descriptor == &pg_query__node__descriptor && info.message != nullptr) {
        message->byName.emplace(info.message->descriptor->short_name, info);
      }
      message->byFolded.emplace_back(MessageIndex::fold(field->name), info);
    }
    return message;
  }

  std::unordered_map<const ProtobufCMessageDescriptor*, std::unique_ptr<MessageIndex>> messages_;
  const MessageIndex* root_ = nullptr;
};

class TreeReader {
 public:
  TreeReader(ProtobufCAllocator allocator, std::string_view sql) : allocator_(allocator), sql_(sql) {}

  // Integers whose value the JSON lost and the SQL text could not give back.
  [[nodiscard]] int unresolved() const { return unresolved_; }

  void* readMessage(const MessageIndex& message, od::object object) {
    const ProtobufCMessageDescriptor* descriptor = message.descriptor;
    void* out = allocate(descriptor->sizeof_message);
    if (out == nullptr) return nullptr;
    descriptor->message_init(static_cast<ProtobufCMessage*>(out));
    for (auto entry : object) {
      std::string_view key;
      if (entry.unescaped_key().get(key) != simdjson::SUCCESS) return nullptr;
      const FieldInfo* info = message.find(key);
      if (info == nullptr) return nullptr;
      if (!readField(*info, static_cast<char*>(out), entry.value())) return nullptr;
    }
    // libpg_query 15-4's JSON writes an Integer's value only when it is positive: 0 and
    // every negative number (DEFAULT -1, the -1 of `text[]`) both come out as {}. A
    // constant's value is read back from the SQL at its location; any other such
    // Integer makes the tree unreadable here.
    if (descriptor == &pg_query__integer__descriptor && static_cast<PgQuery__Integer*>(out)->ival == 0) {
      ++unresolved_;
    } else if (descriptor == &pg_query__a__const__descriptor) {
      auto* constant = static_cast<PgQuery__AConst*>(out);
      if (constant->val_case == PG_QUERY__A__CONST__VAL_IVAL && constant->ival->ival == 0) {
        if (std::optional<int32_t> value = integerLiteralAt(constant->location)) {
          constant->ival->ival = *value;
          --unresolved_;
        }
      }
    } else if (descriptor == &pg_query__type_name__descriptor) {
      unresolved_ -= readBackArrayBounds(*static_cast<PgQuery__TypeName*>(out));
    }
    return out;
  }

 private:
  bool readField(const FieldInfo& info, char* message, od::value value) {
    const ProtobufCFieldDescriptor* field = info.field;
    if (field->label == PROTOBUF_C_LABEL_REPEATED) return readRepeated(info, message, value);
    if (!readValue(info, message + field->offset, value)) return false;
    if ((field->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) != 0) {
      *reinterpret_cast<uint32_t*>(message + field->quantifier_offset) = field->id;
    } else if (field->label == PROTOBUF_C_LABEL_OPTIONAL && field->type != PROTOBUF_C_TYPE_MESSAGE &&
               field->type != PROTOBUF_C_TYPE_STRING) {
      *reinterpret_cast<protobuf_c_boolean*>(message + field->quantifier_offset) = 1;
    }
    return true;
  }

  // Elements are gathered on a scratch stack (nested lists share it) and copied into
  // the allocator once their number is known.
  bool readRepeated(const FieldInfo& info, char* message, od::value value) {
    od::array array;
    if (value.get_array().get(array) != simdjson::SUCCESS) return false;
    std::size_t size = elementSize(info.field->type);
    if (size == 0) return false;
    std::size_t base = scratch_.size();
    for (auto element : array) {
      od::value item;
      if (element.get(item) != simdjson::SUCCESS) return false;
      scratch_.resize(scratch_.size() + size);
      // Read into a local slot: a nested list may grow (and move) the scratch stack.
      alignas(8) char slot[8] = {};
      if (!readValue(info, slot, item)) return false;
      std::memcpy(scratch_.data() + scratch_.size() - size, slot, size);
    }
    std::size_t count = (scratch_.size() - base) / size;
    void* items = nullptr;
    if (count > 0) {
      items = allocate(count * size);
      if (items == nullptr) return false;
      std::memcpy(items, scratch_.data() + base, count * size);
    }
    scratch_.resize(base);
    *reinterpret_cast<std::size_t*>(message + info.field->quantifier_offset) = count;
    *reinterpret_cast<void**>(message + info.field->offset) = items;
    return true;
  }

  static std::size_t elementSize(ProtobufCType type) {
    switch (type) {
      case PROTOBUF_C_TYPE_INT32:
      case PROTOBUF_C_TYPE_SINT32:
      case PROTOBUF_C_TYPE_SFIXED32:
      case PROTOBUF_C_TYPE_UINT32:
      case PROTOBUF_C_TYPE_FIXED32:
      case PROTOBUF_C_TYPE_FLOAT:
      case PROTOBUF_C_TYPE_ENUM: return 4;
      case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
      case PROTOBUF_C_TYPE_INT64:
      case PROTOBUF_C_TYPE_SINT64:
      case PROTOBUF_C_TYPE_SFIXED64:
      case PROTOBUF_C_TYPE_UINT64:
      case PROTOBUF_C_TYPE_FIXED64:
      case PROTOBUF_C_TYPE_DOUBLE: return 8;
      case PROTOBUF_C_TYPE_STRING:
      case PROTOBUF_C_TYPE_MESSAGE: return sizeof(void*);
      case PROTOBUF_C_TYPE_BYTES: return 0;  // not in parse trees
    }
    return 0;
  }

  // One value of the field's type into `slot`.
  bool readValue(const FieldInfo& info, char* slot, od::value value) {
    const ProtobufCFieldDescriptor* field = info.field;
    switch (field->type) {
      case PROTOBUF_C_TYPE_INT32:
      case PROTOBUF_C_TYPE_SINT32:
      case PROTOBUF_C_TYPE_SFIXED32: {
        int64_t number = 0;
        if (value.get_int64().get(number) != simdjson::SUCCESS) return false;
        auto narrow = static_cast<int32_t>(number);
        std::memcpy(slot, &narrow, sizeof narrow);
        return narrow == number;
      }
      case PROTOBUF_C_TYPE_UINT32:
      case PROTOBUF_C_TYPE_FIXED32: {
        uint64_t number = 0;
        if (value.get_uint64().get(number) != simdjson::SUCCESS) return false;
        auto narrow = static_cast<uint32_t>(number);
        std::memcpy(slot, &narrow, sizeof narrow);
        return narrow == number;
      }
      case PROTOBUF_C_TYPE_INT64:
      case PROTOBUF_C_TYPE_SINT64:
      case PROTOBUF_C_TYPE_SFIXED64: {
        int64_t number = 0;
        if (value.get_int64().get(number) != simdjson::SUCCESS) return false;
        std::memcpy(slot, &number, sizeof number);
        return true;
      }
      case PROTOBUF_C_TYPE_UINT64:
      case PROTOBUF_C_TYPE_FIXED64: {
        uint64_t number = 0;
        if (value.get_uint64().get(number) != simdjson::SUCCESS) return false;
        std::memcpy(slot, &number, sizeof number);
        return true;
      }
      case PROTOBUF_C_TYPE_FLOAT:
      case PROTOBUF_C_TYPE_DOUBLE: {
        double number = 0;
        if (value.get_double().get(number) != simdjson::SUCCESS) return false;
        if (field->type == PROTOBUF_C_TYPE_FLOAT) {
          auto narrow = static_cast<float>(number);
          std::memcpy(slot, &narrow, sizeof narrow);
        } else {
          std::memcpy(slot, &number, sizeof number);
        }
        return true;
      }
      case PROTOBUF_C_TYPE_BOOL: {
        bool flag = false;
        if (value.get_bool().get(flag) != simdjson::SUCCESS) return false;
        protobuf_c_boolean stored = flag ? 1 : 0;
        std::memcpy(slot, &stored, sizeof stored);
        return true;
      }
      case PROTOBUF_C_TYPE_ENUM: {
        std::string_view name;
        if (value.get_string().get(name) != simdjson::SUCCESS) return false;
        const auto* values = static_cast<const ProtobufCEnumDescriptor*>(field->descriptor);
        const ProtobufCEnumValue* found = enumValue(values, name);
        if (found == nullptr) return false;
        std::memcpy(slot, &found->value, sizeof found->value);
        return true;
      }
      case PROTOBUF_C_TYPE_STRING: {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) return false;
        char* copy = static_cast<char*>(allocate(text.size() + 1));
        if (copy == nullptr) return false;
        std::memcpy(copy, text.data(), text.size());
        copy[text.size()] = '\0';
        std::memcpy(slot, &copy, sizeof copy);
        return true;
      }
      case PROTOBUF_C_TYPE_MESSAGE: {
        od::object object;
        if (value.get_object().get(object) != simdjson::SUCCESS) return false;
        void* child = readMessage(*info.message, object);
        std::memcpy(slot, &child, sizeof child);
        return child != nullptr;
      }
      case PROTOBUF_C_TYPE_BYTES: return false;
    }
    return false;
  }

  // protobuf_c_enum_descriptor_get_value_by_name needs a NUL-terminated name.
  static const ProtobufCEnumValue* enumValue(const ProtobufCEnumDescriptor* values, std::string_view name) {
    unsigned low = 0;
    unsigned high = values->n_value_names;
    while (low < high) {
      unsigned middle = low + (high - low) / 2;
      const ProtobufCEnumValueIndex& entry = values->values_by_name[middle];
      int order = name.compare(entry.name);
      if (order == 0) return &values->values[entry.index];
      if (order < 0) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return nullptr;
  }

  void* allocate(std::size_t size) { return allocator_.alloc(allocator_.allocator_data, size); }

  // The integer literal at `location` of the SQL: digits, or '-' (the grammar folds a
  // minus into the constant and gives it the minus' location), blanks and digits.
  [[nodiscard]] std::optional<int32_t> integerLiteralAt(int32_t location) const {
    if (location < 0 || static_cast<std::size_t>(location) >= sql_.size()) return std::nullopt;
    std::size_t at = static_cast<std::size_t>(location);
    bool negative = sql_[at] == '-';
    if (negative) {
      ++at;
      while (at < sql_.size() && std::isspace(static_cast<unsigned char>(sql_[at])) != 0) ++at;
    }
    int64_t magnitude = 0;
    const char* end = sql_.data() + sql_.size();
    auto [next, error] = std::from_chars(sql_.data() + at, end, magnitude);
    if (error != std::errc() || magnitude < 0) return std::nullopt;
    if (next != end && (std::isalnum(static_cast<unsigned char>(*next)) != 0 || *next == '.' || *next == '_')) {
      return std::nullopt;
    }
    int64_t value = negative ? -magnitude : magnitude;
    if (value < INT32_MIN || value > INT32_MAX) return std::nullopt;
    return static_cast<int32_t>(value);
  }

  // The array bounds of a type whose JSON lost some (the -1 of `text[]`, the 0 of
  // `int[0]`), read from the SQL after the type's name. Given back only when the text
  // shows exactly as many bounds as the tree has and agrees with those the JSON kept.
  // Returns how many were given back.
  int readBackArrayBounds(PgQuery__TypeName& type) const {
    int lost = 0;
    for (size_t i = 0; i < type.n_array_bounds; ++i) {
      const PgQuery__Node* bound = type.array_bounds[i];
      if (bound->node_case != PG_QUERY__NODE__NODE_INTEGER) return 0;
      if (bound->integer->ival == 0) ++lost;
    }
    if (lost == 0) return 0;
    std::vector<int32_t> written = arrayBoundsAt(type.location);
    if (written.size() != type.n_array_bounds) return 0;
    for (size_t i = 0; i < written.size(); ++i) {
      int32_t kept = type.array_bounds[i]->integer->ival;
      if (kept != 0 && kept != written[i]) return 0;
    }
    for (size_t i = 0; i < written.size(); ++i) type.array_bounds[i]->integer->ival = written[i];
    return lost;
  }

  // The bounds written after the type name that starts at `location`, as the grammar
  // makes them: `[]` and a bare ARRAY are -1, `[n]` and ARRAY[n] are n. The name itself
  // (words, quoted names, dots, a parenthesised modifier) is skipped; anything else ends
  // the type. Empty when the text is not that shape.
  [[nodiscard]] std::vector<int32_t> arrayBoundsAt(int32_t location) const {
    std::vector<int32_t> bounds;
    if (location < 0) return bounds;
    auto at = static_cast<std::size_t>(location);
    auto blank = [&] {
      while (at < sql_.size() && std::isspace(static_cast<unsigned char>(sql_[at])) != 0) ++at;
    };
    auto identifierByte = [](unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c == '$' || c >= 0x80; };
    // `[`, blanks, optional digits, blanks, `]`: the bound, or nothing when malformed.
    auto bracket = [&]() -> std::optional<int32_t> {
      ++at;
      blank();
      int32_t value = -1;
      if (at < sql_.size() && std::isdigit(static_cast<unsigned char>(sql_[at])) != 0) {
        auto [next, error] = std::from_chars(sql_.data() + at, sql_.data() + sql_.size(), value);
        if (error != std::errc()) return std::nullopt;
        at = static_cast<std::size_t>(next - sql_.data());
        blank();
      }
      if (at >= sql_.size() || sql_[at] != ']') return std::nullopt;
      ++at;
      return value;
    };
    while (true) {
      blank();
      if (at >= sql_.size()) break;
      char c = sql_[at];
      if (c == '[') {
        std::optional<int32_t> bound = bracket();
        if (!bound) return {};
        bounds.push_back(*bound);
        continue;
      }
      if (!bounds.empty()) break;
      if (c == '.') {
        ++at;
      } else if (c == '"') {
        for (++at; at < sql_.size() && !(sql_[at] == '"' && (at + 1 >= sql_.size() || sql_[at + 1] != '"'));) {
          at += sql_[at] == '"' ? 2U : 1U;
        }
        if (at >= sql_.size()) return {};
        ++at;
      } else if (c == '(') {
        for (++at; at < sql_.size() && sql_[at] != ')'; ++at) {
          if (sql_[at] == '(' || sql_[at] == '\'' || sql_[at] == '"') return {};
        }
        if (at >= sql_.size()) return {};
        ++at;
      } else if (identifierByte(static_cast<unsigned char>(c)) && std::isdigit(static_cast<unsigned char>(c)) == 0) {
        std::size_t begin = at;
        while (at < sql_.size() && identifierByte(static_cast<unsigned char>(sql_[at]))) ++at;
        std::string_view word = sql_.substr(begin, at - begin);
        bool array = word.size() == 5 && std::equal(word.begin(), word.end(), "array", [](char a, char b) {
                       return std::tolower(static_cast<unsigned char>(a)) == b;
                     });
        if (!array) continue;
        blank();
        std::optional<int32_t> bound = at < sql_.size() && sql_[at] == '[' ? bracket() : std::optional<int32_t>(-1);
        if (!bound) return {};
        bounds.push_back(*bound);
        break;  // ARRAY and ARRAY[n] make the only bound
      } else {
        break;
      }
    }
    return bounds;
  }

  ProtobufCAllocator allocator_;
  std::string_view sql_;
  int unresolved_ = 0;
  std::vector<char> scratch_;
};

// One parser and buffer per thread: simdjson reuses its buffers from one parse to the
// next. A large document's buffers are not kept for the rest of the run.
constexpr std::size_t kKeepBuffersBelow = std::size_t{4} * 1024 * 1024;

struct ThreadBuffers {
  od::parser parser;
  std::string padded;
};

}  // namespace

PgQuery__ParseResult* readJsonParseTree(std::string_view json, std::string_view sql, ProtobufCAllocator allocator) {
  thread_local std::unique_ptr<ThreadBuffers> buffers;
  if (!buffers) buffers = std::make_unique<ThreadBuffers>();
  buffers->padded.assign(json);
  buffers->padded.append(simdjson::SIMDJSON_PADDING, '\0');
  PgQuery__ParseResult* tree = nullptr;
  {
    od::document document;
    od::object object;
    simdjson::padded_string_view input(buffers->padded.data(), json.size(), buffers->padded.size());
    if (buffers->parser.iterate(input).get(document) == simdjson::SUCCESS &&
        document.get_object().get(object) == simdjson::SUCCESS) {
      TreeReader reader(allocator, sql);
      tree = static_cast<PgQuery__ParseResult*>(reader.readMessage(*Schema::get().root(), object));
      if (reader.unresolved() > 0) tree = nullptr;
    }
  }
  if (json.size() > kKeepBuffersBelow) buffers.reset();
  return tree;
}

#else
// Built without simdjson (the self-contained binary: Debian ships no static simdjson).
PgQuery__ParseResult* readJsonParseTree(std::string_view, std::string_view, ProtobufCAllocator) { return nullptr; }
#endif

PgQuery__ParseResult* unpackProtobufParseTree(const char* sql, ProtobufCAllocator allocator) {
  PgQueryProtobufParseResult result = pg_query_parse_protobuf(sql);
  PgQuery__ParseResult* tree = nullptr;
  if (result.error == nullptr) {
    tree = pg_query__parse_result__unpack(&allocator, result.parse_tree.len,
                                          reinterpret_cast<const uint8_t*>(result.parse_tree.data));
  }
  pg_query_free_protobuf_parse_result(result);
  return tree;
}

#ifdef SLUICE_JSON_PARSE_TREES
RawParse::RawParse(const char* sql, ProtobufCAllocator allocator) : json_(pg_query_parse(sql)) {
  error_ = json_.error;
  if (json_.error != nullptr || json_.parse_tree == nullptr) return;
  tree_ = readJsonParseTree(json_.parse_tree, sql, allocator);
  if (tree_ == nullptr) tree_ = unpackProtobufParseTree(sql, allocator);
}
#else
RawParse::RawParse(const char* sql, ProtobufCAllocator allocator) : protobuf_(pg_query_parse_protobuf(sql)) {
  error_ = protobuf_.error;
  if (error_ != nullptr) return;
  tree_ = pg_query__parse_result__unpack(&allocator, protobuf_.parse_tree.len,
                                         reinterpret_cast<const uint8_t*>(protobuf_.parse_tree.data));
}
#endif

RawParse::~RawParse() {
  pg_query_free_parse_result(json_);
  pg_query_free_protobuf_parse_result(protobuf_);
}

}  // namespace sluice
