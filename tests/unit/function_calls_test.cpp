// Which overload a call calls: each expectation below is what PostgreSQL 15 chose (or
// refused) for the same functions and calls.
#include "linter/function_calls.hpp"

#include <gtest/gtest.h>

#include "linter/parser.hpp"

namespace sluice {
namespace {

FunctionSignature signature(std::vector<std::string> arguments, std::size_t defaults = 0, bool variadic = false) {
  return FunctionSignature{std::move(arguments), defaults, variadic};
}

// The overloads `call` (a SELECT of one function call) may call, as their first
// argument types joined ("int4|text"), or "none".
std::string resolve(const std::vector<FunctionSignature>& overloads, const std::string& call) {
  std::string sql = "SELECT " + call;
  ParsedSql parsed = parseSql(sql);
  const ast::Node* target = parsed.statements.at(0).node->select_stmt->target_list[0]->res_target->val;
  std::vector<const FunctionSignature*> signatures;
  for (const FunctionSignature& overload : overloads) signatures.push_back(&overload);
  std::string out;
  for (std::size_t index : possibleOverloads(signatures, callArguments(target->func_call))) {
    if (!out.empty()) out += "|";
    std::string types;
    for (const std::string& type : overloads[index].arguments) types += (types.empty() ? "" : ",") + type;
    out += "(" + types + ")";
  }
  return out.empty() ? "none" : out;
}

TEST(FunctionCalls, ConstantsAndCastsPickTheOverload) {
  std::vector<FunctionSignature> f{signature({"int4"}), signature({"text"})};
  EXPECT_EQ(resolve(f, "f(1)"), "(int4)");
  EXPECT_EQ(resolve(f, "f(1::smallint)"), "(int4)");  // int2 -> int4 implicitly
  // A string literal or NULL is unknown-typed: the string category wins.
  EXPECT_EQ(resolve(f, "f('x')"), "(text)");
  EXPECT_EQ(resolve(f, "f(NULL)"), "(text)");
  EXPECT_EQ(resolve(f, "f('x'::varchar)"), "(text)");  // varchar -> text implicitly
  EXPECT_EQ(resolve(f, "f(CAST('1' AS integer))"), "(int4)");
  // PostgreSQL finds no function for these.
  EXPECT_EQ(resolve(f, "f(1.5)"), "none");
  EXPECT_EQ(resolve(f, "f(true)"), "none");
  EXPECT_EQ(resolve(f, "f(10000000000)"), "none");  // int8: no implicit cast to int4
}

TEST(FunctionCalls, PreferredTypesAndCategories) {
  // float8 is the preferred numeric type.
  EXPECT_EQ(resolve({signature({"float8"}), signature({"numeric"})}, "k(1)"), "(float8)");
  // The most exact matches.
  EXPECT_EQ(resolve({signature({"int4", "text"}), signature({"int4", "int4"})}, "h(1, '2')"), "(int4,text)");
  // A plain overload wins over a variadic one that looks the same to the call.
  EXPECT_EQ(resolve({signature({"text[]"}, 0, true), signature({"text"})}, "v('a')"), "(text)");
  EXPECT_EQ(resolve({signature({"text[]"}, 0, true), signature({"text"})}, "v('a', 'b')"), "(text[])");
}

TEST(FunctionCalls, AmbiguousOrUnknowableKeepsEveryCandidate) {
  // PostgreSQL: "function g(integer) is not unique".
  EXPECT_EQ(resolve({signature({"int8"}), signature({"numeric"})}, "g(1)"), "(int8)|(numeric)");
  // Two categories, neither a string one: "not unique".
  EXPECT_EQ(resolve({signature({"timestamptz"}), signature({"interval"})}, "m('2020-01-01')"),
            "(timestamptz)|(interval)");
  // Same types once the default is left out: "not unique".
  EXPECT_EQ(resolve({signature({"text"}), signature({"text", "int4"}, 1)}, "n('x')"), "(text)|(text,int4)");
  // An enum's category is not known to sluice (PostgreSQL: "not unique"); an exact match
  // still decides.
  EXPECT_EQ(resolve({signature({"mood"}), signature({"int4"})}, "u('a')"), "(mood)|(int4)");
  EXPECT_EQ(resolve({signature({"mood"}), signature({"int4"})}, "u(1)"), "(int4)");
  // An argument sluice does not type: every overload of that arity stays.
  EXPECT_EQ(resolve({signature({"int4"}), signature({"text"})}, "f(now())"), "(int4)|(text)");
  EXPECT_EQ(resolve({signature({"int4"}), signature({"text"})}, "f(a => 1)"), "(int4)|(text)");
}

TEST(FunctionCalls, SignatureTypesIgnoreModifiers) {
  ParsedSql parsed = parseSql("SELECT 'x'::character varying(20)[], 1::pg_catalog.int4, 2::integer");
  const auto* select = parsed.statements.at(0).node->select_stmt;
  auto typeOf = [&](std::size_t i) {
    return signatureType(select->target_list[i]->res_target->val->type_cast->type_name);
  };
  EXPECT_EQ(typeOf(0), "varchar[]");
  EXPECT_EQ(typeOf(1), "int4");
  EXPECT_EQ(typeOf(2), "int4");
}

}  // namespace
}  // namespace sluice
