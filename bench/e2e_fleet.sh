#!/usr/bin/env bash
# Fleet end to end (make bench-e2e): 1, 2, then 3 instances of the release build sharing FEEDS
# feeds through Kafka's consumer group (`cluster: { group }`, docs/fleet.md), against a real
# Kafka 4 broker and nginx on loopback. bench/e2e_feeds.py adds RATE items/s over the feeds,
# which sit on 64 virtual hosts (sources are placed by host), each polled every INTERVAL s.
# Per instance count:
#   - rebalance: from starting the instance (its start-up, reading the fleet's tables, included)
#     until every source is owned again (the instances' latest "owning N sources" log lines,
#     all logged since, add up to FEEDS);
#   - steady, PHASE seconds once the rate of records is back to RATE: articles/s, CPU s per
#     1,000 articles of all instances together (/proc/PID/stat), latency as e2e_kafka.sh has it;
#   - a burst of BURST new items on every feed at once (the steady items pause meanwhile):
#     articles/s from the burst until its last item is acknowledged.
# Then kill -9 of one instance (its sources move after the session timeout, 10 s) and SIGTERM
# of another (handed over at once): time until every source is owned again. At the end, the
# records that repeated an item already in Kafka, over the whole run.
#   bench/e2e_fleet.sh BUILD_DIR FEEDS [RATE] [PHASE_SECONDS] [INTERVAL] [BURST]
set -euo pipefail
build=$(cd "$1" && pwd) feeds=$2 rate=${3:-300} phase=${4:-60} interval=${5:-10} burst=${6:-50}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/e2e_lib.sh
source "$here/e2e_lib.sh"
work=$(mktemp -d)
gen=""
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$gen" ]]; then kill "$gen" 2>/dev/null || true; fi
  e2e_stop_services "$work"
}
trap cleanup EXIT

e2e_start_services "$work" "$build" fleet
python3 "$here/e2e_feeds.py" "$work/www" "$feeds" "$rate" "$work/items" "$work/ready" 20 0 "$burst" &
gen=$!
wait_for_file "$work/ready" 300
for node in 1 2 3; do
  {
    e2e_config "$feeds" 64 "${base##*:}" "$interval" "$bootstrap" fleet "$(free_port)" \
      "$work/state-$node" "newswired-node-$node"
    echo "cluster: { group: e2e, instance: node-$node, session_timeout: 10s }"
    echo "log: { level: info }"
  } >"$work/node-$node.yaml"
done
echo "fleet: $feeds feeds on 64 hosts polled every ${interval}s, $rate new items/s; Kafka $bootstrap"
t0=$(now)
"$build/daemon/newswired" sources apply "$work/node-1.yaml" | sed 's/^/  /'
echo "  (sources apply took $(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}') s)"

live=()  # instance numbers running
iso_now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
# wait_owned SINCE: the time at which every live instance had logged "owning N sources" since
# SINCE and their latest such lines add up to FEEDS (waits up to 300 s).
wait_owned() {
  local since=$1 logs=() node i out
  for node in "${live[@]}"; do logs+=("$work/log-$node"); done
  for ((i = 0; i < 3000; i++)); do
    if out=$(awk -v since="$since" -v want="$feeds" '
      $1 >= since && / owning [0-9]+ sources / {
        for (j = 1; j < NF; j++) if ($j == "owning") n[FILENAME] = $(j + 1)
        t[FILENAME] = $1
      }
      END {
        for (k = 1; k < ARGC; k++) {
          if (!(ARGV[k] in n)) exit 1
          sum += n[ARGV[k]]
          if (t[ARGV[k]] > last) last = t[ARGV[k]]
        }
        if (sum != want) exit 1
        print last
      }' "${logs[@]}"); then
      echo "$out"
      return 0
    fi
    sleep 0.1
  done
  echo "not every source was owned again within 300 s" >&2
  return 1
}
# owned_report SINCE EVENT: how long after SINCE every source was owned, and who owns how many.
owned_report() {
  local since=$1 event=$2 done_at node split=""
  done_at=$(wait_owned "$since")
  for node in "${live[@]}"; do
    split+="${split:+, }node-$node $(grep -o ' owning [0-9]* sources ' "$work/log-$node" | tail -1 | awk '{print $2}')"
  done
  awk -v a="$(date -d "$since" +%s.%N)" -v b="$(date -d "$done_at" +%s.%N)" -v e="$event" -v s="$split" \
    'BEGIN {printf "  %s: every source owned again %.2f s later (%s)\n", e, b - a, s}'
}

samples="$work/samples"
sample() {
  local node running=()
  for node in "${live[@]}"; do running+=("${pids[node - 1]}"); done
  echo "$(now) $(cpu_ticks "${running[@]}") $(e2e_acked "$bootstrap" fleet)" >>"$samples"
}
# settle: samples each second until the last 5 s brought fewer than 1.3 x RATE records a second
# (a burst, or the items of feeds that moved, are in), at least INTERVAL + 5 s, at most 300 s.
settle() {
  local i
  for ((i = 0; i < 300; i++)); do
    sleep 1
    sample
    ((i >= interval + 5)) || continue
    tail -6 "$samples" | awk -v r="$rate" 'NR == 1 {a = $3; t = $1} END {exit !(($3 - a) / ($1 - t) < 1.3 * r)}' && return 0
  done
  echo "  (still more than 1.3 x RATE records a second after 300 s)"
}
windows="$work/windows"
start_instance() {
  local node=$1
  : >"$work/log-$node"
  "$build/daemon/newswired" run --config "$work/node-$node.yaml" 2>"$work/log-$node" &
  pids[node - 1]=$!
  live+=("$node")
}

for node in 1 2 3; do
  since=$(iso_now)
  start_instance "$node"
  owned_report "$since" "instance $node started"
  ((node > 1)) || kill -USR2 "$gen"
  settle
  from=$(now)
  to=$(awk -v t="$from" -v p="$phase" 'BEGIN {printf "%.6f", t + p}')
  until awk -v t="$to" -v n="$(now)" 'BEGIN {exit (n < t)}'; do
    sleep 1
    sample
  done
  kill -USR1 "$gen"
  settle
  kill -USR2 "$gen"
  echo "$node $from $to $(grep '^# burst' "$work/items" | tail -1 | cut -d' ' -f3-4)" >>"$windows"
done

since=$(iso_now)
kill -KILL "${pids[1]}"
wait "${pids[1]}" 2>/dev/null || true
live=(1 3)
owned_report "$since" "kill -9 of node-2"
settle
since=$(iso_now)
kill -TERM "${pids[2]}"
live=(1)
owned_report "$since" "SIGTERM of node-3"
e2e_stop_items $((interval + 5))
for node in 1 2 3; do
  if kill -0 "${pids[node - 1]}" 2>/dev/null; then
    kill -TERM "${pids[node - 1]}"
    wait "${pids[node - 1]}" || true
  fi
done

e2e_dump_acks "$bootstrap" fleet >"$work/acks"
tick=$(getconf CLK_TCK)
while read -r node from to b0 b1; do
  cpu=$(awk -v from="$from" -v to="$to" -v tick="$tick" '
    { t[NR] = $1; c[NR] = $2 }
    function at(x,   i, best) {
      best = 1
      for (i = 1; i <= NR; i++) if ((t[i] - x) ^ 2 < (t[best] - x) ^ 2) best = i
      return best
    }
    END { print (c[at(to)] - c[at(from)]) / tick }' "$samples")
  echo "$node instance(s), steady (CPU of all instances), then a burst of $burst items on every feed:"
  python3 "$here/e2e_latency.py" "$work/items" "$work/nginx/access.log" "$work/acks" \
    --window "$from" "$to" --cpu "$cpu" --load "$b0" "$b1" "$b0" | grep -v 'repeated an item'
done <"$windows"
python3 "$here/e2e_latency.py" "$work/items" "$work/nginx/access.log" "$work/acks" | sed 's/^ *//;s/^/whole run: /'
echo "daemon logs: $(cat "$work"/log-* | grep 'warning\|error' | grep -vc 'quiet: no new items' || true)" \
  "warnings and errors (besides feeds found quiet while the new items paused)"
# How fast a joining instance reads the `seen` table, on the same broker with nothing else
# running: 100,000 articles' dedupe writes, applied as at a join (bench/fleet_table_bench.cc).
"$build/bench/fleet_table_bench" "$bootstrap" 100000 2>/dev/null | grep "^seen table:" | sed "s/^/joining: /"
