#include "verify/catalog.hpp"

#include <string_view>
#include <vector>

namespace sluice {
namespace {

// "orders" for public.orders, "billing.invoice" otherwise.
std::string qualified(std::string_view schema, std::string_view name) {
  return "CASE WHEN " + std::string(schema) + " = 'public' THEN '' ELSE " + std::string(schema) + " || '.' END || " +
         std::string(name);
}

std::string userSchema(std::string_view schema) {
  std::string s(schema);
  return s + " NOT IN ('pg_catalog', 'information_schema') AND " + s + " NOT LIKE 'pg\\_toast%' AND " + s +
         " NOT LIKE 'pg\\_temp\\_%'";
}

std::string notFromExtension(std::string_view catalog, std::string_view oid) {
  return "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '" + std::string(catalog) +
         "'::regclass AND d.objid = " + std::string(oid) + " AND d.deptype = 'e')";
}

// An object of the user's own: in a user's schema (namespace `n`) and not an extension's
// (`oid` its row in `catalog`).
std::string usersOwn(std::string_view catalog, std::string_view oid) {
  return userSchema("n.nspname") + " AND " + notFromExtension(catalog, oid);
}

// The rows of one kind of object: a row per (property, value) of each object that `from`
// lists (`n` being its namespace), in the user's schemas and not an extension's.
struct PropertyRows {
  std::string kind;                             // SQL for the kind: 'index', or a CASE
  std::string name;                             // SQL for the object's name
  std::string parent = "''";                    // SQL for the name of the table it belongs to
  std::string from;                             // the catalogue tables, joined
  std::string properties;                       // the ('property', value) rows
  std::string where = {};                       // a condition of its own, if any
  std::string catalog = "pg_catalog.pg_class";  // where the object's row is, for the extension check
  std::string oid = "c.oid";
};

std::string sql(const PropertyRows& rows) {
  return "SELECT " + rows.kind + ", " + rows.name + ", " + rows.parent + ", p.property, p.value FROM " + rows.from +
         " CROSS JOIN LATERAL (VALUES " + rows.properties + ") AS p(property, value) WHERE " +
         (rows.where.empty() ? "" : rows.where + " AND ") + usersOwn(rows.catalog, rows.oid);
}

// Every query returns (kind, name, parent, property, value); an object without
// properties comes back with a NULL property.
std::vector<std::string> catalogQueries() {
  const std::string relation = qualified("n.nspname", "c.relname");
  const std::string inNamespace = " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace";
  std::vector<std::string> queries;
  queries.push_back(
      "SELECT 'schema', n.nspname::text, '', NULL::text, NULL::text FROM pg_catalog.pg_namespace n WHERE " +
      usersOwn("pg_catalog.pg_namespace", "n.oid"));
  queries.push_back(sql({
      .kind = "CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' "
              "ELSE 'table' END",
      .name = relation,
      .from = "pg_catalog.pg_class c" + inNamespace,
      .properties =
          "('persistence', CASE c.relpersistence WHEN 'u' THEN 'unlogged' WHEN 't' THEN 'temporary' ELSE 'logged' "
          "END), "
          "('row security', CASE WHEN c.relrowsecurity THEN 'enabled' || CASE WHEN c.relforcerowsecurity THEN "
          "', forced' ELSE '' END ELSE NULL END), "
          "('partitioned by', CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END), "
          "('partition of', CASE WHEN c.relispartition THEN (SELECT i.inhparent::regclass::text FROM "
          "pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid LIMIT 1) || ' ' || "
          "pg_catalog.pg_get_expr(c.relpartbound, c.oid) END), "
          "('options', pg_catalog.array_to_string(c.reloptions, ', ')), "
          "('definition', CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END), "
          "('columns', CASE WHEN c.relkind IN ('r', 'p', 'f') THEN (SELECT pg_catalog.string_agg(a.attname::text, "
          "', ' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND "
          "NOT a.attisdropped) END)",
      .where = "c.relkind IN ('r', 'p', 'v', 'm', 'f')",
  }));
  queries.push_back(sql({
      .kind = "'column'",
      .name = relation + " || '.' || a.attname",
      .parent = relation,
      .from = "pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid" + inNamespace +
              " LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum",
      .properties =
          "('type', pg_catalog.format_type(a.atttypid, a.atttypmod)), "
          "('nullable', CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END), "
          "('default', CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END), "
          "('generated', CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END), "
          "('identity', CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END), "
          "('collation', CASE WHEN a.attcollation <> 0 AND a.attcollation <> (SELECT t.typcollation FROM "
          "pg_catalog.pg_type t WHERE t.oid = a.atttypid) THEN (SELECT co.collname::text FROM "
          "pg_catalog.pg_collation co WHERE co.oid = a.attcollation) END)",
      .where = "a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f')",
  }));
  queries.push_back(sql({
      .kind = "'index'",
      .name = qualified("n.nspname", "ic.relname"),
      .parent = relation,
      .from = "pg_catalog.pg_index x JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid "
              "JOIN pg_catalog.pg_class c ON c.oid = x.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = "
              "ic.relnamespace",
      .properties = "('definition', pg_catalog.pg_get_indexdef(x.indexrelid)), "
                    "('valid', CASE WHEN NOT x.indisvalid THEN 'INVALID' END), "
                    "('clustered', CASE WHEN x.indisclustered THEN 'CLUSTER' END)",
  }));
  queries.push_back(sql({
      .kind = "'constraint'",
      .name = relation + " || '.' || co.conname",
      .parent = relation,
      .from = "pg_catalog.pg_constraint co JOIN pg_catalog.pg_class c ON c.oid = co.conrelid" + inNamespace,
      .properties = "('definition', pg_catalog.pg_get_constraintdef(co.oid)), "
                    "('validated', CASE WHEN NOT co.convalidated THEN 'NOT VALID' END)",
  }));
  const std::string type = qualified("n.nspname", "t.typname");
  queries.push_back(
      "SELECT 'enum', " + type +
      ", '', 'values', (SELECT pg_catalog.string_agg(e.enumlabel::text, ', ' ORDER BY e.enumsortorder) FROM "
      "pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON "
      "n.oid = t.typnamespace WHERE t.typtype = 'e' AND " +
      usersOwn("pg_catalog.pg_type", "t.oid"));
  queries.push_back(sql({
      .kind = "'domain'",
      .name = type,
      .from = "pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace",
      .properties = "('type', pg_catalog.format_type(t.typbasetype, t.typtypmod)), "
                    "('nullable', CASE WHEN t.typnotnull THEN 'NOT NULL' END), ('default', t.typdefault), "
                    "('constraints', (SELECT pg_catalog.string_agg(co.conname || ' ' || "
                    "pg_catalog.pg_get_constraintdef(co.oid), ', ' ORDER BY co.conname) FROM pg_catalog.pg_constraint "
                    "co WHERE co.contypid = t.oid))",
      .where = "t.typtype = 'd'",
      .catalog = "pg_catalog.pg_type",
      .oid = "t.oid",
  }));
  queries.push_back(
      "SELECT 'type', " + type +
      ", '', 'attributes', (SELECT pg_catalog.string_agg(a.attname || ' ' || pg_catalog.format_type(a.atttypid, "
      "a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND "
      "a.attnum > 0 AND NOT a.attisdropped) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = "
      "t.typnamespace JOIN pg_catalog.pg_class c ON c.oid = t.typrelid WHERE t.typtype = 'c' AND c.relkind = 'c' AND " +
      usersOwn("pg_catalog.pg_type", "t.oid"));
  queries.push_back(
      "SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END, "
      "CASE WHEN n.nspname = 'public' THEN pg_catalog.regexp_replace(p.oid::regprocedure::text, '^public\\.', '') "
      "ELSE p.oid::regprocedure::text END, '', 'definition', CASE WHEN p.prokind <> 'a' THEN "
      "pg_catalog.pg_get_functiondef(p.oid) END FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = "
      "p.pronamespace WHERE " +
      usersOwn("pg_catalog.pg_proc", "p.oid"));
  queries.push_back(sql({
      .kind = "'sequence'",
      .name = relation,
      .from = "pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid" + inNamespace,
      .properties =
          "('type', pg_catalog.format_type(s.seqtypid, NULL)), "
          "('start', s.seqstart::text), ('increment', s.seqincrement::text), ('minimum', s.seqmin::text), "
          "('maximum', s.seqmax::text), ('cache', s.seqcache::text), ('cycle', CASE WHEN s.seqcycle THEN 'CYCLE' "
          "END), "
          "('owned by', (SELECT d.refobjid::regclass::text || '.' || a.attname FROM pg_catalog.pg_depend d JOIN "
          "pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid WHERE d.classid = "
          "'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0 "
          "LIMIT 1))",
  }));
  queries.push_back(sql({
      .kind = "'trigger'",
      .name = relation + " || '.' || tg.tgname",
      .parent = relation,
      .from = "pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid" + inNamespace,
      .properties = "('definition', pg_catalog.pg_get_triggerdef(tg.oid)), "
                    "('enabled', CASE tg.tgenabled WHEN 'D' THEN 'DISABLED' WHEN 'R' THEN 'REPLICA' WHEN 'A' THEN "
                    "'ALWAYS' END)",
      .where = "NOT tg.tgisinternal",
  }));
  queries.push_back(
      "SELECT 'policy', " + relation + " || '.' || po.polname, " + relation +
      ", 'definition', pg_catalog.concat_ws(' ', CASE WHEN NOT po.polpermissive THEN 'RESTRICTIVE' END, 'FOR', "
      "CASE po.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' "
      "ELSE 'ALL' END, 'USING', pg_catalog.pg_get_expr(po.polqual, po.polrelid), 'WITH CHECK', "
      "pg_catalog.pg_get_expr(po.polwithcheck, po.polrelid)) FROM pg_catalog.pg_policy po JOIN pg_catalog.pg_class c "
      "ON c.oid = po.polrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " +
      userSchema("n.nspname"));
  queries.emplace_back(
      "SELECT 'extension', x.extname::text, '', p.property, p.value FROM pg_catalog.pg_extension x "
      "JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace CROSS JOIN LATERAL (VALUES "
      "('version', x.extversion), ('schema', n.nspname::text)) AS p(property, value)");
  return queries;
}

}  // namespace

Expected<CatalogSnapshot> takeCatalogSnapshot(PgSession& session) {
  static const std::vector<std::string> queries = catalogQueries();
  std::string sql;
  for (const std::string& query : queries) sql += (sql.empty() ? "" : " UNION ALL ") + query;
  SqlResult result = session.exec(sql);
  if (!result.ok()) return result.error().toError("cannot read the schema of the scratch database");
  CatalogSnapshot snapshot;
  for (int row = 0; row < result.rows(); ++row) {
    std::string kind = result.value(row, 0);
    std::string name = result.value(row, 1);
    CatalogObject& object = snapshot[kind + " " + name];
    object.kind = kind;
    object.name = name;
    object.parent = result.value(row, 2);
    if (!result.isNull(row, 3) && !result.isNull(row, 4)) {
      std::string value = result.value(row, 4);
      if (!value.empty()) object.properties[result.value(row, 3)] = std::move(value);
    }
  }
  return snapshot;
}

}  // namespace sluice
