// The history stores against the real tools, where they install here (ci/setup): dbmate
// 2.36 (npm, tests/dbmate), Drizzle's migrator (drizzle-orm 0.45.4 with pg, run by
// tests/drizzle/migrate.mjs) and sqitch 1.3.1 (Debian). Each test lets the tool apply
// part of a project and the store read its rows, lets the store record the rest the way
// the runner does (the migration's SQL and the history statements in one transaction),
// and asks the tool's own status and migrate commands whether they agree; then the
// reverse. goose, golang-migrate and Flyway do not install here: their stores are tested
// against the tables their own DDL creates and the rows their source says they write.
#include <fstream>
#include <gtest/gtest.h>

#include "common/sha256.hpp"
#include "common/text.hpp"
#include "runner/history.hpp"
#include "runner/history/tool_checksums.hpp"
#include "runner/migration_state.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = fs::path(SLUICE_SOURCE_DIR);

PgSession openSession(const ConnectionSettings& db) {
  auto session = PgSession::open(db, "sluice history test");
  if (!session) throw std::runtime_error(session.error().message);
  return std::move(*session);
}

// The store of `tool` on the table the tool itself uses by default.
std::unique_ptr<HistoryStore> defaultStore(std::string_view tool) {
  return makeHistoryStore(tool, defaultHistoryTable(tool));
}

std::string urlOf(const ConnectionSettings& db) {
  EphemeralCluster& cluster = testCluster();
  return "postgres://" + cluster.superuser() + "@localhost:" + std::to_string(cluster.port()) + "/" + db.database();
}

void writeFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A migrations folder as the runner sees it: migrations in apply order, with their text.
struct Folder {
  std::vector<Migration> migrations;
  std::vector<MigrationFile> files;

  void add(const std::string& version, const std::string& name, const fs::path& forward, const std::string& text) {
    Migration migration;
    migration.id = version + "_" + name;
    migration.version = version;
    migration.name = name;
    migration.forward = forward;
    migrations.push_back(migration);
    MigrationFile file;
    file.text = std::make_shared<const std::string>(text);
    file.checksum = sha256Hex(text);
    files.push_back(file);
    for (std::size_t i = 0; i < files.size(); ++i) files[i].migration = &migrations[i];
  }
  [[nodiscard]] RecordFields fields(std::size_t index) const { return migrationFields(files, files[index]); }
};

std::vector<HistoryRecord> readAll(PgSession& session, const HistoryStore& store) {
  auto records = store.read(session);
  if (!records) throw std::runtime_error(records.error().message);
  return *records;
}

// What the executor does for a transactional migration: its statements and the history
// record in one transaction.
void applyWith(PgSession& session, const HistoryStore& store, const RecordFields& fields, const std::string& sql) {
  ASSERT_TRUE(store.create(session).ok());
  SqlResult result =
      session.exec("BEGIN; " + sql + "; " + store.applyActions(session, fields).finalInTransaction(7) + "; COMMIT");
  ASSERT_TRUE(result.ok()) << result.error().summary();
}

void rollbackWith(PgSession& session, const HistoryStore& store, const HistoryRecord& record,
                  const RecordFields& fields, const std::string& sql) {
  SqlResult result = session.exec("BEGIN; " + sql + "; " +
                                  store.rollbackActions(session, record, fields).finalInTransaction(3) + "; COMMIT");
  ASSERT_TRUE(result.ok()) << result.error().summary();
}

ProcessResult run(const std::vector<std::string>& argv, const fs::path& cwd,
                  std::vector<std::pair<std::string, std::string>> env = {}) {
  SpawnOptions options;
  options.cwd = cwd;
  options.setEnv = std::move(env);
  auto result = runProcess(argv, options);
  if (!result) throw std::runtime_error(result.error().message);
  result->out += result->err;
  return *result;
}

std::vector<MigrationStatus> statuses(const HistoryComparison& comparison) {
  std::vector<MigrationStatus> out;
  for (const MigrationEntry& entry : comparison.entries) out.push_back(entry.status);
  return out;
}

constexpr MigrationStatus kApplied = MigrationStatus::Applied;
constexpr MigrationStatus kPending = MigrationStatus::Pending;

// Which of a project's migrations the store's records say are applied, and whether
// their checksums still match; `fields(i)` is what the runner knows of migration i (the
// format units add Drizzle's `when` and sqitch's plan entry to it).
template <typename Project>
HistoryComparison compareByKey(PgSession& session, const HistoryStore& store, const Project& project,
                               std::size_t count) {
  std::vector<HistoryRecord> records = readAll(session, store);
  HistoryComparison comparison;
  for (std::size_t i = 0; i < count; ++i) {
    MigrationEntry entry;
    entry.id = project.folder.files[i].id();
    for (const HistoryRecord& record : records) {
      if (record.migrationId == store.recordKey(project.fields(i))) {
        entry.status = kApplied;
        entry.edited = !store.checksumMatches(record.checksum, project.fields(i));
      }
    }
    comparison.entries.push_back(entry);
  }
  return comparison;
}

// ---------------------------------------------------------------------------- dbmate

const fs::path kDbmate = kSource / "tests" / "dbmate" / "node_modules" / "@dbmate" / "linux-x64" / "bin" / "dbmate";

struct DbmateProject {
  Project tmp;  // its root() is a fresh temp dir
  Folder folder;
  const char* names[4] = {"users", "orders", "items", "tags"};

  std::string version(std::size_t i) const { return "2024010" + std::to_string(i + 1) + "000000"; }
  std::string up(std::size_t i) const { return std::string("CREATE TABLE ") + names[i] + " (id int)"; }
  // Writes the next `count` migrations into db/migrations, as dbmate's files are.
  void writeNext(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) write(folder.migrations.size());
  }
  void write(std::size_t i) {
    std::string text = "-- migrate:up\n" + up(i) + ";\n\n-- migrate:down\nDROP TABLE " + names[i] + ";\n";
    fs::path path = tmp.root() / "db" / "migrations" / (version(i) + "_" + names[i] + ".sql");
    writeFile(path, text);
    folder.add(version(i), names[i], path, text);
  }
  ProcessResult dbmate(const ConnectionSettings& db, const std::string& command) const {
    if (!fs::exists(kDbmate)) ADD_FAILURE() << "dbmate is not installed in tests/dbmate: run ci/setup";
    return run({kDbmate.string(), "--url", urlOf(db) + "?sslmode=disable", "--no-dump-schema", command}, tmp.root());
  }
};

TEST(HistoryTools, DbmateAppliesHalfSluiceTheRestAndDbmateAgrees) {
  ConnectionSettings db = freshDatabase("dbmate_half");
  DbmateProject project;
  project.writeNext(2);
  ASSERT_EQ(project.dbmate(db, "migrate").exitCode, 0);

  PgSession session = openSession(db);
  auto store = defaultStore("dbmate");
  project.writeNext(2);
  EXPECT_EQ(statuses(compareHistory(project.folder.files, readAll(session, *store), store.get())),
            (std::vector{kApplied, kApplied, kPending, kPending}));
  applyWith(session, *store, project.folder.fields(2), project.up(2));
  applyWith(session, *store, project.folder.fields(3), project.up(3));

  ProcessResult status = project.dbmate(db, "status");
  EXPECT_EQ(status.exitCode, 0) << status.out;
  EXPECT_NE(status.out.find("Applied: 4"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("Pending: 0"), std::string::npos) << status.out;
  ProcessResult again = project.dbmate(db, "migrate");
  EXPECT_EQ(again.exitCode, 0) << again.out;
  EXPECT_EQ(again.out.find("Applying"), std::string::npos) << again.out;

  // Rolled back by sluice: dbmate sees it pending and applies it again.
  std::vector<HistoryRecord> records = readAll(session, *store);
  ASSERT_EQ(records.size(), 4U);
  rollbackWith(session, *store, records.back(), project.folder.fields(3), "DROP TABLE tags");
  status = project.dbmate(db, "status");
  EXPECT_NE(status.out.find("[ ] " + project.version(3) + "_tags.sql"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("Pending: 1"), std::string::npos) << status.out;
  again = project.dbmate(db, "migrate");
  EXPECT_EQ(again.exitCode, 0) << again.out;
  EXPECT_NE(again.out.find("Applying: " + project.version(3) + "_tags.sql"), std::string::npos) << again.out;
  EXPECT_EQ(readAll(session, *store).size(), 4U);
}

TEST(HistoryTools, DbmateContinuesWhereSluiceStopped) {
  ConnectionSettings db = freshDatabase("dbmate_reverse");
  DbmateProject project;
  project.writeNext(4);
  PgSession session = openSession(db);
  auto store = defaultStore("dbmate");
  applyWith(session, *store, project.folder.fields(0), project.up(0));
  applyWith(session, *store, project.folder.fields(1), project.up(1));

  ProcessResult migrated = project.dbmate(db, "migrate");
  EXPECT_EQ(migrated.exitCode, 0) << migrated.out;
  EXPECT_EQ(migrated.out.find("_users.sql"), std::string::npos) << migrated.out;
  EXPECT_NE(migrated.out.find("Applying: " + project.version(2) + "_items.sql"), std::string::npos) << migrated.out;
  EXPECT_NE(migrated.out.find("Applying: " + project.version(3) + "_tags.sql"), std::string::npos) << migrated.out;
  EXPECT_EQ(statuses(compareHistory(project.folder.files, readAll(session, *store), store.get())),
            (std::vector{kApplied, kApplied, kApplied, kApplied}));
}

// `sluice deploy`, `status` and `rollback` themselves on a dbmate project (the layout
// detected from its markers): dbmate's own status agrees at every step.
TEST(HistoryTools, SluiceDeployStatusAndRollbackAgreeWithDbmate) {
  ConnectionSettings db = freshDatabase("dbmate_cli");
  DbmateProject project;
  project.writeNext(2);
  ASSERT_EQ(project.dbmate(db, "migrate").exitCode, 0);
  project.writeNext(2);
  fs::path dir = project.tmp.root() / "db" / "migrations";
  ProcessResult deployed = deployTo(db, dir, {"--no-snapshot", "--no-lint-gate"});
  ASSERT_EQ(deployed.exitCode, 0) << deployed.out << deployed.err;
  EXPECT_NE(deployed.out.find("2 to apply"), std::string::npos) << deployed.out;
  ProcessResult status = project.dbmate(db, "status");
  EXPECT_NE(status.out.find("Applied: 4"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("Pending: 0"), std::string::npos) << status.out;

  ProcessResult rollback = runSluiceOn("rollback", db, dir, {"--steps", "1"});
  ASSERT_EQ(rollback.exitCode, 0) << rollback.out << rollback.err;
  EXPECT_FALSE(tableExists(db, "tags"));
  status = project.dbmate(db, "status");
  EXPECT_NE(status.out.find("Pending: 1"), std::string::npos) << status.out;
  ProcessResult migrated = project.dbmate(db, "migrate");
  EXPECT_NE(migrated.out.find("Applying: " + project.version(3) + "_tags.sql"), std::string::npos) << migrated.out;
  ProcessResult ours = runSluiceOn("status", db, dir, {"--json"});
  EXPECT_EQ(ours.exitCode, 0) << ours.out << ours.err;
  EXPECT_NE(ours.out.find("\"pending\": 0"), std::string::npos) << ours.out;
}

// --------------------------------------------------------------------------- Drizzle

const fs::path kDrizzleDir = kSource / "tests" / "drizzle";

struct DrizzleProject {
  Project tmp;  // its root() is a fresh temp dir
  Folder folder;
  std::vector<std::string> tags;
  const char* names[4] = {"users", "orders", "items", "tags"};
  bool utf8Only = false;  // the comment of migration 1 as UTF-8, which sluice accepts

  static std::int64_t when(std::size_t i) { return 1700000000000 + static_cast<std::int64_t>(i) * 86400000; }
  std::string text(std::size_t i) const {
    std::string table = names[i];
    // Bytes that are not UTF-8 in a comment: Drizzle hashes what Node decodes.
    std::string comment = i != 1 ? "" : utf8Only ? "-- caf\xc3\xa9\n" : "-- caf\xe9 \xff\n";
    return comment + "CREATE TABLE " + table + " (id int);\n--> statement-breakpoint\nCREATE INDEX " + table +
           "_id ON " + table + " (id);\n";
  }
  // Writes the next `count` migrations and the journal that lists them.
  void writeNext(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) write(tags.size());
  }
  void write(std::size_t i) {
    std::string tag = "000" + std::to_string(i) + "_" + names[i];
    writeFile(tmp.root() / (tag + ".sql"), text(i));
    folder.add("000" + std::to_string(i), names[i], tmp.root() / (tag + ".sql"), text(i));
    tags.push_back(tag);
    std::string entries;
    for (std::size_t k = 0; k < tags.size(); ++k) {
      entries += std::string(k == 0 ? "" : ",") + "{\"idx\":" + std::to_string(k) +
                 ",\"version\":\"7\",\"when\":" + std::to_string(when(k)) + ",\"tag\":\"" + tags[k] +
                 "\",\"breakpoints\":true}";
    }
    writeFile(tmp.root() / "meta" / "_journal.json",
              "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":[" + entries + "]}\n");
  }
  [[nodiscard]] RecordFields fields(std::size_t i) const {
    RecordFields fields = folder.fields(i);
    fields.createdAt = when(i);
    return fields;
  }
  ProcessResult migrate(const ConnectionSettings& db) const {
    auto node = findExecutable("node");
    if (!node || !fs::exists(kDrizzleDir / "node_modules" / "drizzle-orm")) {
      ADD_FAILURE() << "drizzle-orm is not installed in tests/drizzle: run ci/setup";
      return {};
    }
    return run({node->string(), (kDrizzleDir / "migrate.mjs").string(), urlOf(db), tmp.root().string()}, kDrizzleDir);
  }
};

TEST(HistoryTools, DrizzleAppliesHalfSluiceTheRestAndDrizzleSkipsThem) {
  ConnectionSettings db = freshDatabase("drizzle_half");
  DrizzleProject project;
  project.writeNext(2);
  ProcessResult first = project.migrate(db);
  ASSERT_EQ(first.exitCode, 0) << first.out;

  PgSession session = openSession(db);
  auto store = defaultStore("drizzle");
  ASSERT_EQ(readAll(session, *store).size(), 2U);
  HistoryComparison comparison = compareByKey(session, *store, project, 2);
  EXPECT_EQ(statuses(comparison), (std::vector{kApplied, kApplied}));
  EXPECT_FALSE(comparison.entries[0].edited);
  EXPECT_FALSE(comparison.entries[1].edited) << "Drizzle's hash of a file that is not UTF-8";

  project.writeNext(2);
  applyWith(session, *store, project.fields(2), project.text(2));
  applyWith(session, *store, project.fields(3), project.text(3));
  // Drizzle would fail on CREATE TABLE if it ran them again.
  ProcessResult again = project.migrate(db);
  EXPECT_EQ(again.exitCode, 0) << again.out;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM drizzle.__drizzle_migrations"), "4");

  // Rolled back by sluice: Drizzle runs it again.
  std::vector<HistoryRecord> records = readAll(session, *store);
  rollbackWith(session, *store, records.back(), project.fields(3), "DROP TABLE tags");
  again = project.migrate(db);
  EXPECT_EQ(again.exitCode, 0) << again.out;
  EXPECT_TRUE(tableExists(db, "tags"));
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM drizzle.__drizzle_migrations"), "4");
}

TEST(HistoryTools, DrizzleContinuesWhereSluiceStopped) {
  ConnectionSettings db = freshDatabase("drizzle_reverse");
  DrizzleProject project;
  project.writeNext(4);
  PgSession session = openSession(db);
  auto store = defaultStore("drizzle");
  // Drizzle sends what Node decoded: the file's text with U+FFFD for bytes that are not UTF-8.
  applyWith(session, *store, project.fields(0), utf8Lossy(project.text(0)));
  applyWith(session, *store, project.fields(1), utf8Lossy(project.text(1)));

  ProcessResult migrated = project.migrate(db);
  EXPECT_EQ(migrated.exitCode, 0) << migrated.out;
  EXPECT_EQ(querySingle(db, "SELECT to_regclass('items') IS NOT NULL AND to_regclass('tags') IS NOT NULL"), "t");
  EXPECT_EQ(readAll(session, *store).size(), 4U);
  HistoryComparison comparison = compareByKey(session, *store, project, 4);
  EXPECT_EQ(statuses(comparison), (std::vector{kApplied, kApplied, kApplied, kApplied}));
  for (const MigrationEntry& entry : comparison.entries) EXPECT_FALSE(entry.edited) << entry.id;
}

// A file that is not UTF-8, which Drizzle runs as Node decoded it (U+FFFD for each bad
// byte), is refused by sluice before the database is touched: it names the byte.
TEST(HistoryTools, SluiceRefusesADrizzleFileThatIsNotUtf8WhereTheMigratorWouldRunIt) {
  ConnectionSettings db = freshDatabase("drizzle_cli_bytes");
  DrizzleProject project;
  project.writeNext(2);
  ASSERT_EQ(project.migrate(db).exitCode, 0);
  project.writeNext(1);
  ProcessResult deployed = deployTo(db, project.tmp.root(), {"--no-snapshot", "--no-lint-gate"});
  EXPECT_EQ(deployed.exitCode, 2) << deployed.out << deployed.err;
  EXPECT_NE((deployed.out + deployed.err).find("0001_orders.sql is not valid UTF-8: byte 0xE9"), std::string::npos)
      << deployed.out << deployed.err;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM drizzle.__drizzle_migrations"), "2");
  EXPECT_FALSE(tableExists(db, "items"));
}

// `sluice deploy` itself on a Drizzle project (journal, breakpoints, one transaction):
// the migrator then has nothing to run, and sluice's status reads the migrator's rows as
// unedited.
TEST(HistoryTools, SluiceDeployContinuesDrizzleAndTheMigratorAgrees) {
  ConnectionSettings db = freshDatabase("drizzle_cli");
  DrizzleProject project;
  project.utf8Only = true;
  project.writeNext(2);
  ASSERT_EQ(project.migrate(db).exitCode, 0);
  project.writeNext(2);
  ProcessResult deployed = deployTo(db, project.tmp.root(), {"--no-snapshot", "--no-lint-gate"});
  ASSERT_EQ(deployed.exitCode, 0) << deployed.out << deployed.err;
  EXPECT_NE(deployed.out.find("2 to apply"), std::string::npos) << deployed.out;
  EXPECT_EQ(querySingle(db, "SELECT string_agg(created_at::text, ',' ORDER BY id) FROM drizzle.__drizzle_migrations"),
            "1700000000000,1700086400000,1700172800000,1700259200000");
  ProcessResult again = project.migrate(db);
  EXPECT_EQ(again.exitCode, 0) << again.out;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM drizzle.__drizzle_migrations"), "4");
  ProcessResult status = runSluiceOn("status", db, project.tmp.root(), {"--json"});
  EXPECT_EQ(status.exitCode, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("\"pending\": 0"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("\"edited\": 0"), std::string::npos) << status.out;
}

// ---------------------------------------------------------------------------- sqitch

struct SqitchProject {
  Project tmp;  // its root() is a fresh temp dir
  Folder folder;
  std::vector<SqitchChange> changes;

  SqitchProject() {
    writeFile(tmp.root() / "sqitch.conf", "[core]\n\tengine = pg\n");
    writeFile(tmp.root() / "sqitch.plan",
              "%syntax-version=1.0.0\n%project=flipr\n%uri=https://example.com/flipr/\n\n"
              "users 2024-01-01T10:00:00Z Ada Lovelace <ada@example.com> # Creates the users table.\n"
              "flips [users] 2024-01-02T10:00:00Z Ada Lovelace <ada@example.com> # Adds flips.\n"
              "@v1.0 2024-01-02T11:00:00Z Ada Lovelace <ada@example.com> # Tag v1.0.\n"
              "likes [users flips] 2024-01-03T10:00:00Z Grace Hopper <grace@example.com>\n");
    // The plan above as its entries; the sqitch format unit reads them from the file.
    add("users", "2024-01-01T10:00:00Z", "Ada Lovelace", "ada@example.com", "Creates the users table.", {});
    add("flips", "2024-01-02T10:00:00Z", "Ada Lovelace", "ada@example.com", "Adds flips.", {{"users", false, ""}});
    changes.back().tags.push_back({"v1.0", "2024-01-02T11:00:00Z", "Ada Lovelace", "ada@example.com", "Tag v1.0."});
    add("likes", "2024-01-03T10:00:00Z", "Grace Hopper", "grace@example.com", "",
        {{"users", false, ""}, {"flips", false, ""}});
  }
  void add(const std::string& name, const std::string& at, const std::string& planner, const std::string& email,
           const std::string& note, std::vector<SqitchDependency> dependencies) {
    SqitchChange change;
    change.project = "flipr";
    change.uri = "https://example.com/flipr/";
    change.name = name;
    change.parentId = changes.empty() ? "" : sqitchChangeId(changes.back());
    change.plannerName = planner;
    change.plannerEmail = email;
    change.plannedAt = at;
    change.note = note;
    for (SqitchDependency& dependency : dependencies) {
      for (const SqitchChange& earlier : changes) {
        if (!dependency.conflict && earlier.name == dependency.name) dependency.resolvedId = sqitchChangeId(earlier);
      }
    }
    change.dependencies = std::move(dependencies);
    change.committerName = "Sluice Deploy";
    change.committerEmail = "deploy@example.com";
    changes.push_back(change);
    std::string text = "CREATE TABLE " + name + " (id int);\n";
    writeFile(tmp.root() / "deploy" / (name + ".sql"), text);
    writeFile(tmp.root() / "revert" / (name + ".sql"), "DROP TABLE " + name + ";\n");
    writeFile(tmp.root() / "verify" / (name + ".sql"), "SELECT id FROM " + name + " WHERE false;\n");
    folder.add(std::to_string(changes.size()), name, tmp.root() / "deploy" / (name + ".sql"), text);
  }
  [[nodiscard]] RecordFields fields(std::size_t i) const {
    RecordFields fields = folder.fields(i);
    fields.sqitch = changes[i];
    return fields;
  }
  ProcessResult sqitch(const ConnectionSettings& db, std::vector<std::string> arguments) const {
    auto binary = findExecutable("sqitch");
    if (!binary) {
      ADD_FAILURE() << "sqitch is not installed: run ci/setup (Debian package sqitch)";
      return {};
    }
    arguments.insert(arguments.begin(), binary->string());
    arguments.push_back("db:pg://" + testCluster().superuser() + "@localhost:" + std::to_string(testCluster().port()) +
                        "/" + db.database());
    return run(arguments, tmp.root(),
               {{"SQITCH_FULLNAME", "Sqitch User"},
                {"SQITCH_EMAIL", "sqitch@example.com"},
                {"SQITCH_USER_CONFIG", (tmp.root() / "no-user.conf").string()}});
  }
};

// sqitch's status says every change of the project is deployed, likes last, and its
// verify scripts pass.
void expectSqitchUpToDate(const SqitchProject& project, const ConnectionSettings& db) {
  ProcessResult status = project.sqitch(db, {"status"});
  EXPECT_EQ(status.exitCode, 0) << status.out;
  EXPECT_NE(status.out.find("Nothing to deploy (up-to-date)"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("# Name:     likes"), std::string::npos) << status.out;
  ProcessResult verified = project.sqitch(db, {"verify"});
  EXPECT_EQ(verified.exitCode, 0) << verified.out;
}

std::unique_ptr<HistoryStore> sqitchStore() {
  HistoryTableName table = defaultHistoryTable("sqitch");
  table.project = "flipr";
  return makeHistoryStore("sqitch", table);
}

TEST(HistoryTools, SqitchDeploysHalfSluiceTheRestAndSqitchAgrees) {
  ConnectionSettings db = freshDatabase("sqitch_half");
  SqitchProject project;
  ProcessResult deployed = project.sqitch(db, {"deploy", "--to", "flips"});
  ASSERT_EQ(deployed.exitCode, 0) << deployed.out;

  PgSession session = openSession(db);
  auto store = sqitchStore();
  HistoryComparison comparison = compareByKey(session, *store, project, 3);
  EXPECT_EQ(statuses(comparison), (std::vector{kApplied, kApplied, kPending})) << "change ids as sqitch computes them";
  EXPECT_FALSE(comparison.entries[0].edited);
  EXPECT_FALSE(comparison.entries[1].edited);

  applyWith(session, *store, project.fields(2), "CREATE TABLE likes (id int)");
  expectSqitchUpToDate(project, db);
  ProcessResult nothing = project.sqitch(db, {"deploy"});
  EXPECT_EQ(nothing.exitCode, 0) << nothing.out;
  EXPECT_NE(nothing.out.find("Nothing to deploy"), std::string::npos) << nothing.out;

  // sqitch reverts what sluice recorded, dependencies and all.
  ProcessResult reverted = project.sqitch(db, {"revert", "-y", "--to", "@v1.0"});
  EXPECT_EQ(reverted.exitCode, 0) << reverted.out;
  EXPECT_NE(reverted.out.find("- likes"), std::string::npos) << reverted.out;
  EXPECT_EQ(statuses(compareByKey(session, *store, project, 3)), (std::vector{kApplied, kApplied, kPending}));
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sqitch.dependencies"), "1");
}

TEST(HistoryTools, SqitchContinuesWhereSluiceStopped) {
  ConnectionSettings db = freshDatabase("sqitch_reverse");
  SqitchProject project;
  PgSession session = openSession(db);
  auto store = sqitchStore();
  applyWith(session, *store, project.fields(0), "CREATE TABLE users (id int)");
  applyWith(session, *store, project.fields(1), "CREATE TABLE flips (id int)");

  ProcessResult status = project.sqitch(db, {"status"});
  EXPECT_NE(status.out.find("# Tag:      @v1.0"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("* likes"), std::string::npos) << status.out;
  ProcessResult deployed = project.sqitch(db, {"deploy"});
  EXPECT_EQ(deployed.exitCode, 0) << deployed.out;
  EXPECT_NE(deployed.out.find("+ likes"), std::string::npos) << deployed.out;
  EXPECT_EQ(deployed.out.find("+ users"), std::string::npos) << deployed.out;
  EXPECT_EQ(statuses(compareByKey(session, *store, project, 3)), (std::vector{kApplied, kApplied, kApplied}));

  // And sluice reverts what sqitch deployed.
  std::vector<HistoryRecord> records = readAll(session, *store);
  ASSERT_EQ(records.size(), 3U);
  rollbackWith(session, *store, records.back(), project.fields(2), "DROP TABLE likes");
  EXPECT_EQ(querySingle(db, "SELECT string_agg(event, ',' ORDER BY committed_at) FROM sqitch.events"),
            "deploy,deploy,deploy,revert");
  status = project.sqitch(db, {"status"});
  EXPECT_NE(status.out.find("* likes"), std::string::npos) << status.out;
}

// The commands end to end on one database: sqitch deploys the first change, `sluice
// deploy` the rest (a dependency, a tag), sqitch's status and verify agree; `sluice
// rollback` reverts one and sqitch sees it pending and deploys it; `sqitch revert` and
// `sluice status` agree. sluice's committer comes from the project's sqitch.conf.
TEST(HistoryTools, SluiceDeployRollbackAndStatusAgreeWithSqitch) {
  ConnectionSettings db = freshDatabase("sqitch_cli");
  SqitchProject project;
  writeFile(project.tmp.root() / "sqitch.conf",
            "[core]\n\tengine = pg\n[user]\n\tname = Sluice Deploy\n\temail = \"deploy@example.com\"\n");
  fs::path dir = project.tmp.root();
  ProcessResult deployed = project.sqitch(db, {"deploy", "--to", "users"});
  ASSERT_EQ(deployed.exitCode, 0) << deployed.out;

  ProcessResult ours = deployTo(db, dir, {"--no-snapshot", "--no-lint-gate"});
  ASSERT_EQ(ours.exitCode, 0) << ours.out << ours.err;
  EXPECT_NE(ours.out.find("2 to apply"), std::string::npos) << ours.out;
  expectSqitchUpToDate(project, db);
  EXPECT_EQ(querySingle(db,
                        "SELECT string_agg(change || ':' || committer_name || ':' || committer_email, ',' "
                        "ORDER BY committed_at) FROM sqitch.changes"),
            "users:Sqitch User:sqitch@example.com,flips:Sluice Deploy:deploy@example.com,"
            "likes:Sluice Deploy:deploy@example.com");
  EXPECT_EQ(querySingle(db, "SELECT string_agg(tag, ',') FROM sqitch.tags"), "@v1.0");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sqitch.dependencies"), "3");

  ProcessResult rollback = runSluiceOn("rollback", db, dir, {"--steps", "1"});
  ASSERT_EQ(rollback.exitCode, 0) << rollback.out << rollback.err;
  EXPECT_FALSE(tableExists(db, "likes"));
  ProcessResult status = project.sqitch(db, {"status"});
  EXPECT_NE(status.out.find("* likes"), std::string::npos) << status.out;
  deployed = project.sqitch(db, {"deploy"});
  EXPECT_EQ(deployed.exitCode, 0) << deployed.out;
  EXPECT_NE(deployed.out.find("+ likes"), std::string::npos) << deployed.out;
  EXPECT_EQ(deployed.out.find("+ flips"), std::string::npos) << deployed.out;

  // The reverse: sqitch reverts to the tag, and sluice sees the rest pending.
  ProcessResult reverted = project.sqitch(db, {"revert", "-y", "--to", "@v1.0"});
  ASSERT_EQ(reverted.exitCode, 0) << reverted.out;
  ours = runSluiceOn("status", db, dir, {"--json"});
  EXPECT_EQ(ours.exitCode, 0) << ours.out << ours.err;
  EXPECT_NE(ours.out.find("\"applied\": 2"), std::string::npos) << ours.out;
  EXPECT_NE(ours.out.find("\"pending\": 1"), std::string::npos) << ours.out;
  EXPECT_NE(ours.out.find("\"edited\": 0"), std::string::npos) << ours.out;
  EXPECT_EQ(querySingle(db, "SELECT string_agg(event || ' ' || change, ',' ORDER BY committed_at) FROM sqitch.events"),
            "deploy users,deploy flips,deploy likes,revert likes,deploy likes,revert likes");
}

// ------------------------------------- goose, golang-migrate, Flyway: their own DDL and rows

// The columns of a table, with types and defaults, to compare a table a store created with
// the one the tool's DDL creates.
std::string columnsOf(const ConnectionSettings& db, const std::string& schema, const std::string& table) {
  return querySingle(db,
                     "SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable || ' ' || "
                     "coalesce(character_maximum_length::text, '') || ' ' || "
                     "coalesce(replace(column_default, '" +
                         schema +
                         ".', ''), ''), ', ' ORDER BY ordinal_position) "
                         "FROM information_schema.columns WHERE table_schema = '" +
                         schema + "' AND table_name = '" + table + "'");
}

Folder numbered(const std::vector<std::pair<std::string, std::string>>& versions) {
  Folder folder;
  for (const auto& [version, name] : versions) {
    folder.add(version, name, version + "__" + name + ".sql", "CREATE TABLE " + name + " (id int);\n");
  }
  return folder;
}

TEST(HistoryTools, GooseTableAndRowsAsGooseWritesThem) {
  ConnectionSettings db = freshDatabase("goose");
  // goose's PostgreSQL DDL (internal/dialect/dialectquery/postgres.go) and its version 0 row.
  execute(db,
          "CREATE SCHEMA tool; CREATE TABLE tool.goose_db_version (id serial NOT NULL, version_id bigint NOT NULL, "
          "is_applied boolean NOT NULL, tstamp timestamp NULL default now(), PRIMARY KEY(id)); "
          "INSERT INTO tool.goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), (2, true), "
          "(3, true), (2, false)");
  PgSession session = openSession(db);
  auto store = makeHistoryStore("goose", {"tool", "goose_db_version", ""});
  Folder folder = numbered({{"00001", "a"}, {"00002", "b"}, {"00003", "c"}, {"00004", "d"}});
  // The newest row of version 2 says it was rolled back (older goose's way).
  EXPECT_EQ(statuses(compareHistory(folder.files, readAll(session, *store), store.get())),
            (std::vector{kApplied, kPending, kApplied, kPending}));
  applyWith(session, *store, folder.fields(1), "CREATE TABLE b (id int)");
  std::vector<HistoryRecord> records = readAll(session, *store);
  EXPECT_EQ(statuses(compareHistory(folder.files, records, store.get())),
            (std::vector{kApplied, kApplied, kApplied, kPending}));
  EXPECT_EQ(
      querySingle(db, "SELECT version_id || ',' || is_applied FROM tool.goose_db_version ORDER BY id DESC LIMIT 1"),
      "2,true");
  rollbackWith(session, *store, records.back(), folder.fields(1), "DROP TABLE b");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM tool.goose_db_version WHERE version_id = 2"), "0");

  // The table sluice creates is goose's, version 0 row included.
  auto fresh = defaultStore("goose");
  ASSERT_TRUE(fresh->create(session).ok());
  EXPECT_EQ(columnsOf(db, "public", "goose_db_version"), columnsOf(db, "tool", "goose_db_version"));
  EXPECT_EQ(querySingle(db, "SELECT version_id || ',' || is_applied FROM public.goose_db_version"), "0,true");
  EXPECT_TRUE(readAll(session, *fresh).empty());
}

TEST(HistoryTools, GolangMigrateSingleRowAndDirtyState) {
  ConnectionSettings db = freshDatabase("golang_migrate");
  // golang-migrate's DDL (database/postgres/postgres.go ensureVersionTable) and a row as
  // SetVersion leaves it after migration 3 failed part-way.
  execute(db,
          "CREATE SCHEMA tool; CREATE TABLE IF NOT EXISTS tool.schema_migrations (version bigint not null primary key, "
          "dirty boolean not null); INSERT INTO tool.schema_migrations VALUES (3, true)");
  PgSession session = openSession(db);
  auto store = makeHistoryStore("golang-migrate", {"tool", "schema_migrations", ""});
  Folder folder = numbered({{"1", "a"}, {"2", "b"}, {"3", "c"}, {"4", "d"}});
  std::vector<HistoryRecord> dirtyRecords = readAll(session, *store);
  HistoryComparison dirty = compareHistory(folder.files, dirtyRecords, store.get());
  EXPECT_EQ(statuses(dirty), (std::vector{kApplied, kApplied, MigrationStatus::Failed, kPending}));
  EXPECT_NE(dirty.entries[2].record->log.find("dirty"), std::string::npos);

  // resolve --rolled-back puts back the version before it, as `migrate force 2` would.
  std::vector<HistoryRecord> failed{*dirty.entries[2].record};
  execute(db, store->resolveRolledBack(session, failed, folder.fields(2)));
  EXPECT_EQ(querySingle(db, "SELECT version || ',' || dirty FROM tool.schema_migrations"), "2,false");
  applyWith(session, *store, folder.fields(2), "CREATE TABLE c (id int)");
  applyWith(session, *store, folder.fields(3), "CREATE TABLE d (id int)");
  EXPECT_EQ(
      querySingle(db, "SELECT count(*) || ':' || min(version) || ',' || bool_or(dirty) FROM tool.schema_migrations"),
      "1:4,false");
  std::vector<HistoryRecord> records = readAll(session, *store);
  EXPECT_EQ(statuses(compareHistory(folder.files, records, store.get())),
            (std::vector{kApplied, kApplied, kApplied, kApplied}));
  // Outside a transaction the row is dirty while the migration runs, as golang-migrate's.
  execute(db, store->applyActions(session, folder.fields(3)).markStarted);
  EXPECT_EQ(querySingle(db, "SELECT version || ',' || dirty FROM tool.schema_migrations"), "4,true");
  execute(db, store->rollbackActions(session, records.front(), folder.fields(3)).finalInTransaction(0));
  EXPECT_EQ(querySingle(db, "SELECT version || ',' || dirty FROM tool.schema_migrations"), "3,false");
  execute(db, store->rollbackActions(session, records.front(), folder.fields(0)).finalInTransaction(0));
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM tool.schema_migrations"), "0");

  auto fresh = defaultStore("golang-migrate");
  ASSERT_TRUE(fresh->create(session).ok());
  EXPECT_EQ(columnsOf(db, "public", "schema_migrations"), columnsOf(db, "tool", "schema_migrations"));
  // dbmate's store refuses golang-migrate's table of the same name.
  auto dbmate = defaultStore("dbmate");
  auto refused = dbmate->read(session);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("golang-migrate"), std::string::npos);
}

TEST(HistoryTools, FlywaySchemaHistoryAsFlywayWritesIt) {
  ConnectionSettings db = freshDatabase("flyway");
  // Flyway's PostgreSQL DDL (PostgreSQLDatabase.getRawCreateScript) and rows as Flyway
  // writes them: its schema marker, a baseline at 1, 1.1 applied, 1.2 failed then
  // applied, a repeatable applied twice (the second row counts).
  std::string users = "CREATE TABLE users (id int);\n";
  execute(db,
          "CREATE SCHEMA tool; CREATE TABLE \"tool\".\"flyway_schema_history\" (\n"
          "    \"installed_rank\" INT NOT NULL,\n    \"version\" VARCHAR(50),\n"
          "    \"description\" VARCHAR(200) NOT NULL,\n    \"type\" VARCHAR(20) NOT NULL,\n"
          "    \"script\" VARCHAR(1000) NOT NULL,\n    \"checksum\" INTEGER,\n"
          "    \"installed_by\" VARCHAR(100) NOT NULL,\n    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
          "    \"execution_time\" INTEGER NOT NULL,\n    \"success\" BOOLEAN NOT NULL\n);\n"
          "ALTER TABLE \"tool\".\"flyway_schema_history\" ADD CONSTRAINT \"flyway_schema_history_pk\" PRIMARY KEY "
          "(\"installed_rank\");\n"
          "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"tool\".\"flyway_schema_history\" (\"success\");\n"
          "INSERT INTO tool.flyway_schema_history (installed_rank, version, description, type, script, checksum, "
          "installed_by, execution_time, success) VALUES "
          "(0, NULL, '<< Flyway Schema Creation >>', 'SCHEMA', '\"tool\"', NULL, 'me', 0, true), "
          "(1, '1', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL, 'me', 0, true), "
          "(2, '1.1', 'users', 'SQL', 'V1_1__users.sql', " +
              std::to_string(flywayChecksum(users)) +
              ", 'me', 5, true), "
              "(3, '1.2', 'orders', 'SQL', 'V1_2__orders.sql', 1, 'me', 5, false), "
              "(4, '1.2', 'orders', 'SQL', 'V1_2__orders.sql', 2, 'me', 5, true), "
              "(5, NULL, 'views', 'SQL', 'R__views.sql', 7, 'me', 1, true), "
              "(6, NULL, 'views', 'SQL', 'R__views.sql', 8, 'me', 1, true)");
  PgSession session = openSession(db);
  auto store = makeHistoryStore("flyway", {"tool", "flyway_schema_history", ""});
  std::vector<HistoryRecord> records = readAll(session, *store);
  ASSERT_EQ(records.size(), 4U);  // baseline, 1.1, 1.2 (its newest row), views (its newest row)
  EXPECT_EQ(records[2].key, "4");
  EXPECT_EQ(records[2].state, RecordState::Applied);
  EXPECT_EQ(records[3].migrationId, "R:views");
  EXPECT_EQ(records[3].checksum, "8");

  Folder folder;
  folder.add("0_9", "init", "V0_9__init.sql", "CREATE TABLE init (id int);\n");
  folder.add("1_1", "users", "V1_1__users.sql", "CREATE TABLE users (id int);\r\n");  // CRLF: same checksum
  folder.add("1_10", "later_orders", "V1_10__later_orders.sql", "CREATE TABLE later_orders (id int);\n");
  HistoryComparison comparison = compareHistory(folder.files, records, store.get());
  EXPECT_EQ(statuses(comparison),
            (std::vector{kApplied, kApplied, kPending, MigrationStatus::Missing, MigrationStatus::Missing}));
  EXPECT_FALSE(comparison.entries[1].edited);

  applyWith(session, *store, folder.fields(2), "CREATE TABLE later_orders (id int)");
  EXPECT_EQ(querySingle(db,
                        "SELECT installed_rank || '|' || version || '|' || description || '|' || type || '|' || script "
                        "|| '|' || checksum || '|' || installed_by || '|' || execution_time || '|' || success FROM "
                        "tool.flyway_schema_history ORDER BY installed_rank DESC LIMIT 1"),
            "7|1.10|later orders|SQL|V1_10__later_orders.sql|" +
                std::to_string(flywayChecksum("CREATE TABLE later_orders (id int);\n")) + "|" +
                testCluster().superuser() + "|7|true");
  // A failure outside a transaction is a success = false row, as Flyway records it.
  execute(db, store->applyActions(session, folder.fields(0)).markFailed(0, "boom"));
  records = readAll(session, *store);
  comparison = compareHistory(folder.files, records, store.get());
  EXPECT_EQ(comparison.entries[0].status, MigrationStatus::Failed);
  std::vector<HistoryRecord> failed{*comparison.entries[0].record};
  execute(db, store->resolveRolledBack(session, failed, folder.fields(0)));  // as `flyway repair`
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM tool.flyway_schema_history WHERE version = '0.9'"), "0");

  auto fresh = defaultStore("flyway");
  ASSERT_TRUE(fresh->create(session).ok());
  EXPECT_EQ(columnsOf(db, "public", "flyway_schema_history"), columnsOf(db, "tool", "flyway_schema_history"));
  EXPECT_EQ(querySingle(db,
                        "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = "
                        "'public' AND tablename = 'flyway_schema_history'"),
            "flyway_schema_history_pk,flyway_schema_history_s_idx");
}

}  // namespace
}  // namespace sluice::testing
