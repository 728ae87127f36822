#include "cli/version_text.hpp"

#include <gnu/libc-version.h>

#include <openssl/crypto.h>
#include <pg_query.h>
#include <tree_sitter/api.h>
#include <zstd.h>

#include "cli/linked_versions.hpp"
#include "common/libpq_info.hpp"
#include "common/version.hpp"

namespace sluice::cli {
namespace {

std::string debianPackage(const char* version) {
  return *version == '\0' ? std::string() : std::string(", Debian package ") + version;
}

// The processor the binary was compiled for: release binaries exist for two.
#if defined(__x86_64__)
constexpr const char* kMachine = "x86_64";
#elif defined(__aarch64__)
constexpr const char* kMachine = "aarch64";
#else
constexpr const char* kMachine = "an unnamed processor";
#endif

}  // namespace

std::string versionText() {
  const char* linkage = kStaticBuild ? "linked in" : "shared library";
  std::string text = std::string("sluice ") + kVersion + "\n";
  text += std::string("libpg_query for PostgreSQL ") + PG_VERSION + " (" + linkage +
          debianPackage(kPgQueryPackageVersion) + ")\n";
  text += libpqDescription() + "\n";
  text += std::string(OpenSSL_version(OPENSSL_VERSION)) + " (" + linkage + ")\n";
  text += std::string("zstd ") + ZSTD_versionString() + " (" + linkage + ")\n";
  text += "tree-sitter, grammar ABI " + std::to_string(TREE_SITTER_LANGUAGE_VERSION) + " (" + linkage +
          debianPackage(kTreeSitterPackageVersion) + ")\n";
  text += std::string("libstdc++ of GCC ") + __VERSION__ + " (" + linkage + ")\n";
  text += std::string("glibc ") + gnu_get_libc_version() +
          (kStaticBuild ? " (shared; this binary needs 2.31 or later)" : " (shared)") + "\n";
  text += std::string("built for Linux ") + kMachine;
  return text;
}

}  // namespace sluice::cli
