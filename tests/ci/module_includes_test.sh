#!/usr/bin/env bash
# Module boundaries: ci/check-module-includes passes on the tree and names a planted
# upward include, and the compiler refuses such an include with a module's own flags
# (from compile_commands.json), while the same flags compile the module's allowed
# includes.
#   module_includes_test.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
source_dir=$1
build_dir=$2
source "$source_dir/tests/support/shell_checks.sh" module-includes

has() {  # has TEXT NEEDLE: "yes" when TEXT contains NEEDLE
  if grep -qF -- "$2" <<<"$1"; then echo yes; else printf 'no, in:\n%s\n' "$1"; fi
}

# The script on the tree as it is.
out=$("$source_dir/ci/check-module-includes" "$source_dir" 2>&1)
check "the tree follows the module table" "0" "$?"
check "the script says so" yes "$(has "$out" "every include follows the module table")"

# A copy of the modules with an upward include planted in linter/, then a folder that
# builds something but is not in the table.
tree="$work/tree"
mkdir -p "$tree/docs"
cp "$source_dir/docs/architecture.md" "$tree/docs/"
for module in common config linter rules snapshot runner verify notify cli; do
  if [ -d "$source_dir/$module" ]; then cp -r "$source_dir/$module" "$tree/"; fi
done
printf '#include "runner/plan.hpp"\n' >>"$tree/linter/span.hpp"
line=$(wc -l <"$tree/linter/span.hpp")
out=$("$source_dir/ci/check-module-includes" "$tree" 2>&1)
check "a planted upward include fails the check" "1" "$?"
check "the failure names the file, the line and the rule" yes \
  "$(has "$out" "linter/span.hpp:$line: linter/ may not include runner/plan.hpp: linter may include common, config")"
mkdir "$tree/exporter"
touch "$tree/exporter/CMakeLists.txt"
out=$("$source_dir/ci/check-module-includes" "$tree" 2>&1)
check "a new module must be in the table" yes "$(has "$out" "exporter/: a module that is not in the module table")"

# The compiler, with the flags CMake gives a module's sources.
commands="$build_dir/compile_commands.json"
check "compile_commands.json exists" yes "$([ -f "$commands" ] && echo yes)"
# compiles SOURCE HEADER: compiles a file that includes HEADER with the flags of SOURCE
# (a path ending, e.g. "/linter/engine.cpp"); prints "compiles" or the compiler's error.
compiles() {
  local command directory
  command=$(awk -v file="$1\"" '/"command":/ { last = $0 } /"file":/ && index($0, file) { print last; exit }' "$commands")
  directory=$(awk -v file="$1\"" '/"directory":/ { last = $0 } /"file":/ && index($0, file) { print last; exit }' "$commands")
  command=$(sed -E 's/^ *"command": "//; s/",? *$//; s/\\"/"/g; s/ -o [^ ]+ -c [^ ]+$//' <<<"$command")
  directory=$(sed -E 's/^ *"directory": "//; s/",? *$//' <<<"$directory")
  if [ -z "$command" ]; then
    echo "no compile command for $1"
    return
  fi
  printf '#include "%s"\n' "$2" >"$work/planted.cpp"
  if output=$(cd "$directory" && eval "$command -fsyntax-only $work/planted.cpp" 2>&1); then
    echo compiles
  else
    echo "$output"
  fi
}
check "linter's flags compile linter/span.hpp" compiles "$(compiles /linter/engine.cpp linter/span.hpp)"
check "linter's flags refuse runner/plan.hpp" yes \
  "$(has "$(compiles /linter/engine.cpp runner/plan.hpp)" "runner/plan.hpp: No such file or directory")"
check "common's flags refuse linter/span.hpp" yes \
  "$(has "$(compiles /common/text.cpp linter/span.hpp)" "linter/span.hpp: No such file or directory")"
check "rules' flags refuse runner/plan.hpp" yes \
  "$(has "$(compiles /rules/registry.cpp runner/plan.hpp)" "runner/plan.hpp: No such file or directory")"
check "verify's flags compile runner/executor.hpp" compiles "$(compiles /verify/verify.cpp runner/executor.hpp)"
check "verify's flags refuse snapshot/snapshot.hpp" yes \
  "$(has "$(compiles /verify/verify.cpp snapshot/snapshot.hpp)" "snapshot/snapshot.hpp: No such file or directory")"
check "runner's flags refuse verify/verify.hpp" yes \
  "$(has "$(compiles /runner/deploy.cpp verify/verify.hpp)" "verify/verify.hpp: No such file or directory")"

finish
