// sqitch's registry on PostgreSQL, as sqitchers/sqitch creates, reads and writes it
// (lib/App/Sqitch/Engine/pg.sql for the tables, Engine/pg.pm and Role/DBIEngine.pm
// log_deploy_change / log_revert_change / _log_event, Plan/Change.pm and Plan/Tag.pm
// for ids and script hashes):
//   - schema `sqitch` with `releases` (registry version 1.1), `projects`, `changes`,
//     `tags`, `dependencies` and `events`; the history of one project is its rows of
//     `changes`, oldest `committed_at` first;
//   - deploying a change inserts its `changes` row (change id, script hash, planner,
//     committer), its `dependencies` and the `tags` that follow it in the plan, and a
//     `deploy` event; reverting writes a `revert` event and deletes those rows;
//   - sqitch finds its place in the plan by change id, so ids must be sqitch's own
//     (tool_checksums.hpp).
// sqitch keeps no failed state in `changes` (a failure is only a `fail` event), so a
// change that fails outside a transaction leaves no row, as with sqitch.
#include "runner/history/table_history.hpp"
#include "runner/history/tool_checksums.hpp"

namespace sluice {
namespace {

using namespace history_support;

std::string textArray(const PgSession& session, const std::vector<std::string>& items) {
  std::string out = "ARRAY[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + session.literal(items[i]);
  return out + "]::text[]";
}

class SqitchHistory final : public EndOnlyHistory {
 public:
  using EndOnlyHistory::EndOnlyHistory;

  [[nodiscard]] std::string_view tool() const override { return "sqitch"; }

  [[nodiscard]] std::string recordKey(const RecordFields& migration) const override {
    return migration.sqitch ? sqitchChangeId(*migration.sqitch) : migration.migrationId;
  }
  [[nodiscard]] std::string checksumOf(const RecordFields& migration) const override {
    return migration.text != nullptr ? sqitchScriptHash(*migration.text) : std::string();
  }
  [[nodiscard]] bool checksumMatches(const std::string& recorded, const RecordFields& migration) const override {
    return recorded.empty() || recorded == checksumOf(migration);
  }

  HistoryActions applyActions(const PgSession& session, const RecordFields& fields) const override {
    HistoryActions actions = endOnlyActions(deployStatements(session, fields));
    // log_fail_change: a `fail` event, and no change row.
    std::string failed = projectStatement(session, fields) + "; " + eventStatement(session, fields, "fail");
    actions.markFailed = [failed](int, const std::string&) { return failed; };
    return actions;
  }

  HistoryActions rollbackActions(const PgSession& session, const HistoryRecord& record,
                                 const RecordFields& fields) const override {
    std::string id = session.literal(record.key);
    auto [name, email] = committer(session, fields);
    std::string dependencies =
        "SELECT dependency FROM " + sibling(session, "dependencies") + " WHERE change_id = " + id;
    return endOnlyActions(
        "INSERT INTO " + sibling(session, "events") +
        " (event, change_id, change, project, note, tags, requires, conflicts, committer_name, committer_email, "
        "planned_at, planner_name, planner_email, committed_at) SELECT 'revert', c.change_id, c.change, c.project, "
        "c.note, ARRAY(SELECT tag FROM " +
        sibling(session, "tags") + " WHERE change_id = " + id + " ORDER BY tag), ARRAY(" + dependencies +
        " AND type = 'require'), ARRAY(" + dependencies + " AND type = 'conflict'), " + name + ", " + email +
        ", c.planned_at, c.planner_name, c.planner_email, clock_timestamp() FROM " + quoted(session) +
        " c WHERE c.change_id = " + id + "; DELETE FROM " + sibling(session, "tags") + " WHERE change_id = " + id +
        "; DELETE FROM " + sibling(session, "dependencies") + " WHERE change_id = " + id + "; DELETE FROM " +
        quoted(session) + " WHERE change_id = " + id);
  }

 protected:
  [[nodiscard]] std::vector<std::string> requiredColumns() const override {
    return {"change_id", "script_hash", "change", "project", "committed_at", "planned_at"};
  }
  [[nodiscard]] std::string description() const override { return "sqitch's registry"; }

  Expected<std::vector<HistoryRecord>> readRows(PgSession& session) const override {
    SqlResult result =
        session.execParams("SELECT change_id, script_hash, " + isoColumn("committed_at") + ", committer_name FROM " +
                               quoted(session) + " WHERE $1 = '' OR project = $1 ORDER BY committed_at",
                           {table_.project});
    if (!result.ok()) return queryError(table_, "read", result.error());
    std::vector<HistoryRecord> records;
    for (int row = 0; row < result.rows(); ++row) {
      HistoryRecord record;
      record.key = record.migrationId = result.value(row, 0);
      record.checksum = result.value(row, 1);
      record.startedAt = record.finishedAt = result.value(row, 2);
      record.appliedBy = result.value(row, 3);
      records.push_back(std::move(record));
    }
    return records;
  }

  [[nodiscard]] std::string createStatements(const PgSession& session) const override {
    std::string projects = sibling(session, "projects");
    std::string changes = quoted(session);
    std::string onProject = " NOT NULL REFERENCES " + projects + "(project) ON UPDATE CASCADE";
    std::string planned =
        "  committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),\n"
        "  committer_name  TEXT        NOT NULL,\n"
        "  committer_email TEXT        NOT NULL,\n"
        "  planned_at      TIMESTAMPTZ NOT NULL,\n"
        "  planner_name    TEXT        NOT NULL,\n"
        "  planner_email   TEXT        NOT NULL";
    return "CREATE TABLE " + sibling(session, "releases") +
           " (\n"
           "  version         REAL        PRIMARY KEY,\n"
           "  installed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),\n"
           "  installer_name  TEXT        NOT NULL,\n"
           "  installer_email TEXT        NOT NULL\n); CREATE TABLE " +
           projects +
           " (\n"
           "  project         TEXT        PRIMARY KEY,\n"
           "  uri             TEXT            NULL UNIQUE,\n"
           "  created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),\n"
           "  creator_name    TEXT        NOT NULL,\n"
           "  creator_email   TEXT        NOT NULL\n); CREATE TABLE " +
           changes +
           " (\n"
           "  change_id       TEXT        PRIMARY KEY,\n"
           "  script_hash     TEXT            NULL,\n"
           "  change          TEXT        NOT NULL,\n"
           "  project         TEXT       " +
           onProject +
           ",\n"
           "  note            TEXT        NOT NULL DEFAULT '',\n" +
           planned + ",\n  UNIQUE(project, script_hash)\n); CREATE TABLE " + sibling(session, "tags") +
           " (\n"
           "  tag_id          TEXT        PRIMARY KEY,\n"
           "  tag             TEXT        NOT NULL,\n"
           "  project         TEXT       " +
           onProject + ",\n  change_id       TEXT        NOT NULL REFERENCES " + changes +
           "(change_id) ON UPDATE CASCADE,\n"
           "  note            TEXT        NOT NULL DEFAULT '',\n" +
           planned + ",\n  UNIQUE(project, tag)\n); CREATE TABLE " + sibling(session, "dependencies") +
           " (\n"
           "  change_id       TEXT        NOT NULL REFERENCES " +
           changes +
           "(change_id) ON UPDATE CASCADE ON DELETE CASCADE,\n"
           "  type            TEXT        NOT NULL,\n"
           "  dependency      TEXT        NOT NULL,\n"
           "  dependency_id   TEXT            NULL REFERENCES " +
           changes +
           "(change_id) ON UPDATE CASCADE CONSTRAINT dependencies_check CHECK (\n"
           "    (type = 'require' AND dependency_id IS NOT NULL) OR (type = 'conflict' AND dependency_id IS NULL)\n"
           "  ),\n"
           "  PRIMARY KEY (change_id, dependency)\n); CREATE TABLE " +
           sibling(session, "events") +
           " (\n"
           "  event           TEXT        NOT NULL CONSTRAINT events_event_check CHECK (\n"
           "    event IN ('deploy', 'revert', 'fail', 'merge')\n"
           "  ),\n"
           "  change_id       TEXT        NOT NULL,\n"
           "  change          TEXT        NOT NULL,\n"
           "  project         TEXT       " +
           onProject +
           ",\n"
           "  note            TEXT        NOT NULL DEFAULT '',\n"
           "  requires        TEXT[]      NOT NULL DEFAULT '{}',\n"
           "  conflicts       TEXT[]      NOT NULL DEFAULT '{}',\n"
           "  tags            TEXT[]      NOT NULL DEFAULT '{}',\n" +
           planned + ",\n  PRIMARY KEY (change_id, committed_at)\n); INSERT INTO " + sibling(session, "releases") +
           " (version, installer_name, installer_email) VALUES (1.1, current_user, '')";
  }

 private:
  // sqitch's user.name and user.email when known, else the database user.
  static std::pair<std::string, std::string> committer(const PgSession& session, const RecordFields& fields) {
    if (fields.sqitch && !fields.sqitch->committerName.empty()) {
      return {session.literal(fields.sqitch->committerName), session.literal(fields.sqitch->committerEmail)};
    }
    return {"current_user", "''"};
  }

  // A requirement's change id: resolved from the plan, or for another project's change
  // (`project:change`) the earliest recorded change of that name, as change_id_for finds it.
  [[nodiscard]] std::string dependencyId(const PgSession& session, const SqitchDependency& dependency) const {
    if (dependency.conflict) return "NULL";
    if (!dependency.resolvedId.empty()) return session.literal(dependency.resolvedId);
    std::string name = dependency.name.substr(0, dependency.name.find('@'));
    std::size_t colon = name.find(':');
    std::string project = colon == std::string::npos ? table_.project : name.substr(0, colon);
    return "(SELECT change_id FROM " + quoted(session) + " WHERE project = " + session.literal(project) +
           " AND change = " + session.literal(name.substr(colon == std::string::npos ? 0 : colon + 1)) +
           " ORDER BY committed_at LIMIT 1)";
  }

  [[nodiscard]] static SqitchChange changeOf(const RecordFields& fields, const std::string& project) {
    if (fields.sqitch) return *fields.sqitch;
    SqitchChange change;
    change.project = project;
    change.name = fields.migrationId;
    return change;
  }

  [[nodiscard]] static std::string plannedValues(const PgSession& session, const SqitchChange& change) {
    return session.literal(change.plannedAt.empty() ? std::string("now") : change.plannedAt) + "::timestamptz, " +
           session.literal(change.plannerName) + ", " + session.literal(change.plannerEmail);
  }

  // The project's row, written with its first change (sqitch writes it on `sqitch deploy`).
  [[nodiscard]] std::string projectStatement(const PgSession& session, const RecordFields& fields) const {
    SqitchChange change = changeOf(fields, table_.project);
    std::string project = session.literal(change.project);
    auto [name, email] = committer(session, fields);
    return "INSERT INTO " + sibling(session, "projects") + " (project, uri, creator_name, creator_email) SELECT " +
           project + ", " + (change.uri.empty() ? std::string("NULL") : session.literal(change.uri)) + ", " + name +
           ", " + email + " WHERE NOT EXISTS (SELECT 1 FROM " + sibling(session, "projects") +
           " WHERE project = " + project + ")";
  }

  // An `events` row as _log_event writes it: the change's tags, requirements and conflicts
  // as the plan names them.
  [[nodiscard]] std::string eventStatement(const PgSession& session, const RecordFields& fields,
                                           const std::string& event) const {
    SqitchChange change = changeOf(fields, table_.project);
    std::vector<std::string> requirements;
    std::vector<std::string> conflicts;
    for (const SqitchDependency& dependency : change.dependencies) {
      (dependency.conflict ? conflicts : requirements).push_back(dependency.name);
    }
    std::vector<std::string> tags;
    for (const SqitchTag& tag : change.tags) tags.push_back("@" + tag.name);
    auto [name, email] = committer(session, fields);
    return "INSERT INTO " + sibling(session, "events") +
           " (event, change_id, change, project, note, tags, requires, conflicts, committer_name, committer_email, "
           "planned_at, planner_name, planner_email, committed_at) VALUES (" +
           session.literal(event) + ", " + session.literal(recordKey(fields)) + ", " + session.literal(change.name) +
           ", " + session.literal(change.project) + ", " + session.literal(change.note) + ", " +
           textArray(session, tags) + ", " + textArray(session, requirements) + ", " + textArray(session, conflicts) +
           ", " + name + ", " + email + ", " + plannedValues(session, change) + ", clock_timestamp())";
  }

  // What log_deploy_change writes: the project (registered on its first change), the
  // change, its dependencies and tags, and the deploy event.
  [[nodiscard]] std::string deployStatements(const PgSession& session, const RecordFields& fields) const {
    SqitchChange change = changeOf(fields, table_.project);
    std::string id = session.literal(recordKey(fields));
    std::string project = session.literal(change.project);
    auto [name, email] = committer(session, fields);
    std::string sql = projectStatement(session, fields) + "; INSERT INTO " + quoted(session) +
                      " (change_id, script_hash, change, project, note, committer_name, committer_email, planned_at, "
                      "planner_name, planner_email, committed_at) VALUES (" +
                      id + ", " + (fields.text != nullptr ? session.literal(checksumOf(fields)) : std::string("NULL")) +
                      ", " + session.literal(change.name) + ", " + project + ", " + session.literal(change.note) +
                      ", " + name + ", " + email + ", " + plannedValues(session, change) + ", clock_timestamp())";
    for (const SqitchDependency& dependency : change.dependencies) {
      sql += "; INSERT INTO " + sibling(session, "dependencies") +
             " (change_id, type, dependency, dependency_id) VALUES (" + id + ", " +
             (dependency.conflict ? "'conflict'" : "'require'") + ", " + session.literal(dependency.name) + ", " +
             dependencyId(session, dependency) + ")";
    }
    for (const SqitchTag& tag : change.tags) {
      sql += "; INSERT INTO " + sibling(session, "tags") +
             " (tag_id, tag, project, change_id, note, committer_name, committer_email, planned_at, planner_name, "
             "planner_email, committed_at) VALUES (" +
             session.literal(sqitchTagId(change, tag, recordKey(fields))) + ", " + session.literal("@" + tag.name) +
             ", " + project + ", " + id + ", " + session.literal(tag.note) + ", " + name + ", " + email + ", " +
             session.literal(tag.plannedAt) + "::timestamptz, " + session.literal(tag.plannerName) + ", " +
             session.literal(tag.plannerEmail) + ", clock_timestamp())";
    }
    return sql + "; " + eventStatement(session, fields, "deploy");
  }
};

}  // namespace

std::unique_ptr<HistoryStore> makeSqitchHistory(HistoryTableName table) {
  return std::make_unique<SqitchHistory>(std::move(table));
}

}  // namespace sluice
