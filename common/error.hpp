#pragma once
// Errors are values across module boundaries: a stable code, a message that says what
// went wrong and where, and a hint that says what to do about it. One top-level catch
// in cli/ prints them; the code maps to the process exit code (exit_code.hpp).

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sluice {

enum class ErrorCode {
  Usage,            // bad command line
  Config,           // .sluice.toml problems
  Input,            // unreadable or unusable input files
  Io,               // local filesystem failures while writing
  Unreachable,      // database unreachable or authentication failed
  LockNotObtained,  // advisory lock wait timed out
  MigrationFailed,  // a migration failed and the database is as before
  Unrecoverable,    // a migration failed and the database could not be put back
  Snapshot,         // snapshot corrupt, unauthenticated or unusable
  Internal,         // a bug in sluice
};

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;
  std::string hint;      // what the user can do; may be empty
  std::string location;  // file[:line[:column]] when the error has one; may be empty

  Error() = default;
  Error(ErrorCode c, std::string msg, std::string hint_text = {}, std::string where = {})
      : code(c), message(std::move(msg)), hint(std::move(hint_text)), location(std::move(where)) {}
};

// A value or an Error. Deliberately small: construct from either, test with ok().
template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Expected(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }
  Error&& takeError() {
    assert(!ok());
    return std::get<1>(std::move(state_));
  }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Expected<void> {
 public:
  Expected() = default;
  Expected(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }
  Error&& takeError() {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Expected<void>;

// Thrown only inside a module to unwind to its own boundary, where it becomes an Error
// value again; cli/ catches it as a last resort.
class SluiceException : public std::exception {
 public:
  explicit SluiceException(Error error) : error_(std::move(error)) {}
  const char* what() const noexcept override { return error_.message.c_str(); }
  const Error& error() const { return error_; }

 private:
  Error error_;
};

}  // namespace sluice
