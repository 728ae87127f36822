#include "linter/sql_scan.hpp"

#include <algorithm>

namespace sluice {

SqlScan::SqlScan(std::string_view text) : text_(text), result_(pg_query_scan(text_.c_str())) {
  if (result_.error == nullptr) {
    unpacked_ =
        pg_query__scan_result__unpack(nullptr, result_.pbuf.len, reinterpret_cast<const uint8_t*>(result_.pbuf.data));
  }
}

SqlScan::~SqlScan() {
  if (unpacked_ != nullptr) pg_query__scan_result__free_unpacked(unpacked_, nullptr);
  pg_query_free_scan_result(result_);
}

std::size_t SqlScan::errorOffset(std::size_t fallback) const {
  return result_.error == nullptr ? fallback : sluice::errorOffset(result_.error, 0, fallback);
}

std::size_t errorOffset(const PgQueryError* error, std::size_t base, std::size_t fallback) {
  if (error->cursorpos <= 0) return fallback;
  return base + static_cast<std::size_t>(error->cursorpos - 1);
}

std::span<PgQuery__ScanToken* const> SqlScan::tokens() const {
  if (unpacked_ == nullptr) return {};
  return {unpacked_->tokens, unpacked_->n_tokens};
}

std::string_view SqlScan::textOf(const PgQuery__ScanToken& token) const {
  auto begin = std::min(static_cast<std::size_t>(token.start), text_.size());
  auto end = std::clamp(static_cast<std::size_t>(token.end), begin, text_.size());
  return std::string_view(text_).substr(begin, end - begin);
}

std::string unquoteIdentifier(std::string_view quoted) {
  std::string out;
  out.reserve(quoted.size());
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    out += quoted[i];
    if (quoted[i] == '"' && i + 2 < quoted.size() && quoted[i + 1] == '"') ++i;
  }
  return out;
}

}  // namespace sluice
