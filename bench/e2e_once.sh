#!/usr/bin/env bash
# End to end on one machine: `newswired run --once` over FEEDS synthetic feeds of ITEMS items
# each (file:// sources), publishing to the embedded broker. Prints articles/s, CPU and peak RSS.
#   bench/e2e_once.sh BUILD_DIR [FEEDS] [ITEMS]
set -euo pipefail
build=$1 feeds=${2:-20} items=${3:-500}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  echo "sources:"
  for ((i = 0; i < feeds; i++)); do
    "$build/bench/make_feed" "$items" "$i" >"$work/feed$i.xml"
    echo "  - { name: feed$i, url: file:feed$i.xml, interval: 1h }"
  done
  # Feeds of thousands of items are the point here, not something to cut short.
  echo "fetch: { max_items: 1000000 }"
  echo "kafka: { brokers: embedded }"
  echo "metrics: { listen: '' }"
  echo "log: { level: info }"
  echo "state_dir: $work/state"
} >"$work/bench.yaml"

/usr/bin/time -f '%e %U %S %M' -o "$work/time" \
  "$build/daemon/newswired" run --once --config "$work/bench.yaml" 2>"$work/log"
read -r wall user sys rss_kb <"$work/time"
delivered=$(sed -n 's/.*delivered \([0-9]*\) articles.*/\1/p' "$work/log" | tail -1)
expected=$((feeds * items))
echo "e2e --once: $feeds feeds x $items items = $expected items, delivered $delivered"
awk -v n="$delivered" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss_kb" 'BEGIN {
  printf "  wall %.2f s, %.0f articles/s, CPU %.2f s per 1000 articles, peak RSS %.1f MiB\n",
         w, n / w, (u + s) * 1000 / n, r / 1024 }'
[[ "$delivered" == "$expected" ]] || { echo "not every item was delivered"; tail "$work/log"; exit 1; }
