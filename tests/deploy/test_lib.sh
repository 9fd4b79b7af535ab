# Sourced by the packaging tests: failing loudly, and timing each step for the CI log.

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

now_ms() { date +%s%3N; }

# step NAME COMMAND...: runs the command and prints its wall time, prefixed by the script name.
step() {
  local name=$1 start
  shift
  start=$(now_ms)
  "$@"
  echo "$(basename "$0" .sh): ${name}: $(awk -v ms=$(($(now_ms) - start)) 'BEGIN { printf "%.1f", ms / 1000 }') s"
}
