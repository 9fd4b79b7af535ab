# shellcheck shell=bash
# Shared by bench/e2e_kafka.sh and bench/e2e_fleet.sh (sourced): topics, configs and counters
# for the end-to-end runs against a real broker.

harness="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tests/harness" && pwd)"

# e2e_start_services WORK BUILD_DIR PREFIX: Kafka and nginx (request times in its log) under
# WORK, serving WORK/www, and the daemon's topics; sets `bootstrap` and `base` for the caller.
e2e_start_services() {
  local work=$1 build=$2 prefix=$3
  mkdir -p "$work/www"
  bootstrap=$("$harness/kafka.sh" start "$work/kafka")
  # shellcheck disable=SC2034  # read by the sourcing script
  base=$(NGINX_TIMED_LOG=1 "$harness/nginx.sh" start "$work/nginx" "$work/www")
  e2e_topics "$build" "$bootstrap" "$prefix"
}

# e2e_stop_services WORK: stops them and removes WORK, unless E2E_KEEP is set.
e2e_stop_services() {
  local work=$1
  "$harness/nginx.sh" stop "$work/nginx" >/dev/null 2>&1 || true
  "$harness/kafka.sh" stop "$work/kafka" >/dev/null 2>&1 || true
  if [[ -n "${E2E_KEEP:-}" ]]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}

# e2e_topics BUILD_DIR BOOTSTRAP PREFIX: the topics the daemon writes, each record stamped with
# the broker's append time (LogAppendTime), which is when Kafka acknowledged it.
e2e_topics() {
  local build=$1 bootstrap=$2 prefix=$3 role
  for role in articles duplicates deadletter kills; do
    "$build/bench/publish_bench" create-topic "$bootstrap" "$prefix.$role" 3 \
      message.timestamp.type=LogAppendTime
  done
}

# e2e_acked BOOTSTRAP PREFIX: records in the articles and duplicates topics (their end offsets).
e2e_acked() {
  local bootstrap=$1 prefix=$2 args=() t p
  for t in articles duplicates; do
    for p in 0 1 2; do args+=(-t "$prefix.$t:$p:-1"); done
  done
  kcat -Q -b "$bootstrap" "${args[@]}" | awk '{n += $4} END {print n + 0}'
}

# e2e_dump_acks BOOTSTRAP PREFIX: each record's append time (ms) and headers, one per line.
e2e_dump_acks() {
  local bootstrap=$1 prefix=$2 t
  for t in articles duplicates; do
    kcat -C -b "$bootstrap" -t "$prefix.$t" -e -q -f '%T %h\n'
  done
}

# e2e_stop_items SECONDS: stops the item generator (the caller's `gen`), then calls the
# caller's `sample` once a second for SECONDS while the last items arrive.
e2e_stop_items() {
  local seconds=$1 i
  kill "$gen"
  wait "$gen" || true
  gen=""
  for ((i = 0; i < seconds; i++)); do
    sleep 1
    sample
  done
}

# cpu_ticks PID...: user + system CPU of the processes, in clock ticks (getconf CLK_TCK).
cpu_ticks() {
  local pid n=0 t
  for pid in "$@"; do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    n=$((n + t))
  done
  echo "$n"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# e2e_config FEEDS HOSTS NGINX_PORT INTERVAL BOOTSTRAP PREFIX METRICS_PORT STATE_DIR AGENT:
# the config of one daemon. Feed i is http://h(i % HOSTS).localhost:PORT/feed-i.xml (curl
# resolves *.localhost to loopback), polled every INTERVAL seconds, no adaptive interval.
e2e_config() {
  local feeds=$1 hosts=$2 port=$3 interval=$4 bootstrap=$5 prefix=$6 metrics=$7 state=$8 agent=$9
  local i
  echo "sources:"
  for ((i = 0; i < feeds; i++)); do
    echo "  - { name: f-$i, url: http://h$((i % hosts)).localhost:$port/feed-$i.xml, interval: ${interval}s }"
  done
  echo "fetch: { min_interval: ${interval}s, max_interval: ${interval}s, max_per_host: 16, host_delay: 0ms, user_agent: $agent }"
  echo "kafka:"
  echo "  brokers: $bootstrap"
  echo "  topics: { articles: $prefix.articles, duplicates: $prefix.duplicates, dead_letter: $prefix.deadletter, kills: $prefix.kills }"
  echo "metrics: { listen: 127.0.0.1:$metrics }"
  echo "state_dir: $state"
}

# wait_for_file FILE SECONDS
wait_for_file() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [[ -e "$1" ]] && return 0
    sleep 0.1
  done
  echo "$1 did not appear within $2 s" >&2
  return 1
}

now() { date +%s.%N; }
