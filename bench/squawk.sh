# Sourced by the bench scripts: installs squawk 2.66 (the closest peer) from npm into
# bench/.work once, and sets $squawk to its binary. Run from the repository root.
squawk=bench/.work/node_modules/@squawk-cli/linux-x64/bin/squawk
if [ ! -x "$squawk" ]; then
  mkdir -p bench/.work
  (cd bench/.work && npm install --prefix . --ignore-scripts --no-audit --no-fund --loglevel=error squawk-cli@2.66.0 >/dev/null)
fi
