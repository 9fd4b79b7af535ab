#!/usr/bin/env bash
# The dashboard and the alerts against the real thing. The demo daemon (embedded broker), with
# the fault sources of observability_scenario.py, is scraped every second by Debian's
# prometheus server, configured from deploy/prometheus/prometheus.yml with alerts.yml loaded.
# After a good and a refused SIGHUP reload: every dashboard query must parse and name only
# metrics on the daemon's /metrics page, the alerts must fire as the faults say
# (alerts_live_check.py), and `promtool check metrics` must accept the page.
#   observability_live_test.sh REPO_ROOT NEWSWIRED_BINARY WORK_DIR
set -euo pipefail
repo=$1 daemon=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
started=$SECONDS

rm -rf "$work"
mkdir -p "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
show_logs() {
  echo "--- newswired log (tail)"; tail -n 30 "$work/newswired.log" || true
  echo "--- prometheus log (tail)"; tail -n 30 "$work/prometheus.log" 2>/dev/null || true
}
trap cleanup EXIT
trap show_logs ERR

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# until_ok TIMEOUT_SECONDS WHAT COMMAND...: runs COMMAND every 0.5 s until it succeeds.
until_ok() {
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "FAIL: $what within $1 s"
      return 1
    fi
    sleep 0.5
  done
}

# The daemon: a metrics port the kernel picks, state in the build tree.
python3 "$here/observability_scenario.py" "$repo" "$work"
config="$work/newswired.yaml"
NEWSWIRED_METRICS_LISTEN=127.0.0.1:0 NEWSWIRED_STATE_DIR="$work/state" \
  "$daemon" run --config "$config" >"$work/newswired.log" 2>&1 &
pids+=($!)
daemon_pid=$!
metrics_port() { sed -n 's|.*metrics on http://127\.0\.0\.1:\([0-9]*\)/metrics.*|\1|p' "$work/newswired.log"; }
has_metrics_port() { [[ -n $(metrics_port) ]]; }
until_ok 30 "newswired logs its metrics port" has_metrics_port
port=$(metrics_port)
until_ok 60 "newswired ready on /readyz" curl -fsS "http://127.0.0.1:$port/readyz"
echo "newswired ready on 127.0.0.1:$port after $((SECONDS - started)) s"

# Prometheus: the deploy config with the target and intervals made local, rules by path.
prom_port=$(free_port)
python3 - "$repo/deploy/prometheus/prometheus.yml" "127.0.0.1:$port" >"$work/prometheus.yml" <<'PY'
import os, sys, yaml
path, target = sys.argv[1:3]
config = yaml.safe_load(open(path))
config["global"].update(scrape_interval="1s", evaluation_interval="1s")
config["rule_files"] = [os.path.join(os.path.dirname(path), f) for f in config["rule_files"]]
for job in config["scrape_configs"]:
    if job["job_name"] == "newswired":
        job["static_configs"] = [{"targets": [target]}]
print(yaml.safe_dump(config))
PY
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
api="http://127.0.0.1:$prom_port"
until_ok 60 "prometheus ready" curl -fsS "$api/-/ready"

# Enough samples for rate() over the substituted 1m windows: at least 5 good scrapes.
scrapes() {
  curl -fsS "$api/api/v1/query" --data-urlencode 'query=sum_over_time(up{job="newswired"}[1m])' |
    python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(int(float(r[0]["value"][1])) if r else 0)'
}
scraped_enough() { (($(scrapes) >= 5)); }
until_ok 60 "5 scrapes of newswired" scraped_enough
echo "$(scrapes) scrapes after $((SECONDS - started)) s"

# Reloads: one that works, one refused (the running configuration stays).
reloads() { curl -fsS "http://127.0.0.1:$port/metrics" | grep -c '^newswired_config_reloads_total' || true; }
reloaded_once() { (($(reloads) >= 1)); }
reloaded_both() { (($(reloads) >= 2)); }
kill -HUP "$daemon_pid"
until_ok 10 "a good reload counted" reloaded_once
cp "$config" "$work/newswired.good.yaml"
cp "$work/newswired-invalid.yaml" "$config"
kill -HUP "$daemon_pid"
until_ok 10 "a refused reload counted" reloaded_both
cp "$work/newswired.good.yaml" "$config"
sleep 3 # a few scrapes of the reload counters
curl -fsS "http://127.0.0.1:$port/metrics" >"$work/metrics.txt"

status=0
echo "--- promtool check metrics"
promtool check metrics <"$work/metrics.txt" || status=1

echo "--- dashboard queries"
python3 "$here/dashboard_queries.py" "$repo/deploy/grafana/newswired.json" "$api" \
  "$work/metrics.txt" "$repo/daemon/ops/metrics.cc" || status=1

echo "--- alerts on live data"
python3 "$here/alerts_live_check.py" "$api" || status=1

((status == 0)) || show_logs
echo "took $((SECONDS - started)) s"
exit $status
