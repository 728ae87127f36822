// A file outside any migrations folder: linted on its own, as sluice's runner would
// run it, with no history before it.
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

class LooseFile final : public MigrationFormat {
 public:
  LooseFile()
      : MigrationFormat({.name = "file",
                         .tool = "sluice",
                         .historyTool = "sluice",
                         .summary = "one file on its own, outside a migrations folder",
                         .versioned = false}) {}

  Detection detect(const FolderListing&) const override { return {}; }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    return Error(ErrorCode::Usage, "the `file` layout is for single files, not for the folder " + dir.string(),
                 "name a folder layout with --layout (" + formatNames() + ")");
  }
};

}  // namespace

const MigrationFormat& fileFormat() {
  static const LooseFile format;
  return format;
}

}  // namespace sluice::formats
