# Sourced by the shell tests. `only_rules SLUICE RULE...` prints a .sluice.toml that
# turns off every rule except those named, so that a test about one behaviour keeps
# passing when rules are added.
only_rules() {
  local sluice=$1
  shift
  printf '[rules]\n'
  "$sluice" rules | awk 'NR > 1 && $2 ~ /^[A-Z][0-9]+$/ { print $1 }' | while read -r rule; do
    local keep=0 wanted
    for wanted in "$@"; do [ "$rule" = "$wanted" ] && keep=1; done
    [ $keep = 0 ] && printf '%s = "off"\n' "$rule"
  done
}
