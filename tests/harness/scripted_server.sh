#!/usr/bin/env bash
# Starts and stops tests/harness/scripted_server.py for the integration tests' CTest fixtures.
#
#   scripted_server.sh start STATE_DIR   start it; writes STATE_DIR/base_url
#   scripted_server.sh stop STATE_DIR    stop it; exits 0 when nothing is running
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "$0")" && pwd)"

source "${here}/service_lib.sh"

do_stop() {
  stop_service "$1/pid" scripted_server.py
  rm -f "$1/base_url"
}

do_start() {
  local state="$1" i
  mkdir -p "$state"
  do_stop "$state"
  : >"${state}/requests.log"
  setsid python3 "${here}/scripted_server.py" "$state" </dev/null >"${state}/server.log" 2>&1 &
  for ((i = 0; i < 100; i++)); do
    if [[ -s "${state}/base_url" ]]; then
      cat "${state}/base_url"
      return 0
    fi
    sleep 0.1
  done
  echo "scripted_server.sh: the server did not start:" >&2
  cat "${state}/server.log" >&2
  return 1
}

case "${1:-}" in
  start) do_start "${2:?state dir}" ;;
  stop) do_stop "${2:?state dir}" ;;
  *)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
