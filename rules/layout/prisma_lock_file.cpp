#include "common/file_io.hpp"
#include "common/line_index.hpp"
#include "common/toml.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

namespace fs = std::filesystem;

// The byte span of a TOML value, from its position.
Span spanOf(const std::string& text, TextPosition position) {
  LineIndex lines(text);
  std::size_t begin = lines.lineStart(position.line);
  std::string_view line = lines.lineText(position.line);
  // Columns count characters; the value of `provider = "..."` is preceded by ASCII.
  begin += std::min<std::size_t>(position.column - 1, line.size());
  std::size_t end = begin;
  while (end < text.size() && text[end] != '\n' && text[end] != '\r' && text[end] != '#') ++end;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  return {begin, end};
}

class PrismaLockFile final : public Rule {
 public:
  void checkSet(const MigrationSetContext& context, SetFindingSink& out) override {
    const MigrationSet& set = context.set();
    if (set.format->name() != "prisma") return;
    fs::path lock = set.root / "migration_lock.toml";
    std::error_code ec;
    if (!fs::exists(lock, ec)) {
      out.report(lock, std::nullopt,
                 "this Prisma migrations folder has no migration_lock.toml: Prisma writes it with the first "
                 "migration and refuses to deploy a folder whose provider it cannot check",
                 "Commit the migration_lock.toml that `prisma migrate dev` created, with provider = \"postgresql\".");
      return;
    }
    auto text = readFile(lock);
    if (!text) {
      out.report(lock, std::nullopt, "migration_lock.toml cannot be read: " + text.error().message);
      return;
    }
    auto document = parseToml(*text, lock.string());
    if (!document) {
      out.report(lock, std::nullopt, "migration_lock.toml is not valid TOML: " + document.error().message);
      return;
    }
    const TomlValue* provider = document->find("provider");
    if (provider == nullptr) {
      out.report(lock, std::nullopt, "migration_lock.toml names no provider; Prisma expects provider = \"postgresql\"");
      return;
    }
    if (provider->kind != TomlValue::Kind::String || provider->string != "postgresql") {
      std::string value = provider->kind == TomlValue::Kind::String ? "\"" + provider->string + "\"" : "a non-string";
      out.report(lock, spanOf(*text, provider->position),
                 "migration_lock.toml says provider = " + value +
                     ", not \"postgresql\": these migrations were generated for another database, and Prisma "
                     "refuses to apply them to PostgreSQL",
                 "Regenerate the migrations for PostgreSQL, or fix the provider if the lock file is wrong.");
    }
  }
};

}  // namespace

const RuleDefinition& prismaLockFileRule() {
  static const RuleDefinition definition{
      {
          .name = "prisma-lock-file",
          .code = "M003",
          .category = Category::Layout,
          .defaultSeverity = Severity::Error,
          .summary = "A Prisma migrations folder has no migration_lock.toml, or one that is not for PostgreSQL.",
          .rationale = "`prisma migrate` writes `migration_lock.toml` with the database provider the migrations "
                       "were generated for and checks it before it applies them: a missing or unreadable lock "
                       "file, or a provider other than \"postgresql\", means the migrations were not written for "
                       "this database (SQL generated for MySQL or SQLite does not run on PostgreSQL) and the "
                       "deploy fails.",
          .safeAlternative = "Commit the lock file Prisma wrote, with provider = \"postgresql\".",
          .badExample = "# prisma/migrations/migration_lock.toml\nprovider = \"mysql\"",
          .goodExample = "# prisma/migrations/migration_lock.toml\nprovider = \"postgresql\"",
      },
      makeRule<PrismaLockFile>};
  return definition;
}

}  // namespace sluice::rules
