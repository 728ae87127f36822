#pragma once
// The snapshot format, version 1. docs/snapshot-format.md is the same specification
// for people; a change here is a change there, and a new format version when old
// readers would misread the result.
//
// A snapshot is a directory <snapshot-dir>/<id>/ (mode 0700; files mode 0600):
//
//   manifest.json         what the snapshot holds (below); plain JSON, never encrypted
//   manifest.auth         one line authenticating the exact bytes of manifest.json:
//                           "hmac-sha256 <64 hex>\n"  encrypted snapshots (manifest key)
//                           "sha256 <64 hex>\n"       unencrypted snapshots
//   schema-pre.sql<ext>   `pg_dump --section=pre-data`: types, functions, tables, views ...
//   schema-post.sql<ext>  `pg_dump --section=post-data`: indexes, constraints, triggers,
//                         rules, policies, materialized view refreshes
//   sequences.sql<ext>    one `SELECT pg_catalog.setval(...)` per sequence
//   data-NNNNN.copy<ext>  rows of one table in COPY text format, one row per line,
//                         columns in the order the manifest lists; a large table is
//                         split into several files (ranges of its heap blocks)
//
// <ext> is ".zst" (one zstd frame with content checksum) or, when the snapshot is
// encrypted, ".zst.enc": that frame inside the encrypted container (framing.hpp).
// pg_dump's psql meta-commands (\restrict, \unrestrict) are removed from the SQL.
//
// The id is the UTC creation time and 6 random hex digits, "20250131T120000Z-3fa2c1";
// ids sort by time. A snapshot is written under ".tmp-<id>-<pid>" in the same parent
// and renamed to its id only when every file, the manifest and the directory are on
// disk (fsync), so a directory named like an id is always complete.
//
// manifest.json, an object:
//   format              "sluice-snapshot"
//   format_version      1; readers refuse a newer version
//   id, reason          the id; why it was taken ("manual", "before deploy ...")
//   created_at          UTC, RFC 3339 with milliseconds
//   duration_seconds    how long creation took
//   sluice_version      the sluice that wrote it
//   database            {name, encoding, server_version, server_version_num,
//                        pg_dump_version, public_schema: whether schema public existed,
//                        roles: the cluster's roles, so that a scratch restore can create them}
//   compression         {algorithm: "zstd", level}
//   encryption          null, or {algorithm: "aes-256-gcm", kdf: "hkdf-sha256",
//                        salt: 64 hex, key_id: 16 hex, chunk_size}
//   history             [{kind: "prisma"|"sluice", schema, table, rows: [row objects]}]:
//                        the migration history tables as they were
//   tables              [{schema, name, columns: [names], rows, relation_bytes, freeze,
//                        parts: [{file, rows, copy_bytes}]}]: the parts in order make
//                        the table's COPY data; a part's rows is its file's line count
//   sequences           {file, count}
//   files               [{name, role, bytes, sha256, plain_bytes, file_id}]: every file
//                        but the manifest and its .auth; role is schema-pre, schema-post,
//                        sequences or table-data; sha256 of the bytes on disk;
//                        plain_bytes before compression; file_id (encrypted only) is the
//                        id in the container header
//   totals              {rows, copy_bytes, bytes}
// Unknown members are ignored by readers of the same format version.

namespace sluice::snapshot {

inline constexpr const char* kFormatName = "sluice-snapshot";
inline constexpr int kFormatVersion = 1;

inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kManifestAuthFile = "manifest.auth";
inline constexpr const char* kTempPrefix = ".tmp-";
inline constexpr const char* kDeletingPrefix = ".deleting-";

inline constexpr const char* kRoleSchemaPre = "schema-pre";
inline constexpr const char* kRoleSchemaPost = "schema-post";
inline constexpr const char* kRoleSequences = "sequences";
inline constexpr const char* kRoleTableData = "table-data";

}  // namespace sluice::snapshot
