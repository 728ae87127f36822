#pragma once
// The order Prisma Migrate applies its folders in: `a.path.localeCompare(b.path)`
// (prisma/prisma, packages/migrate/src/utils/listMigrations.ts), that is ICU's collation
// for the host's default locale, not byte order. sluice implements it exactly for names
// of printable ASCII (U+0020..U+007E) under the root collation (CLDR), which the
// English locales use unchanged:
//   - primary: space, then _ - , ; : ! ? . ' " ( ) [ ] { } @ * / \ & # % ` ^ + < = > | ~ $,
//     then the digits, then the letters without regard to case (a = A < b = B ...);
//   - when the primary weights are equal, the first position where the case differs
//     decides, lowercase first ("aB" < "Ab").
// Punctuation is not ignorable (ICU's default, alternate = non-ignorable) and digits are
// not compared numerically. A name outside that set (non-ASCII, control characters) is
// refused: its place depends on tailorings sluice does not carry.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/migration.hpp"

namespace sluice::formats {

// The first character Prisma's order is not known for, if any.
std::optional<char> unorderableCharacter(std::string_view name);

// localeCompare's sign for two names without unorderable characters.
int prismaCompare(std::string_view a, std::string_view b);

// What `status` says when Prisma's order of these migrations (as loaded) is not the
// byte order of their names; empty when both agree.
std::string prismaOrderNote(const std::vector<Migration>& migrations);

}  // namespace sluice::formats
