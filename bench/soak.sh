#!/usr/bin/env bash
# The soak run (make soak, outside CI): the release build against a real Kafka broker and nginx
# on loopback, FEEDS feeds each publishing a new item every minute, for MINUTES. Samples the
# daemon's resident memory and open file descriptors every 10 s and prints the slopes over the
# second half (after warm-up: the dedupe index and caches fill during the first) of the whole
# RSS and of its anonymous part (the heap; the rest is LMDB's and the spool's file pages,
# which the kernel reclaims), and the fd count at start and end.
#   bench/soak.sh BUILD_DIR [MINUTES] [FEEDS]
set -euo pipefail
build=$1 minutes=${2:-30} feeds=${3:-2000}
here=$(cd "$(dirname "$0")" && pwd)
harness="$here/../tests/harness"
work=$(mktemp -d)
gen=""
daemon=""
cleanup() {
  [[ -n "$daemon" ]] && kill "$daemon" 2>/dev/null || true
  [[ -n "$gen" ]] && kill "$gen" 2>/dev/null || true
  "$harness/nginx.sh" stop "$work/nginx" >/dev/null 2>&1 || true
  "$harness/kafka.sh" stop "$work/kafka" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www"
bootstrap=$("$harness/kafka.sh" start "$work/kafka")
base=$("$harness/nginx.sh" start "$work/nginx" "$work/www")
python3 "$here/soak_feeds.py" "$work/www" "$feeds" 60 &
gen=$!
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
{
  echo "sources:"
  for ((i = 0; i < feeds; i++)); do
    echo "  - { name: soak-$i, url: $base/feed-$i.xml, interval: 60s, min_interval: 30s }"
  done
  echo "fetch: { max_per_host: 16, host_delay: 0ms }"
  echo "kafka: { brokers: $bootstrap, topics: { articles: soak.articles } }"
  echo "metrics: { listen: 127.0.0.1:$port }"
  echo "log: { level: warn }"
  echo "state_dir: $work/state"
} >"$work/soak.yaml"

"$build/daemon/newswired" run --config "$work/soak.yaml" 2>"$work/log" &
daemon=$!
samples="$work/samples"
end=$((SECONDS + minutes * 60))
echo "soak: $feeds feeds, $minutes min, daemon $daemon; sampling every 10 s"
while ((SECONDS < end)); do
  sleep 10
  kill -0 "$daemon" 2>/dev/null || { echo "the daemon exited"; tail -20 "$work/log"; exit 1; }
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$daemon/status")
  anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$daemon/status")
  fds=$(find "/proc/$daemon/fd" -mindepth 1 -maxdepth 1 | wc -l)
  delivered=$(curl -s "http://127.0.0.1:$port/metrics" |
    awk '/^newswired_kafka_deliveries_total\{/ && /topic="articles"/ && /result="ok"/ {print $2}')
  echo "$SECONDS $rss $fds ${delivered:-0} $anon" >>"$samples"
done
kill -TERM "$daemon"
wait "$daemon" || true
daemon=""
awk -v minutes="$minutes" -v feeds="$feeds" '
  function slope(v,   i, n, x, sx, sy, sxx, sxy) {
    n = sx = sy = sxx = sxy = 0
    for (i = h; i <= NR; i++) { x = t[i] / 60; n++; sx += x; sy += v[i]; sxx += x * x; sxy += x * v[i] }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx)
  }
  { t[NR] = $1; r[NR] = $2; f[NR] = $3; d[NR] = $4; a[NR] = $5 }
  END {
    h = int(NR / 2) + 1
    printf "soak: %d feeds, %d min: %d articles delivered (%.1f/s)\n", feeds, minutes, d[NR], d[NR] / (t[NR] - t[1] + 10)
    printf "  RSS %.1f MiB after warm-up, %.1f MiB at the end; slope over the second half %.1f KiB/min\n", r[h] / 1024, r[NR] / 1024, slope(r)
    printf "  of it anonymous (heap) %.1f -> %.1f MiB, slope %.1f KiB/min; the rest is LMDB and spool file pages\n", a[h] / 1024, a[NR] / 1024, slope(a)
    printf "  open fds %d at the first sample, %d at the last\n", f[1], f[NR]
  }' "$samples"
