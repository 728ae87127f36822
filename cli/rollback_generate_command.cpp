// `sluice rollback generate`: the rollback of each migration, written from the schema
// model run backwards (linter/rollback/generate.hpp).
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "cli/runner_options.hpp"
#include "cli/settings.hpp"
#include "common/file_io.hpp"
#include "linter/layout.hpp"
#include "linter/rollback/generate.hpp"

namespace sluice::cli {
namespace {

namespace fs = std::filesystem;

struct GenerateFlags {
  RunnerFlags runner;
  std::vector<std::string> migrations;
  bool write = false;
  bool force = false;
};

// Formats whose rollback is a section of the migration file: the line that opens it.
std::string_view sectionMarker(const MigrationFormat& format) {
  if (format.name() == "goose") return "-- +goose Down";
  if (format.name() == "dbmate") return "-- migrate:down";
  return {};
}

bool matches(const Migration& migration, const std::string& name) {
  return migration.id == name || migration.version == name || migration.forward.filename().string() == name ||
         migration.forward.parent_path().filename().string() == name;
}

struct Target {
  const rollback::GeneratedRollback* rollback = nullptr;
  fs::path path;
  bool section = false;  // appended to the migration file
};

Status writeRollback(const Target& target) {
  const Migration& migration = *target.rollback->migration;
  if (!target.section) return writeFileAtomically(target.path, target.rollback->sql);
  auto text = readFile(target.path);
  if (!text) return text.takeError();
  std::string contents = std::move(*text);
  if (!contents.empty() && contents.back() != '\n') contents += '\n';
  contents += "\n" + std::string(sectionMarker(*migration.format)) + "\n" + target.rollback->sql;
  return writeFileAtomically(target.path, contents);
}

ExitCode runGenerate(const GenerateFlags& flags) {
  config::Settings configured = orThrow(loadRunnerSettings(flags.runner));
  if (flags.runner.printConfig) return printSettings(configured, false);
  ProjectOptions project = orThrow(projectOptions(configured));
  MigrationSet set = orThrow(loadMigrationSet(project.dir, project.layout));
  for (const std::string& name : flags.migrations) {
    if (std::none_of(set.migrations.begin(), set.migrations.end(),
                     [&](const Migration& m) { return matches(m, name); })) {
      throw SluiceException(Error(ErrorCode::Usage, "no migration `" + name + "` in " + project.dir.string(),
                                  "name a migration by its id, version or file name (`sluice status` lists them)"));
    }
  }
  auto wanted = [&](const Migration& migration) {
    if (flags.migrations.empty()) return !migration.rollback.has_value();
    return std::any_of(flags.migrations.begin(), flags.migrations.end(),
                       [&](const std::string& name) { return matches(migration, name); });
  };
  std::vector<rollback::GeneratedRollback> rollbacks = orThrow(rollback::generateRollbacks(set, wanted));

  std::vector<Target> targets;
  for (const rollback::GeneratedRollback& generated : rollbacks) {
    const Migration& migration = *generated.migration;
    Target target{&generated, rollbackPathFor(migration), false};
    target.section = target.path == migration.forward;
    if (flags.write) {
      if (target.section && sectionMarker(*migration.format).empty()) {
        throw SluiceException(Error(ErrorCode::Usage,
                                    "sluice cannot write the rollback of " + migration.id + " into its file",
                                    "print it without --write and add it by hand"));
      }
      if (target.section && migration.rollback) {
        throw SluiceException(
            Error(ErrorCode::Usage,
                  target.path.string() + " already has a rollback section; sluice does not rewrite "
                                         "part of a migration file, even with --force",
                  "delete the section, then run `sluice rollback generate " + migration.id + " --write` again"));
      }
      if (!target.section && fs::exists(target.path) && !flags.force) {
        throw SluiceException(Error(ErrorCode::Usage, target.path.string() + " exists; nothing was written",
                                    "--force replaces existing rollback files"));
      }
    }
    targets.push_back(target);
  }

  std::size_t incomplete = 0;
  for (const Target& target : targets) {
    const rollback::GeneratedRollback& generated = *target.rollback;
    if (generated.cannotCount > 0) {
      ++incomplete;
      std::cerr << generated.migration->id << ": " << generated.cannotCount
                << " change(s) sluice cannot undo (see the `-- sluice: cannot generate` lines)\n";
    }
    if (flags.write) {
      orThrow(writeRollback(target));
      std::cout << "wrote " << target.path.string() << (target.section ? " (rollback section)" : "") << "\n";
    } else {
      if (&target != &targets.front()) std::cout << "\n";
      std::cout << generated.sql;
    }
  }
  if (targets.empty()) std::cerr << "every migration has a rollback; name one to generate it anyway\n";
  return incomplete > 0 ? ExitCode::Findings : ExitCode::Success;
}

}  // namespace

void addRollbackGenerateCommand(CLI::App& rollbackCommand, Commands& commands) {
  auto flags = std::make_shared<GenerateFlags>();
  CLI::App* generate = rollbackCommand.add_subcommand(
      "generate", "Write the rollback of migrations from the schema model (the migration run backwards).");
  generate->footer(
      "Without MIGRATION: every migration that has no rollback. The rollback undoes the migration against\n"
      "the schema the history before it built: created objects dropped, renames reversed, types, defaults\n"
      "and NOT NULL restored, dropped objects recreated from their definitions (dropped data stays gone).\n"
      "What sluice cannot undo (data changes, statements it cannot read) is a `-- sluice: cannot generate`\n"
      "line with the reason. Prints the rollbacks; --write creates each where the layout keeps it (down.sql,\n"
      "x.down.sql, x_rollback.sql; a Down section appended for goose and dbmate); an existing file is\n"
      "replaced only with --force. Exit codes: 0 complete, 1 some change cannot be undone, 2 usage or input.\n"
      "Examples:\n"
      "  sluice rollback generate --dir prisma/migrations\n"
      "  sluice rollback generate 20240101000000_init --dir migrations --write\n"
      "  sluice rollback generate 0004 --write --force");
  generate->add_option("MIGRATION", flags->migrations, "Migration id, version or file name (repeatable)");
  addFolderFlags(*generate, flags->runner);
  generate->add_flag("--write", flags->write, "Create the rollback files instead of printing them");
  generate->add_flag("--force", flags->force, "With --write: replace rollback files that exist");
  commands.push_back({generate, [flags] { return runGenerate(*flags); }});
}

}  // namespace sluice::cli
