#include "linter/reporters/json_reporter.hpp"

#include <nlohmann/json.hpp>

namespace sluice {
namespace {

// What `sluice fix` would change: byte ranges of the file (offset, length) with their
// 1-based positions, the new migrations it would add right after this one, and what the
// rollback of this one must also run.
nlohmann::ordered_json fixJson(const Fix& fix, const SourceFile& source) {
  nlohmann::ordered_json edits = nlohmann::ordered_json::array();
  for (const TextEdit& edit : fix.edits) {
    TextPosition start = source.lines().position(edit.span.begin);
    TextPosition end = source.lines().position(edit.span.end);
    edits.push_back({{"offset", edit.span.begin},
                     {"length", edit.span.size()},
                     {"line", start.line},
                     {"column", start.column},
                     {"end_line", end.line},
                     {"end_column", end.column},
                     {"replacement", edit.replacement}});
  }
  nlohmann::ordered_json json = {{"description", fix.description}, {"edits", std::move(edits)}};
  if (!fix.following.empty()) {
    nlohmann::ordered_json added = nlohmann::ordered_json::array();
    for (const FollowingMigration& migration : fix.following) {
      added.push_back(
          {{"name", migration.name}, {"sql", migration.sql}, {"outside_transaction", migration.outsideTransaction}});
    }
    json["new_migrations"] = std::move(added);
  }
  if (!fix.rollbackAddition.empty()) json["rollback_addition"] = fix.rollbackAddition;
  return json;
}

}  // namespace

void JsonReporter::write(const LintReport& report, std::ostream& out) {
  nlohmann::ordered_json diagnostics = nlohmann::ordered_json::array();
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      nlohmann::ordered_json item;
      item["file"] = file.source->path();
      item["line"] = finding.start.line;
      item["column"] = finding.start.column;
      item["end_line"] = finding.end.line;
      item["end_column"] = finding.end.column;
      item["rule"] = finding.rule->name;
      item["code"] = finding.rule->code;
      item["severity"] = severityName(finding.severity);
      item["category"] = categoryName(finding.rule->category);
      item["message"] = finding.message;
      item["help"] = finding.helpText();
      if (!finding.notes.empty()) item["notes"] = finding.notes;
      if (finding.fix) item["fix"] = fixJson(*finding.fix, *file.source);
      diagnostics.push_back(std::move(item));
    }
  }
  nlohmann::ordered_json errors = nlohmann::ordered_json::array();
  for (const Error& error : report.errors) {
    errors.push_back({{"location", error.location}, {"message", error.message}, {"hint", error.hint}});
  }
  // Which format each folder was read as, and why (detected from what, or --layout).
  nlohmann::ordered_json sets = nlohmann::ordered_json::array();
  for (const LintedSet& set : report.sets) {
    sets.push_back({{"path", set.root}, {"layout", set.layout}, {"layout_source", set.layoutSource}});
  }
  nlohmann::ordered_json document;
  document["version"] = version_;
  document["migration_sets"] = std::move(sets);
  document["diagnostics"] = std::move(diagnostics);
  document["errors"] = std::move(errors);
  document["summary"] = {{"errors", report.errorCount},
                         {"warnings", report.warningCount},
                         {"files", report.files.size()},
                         {"fail_on", severityName(report.failOn)},
                         {"failed", report.failed()}};
  // dump() would throw on invalid UTF-8; inputs are validated, but never crash here.
  out << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace sluice
