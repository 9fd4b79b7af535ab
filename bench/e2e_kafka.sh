#!/usr/bin/env bash
# End to end against a real broker (make bench-e2e): the release build of newswired running as
# a daemon (`run --config`), a real Kafka 4 broker and nginx on loopback (tests/harness), FEEDS
# feeds from bench/e2e_feeds.py on 32 virtual hosts, each polled every INTERVAL seconds.
#   1. catch-up: every feed holds BACKLOG items when the daemon starts, until all are in Kafka;
#   2. steady: RATE new items/s spread over the feeds, each feed showing its latest 20, for
#      MINUTES; then one interval more for the last ones to arrive.
# Prints articles/s, CPU seconds per 1,000 articles (utime + stime from /proc/PID/stat), peak
# RSS (VmHWM) and the latency from an item appearing on its feed to Kafka's acknowledgement
# (the broker's append time), raw and from the start of the fetch that found it
# (bench/e2e_latency.py). Then the publish stage alone on the same broker: the articles of the
# run, repeated to PUBLISH_RECORDS, sent by bench/publish_bench (the daemon's producer, and the
# daemon's spool path) and by kcat -P, three rounds each, medians.
#   bench/e2e_kafka.sh BUILD_DIR FEEDS [RATE] [MINUTES] [INTERVAL] [BACKLOG] [PUBLISH_RECORDS]
set -euo pipefail
build=$(cd "$1" && pwd) feeds=$2 rate=${3:-500} minutes=${4:-3} interval=${5:-10}
backlog=${6:-10} publish_records=${7:-200000}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/e2e_lib.sh
source "$here/e2e_lib.sh"
work=$(mktemp -d)
gen="" daemon=""
cleanup() {
  if [[ -n "$daemon" ]]; then kill "$daemon" 2>/dev/null || true; fi
  if [[ -n "$gen" ]]; then kill "$gen" 2>/dev/null || true; fi
  e2e_stop_services "$work"
}
trap cleanup EXIT

e2e_start_services "$work" "$build" e2e
python3 "$here/e2e_feeds.py" "$work/www" "$feeds" "$rate" "$work/items" "$work/ready" 20 "$backlog" &
gen=$!
wait_for_file "$work/ready" 300
metrics=$(free_port)
{
  e2e_config "$feeds" 32 "${base##*:}" "$interval" "$bootstrap" e2e "$metrics" "$work/state" newswired
  echo "log: { level: warn }"
} >"$work/e2e.yaml"

echo "e2e: $feeds feeds polled every ${interval}s, $((feeds * backlog)) items on them at start," \
  "then $rate items/s for $minutes min; Kafka $bootstrap"
start=$(now)
"$build/daemon/newswired" run --config "$work/e2e.yaml" 2>"$work/log" &
daemon=$!
samples="$work/samples"
sample() {
  kill -0 "$daemon" 2>/dev/null || { echo "the daemon exited"; tail -20 "$work/log"; exit 1; }
  echo "$(now) $(cpu_ticks "$daemon") $(e2e_acked "$bootstrap" e2e)" >>"$samples"
}

# 1. Catch-up: until the backlog is in Kafka (every item is new, so one record each).
until (($(e2e_acked "$bootstrap" e2e) >= feeds * backlog)); do
  sleep 1
  sample
  (($(wc -l <"$samples") < 600)) || { echo "the backlog was not delivered in 10 minutes"; break; }
done
caught_up=$(now)
sample
rss_caught_up=$(awk '/^VmRSS:/ {print $2}' "/proc/$daemon/status")

# 2. Steady: new items for MINUTES, then an interval and some for the last ones to arrive.
kill -USR2 "$gen"
go=$(now)
stopped=$(awk -v t="$go" -v m="$minutes" 'BEGIN {printf "%.6f", t + m * 60}')
until awk -v t="$stopped" -v n="$(now)" 'BEGIN {exit (n < t)}'; do
  sleep 1
  sample
done
e2e_stop_items $((interval + 10))
read -r hwm rss anon file < <(awk '/^(VmHWM|VmRSS|RssAnon|RssFile):/ {v[$1] = $2}
  END {print v["VmHWM:"], v["VmRSS:"], v["RssAnon:"], v["RssFile:"]}' "/proc/$daemon/status")
curl -s "http://127.0.0.1:$metrics/metrics" >"$work/metrics"
kill -TERM "$daemon"
wait "$daemon" || true
daemon=""

# The steady window starts one interval after the first new item (by then every feed has been
# polled since new items began to arrive) and ends when they stop: with MINUTES * 60 a multiple
# of INTERVAL it is a whole number of intervals, as polls come in waves.
from=$(awk -v t="$go" -v i="$interval" 'BEGIN {printf "%.3f", t + i}')
tick=$(getconf CLK_TCK)
# CPU seconds (from the samples nearest each time) until the catch-up ended, and over the window.
read -r cpu_catch_up cpu_window < <(awk -v caught="$caught_up" -v from="$from" -v to="$stopped" \
  -v tick="$tick" '
  { t[NR] = $1; c[NR] = $2 }
  function at(x,   i, best) {
    best = 1
    for (i = 1; i <= NR; i++) if ((t[i] - x) ^ 2 < (t[best] - x) ^ 2) best = i
    return best
  }
  END { print c[at(caught)] / tick, (c[at(to)] - c[at(from)]) / tick }' "$samples")
if ((backlog > 0)); then
  awk -v n=$((feeds * backlog)) -v c="$cpu_catch_up" 'BEGIN {
    printf "  catch-up: %d articles, CPU %.1f s from the start: %.3f s per 1000 articles\n", n, c, c * 1000 / n }'
fi
awk -v hwm="$hwm" -v rss="$rss" -v anon="$anon" -v file="$file" -v rss0="$rss_caught_up" 'BEGIN {
  printf "  peak RSS (VmHWM) %.1f MiB; RSS %.1f MiB after the catch-up, %.1f MiB at the end: %.1f anonymous, %.1f file pages (LMDB, spool)\n",
    hwm / 1024, rss0 / 1024, rss / 1024, anon / 1024, file / 1024 }'
# Every poll that brings a changed feed parses and normalizes all of its items, new or not.
awk '/^newswired_items_total\{/ && /stage="normalize"/ {n += $2}
  /^newswired_items_total\{/ && /stage="publish"/ && /outcome="ok"/ {p += $2}
  /^newswired_fetches_total\{/ {f[$0 ~ /code="304"/ ? "304" : $0 ~ /code="200"/ ? "200" : "other"] += $2}
  END {printf "  whole run: %d polls (%d answered 200, %d 304, %d other), %d items normalized for %d articles (%.1f per article)\n",
    f["200"] + f["304"] + f["other"], f["200"], f["304"], f["other"], n, p, n / (p > 0 ? p : 1)}' "$work/metrics"
e2e_dump_acks "$bootstrap" e2e >"$work/acks"
python3 "$here/e2e_latency.py" "$work/items" "$work/nginx/access.log" "$work/acks" \
  --window "$from" "$stopped" --cpu "$cpu_window" --load 0 "$start" "$start"
echo "  daemon log: $(grep 'warning\|error' "$work/log" | grep -vc 'quiet: no new items' || true)" \
  "warnings and errors (besides feeds found quiet before the new items began)"

# The publish stage alone, against kcat -P, on the same broker and the same payloads.
kcat -C -b "$bootstrap" -t e2e.articles -e -q -f '%s\n' >"$work/payloads"
records=$(wc -l <"$work/payloads")
[[ "$records" -eq "$(kcat -Q -b "$bootstrap" -t e2e.articles:0:-1 -t e2e.articles:1:-1 \
  -t e2e.articles:2:-1 | awk '{n += $4} END {print n}')" ]] ||
  echo "  (warning: payload lines and records differ: a payload holds a newline)"
reps=$(((publish_records + records - 1) / records))
for ((i = 0; i < reps; i++)); do cat "$work/payloads"; done >"$work/publish"
echo "publish stage: $records article payloads x $reps = $(wc -l <"$work/publish") records," \
  "$(($(wc -c <"$work/publish") / 1000000)) MB"
# kcat_run NAME TOPIC [KCAT ARGS...]: times one kcat -P of the whole file, printed as
# publish_bench prints its runs.
kcat_run() {
  local name=$1 topic=$2 t0 t1
  shift 2
  t0=$(now)
  kcat -P -b "$bootstrap" -t "$topic" "$@" -l "$work/publish"
  t1=$(now)
  awk -v t0="$t0" -v t1="$t1" -v n="$(wc -l <"$work/publish")" -v b="$(wc -c <"$work/publish")" \
    -v name="$name" 'BEGIN {
      printf "%s: %d records, %.1f MB in %.2f s: %.0f records/s, %.1f MB/s\n", name, n, b / 1e6,
        t1 - t0, n / (t1 - t0), b / 1e6 / (t1 - t0) }'
}
# Every topic exists beforehand: the first record to a missing one waits a second for it.
for round in 1 2 3; do
  for t in pub spool kcat kcatd; do "$build/bench/publish_bench" create-topic "$bootstrap" "e2e.$t.$round" 3; done
done
for round in 1 2 3; do
  "$build/bench/publish_bench" publisher "$bootstrap" "e2e.pub.$round" "$work/publish"
  rm -rf "$work/spool"
  "$build/bench/publish_bench" spool "$bootstrap" "e2e.spool.$round" "$work/publish" "$work/spool"
  kcat_run kcat "e2e.kcat.$round"
  kcat_run kcat-as-daemon "e2e.kcatd.$round" -X enable.idempotence=true -X linger.ms=5 -z lz4
done | tee "$work/publish.out" | sed 's/^/    /'
echo "  (publisher: KafkaPublisher; spool: the daemon's path, spool files + SpoolSender; kcat:"
echo "  kcat -P with librdkafka's defaults; kcat-as-daemon: with idempotence, linger.ms=5, lz4)"
# Medians of the three rounds, and each of ours against each kcat.
awk '{
    sub(":", "", $1)
    for (i = 2; i <= NF; i++) {
      if ($i == "records/s,") { r[$1, ++n[$1]] = $(i - 1) }
      if ($i == "MB/s") { m[$1, n[$1]] = $(i - 1) }
    }
  }
  function median(a, k,   x, y, z) {
    x = a[k, 1]; y = a[k, 2]; z = a[k, 3]
    return x + y + z - (x < y ? (x < z ? x : z) : (y < z ? y : z)) - (x > y ? (x > z ? x : z) : (y > z ? y : z))
  }
  END {
    split("publisher spool kcat kcat-as-daemon", names, " ")
    for (i = 1; i <= 4; i++) {
      rate[names[i]] = median(r, names[i])
      printf "  %-15s %8.0f records/s %7.1f MB/s (median of 3)\n", names[i], rate[names[i]], median(m, names[i])
    }
    printf "  publisher / kcat %.2f, publisher / kcat-as-daemon %.2f; spool / kcat %.2f, spool / kcat-as-daemon %.2f\n",
      rate["publisher"] / rate["kcat"], rate["publisher"] / rate["kcat-as-daemon"],
      rate["spool"] / rate["kcat"], rate["spool"] / rate["kcat-as-daemon"]
  }' "$work/publish.out"
