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

// The document is written as it is built, one diagnostic at a time, with the layout
// nlohmann's dump(2) gives the whole: a report of thousands of findings is never held
// twice (once as findings, once as a JSON tree).
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  // `value` as dump(2) writes it `depth` levels down. Newlines inside strings are
  // escaped, so every newline of the dump is one of its line breaks.
  void value(const nlohmann::ordered_json& value, int depth) {
    std::string text = value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    std::size_t from = 0;
    for (std::size_t newline = text.find('\n'); newline != std::string::npos; newline = text.find('\n', from)) {
      out_.write(text.data() + from, static_cast<std::streamsize>(newline + 1 - from));
      out_ << indent;
      from = newline + 1;
    }
    out_.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
  }

  // A member of the top-level object: `"name": ` on its own line.
  void key(std::string_view name, bool first) {
    out_ << (first ? "{\n  " : ",\n  ") << nlohmann::ordered_json(name).dump() << ": ";
  }

  // The items of a top-level member's array, each one written by `each` when it comes.
  template <typename Items, typename Each>
  void array(const Items& items, Each&& each) {
    bool empty = true;
    for (const auto& item : items) {
      each(item, [&](const nlohmann::ordered_json& element) {
        out_ << (empty ? "[\n    " : ",\n    ");
        empty = false;
        value(element, 2);
      });
    }
    out_ << (empty ? "[]" : "\n  ]");
  }

 private:
  std::ostream& out_;
};

nlohmann::ordered_json diagnosticJson(const FileReport& file, const Finding& finding) {
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
  return item;
}

}  // namespace

void JsonReporter::write(const LintReport& report, std::ostream& out) {
  JsonWriter json(out);
  json.key("version", true);
  json.value(version_, 1);
  // Which format each folder was read as, and why (detected from what, or --layout).
  json.key("migration_sets", false);
  json.array(report.sets, [](const LintedSet& set, auto&& emit) {
    emit({{"path", set.root}, {"layout", set.layout}, {"layout_source", set.layoutSource}});
  });
  json.key("diagnostics", false);
  json.array(report.files, [](const FileReport& file, auto&& emit) {
    for (const Finding& finding : file.findings) emit(diagnosticJson(file, finding));
  });
  json.key("errors", false);
  json.array(report.errors, [](const Error& error, auto&& emit) {
    emit({{"location", error.location}, {"message", error.message}, {"hint", error.hint}});
  });
  json.key("summary", false);
  json.value({{"errors", report.errorCount},
              {"warnings", report.warningCount},
              {"files", report.files.size()},
              {"fail_on", severityName(report.failOn)},
              {"failed", report.failed()}},
             1);
  out << "\n}\n";
}

}  // namespace sluice
