#pragma once
// A normalised dump of the user-visible schema of a database, for `sluice verify` to
// compare the schema before a migration with the schema after the migration and its
// rollback. Objects are identified by name (never by OID, which a rollback that drops
// and recreates an object changes) and described by properties in the server's own
// canonical text (format_type, pg_get_indexdef, pg_get_constraintdef, ...), so that
// two equal schemas give equal dumps whatever SQL produced them.
//
// Covered: schemas, tables (kind, persistence, row security, partitioning), columns
// (type, default, nullability, identity, generated, collation, position), indexes,
// constraints, enums (values in order), domains, composite types, views and
// materialized views, functions and procedures, sequences, triggers, policies and
// extensions. System schemas and objects that belong to an extension are left out.

#include <map>
#include <string>

#include "common/error.hpp"
#include "common/pg_session.hpp"

namespace sluice {

struct CatalogObject {
  std::string kind;    // "table", "column", "index", "enum", ...
  std::string name;    // "orders", "orders.note", "billing.invoice_no_seq" (public. left out)
  std::string parent;  // the table a column, index, constraint, trigger or policy belongs to
  std::map<std::string, std::string> properties;
};

// Keyed by "kind name".
using CatalogSnapshot = std::map<std::string, CatalogObject>;

// Reads the schema through `session` (in its current transaction, if any).
Expected<CatalogSnapshot> takeCatalogSnapshot(PgSession& session);

}  // namespace sluice
