// libFuzzer target: arbitrary bytes as .sluice.toml; errors are fine, crashes are not.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/toml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  (void)sluice::parseToml(text, "fuzz.toml");
  return 0;
}
