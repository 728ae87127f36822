#pragma once
// A secret value (a database password, an SSL key password): it can be handed to the
// one place that needs it, through reveal(), and printed only as "***". There is no
// conversion to a string, so a secret cannot end up in a message by accident: every
// use of its value is a call to reveal() that a reviewer can find with grep.

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace sluice {

class Secret {
 public:
  static constexpr std::string_view kMasked = "***";

  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret& operator=(const Secret& other) {
    if (this != &other) {
      wipe();
      value_ = other.value_;
    }
    return *this;
  }
  Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { other.wipe(); }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      wipe();
      value_ = std::move(other.value_);
      other.wipe();
    }
    return *this;
  }
  ~Secret() { wipe(); }

  [[nodiscard]] bool empty() const { return value_.empty(); }
  // The value itself, for libpq, a password file or a comparison; never for a message.
  [[nodiscard]] const std::string& reveal() const { return value_; }
  [[nodiscard]] bool operator==(const Secret& other) const { return value_ == other.value_; }

  friend std::ostream& operator<<(std::ostream& out, const Secret&) { return out << kMasked; }

 private:
  // Overwrites the bytes before the memory goes back to the allocator, so that a core
  // dump or a later allocation does not find the value.
  void wipe() {
    volatile char* bytes = value_.data();
    for (std::size_t i = 0; i < value_.size(); ++i) bytes[i] = 0;
    value_.clear();
  }

  std::string value_;
};

}  // namespace sluice
