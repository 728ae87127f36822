#pragma once

#include <filesystem>
#include <string>

#include "common/error.hpp"

namespace sluice {

// A directory that is removed with everything in it when the owner goes away.
class TempDir {
 public:
  // Creates `<base>/<prefix>XXXXXX` with mode 0700; base defaults to $TMPDIR or /tmp.
  static Expected<TempDir> create(const std::string& prefix, const std::filesystem::path& base = {});

  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  // Keep the directory (for debugging a failed run); it is no longer removed.
  void keep() { keep_ = true; }
  void remove();

 private:
  explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
  bool keep_ = false;
};

}  // namespace sluice
