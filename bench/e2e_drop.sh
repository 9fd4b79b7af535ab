#!/usr/bin/env bash
# End to end through a drop directory: FILES files of ITEMS items each (synthetic RSS) put in
# the drop before `newswired run --once`, which delivers them to the embedded broker and moves
# each to done/ once acknowledged. Prints files/s, articles/s, CPU and peak RSS.
#   bench/e2e_drop.sh BUILD_DIR [FILES] [ITEMS]
set -euo pipefail
build=$1 files=${2:-2000} items=${3:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/drop"
for ((i = 0; i < files; i++)); do
  "$build/bench/make_feed" "$items" "$((i + 1000))" >"$work/drop/file$i.xml"
done
# Older than `settle`: complete, as files that arrived while the daemon was down are.
touch -d '1 minute ago' "$work"/drop/*.xml
{
  echo "sources:"
  echo "  - { name: drop, directory: $work/drop, settle: 1s }"
  echo "kafka: { brokers: embedded }"
  echo "metrics: { listen: '' }"
  echo "log: { level: warn }"
  echo "state_dir: $work/state"
} >"$work/bench.yaml"

/usr/bin/time -f '%e %U %S %M' -o "$work/time" \
  "$build/daemon/newswired" run --once --config "$work/bench.yaml" 2>"$work/log"
read -r wall user sys rss_kb <"$work/time"
done_files=$(find "$work/drop/done" -type f | wc -l)
echo "e2e drop --once: $files files x $items items, $done_files moved to done/"
awk -v f="$files" -v n="$((files * items))" -v w="$wall" -v u="$user" -v s="$sys" \
  -v r="$rss_kb" 'BEGIN {
  printf "  wall %.2f s, %.0f files/s, %.0f articles/s, CPU %.2f s per 1000 files, peak RSS %.1f MiB\n",
         w, f / w, n / w, (u + s) * 1000 / f, r / 1024 }'
[[ "$done_files" == "$files" ]] || { echo "not every file was delivered"; tail "$work/log"; exit 1; }
