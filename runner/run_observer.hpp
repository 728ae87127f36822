#pragma once
// Live progress of a runner command (the text output prints as it goes; JSON waits for
// the end).

#include <chrono>
#include <string>

#include "runner/executor.hpp"
#include "runner/report.hpp"

namespace sluice {

class RunObserver : public ExecutionObserver {
 public:
  virtual void planned(const RunReport&) {}
  virtual void started(const MigrationReport&) {}
  virtual void finished(const MigrationReport&) {}
  virtual void note(const std::string&) {}
  // A long step that is not a statement (taking or restoring the snapshot): what it is,
  // how it is getting on, and for how long it has run.
  virtual void working(const std::string& /*what*/, const std::string& /*status*/, std::chrono::milliseconds) {}
  void waitingForLock(const std::vector<Blocker>&, std::chrono::milliseconds) override {}
};

}  // namespace sluice
