# Shared by the harness scripts (sourced): finding and stopping a service started in the
# background from its pid file.

# live_pid PIDFILE NAME: the pid in PIDFILE, if that process is alive and really NAME (a stale
# pid's number may have been reused).
live_pid() {
  local file="$1" name="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -q "$name" || return 1
  echo "$pid"
}

# stop_service PIDFILE NAME: TERM, up to five seconds' grace, then KILL; its direct children
# (sessions of a server) too, which would outlive it. Removes the pid file.
stop_service() {
  local file="$1" name="$2" pid sessions i
  if pid="$(live_pid "$file" "$name")"; then
    sessions="$(pgrep -P "$pid" || true)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    if [[ -n "$sessions" ]]; then
      # shellcheck disable=SC2086 # one pid per word, on purpose
      kill -KILL $sessions 2>/dev/null || true
    fi
  fi
  rm -f "$file"
}

# service_main "$@": the command line of a harness script that defines do_start and do_stop.
#   SCRIPT start STATE_DIR   start the service; STATE_DIR holds what tests need to reach it
#   SCRIPT stop STATE_DIR    stop it; exits 0 when nothing is running
service_main() {
  case "${1:-}" in
    start)
      [[ $# -eq 2 ]] || service_usage
      do_start "$2"
      ;;
    stop)
      [[ $# -eq 2 ]] || service_usage
      [[ -d "$2" ]] || exit 0
      do_stop "$(cd "$2" && pwd)"
      ;;
    *) service_usage ;;
  esac
}

service_usage() {
  echo "usage: $0 start STATE_DIR | $0 stop STATE_DIR" >&2
  exit 2
}
