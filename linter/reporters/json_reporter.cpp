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
// dump(2) at `depth` levels down: a report of thousands of findings built each one as a
// JSON tree and dumped it, a fifth of a JSON lint's instructions.
class Layout {
 public:
  Layout(std::string& out, int depth, char open) : out_(out), depth_(depth), close_(open == '{' ? '}' : ']') {
    out_ += open;
  }
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
// rollback of this one must also run.
void appendFix(std::string& out, int depth, const Fix& fix, const SourceFile& source) {
  Layout json(out, depth, '{');
  json.member("description", fix.description);
  json.key("edits");
  {
    Layout edits(out, depth + 1, '[');
    for (const TextEdit& edit : fix.edits) {
      TextPosition start = source.lines().position(edit.span.begin);
      TextPosition end = source.lines().position(edit.span.end);
      edits.item();
      Layout item(out, depth + 2, '{');
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
    Layout added(out, depth + 1, '[');
    for (const FollowingMigration& migration : fix.following) {
      added.item();
      Layout item(out, depth + 2, '{');
      item.member("name", migration.name);
      item.member("sql", migration.sql);
      item.member("outside_transaction", migration.outsideTransaction);
    }
  }
  if (!fix.rollbackAddition.empty()) json.member("rollback_addition", fix.rollbackAddition);
}

// One element of "diagnostics", two levels down.
void appendDiagnostic(std::string& out, const FileReport& file, const Finding& finding) {
  constexpr int kDepth = 2;
  Layout item(out, kDepth, '{');
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
    Layout notes(out, kDepth + 1, '[');
    for (const std::string& note : finding.notes) appendString(notes.item(), note);
  }
  if (finding.fix) appendFix(item.key("fix"), kDepth + 1, *finding.fix, *file.source);
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

  // The "diagnostics" array, written a file at a time from a buffer kept between files.
  void diagnostics(const std::vector<FileReport>& files) {
    std::string buffer;
    bool empty = true;
    for (const FileReport& file : files) {
      buffer.clear();
      for (const Finding& finding : file.findings) {
        buffer += empty ? "[\n    " : ",\n    ";
        empty = false;
        appendDiagnostic(buffer, file, finding);
      }
      out_.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    }
    out_ << (empty ? "[]" : "\n  ]");
  }

 private:
  std::ostream& out_;
};

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
  json.diagnostics(report.files);
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
