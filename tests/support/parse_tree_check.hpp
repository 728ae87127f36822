#pragma once
// Checks the linter's tree reader (linter/parse_tree.hpp) against libpg_query's own
// protobuf output: the tree read from the JSON, packed again with protobuf-c, must be
// byte for byte the protobuf libpg_query writes for the same SQL. Packing visits every
// field of every node, so equal bytes mean the rules see the same tree.
#include <memory>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <string>
#include <string_view>
#include <vector>

#include "linter/parse_tree.hpp"

namespace sluice::testing {

// Owns everything allocated through it (also what a refused, half-read tree left).
class OwningAllocator {
 public:
  ProtobufCAllocator get() {
    return {[](void* self, size_t size) {
              auto& blocks = static_cast<OwningAllocator*>(self)->blocks_;
              blocks.push_back(std::make_unique<char[]>(size));
              return static_cast<void*>(blocks.back().get());
            },
            [](void*, void*) {}, this};
  }

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
};

struct ParseTreeComparison {
  bool parsed = false;     // false: the SQL has a syntax error (nothing to compare)
  bool readJson = false;   // the JSON reader understood the whole tree
  bool identical = false;  // the packed trees are the same bytes
};

inline ParseTreeComparison compareParseTrees(const std::string& sql) {
  ParseTreeComparison out;
  PgQueryProtobufParseResult reference = pg_query_parse_protobuf(sql.c_str());
  PgQueryParseResult json = pg_query_parse(sql.c_str());
  if (reference.error == nullptr && json.error == nullptr) {
    out.parsed = true;
    OwningAllocator allocator;
    if (PgQuery__ParseResult* tree = readJsonParseTree(json.parse_tree, sql, allocator.get()); tree != nullptr) {
      out.readJson = true;
      std::string packed(pg_query__parse_result__get_packed_size(tree), '\0');
      pg_query__parse_result__pack(tree, reinterpret_cast<uint8_t*>(packed.data()));
      out.identical = packed == std::string_view(reference.parse_tree.data, reference.parse_tree.len);
    }
  }
  pg_query_free_parse_result(json);
  pg_query_free_protobuf_parse_result(reference);
  return out;
}

}  // namespace sluice::testing
