#!/usr/bin/env bash
# Parse throughput on the shared feed corpus, newswired beside python3-feedparser on the same
# bytes in the same run, and the ratio. Skipped (exit 0) when the corpus or feedparser is absent.
#   bench/corpus_vs_feedparser.sh BUILD_DIR [RUNS]
set -euo pipefail
build=$1 runs=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
corpus=${NW_CORPUS:-$here/../../shared/corpus}/feeds
if [[ ! -d "$corpus" ]]; then echo "corpus bench skipped: $corpus not found"; exit 0; fi
ours=$("$build/bench/corpus_parse" "$corpus" "$runs")
echo "$ours"
if ! /usr/bin/python3 -c 'import feedparser' 2>/dev/null; then
  echo "feedparser not installed (Debian: python3-feedparser): no comparison"; exit 0
fi
theirs=$(/usr/bin/python3 "$here/feedparser_corpus.py" "$corpus" "$runs")
echo "$theirs"
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }
for line in "$(head -1 <<<"$ours")" "$(tail -1 <<<"$ours")"; do
  awk -v a="$(field seconds "$theirs")" -v b="$(field seconds "$line")" -v n="${line%% *}" \
    'BEGIN { printf "%s is %.1fx feedparser on the same files\n", n, a / b }'
done
