#!/usr/bin/env bash
# ci/tidy with the project's .clang-tidy: a clean source passes, a source that breaks
# the project's checks fails with each diagnostic named, and a file that is not in the
# compilation database is refused. Runs on two tiny sources, not on the tree.
#   tidy_test.sh SOURCE_DIR
set -uo pipefail
source_dir=$1
source "$source_dir/tests/support/shell_checks.sh" tidy

has() {  # has TEXT NEEDLE: "yes" when TEXT contains NEEDLE
  if grep -qF -- "$2" <<<"$1"; then echo yes; else printf 'no, in:\n%s\n' "$1"; fi
}

# clang-tidy finds .clang-tidy next to the sources, so the copy is the project's config.
cp "$source_dir/.clang-tidy" "$work/"
cat >"$work/clean.cpp" <<'CPP'
int twice(int value) { return value * 2; }
CPP
cat >"$work/planted.cpp" <<'CPP'
struct order_line {};
int* nothing() { return 0; }
CPP
# A null dereference only the path-sensitive analysis sees.
cat >"$work/analyzed.cpp" <<'CPP'
int readThrough(bool take) {
  int* target = nullptr;
  int value = 1;
  if (take) target = &value;
  return *target;
}
CPP
printf '[\n' >"$work/compile_commands.json"
for name in clean planted analyzed; do
  printf '{"directory": "%s", "command": "c++ -std=c++20 -Wno-maybe-uninitialized -c %s.cpp", "file": "%s/%s.cpp"}%s\n' \
    "$work" "$name" "$work" "$name" "$([ $name != analyzed ] && echo ,)" >>"$work/compile_commands.json"
done
printf ']\n' >>"$work/compile_commands.json"
export SLUICE_TIDY_BUILD=$work

out=$("$source_dir/ci/tidy" "$work/clean.cpp" 2>&1)
check "a clean source passes" 0 "$?"
check "it says how many sources it checked" yes "$(has "$out" "no diagnostics in 1 sources")"

out=$("$source_dir/ci/tidy" "$work/clean.cpp" "$work/planted.cpp" 2>&1)
check "a source with diagnostics fails" 1 "$?"
check "the naming check names the struct" yes \
  "$(has "$out" "planted.cpp:1:8: warning: invalid case style for struct 'order_line' [readability-identifier-naming]")"
check "modernize-use-nullptr is on" yes "$(has "$out" "planted.cpp:2:25: warning: use nullptr [modernize-use-nullptr]")"
check "the count is given" yes "$(has "$out" "ci/tidy: 2 diagnostics")"

out=$("$source_dir/ci/tidy" "$work/analyzed.cpp" 2>&1)
check "the analyzer finds the null dereference" yes "$(has "$out" "[clang-analyzer-core.NullDereference]")"
out=$("$source_dir/ci/tidy" --fast "$work/analyzed.cpp" 2>&1)
check "--fast leaves the analyzer out" 0 "$?"
out=$("$source_dir/ci/tidy" --fast "$work/planted.cpp" 2>&1)
check "--fast keeps the other checks" yes "$(has "$out" "[readability-identifier-naming]")"
# GCC's warning options that clang does not know (the sanitizer build's) are no finding:
# every command above carries one.

out=$("$source_dir/ci/tidy" "$work/missing.cpp" 2>&1)
check "a file outside the compilation database is refused" 2 "$?"
check "and named" yes "$(has "$out" "missing.cpp is not in")"

finish
