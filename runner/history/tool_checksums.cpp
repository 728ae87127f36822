#include "runner/history/tool_checksums.hpp"

#include <vector>

#include "common/checksums.hpp"
#include "common/sha256.hpp"
#include "common/text.hpp"

namespace sluice {
namespace {

std::vector<std::string> versionParts(std::string_view version) {
  std::vector<std::string> parts;
  std::string part;
  auto flush = [&] {
    std::size_t first = part.find_first_not_of('0');
    parts.push_back(first == std::string::npos ? std::string("0") : part.substr(first));
    part.clear();
  };
  for (char c : version) {
    if (c == '.' || c == '_') {
      flush();
    } else {
      part.push_back(c);
    }
  }
  flush();
  while (parts.size() > 1 && parts.back() == "0") parts.pop_back();
  return parts;
}

// Compares two parts as numbers (digits only) or, for anything else, as text.
int comparePart(const std::string& left, const std::string& right) {
  bool numeric = left.find_first_not_of("0123456789") == std::string::npos &&
                 right.find_first_not_of("0123456789") == std::string::npos;
  if (numeric && left.size() != right.size()) return left.size() < right.size() ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

std::string sha1Id(std::string_view kind, const std::string& info) {
  return sha1Hex(std::string(kind) + " " + std::to_string(info.size()) + std::string(1, '\0') + info);
}

std::string planner(const std::string& name, const std::string& email) { return name + " <" + email + ">"; }

}  // namespace

std::int32_t flywayChecksum(std::string_view fileBytes) {
  std::string text = utf8Lossy(fileBytes);
  std::string_view rest = text;
  if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
  // The lines joined without their terminators: CRC-32 runs over them one after another.
  std::uint32_t crc = 0;
  while (!rest.empty()) {
    std::size_t end = rest.find_first_of("\r\n");
    crc = crc32(rest.substr(0, end), crc);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return static_cast<std::int32_t>(crc);
}

std::string flywayVersionKey(std::string_view version) {
  std::vector<std::string> parts = versionParts(version);
  std::string key;
  for (const std::string& part : parts) key += (key.empty() ? "" : ".") + part;
  return key;
}

int flywayVersionCompare(std::string_view left, std::string_view right) {
  std::vector<std::string> a = versionParts(left);
  std::vector<std::string> b = versionParts(right);
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    int order = comparePart(i < a.size() ? a[i] : "0", i < b.size() ? b[i] : "0");
    if (order != 0) return order;
  }
  return 0;
}

std::string drizzleHash(std::string_view fileBytes) { return sha256Hex(utf8Lossy(fileBytes)); }

std::string sqitchScriptHash(std::string_view fileBytes) { return sha1Hex(fileBytes); }

std::string sqitchChangeInfo(const SqitchChange& change) {
  std::string info = "project " + change.project + "\n";
  if (!change.uri.empty()) info += "uri " + change.uri + "\n";
  info += "change " + change.name + "\n";
  if (!change.parentId.empty()) info += "parent " + change.parentId + "\n";
  info += "planner " + planner(change.plannerName, change.plannerEmail) + "\n";
  info += "date " + change.plannedAt;
  std::string requirements;
  std::string conflicts;
  for (const SqitchDependency& dependency : change.dependencies) {
    (dependency.conflict ? conflicts : requirements) +=
        "\n  " + std::string(dependency.conflict ? "- " : "+ ") + dependency.name;
  }
  if (!requirements.empty()) info += "\nrequires" + requirements;
  if (!conflicts.empty()) info += "\nconflicts" + conflicts;
  if (!change.note.empty()) info += "\n\n" + change.note;
  return info;
}

std::string sqitchChangeId(const SqitchChange& change) { return sha1Id("change", sqitchChangeInfo(change)); }

std::string sqitchTagId(const SqitchChange& change, const SqitchTag& tag, const std::string& changeId) {
  std::string info = "project " + change.project + "\n";
  if (!change.uri.empty()) info += "uri " + change.uri + "\n";
  info += "tag @" + tag.name + "\n";
  info += "change " + changeId + "\n";
  info += "planner " + planner(tag.plannerName, tag.plannerEmail) + "\n";
  info += "date " + tag.plannedAt;
  if (!tag.note.empty()) info += "\n\n" + tag.note;
  return sha1Id("tag", info);
}

}  // namespace sluice
