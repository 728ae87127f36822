#pragma once
// One libpg_query parse, its tree delivered as the protobuf-c structs of pg_query.pb-c.h
// (what the rules read, linter/ast.hpp) in the caller's allocator.
//
// libpg_query's protobuf path builds those structs once inside the library, packs them,
// and the caller unpacks them again: four fifths of the linter's parse time went there.
// Its JSON output is written straight from PostgreSQL's node tree, so the tree is read
// from that JSON (simdjson) and filled in through the protobuf-c descriptors: the same
// structs and values, field by field, as pg_query__parse_result__unpack would give.
// Anything the reader does not expect, and an Integer whose value the JSON lost (0 and
// negative numbers both come out as {}) unless it is a constant whose literal the SQL
// gives back, falls back to the protobuf path.

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <string_view>

namespace sluice {

class RawParse {
 public:
  // `sql` must be NUL-terminated; the tree is allocated with `allocator` and outlives
  // this object.
  RawParse(const char* sql, ProtobufCAllocator allocator);
  ~RawParse();
  RawParse(const RawParse&) = delete;
  RawParse& operator=(const RawParse&) = delete;

  // The parser's error (cursorpos is 1-based), or null.
  [[nodiscard]] const PgQueryError* error() const { return error_; }
  // The tree, or null on an error.
  [[nodiscard]] PgQuery__ParseResult* tree() const { return tree_; }

 private:
  PgQueryParseResult json_{};
  PgQueryProtobufParseResult protobuf_{};  // without simdjson only
  const PgQueryError* error_ = nullptr;
  PgQuery__ParseResult* tree_ = nullptr;
};

// Reads libpg_query's JSON parse output of `sql` into protobuf-c structs allocated with
// `allocator`; null when the JSON holds something the reader does not know or a value
// it lost.
PgQuery__ParseResult* readJsonParseTree(std::string_view json, std::string_view sql, ProtobufCAllocator allocator);

// Unpacks libpg_query's protobuf output (the reference the JSON reader must match).
PgQuery__ParseResult* unpackProtobufParseTree(const char* sql, ProtobufCAllocator allocator);

}  // namespace sluice
