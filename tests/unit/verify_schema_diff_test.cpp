// How `sluice verify` words what differs between the schema before a migration and the
// schema after the migration and its rollback.
#include <gtest/gtest.h>

#include "verify/schema_diff.hpp"

namespace sluice {
namespace {

CatalogObject object(std::string kind, std::string name, std::string parent = {},
                     std::map<std::string, std::string> properties = {}) {
  return CatalogObject{std::move(kind), std::move(name), std::move(parent), std::move(properties)};
}

void add(CatalogSnapshot& snapshot, CatalogObject item) {
  std::string key = item.kind + " " + item.name;
  snapshot[key] = std::move(item);
}

std::vector<std::string> messages(const std::vector<SchemaDifference>& differences) {
  std::vector<std::string> out;
  for (const SchemaDifference& difference : differences) out.push_back(difference.message);
  return out;
}

CatalogSnapshot orders() {
  CatalogSnapshot snapshot;
  add(snapshot, object("table", "orders", "", {{"columns", "id, customer"}}));
  add(snapshot, object("column", "orders.id", "orders", {{"type", "bigint"}, {"nullable", "NOT NULL"}}));
  add(snapshot, object("column", "orders.customer", "orders", {{"type", "text"}, {"nullable", "NOT NULL"}}));
  add(snapshot, object("index", "orders_customer_idx", "orders",
                       {{"definition", "CREATE INDEX orders_customer_idx ON public.orders USING btree (customer)"}}));
  return snapshot;
}

TEST(VerifySchemaDiff, EqualSchemasHaveNoDifference) { EXPECT_TRUE(diffSchemas(orders(), orders()).empty()); }

TEST(VerifySchemaDiff, LeftOverAndMissingObjectsAreNamed) {
  CatalogSnapshot after = orders();
  add(after, object("column", "orders.note", "orders", {{"type", "text"}}));
  after["table orders"].properties["columns"] = "id, customer, note";
  after.erase("index orders_customer_idx");
  std::vector<SchemaDifference> differences = diffSchemas(orders(), after);
  EXPECT_EQ(messages(differences),
            (std::vector<std::string>{"rollback leaves column `orders.note`",
                                      "rollback does not restore index `orders_customer_idx`, which existed before "
                                      "the migration"}));
  EXPECT_EQ(differences[0].kind, SchemaDifference::Kind::Left);
  EXPECT_EQ(differences[1].kind, SchemaDifference::Kind::Missing);
}

TEST(VerifySchemaDiff, ChildrenOfATableLeftOverAreNotListedOneByOne) {
  CatalogSnapshot after = orders();
  add(after, object("table", "audit", "", {{"columns", "id"}}));
  add(after, object("column", "audit.id", "audit", {{"type", "bigint"}}));
  add(after, object("index", "audit_pkey", "audit", {{"definition", "CREATE UNIQUE INDEX audit_pkey ..."}}));
  EXPECT_EQ(messages(diffSchemas(orders(), after)), std::vector<std::string>{"rollback leaves table `audit`"});
}

TEST(VerifySchemaDiff, ChangedPropertiesSayWhatTheyWereAndAre) {
  CatalogSnapshot after = orders();
  after["column orders.customer"].properties["type"] = "character varying(100)";
  after["index orders_customer_idx"].properties["definition"] =
      "CREATE UNIQUE INDEX orders_customer_idx ON public.orders USING btree (customer)";
  std::vector<SchemaDifference> differences = diffSchemas(orders(), after);
  ASSERT_EQ(differences.size(), 2U);
  EXPECT_EQ(differences[0].message,
            "column `orders.customer` has a different type after the rollback: character varying(100) (before the "
            "migration: text)");
  EXPECT_EQ(differences[1].message, "index `orders_customer_idx` recreated with a different definition");
  EXPECT_EQ(differences[1].property, "definition");
  EXPECT_FALSE(differences[1].minor);
}

TEST(VerifySchemaDiff, EnumValuesAreComparedByValue) {
  CatalogSnapshot before;
  add(before, object("enum", "status", "", {{"values", "new, paid, shipped"}}));
  CatalogSnapshot lost;
  add(lost, object("enum", "status", "", {{"values", "new, paid"}}));
  EXPECT_EQ(
      messages(diffSchemas(before, lost)),
      std::vector<std::string>{"rollback drops value `shipped` of enum `status`, which existed before the migration"});
  CatalogSnapshot left;
  add(left, object("enum", "status", "", {{"values", "new, paid, shipped, cancelled"}}));
  EXPECT_EQ(messages(diffSchemas(before, left)),
            std::vector<std::string>{"rollback leaves value `cancelled` in enum `status`"});
  CatalogSnapshot reordered;
  add(reordered, object("enum", "status", "", {{"values", "paid, new, shipped"}}));
  std::vector<std::string> order = messages(diffSchemas(before, reordered));
  ASSERT_EQ(order.size(), 1U);
  EXPECT_EQ(order[0].rfind("enum `status` has its values in a different order", 0), 0U) << order[0];
}

TEST(VerifySchemaDiff, ColumnOrderIsAWarningAndOnlyAboutCommonColumns) {
  CatalogSnapshot after = orders();
  after["table orders"].properties["columns"] = "customer, id";
  std::vector<SchemaDifference> differences = diffSchemas(orders(), after);
  ASSERT_EQ(differences.size(), 1U);
  EXPECT_TRUE(differences[0].minor);
  EXPECT_EQ(differences[0].message.rfind("table `orders` has its columns in another order", 0), 0U);

  // A column left over is reported on its own, not as an order change too.
  CatalogSnapshot extra = orders();
  extra["table orders"].properties["columns"] = "id, note, customer";
  add(extra, object("column", "orders.note", "orders", {{"type", "text"}}));
  EXPECT_EQ(messages(diffSchemas(orders(), extra)), std::vector<std::string>{"rollback leaves column `orders.note`"});
}

TEST(VerifySchemaDiff, FrozenNowLiteralsInDefinitionsAreNotDifferences) {
  CatalogSnapshot before;
  add(before, object("view", "recent", "",
                     {{"definition",
                       "SELECT 1 WHERE p.published < ('2026-01-01 10:00:00.123456'::timestamp without "
                       "time zone - '1 mon'::interval)"}}));
  CatalogSnapshot after;
  add(after, object("view", "recent", "",
                    {{"definition",
                      "SELECT 1 WHERE p.published < ('2026-01-01 10:00:01.654321'::timestamp without "
                      "time zone - '1 mon'::interval)"}}));
  EXPECT_TRUE(diffSchemas(before, after).empty());
  after["view recent"].properties["definition"] = "SELECT 2";
  EXPECT_EQ(diffSchemas(before, after).size(), 1U);
}

}  // namespace
}  // namespace sluice
