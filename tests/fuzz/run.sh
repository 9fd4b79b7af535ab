#!/usr/bin/env bash
# Runs every fuzz target of a -DNEWSWIRED_FUZZ=ON build for a bounded time.
#   tests/fuzz/run.sh BUILD_DIR SECONDS_PER_TARGET
# Per target, BUILD_DIR/fuzz-work/<target>/ holds seeds/ (rebuilt on every run from the shared
# corpus, the repository's fixtures and configs, and tests/fuzz/regressions/<target>/), corpus/
# (what the fuzzer found, kept between runs), fuzz.log and any crash/leak/timeout file.
# Every regression input is first run once on its own: a fixed crash stays fixed.
# FUZZ_TARGETS="feed html" runs only those. Exits non-zero if any target failed.
set -uo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BUILD_DIR SECONDS_PER_TARGET" >&2
  exit 2
fi
build=$(realpath "$1")
seconds=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
fuzz_dir="$root/tests/fuzz"
corpus=$(realpath -m "$root/../shared/corpus")
read -r -a targets <<<"${FUZZ_TARGETS:-feed json_feed newsml nitf ninjs anpa iptc7901 text html config}"

have_corpus=1
if [[ ! -d "$corpus" ]]; then
  echo "corpus absent: $corpus (seeds: regression inputs and repository files only)"
  have_corpus=0
fi

export UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}"
# Library leaks that are not ours (the file says why each one is there).
if [[ -f "$fuzz_dir/lsan.supp" ]]; then
  export LSAN_OPTIONS="suppressions=$fuzz_dir/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
fi
fuzz_flags=(-rss_limit_mb=2048 -timeout=10)

# Copies the given files into the seed directory, named after their path so that none collide.
seed() {
  local dir=$1 file
  shift
  for file in "$@"; do
    [[ -f "$file" ]] || continue
    local name=${file#"$root"/}
    name=${name#"$corpus"/}
    cp "$file" "$dir/${name//\//_}"
  done
}

# Files under DIR (recursively) matching a find expression, NUL-separated.
files_under() {
  local dir=$1
  shift
  [[ -d "$dir" ]] && find -H "$dir" -type f "$@" -print0
}

# The corpus's wire files of the given formats (wire/INDEX.tsv, column 2).
wire_files() {
  [[ $have_corpus -eq 1 ]] || return 0
  local pattern
  pattern=$(printf '%s|' "$@")
  awk -F'\t' -v re="^(${pattern%|})" 'NR > 1 && $2 ~ re { print $1 }' "$corpus/wire/INDEX.tsv" |
    while read -r path; do printf '%s\0' "$corpus/wire/$path"; done
}

build_seeds() {
  local target=$1 dir=$2 f
  local -a files=()
  case $target in
    feed)
      mapfile -d '' files < <(files_under "$corpus/feeds" ! -name '*.json'
        files_under "$root/tests/fixtures/feeds" ! -name '*.json' ! -name '*.md'
        files_under "$root/configs/demo" -name '*.xml') ;;
    json_feed)
      mapfile -d '' files < <(files_under "$corpus/feeds" -name '*.json'
        files_under "$root/tests/fixtures/feeds" -name '*.json') ;;
    newsml) mapfile -d '' files < <(wire_files newsml-g2) ;;
    nitf) mapfile -d '' files < <(wire_files nitf) ;;
    ninjs) mapfile -d '' files < <(wire_files 'ninjs' 'ap-media-api-json' 'json-invalid') ;;
    anpa) mapfile -d '' files < <(wire_files anpa-1312) ;;
    iptc7901) mapfile -d '' files < <(wire_files iptc-7901) ;;
    text)
      mapfile -d '' files < <(wire_files text
        files_under "$root/tests/fixtures/text" -name '*.txt') ;;
    html)
      # The benchmark's pages are gzip files; mutating compressed bytes finds nothing.
      [[ $have_corpus -eq 1 ]] && while IFS= read -r -d '' f; do
        gzip -dc "$f" >"$dir/$(basename "$f" .gz)"
      done < <(files_under "$corpus/html" -name '*.html.gz')
      mapfile -d '' files < <(files_under "$root/tests/fixtures/html" -name '*.html') ;;
    config) files=("$root"/configs/*.yaml) ;;
  esac
  case $target in
    newsml | nitf | ninjs | anpa | iptc7901)
      mapfile -d '' -O "${#files[@]}" files < <(files_under "$root/tests/fixtures/wire/$target" \
        ! -name '*.md') ;;
  esac
  seed "$dir" "${files[@]}"
}

# "key: value" from libFuzzer's final stats, or the last "cov: N" of its status lines.
final_stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -1; }
last_field() { grep -o "$1: [0-9]*" "$2" | tail -1 | sed 's/.*: //'; }

failed=()
summary=()
for target in "${targets[@]}"; do
  bin="$build/tests/fuzz/${target}_fuzz"
  work="$build/fuzz-work/$target"
  if [[ ! -x "$bin" ]]; then
    echo "$target: $bin is missing (build the fuzz_targets target)" >&2
    failed+=("$target: not built")
    continue
  fi
  rm -rf "$work/seeds"
  mkdir -p "$work/seeds" "$work/corpus"
  build_seeds "$target" "$work/seeds"

  # A regression input that still fails is reported and kept out of the seeds, so that the
  # fuzzer does not stop on it before looking for anything else.
  mapfile -d '' regressions < <(files_under "$fuzz_dir/regressions/$target")
  for input in "${regressions[@]}"; do
    log="$work/regression-$(basename "$input").log"
    if "$bin" "${fuzz_flags[@]}" "$input" >"$log" 2>&1; then
      seed "$work/seeds" "$input"
    else
      echo "$target: regression input fails: $input (log $log)"
      grep -E '^(==[0-9]+==ERROR|SUMMARY)|runtime error' "$log" | head -2
      failed+=("$target: regression $input")
    fi
  done

  echo "== $target: $(find "$work/seeds" -type f | wc -l) seeds, $seconds s"
  "$bin" "${fuzz_flags[@]}" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$work/" "$work/corpus" "$work/seeds" >"$work/fuzz.log" 2>&1
  status=$?
  runs=$(final_stat number_of_executed_units "$work/fuzz.log")
  execs=$(final_stat average_exec_per_sec "$work/fuzz.log")
  line="$target: runs ${runs:-?}, exec/s ${execs:-?}, cov $(last_field cov "$work/fuzz.log")"
  line+=", ft $(last_field ft "$work/fuzz.log"), corpus $(find "$work/corpus" -type f | wc -l)"
  if [[ $status -ne 0 ]]; then
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/fuzz.log" | tail -1)
    grep -E '^(==[0-9]+==ERROR|SUMMARY)|runtime error' "$work/fuzz.log" | head -3
    line+=", FAILED (exit $status): ${artifact:-no input saved}, log $work/fuzz.log"
    failed+=("$target: ${artifact:-$work/fuzz.log}")
  else
    line+=", crashes 0"
  fi
  echo "$line"
  summary+=("$line")
done

echo
echo "fuzzing summary ($seconds s per target):"
printf '  %s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED:"
  printf '  %s\n' "${failed[@]}"
  exit 1
fi
