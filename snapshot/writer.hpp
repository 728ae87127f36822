#pragma once
// Creates a snapshot directory atomically: files go into ".tmp-<id>-<pid>" (mode
// 0700) next to where the snapshot will live; commit() writes the manifest and its
// authentication line, fsyncs them and the directory, renames the directory to <id>
// and fsyncs the parent. Until commit() succeeds nothing carries a snapshot's name, and
// a writer destroyed without commit removes its directory. A process killed meanwhile
// leaves only a ".tmp-" directory, which listing ignores and pruning removes.

#include <filesystem>
#include <memory>
#include <string>

#include "common/error.hpp"
#include "snapshot/file_pipeline.hpp"

namespace sluice::snapshot {

class SnapshotWriter {
 public:
  static Expected<SnapshotWriter> begin(const std::filesystem::path& snapshotDir, const std::string& id);

  SnapshotWriter(SnapshotWriter&& other) noexcept;
  SnapshotWriter& operator=(SnapshotWriter&& other) noexcept;
  SnapshotWriter(const SnapshotWriter&) = delete;
  SnapshotWriter& operator=(const SnapshotWriter&) = delete;
  ~SnapshotWriter();

  [[nodiscard]] const std::filesystem::path& tempPath() const { return temp_; }
  [[nodiscard]] std::filesystem::path finalPath() const { return parent_ / id_; }

  // A new file in the temporary directory, as stored (mode 0600, never overwriting).
  [[nodiscard]] Expected<std::unique_ptr<FileSink>> createFile(const std::string& name) const;
  Expected<std::unique_ptr<SnapshotFileWriter>> openFile(const std::string& name, const std::string& role,
                                                         const FileEncoding& encoding) const;

  // Makes the snapshot visible under its id; returns its path.
  Expected<std::filesystem::path> commit(const std::string& manifestJson, const std::string& authLine);

  // Removes the temporary directory (also done by the destructor unless committed).
  void abandon();

 private:
  SnapshotWriter() = default;
  std::filesystem::path parent_;
  std::filesystem::path temp_;
  std::string id_;
  bool committed_ = false;
};

}  // namespace sluice::snapshot
