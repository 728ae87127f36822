// Drizzle Kit (PostgreSQL): DIR/meta/_journal.json lists the migrations, DIR/<tag>.sql
// holds each. Facts from drizzle-orm's migrator (migrator.ts, pg-core dialect): the
// journal's entries, in their order, are the migrations (a .sql file it does not list
// never runs); a file is split at every `--> statement-breakpoint` and each piece is one
// query; every pending migration runs inside one transaction, together with its row in
// `drizzle.__drizzle_migrations`; a migration is pending when its journal `when` is later
// than the newest applied one's.
#include <nlohmann/json.hpp>

#include "common/file_io.hpp"
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

constexpr std::string_view kBreakpoint = "--> statement-breakpoint";

class Drizzle final : public MigrationFormat {
 public:
  Drizzle()
      : MigrationFormat({.name = "drizzle",
                         .tool = "Drizzle",
                         .historyTool = "drizzle",
                         .summary = "Drizzle Kit: <tag>.sql in the order of meta/_journal.json",
                         .ownsSubfolders = true,
                         .orderFromNames = false,
                         .sharedTransaction = true,
                         .detectionStrength = 100}) {}

  Detection detect(const FolderListing& folder) const override {
    if (!isRegularFile(folder.dir() / "meta" / "_journal.json")) return {};
    return {100, "meta/_journal.json"};
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    std::filesystem::path journalPath = dir / "meta" / "_journal.json";
    auto text = readFile(journalPath);
    if (!text) return text.takeError();
    nlohmann::json journal = nlohmann::json::parse(*text, nullptr, false);
    auto bad = [&](const std::string& what) {
      return Error(ErrorCode::Input, "cannot read Drizzle's journal: " + what,
                   "regenerate it with `drizzle-kit generate`, or restore it from version control",
                   journalPath.lexically_normal().string());
    };
    if (journal.is_discarded() || !journal.is_object() || !journal.contains("entries") ||
        !journal["entries"].is_array()) {
      return bad("it is not JSON with an `entries` array");
    }
    std::string dialect = journal.value("dialect", "");
    if (dialect != "postgresql" && dialect != "pg") {
      return bad("its dialect is `" + dialect + "`, not PostgreSQL");
    }
    MigrationSet set = emptySet(dir, *this);
    std::map<std::string, bool> listed;
    std::int64_t previousWhen = 0;
    std::string previousTag;
    for (const auto& entry : journal["entries"]) {
      if (!entry.is_object() || !entry.contains("tag") || !entry["tag"].is_string()) {
        return bad("an entry without a `tag`");
      }
      std::string tag = entry["tag"].get<std::string>();
      std::int64_t when =
          entry.contains("when") && entry["when"].is_number_integer() ? entry["when"].get<std::int64_t>() : 0;
      std::filesystem::path file = dir / (tag + ".sql");
      if (!isRegularFile(file)) {
        return Error(ErrorCode::Input,
                     "Drizzle's journal lists " + tag + ", but " + file.filename().string() + " is not in " +
                         dir.lexically_normal().string(),
                     "restore the file, or remove its entry with `drizzle-kit drop`",
                     journalPath.lexically_normal().string());
      }
      if (!previousTag.empty() && when <= previousWhen) {
        return Error(ErrorCode::Input,
                     "Drizzle's journal gives " + tag + " a `when` (" + std::to_string(when) + ") not later than " +
                         previousTag + "'s (" + std::to_string(previousWhen) +
                         "): Drizzle's migrator would skip it on every database where " + previousTag + " is applied",
                     "give the entry a `when` later than the previous one (regenerate the migration)",
                     journalPath.lexically_normal().string());
      }
      previousWhen = when;
      previousTag = tag;
      listed[tag + ".sql"] = true;
      Migration migration = makeMigration(tag, *this, file);
      migration.createdAt = when;
      set.migrations.push_back(std::move(migration));
    }
    for (const auto& entry : entriesOf(dir)) {
      std::string name(entry.name());
      if (name.ends_with(".sql") && isRegularFile(entry) && !listed.contains(name)) {
        set.notRun.emplace_back(entry.path(), "not in meta/_journal.json: Drizzle's migrator never runs it");
      }
    }
    return set;
  }

  Expected<MigrationPart> part(const Migration& migration, FileRole role, std::string text) const override {
    if (auto refused = refuseForeignMarkers(migration.forward, text, name()); !refused) return refused.takeError();
    std::vector<Span> pieces;
    std::size_t begin = 0;
    for (std::size_t at = text.find(kBreakpoint); at != std::string::npos; at = text.find(kBreakpoint, begin)) {
      pieces.push_back({begin, at});
      begin = at + kBreakpoint.size();
    }
    pieces.push_back({begin, text.size()});
    if (auto refused = refuseSplitStatements(migration.forward, text, pieces,
                                             "Drizzle splits the file at this `--> statement-breakpoint`",
                                             "move the breakpoint between two statements");
        !refused) {
      return refused.takeError();
    }
    MigrationPart part;
    part.text = std::make_shared<const std::string>(std::move(text));
    part.execution.tool = "Drizzle";
    part.execution.mode = TransactionMode::Wrapped;
    part.execution.reason = "Drizzle's migrator runs every pending migration in one transaction";
    (void)role;
    return part;
  }

  bool isForwardFile(const std::filesystem::path& relative) const override {
    return relative.parent_path().empty() && relative.filename().string().ends_with(".sql");
  }
};

}  // namespace

const MigrationFormat& drizzleFormat() {
  static const Drizzle format;
  return format;
}

}  // namespace sluice::formats
