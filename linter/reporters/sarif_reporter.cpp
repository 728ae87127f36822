#include "linter/reporters/sarif_reporter.hpp"

#include <map>
#include <nlohmann/json.hpp>

#include "common/version.hpp"
#include "linter/rule_docs.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

constexpr const char* kSchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

std::string percentEncode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool unreserved = std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved && byte < 0x80) {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0x0F];
    }
  }
  return out;
}

// SARIF's reportingDescriptor.name is meant to read like an identifier:
// "drop-table" becomes "DropTable".
std::string pascalCase(std::string_view kebab) {
  std::string out;
  bool upper = true;
  for (char c : kebab) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string_view sarifLevel(Severity severity) {
  switch (severity) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Off: return "none";
  }
  return "none";
}

Json ruleDescriptor(const RuleMeta& rule) {
  Json descriptor;
  descriptor["id"] = rule.name;
  descriptor["name"] = pascalCase(rule.name);
  descriptor["shortDescription"] = {{"text", rule.summary}};
  descriptor["fullDescription"] = {{"text", rule.rationale}};
  descriptor["helpUri"] = ruleDocUrl(rule);
  descriptor["help"] = {{"text", rule.safeAlternative},
                        {"markdown", std::string(rule.safeAlternative) + "\n\n[" + std::string(rule.name) + "](" +
                                         ruleDocUrl(rule) + ")"}};
  descriptor["defaultConfiguration"] = {{"level", sarifLevel(rule.defaultSeverity)}};
  descriptor["properties"] = {{"code", rule.code}, {"tags", {"sluice", categoryName(rule.category)}}};
  return descriptor;
}

Json region(const TextPosition& start, const TextPosition& end) {
  Json json;
  json["startLine"] = start.line;
  json["startColumn"] = start.column;
  // SARIF's end column is exclusive, like ours; an empty span still covers one character.
  bool empty = end.line < start.line || (end.line == start.line && end.column <= start.column);
  json["endLine"] = empty ? start.line : end.line;
  json["endColumn"] = empty ? start.column + 1 : end.column;
  return json;
}

Json artifactLocation(const std::string& path, const fs::path& baseDir) {
  Json location;
  location["uri"] = sarifArtifactUri(path, baseDir);
  if (!fs::path(path).is_absolute()) location["uriBaseId"] = "%SRCROOT%";
  return location;
}

// SARIF `fixes`: the finding's edits as replacements in its file. A fix that also needs a
// new migration is left out: applied without it, it would drop the moved statement.
Json sarifFixes(const Finding& finding, const SourceFile& source, const fs::path& baseDir) {
  if (!finding.fix || !finding.fix->following.empty()) return nullptr;
  Json replacements = Json::array();
  for (const TextEdit& edit : finding.fix->edits) {
    TextPosition start = source.lines().position(edit.span.begin);
    TextPosition end = source.lines().position(edit.span.end);
    Json deleted = {
        {"startLine", start.line}, {"startColumn", start.column}, {"endLine", end.line}, {"endColumn", end.column}};
    replacements.push_back({{"deletedRegion", std::move(deleted)}, {"insertedContent", {{"text", edit.replacement}}}});
  }
  Json change = {{"artifactLocation", artifactLocation(source.path(), baseDir)},
                 {"replacements", std::move(replacements)}};
  Json fix;
  fix["description"] = {{"text", finding.fix->description}};
  fix["artifactChanges"] = Json::array({std::move(change)});
  return Json::array({std::move(fix)});
}

}  // namespace

std::string sarifArtifactUri(const std::string& path, const fs::path& baseDir) {
  fs::path file = fs::path(path).lexically_normal();
  if (file.is_absolute() && !baseDir.empty()) {
    fs::path relative = file.lexically_relative(baseDir.lexically_normal());
    if (!relative.empty() && *relative.begin() != "..") file = relative;
  }
  if (file.is_absolute()) return "file://" + percentEncode(file.generic_string());
  return percentEncode(file.generic_string());
}

void SarifReporter::write(const LintReport& report, std::ostream& out) {
  Json rules = Json::array();
  std::map<const RuleMeta*, std::size_t> ruleIndex;
  if (options_.rules != nullptr) {
    for (const RuleDefinition* rule : *options_.rules) {
      ruleIndex[&rule->meta] = rules.size();
      rules.push_back(ruleDescriptor(rule->meta));
    }
  }

  Json results = Json::array();
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      // A finding of a rule outside the registry (a test registry) is described inline.
      if (!ruleIndex.contains(finding.rule)) {
        ruleIndex[finding.rule] = rules.size();
        rules.push_back(ruleDescriptor(*finding.rule));
      }
      Json result;
      result["ruleId"] = finding.rule->name;
      result["ruleIndex"] = ruleIndex[finding.rule];
      result["level"] = sarifLevel(finding.severity);
      std::string text = finding.message;
      if (!finding.helpText().empty()) text += ". Instead: " + std::string(finding.helpText());
      result["message"] = {{"text", text}};
      Json physical;
      physical["artifactLocation"] = artifactLocation(file.source->path(), options_.baseDir);
      physical["region"] = region(finding.start, finding.end);
      result["locations"] = Json::array({{{"physicalLocation", std::move(physical)}}});
      if (!finding.notes.empty()) result["properties"] = {{"notes", finding.notes}};
      if (Json fixes = sarifFixes(finding, *file.source, options_.baseDir); !fixes.is_null()) {
        result["fixes"] = std::move(fixes);
      }
      results.push_back(std::move(result));
    }
  }

  // Inputs that could not be linted are tool notifications, not results: they are not
  // about the code's quality, and the run did not fully succeed.
  Json notifications = Json::array();
  for (const Error& error : report.errors) {
    Json notification;
    notification["level"] = "error";
    notification["message"] = {{"text", error.hint.empty() ? error.message : error.message + " (" + error.hint + ")"}};
    if (!error.location.empty()) {
      std::string file = error.location.substr(0, error.location.find(':'));
      notification["locations"] =
          Json::array({{{"physicalLocation", {{"artifactLocation", artifactLocation(file, options_.baseDir)}}}}});
    }
    notifications.push_back(std::move(notification));
  }
  Json invocation;
  invocation["executionSuccessful"] = report.errors.empty();
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  Json driver;
  driver["name"] = "sluice";
  driver["semanticVersion"] = options_.toolVersion;
  driver["version"] = options_.toolVersion;
  driver["informationUri"] = kDocsUrl;
  driver["rules"] = std::move(rules);

  Json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = Json::array({std::move(invocation)});
  // Our columns count Unicode code points, not SARIF's default UTF-16 code units.
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);

  Json log;
  log["$schema"] = kSchemaUri;
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(run)});
  out << log.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

}  // namespace sluice
