#include "linter/fix.hpp"

#include <algorithm>
#include <cctype>

namespace sluice {
namespace {

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size() - 1;
    lines.push_back(text.substr(start, end - start + 1));
    start = end + 1;
  }
  return lines;
}

enum class LineOp { Keep, Remove, Add };
struct DiffLine {
  LineOp op;
  std::string_view text;
};

// Line operations from `a` to `b`: common head and tail, and a longest common
// subsequence for the middle while it is small (a fix touches a few lines; a huge
// middle is shown as replaced, which is still a correct diff).
std::vector<DiffLine> lineOps(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  std::vector<DiffLine> ops;
  for (std::size_t i = 0; i < head; ++i) ops.push_back({LineOp::Keep, a[i]});
  std::size_t n = a.size() - head - tail;
  std::size_t m = b.size() - head - tail;
  constexpr std::size_t kMaxCells = 4'000'000;
  if (n * m <= kMaxCells) {
    std::vector<std::vector<std::uint32_t>> common(n + 1, std::vector<std::uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        common[i][j] =
            a[head + i] == b[head + j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        ops.push_back({LineOp::Keep, a[head + i]});
        ++i;
        ++j;
      } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
        // Removals first, as diff(1) and git show a changed line.
        ops.push_back({LineOp::Remove, a[head + i++]});
      } else {
        ops.push_back({LineOp::Add, b[head + j++]});
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) ops.push_back({LineOp::Remove, a[head + i]});
    for (std::size_t j = 0; j < m; ++j) ops.push_back({LineOp::Add, b[head + j]});
  }
  for (std::size_t i = a.size() - tail; i < a.size(); ++i) ops.push_back({LineOp::Keep, a[i]});
  return ops;
}

std::string hunkRange(std::size_t start, std::size_t count) {
  // An empty range names the line before it (0 for the start of the file).
  return std::to_string(count == 0 ? start - 1 : start) + (count == 1 ? "" : "," + std::to_string(count));
}

}  // namespace

bool fixesOverlap(const Fix& a, const Fix& b) {
  for (const TextEdit& x : a.edits) {
    for (const TextEdit& y : b.edits) {
      if (x.span.begin < y.span.end && y.span.begin < x.span.end) return true;
      if (x.span.begin == y.span.begin) return true;
    }
  }
  return false;
}

std::string applyEdits(std::string_view text, std::vector<TextEdit> edits) {
  std::stable_sort(edits.begin(), edits.end(),
                   [](const TextEdit& a, const TextEdit& b) { return a.span.begin < b.span.begin; });
  std::string out;
  std::size_t at = 0;
  for (const TextEdit& edit : edits) {
    std::size_t begin = std::clamp(edit.span.begin, at, text.size());
    out.append(text.substr(at, begin - at));
    out += edit.replacement;
    at = std::clamp(edit.span.end, begin, text.size());
  }
  out.append(text.substr(at));
  return out;
}

std::string unifiedDiff(std::string_view path, std::string_view before, std::string_view after, bool created) {
  if (before == after && !created) return {};
  std::vector<DiffLine> ops = lineOps(splitLines(before), splitLines(after));
  std::string out =
      std::string("--- ") + (created ? "/dev/null" : "a/" + std::string(path)) + "\n+++ b/" + std::string(path) + "\n";
  constexpr std::size_t kContext = 3;
  std::size_t index = 0;
  while (index < ops.size()) {
    if (ops[index].op == LineOp::Keep) {
      ++index;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext lines after the last
    // change that is at most 2 * kContext unchanged lines away.
    std::size_t begin = index >= kContext ? index - kContext : 0;
    std::size_t end = index;
    std::size_t unchanged = 0;
    for (std::size_t k = index; k < ops.size(); ++k) {
      if (ops[k].op != LineOp::Keep) {
        end = k + 1;
        unchanged = 0;
      } else if (++unchanged > 2 * kContext) {
        break;
      }
    }
    end = std::min(ops.size(), end + kContext);
    std::size_t oldStart = 1;
    std::size_t newStart = 1;
    for (std::size_t k = 0; k < begin; ++k) {
      if (ops[k].op != LineOp::Add) ++oldStart;
      if (ops[k].op != LineOp::Remove) ++newStart;
    }
    std::size_t oldCount = 0;
    std::size_t newCount = 0;
    std::string body;
    for (std::size_t k = begin; k < end; ++k) {
      char mark = ops[k].op == LineOp::Keep ? ' ' : ops[k].op == LineOp::Remove ? '-' : '+';
      if (ops[k].op != LineOp::Add) ++oldCount;
      if (ops[k].op != LineOp::Remove) ++newCount;
      body += mark;
      body += ops[k].text;
      if (ops[k].text.empty() || ops[k].text.back() != '\n') body += "\n\\ No newline at end of file\n";
    }
    out += "@@ -" + hunkRange(oldStart, oldCount) + " +" + hunkRange(newStart, newCount) + " @@\n" + body;
    index = end;
  }
  return out;
}

std::string migrationNameFrom(std::string_view words, std::size_t maxLength) {
  std::string name;
  for (char c : words) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) != 0;
    if (keep) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!name.empty() && name.back() != '_') {
      name += '_';
    }
    if (name.size() >= maxLength) break;
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name.empty() ? "fix" : name;
}

}  // namespace sluice
