#include "linter/reporters/json_reporter.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sluice {
namespace {

// What a byte of a string needs: nothing, an escape, or the way for text outside ASCII.
enum class ByteClass : unsigned char { Plain, Escape, Wide };

constexpr std::array<ByteClass, 256> kByteClasses = [] {
  std::array<ByteClass, 256> classes{};
  for (std::size_t byte = 0; byte < classes.size(); ++byte) {
    classes[byte] = byte < 0x20 || byte == '"' || byte == '\\' ? ByteClass::Escape
                    : byte >= 0x80                             ? ByteClass::Wide
                                                               : ByteClass::Plain;
  }
  return classes;
}();

// Appends `text` as a JSON string, escaped as nlohmann's dump escapes it. Text with a byte
// outside ASCII goes through nlohmann itself, so that invalid UTF-8 is replaced exactly
// as everywhere else in the format.
void appendString(std::string& out, std::string_view text) {
  std::size_t start = out.size();
  out += '"';
  std::size_t run = 0;  // text[run, i) needs no escape and is appended in one piece
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    ByteClass kind = kByteClasses[byte];
    if (kind == ByteClass::Plain) continue;
    if (kind == ByteClass::Wide) {
      out.resize(start);
      out += nlohmann::ordered_json(text).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      return;
    }
    out.append(text, run, i - run);
    run = i + 1;
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static constexpr std::string_view kHex = "0123456789abcdef";
        out += "\\u00";
        out += kHex[byte >> 4];
        out += kHex[byte & 0xF];
      }
    }
  }
  out.append(text, run);
  out += '"';
}

void appendNumber(std::string& out, std::uint64_t number) {
  std::array<char, 24> digits{};
  auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), number);
  out.append(digits.data(), end);
}

// An object or an array written straight into a string with the layout of nlohmann's
// dump(2): the whole document, a member or element at a time. Building a JSON tree per
// finding and dumping it was a fifth of a JSON lint's instructions. A nested value is a
// Layout made from its parent, one level deeper, after the parent's key() or item().
class Layout {
 public:
  Layout(std::string& out, char open) : Layout(out, 0, open) {}
  Layout(Layout& parent, char open) : Layout(parent.out_, parent.depth_ + 1, open) {}
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;
  ~Layout() {
    if (!empty_) newline(depth_);
    out_ += close_;
  }

  // Starts the next member of an object: `"name": `; its value follows.
  std::string& key(std::string_view name) {
    item();
    appendString(out_, name);
    out_ += ": ";
    return out_;
  }
  void member(std::string_view name, std::string_view text) { appendString(key(name), text); }
  void member(std::string_view name, std::uint64_t number) { appendNumber(key(name), number); }
  void member(std::string_view name, bool flag) { key(name) += flag ? "true" : "false"; }
  // Starts the next element of an array; it follows.
  std::string& item() {
    out_ += empty_ ? "" : ",";
    empty_ = false;
    newline(depth_ + 1);
    return out_;
  }

 private:
  Layout(std::string& out, int depth, char open) : out_(out), depth_(depth), close_(open == '{' ? '}' : ']') {
    out_ += open;
  }
  void newline(int depth) {
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
  }

  std::string& out_;
  int depth_;
  char close_;
  bool empty_ = true;
};

// What `sluice fix` would change: byte ranges of the file (offset, length) with their
// 1-based positions, the new migrations it would add right after this one, and what the
// rollback of this one must also run. The value of `parent`'s member just keyed.
void appendFix(Layout& parent, const Fix& fix, const SourceFile& source) {
  Layout json(parent, '{');
  json.member("description", fix.description);
  json.key("edits");
  {
    Layout edits(json, '[');
    for (const TextEdit& edit : fix.edits) {
      TextPosition start = source.lines().position(edit.span.begin);
      TextPosition end = source.lines().position(edit.span.end);
      edits.item();
      Layout item(edits, '{');
      item.member("offset", std::uint64_t{edit.span.begin});
      item.member("length", std::uint64_t{edit.span.size()});
      item.member("line", std::uint64_t{start.line});
      item.member("column", std::uint64_t{start.column});
      item.member("end_line", std::uint64_t{end.line});
      item.member("end_column", std::uint64_t{end.column});
      item.member("replacement", edit.replacement);
    }
  }
  if (!fix.following.empty()) {
    json.key("new_migrations");
    Layout added(json, '[');
    for (const FollowingMigration& migration : fix.following) {
      added.item();
      Layout item(added, '{');
      item.member("name", migration.name);
      item.member("sql", migration.sql);
      item.member("outside_transaction", migration.outsideTransaction);
    }
  }
  if (!fix.rollbackAddition.empty()) json.member("rollback_addition", fix.rollbackAddition);
}

// The next element of "diagnostics".
void appendDiagnostic(Layout& diagnostics, const FileReport& file, const Finding& finding) {
  diagnostics.item();
  Layout item(diagnostics, '{');
  item.member("file", file.source->path());
  item.member("line", std::uint64_t{finding.start.line});
  item.member("column", std::uint64_t{finding.start.column});
  item.member("end_line", std::uint64_t{finding.end.line});
  item.member("end_column", std::uint64_t{finding.end.column});
  item.member("rule", finding.rule->name);
  item.member("code", finding.rule->code);
  item.member("severity", severityName(finding.severity));
  item.member("category", categoryName(finding.rule->category));
  item.member("message", finding.message);
  item.member("help", finding.helpText());
  if (!finding.notes.empty()) {
    item.key("notes");
    Layout notes(item, '[');
    for (const std::string& note : finding.notes) appendString(notes.item(), note);
  }
  if (finding.fix) {
    item.key("fix");
    appendFix(item, *finding.fix, *file.source);
  }
}

}  // namespace

// The document goes out a file's findings at a time, from a buffer emptied after each: a
// report of thousands of findings is never held twice.
void JsonReporter::write(const LintReport& report, std::ostream& out) {
  std::string buffer;
  auto flush = [&] {
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    buffer.clear();
  };
  {
    Layout document(buffer, '{');
    document.member("version", version_);
    // Which format each folder was read as, and why (detected from what, or --layout).
    document.key("migration_sets");
    {
      Layout sets(document, '[');
      for (const LintedSet& set : report.sets) {
        sets.item();
        Layout item(sets, '{');
        item.member("path", set.root);
        item.member("layout", set.layout);
        item.member("layout_source", set.layoutSource);
      }
    }
    document.key("diagnostics");
    {
      Layout diagnostics(document, '[');
      for (const FileReport& file : report.files) {
        for (const Finding& finding : file.findings) appendDiagnostic(diagnostics, file, finding);
        flush();
      }
    }
    document.key("errors");
    {
      Layout errors(document, '[');
      for (const Error& error : report.errors) {
        errors.item();
        Layout item(errors, '{');
        item.member("location", error.location);
        item.member("message", error.message);
        item.member("hint", error.hint);
      }
    }
    document.key("summary");
    Layout summary(document, '{');
    summary.member("errors", std::uint64_t{report.errorCount});
    summary.member("warnings", std::uint64_t{report.warningCount});
    summary.member("files", std::uint64_t{report.files.size()});
    summary.member("fail_on", severityName(report.failOn));
    summary.member("failed", report.failed());
  }
  buffer += '\n';
  flush();
}

}  // namespace sluice
