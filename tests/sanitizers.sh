#!/usr/bin/env bash
# The sanitizer builds that `make test-sanitizers` runs (docs/hardening.md).
#
#   tests/sanitizers.sh asan [BUILD_DIR]   ASan+UBSan: build everything, run unit + integration
#   tests/sanitizers.sh tsan [BUILD_DIR]   TSan: build and run the pipeline and publish tests
#
# Every report is fatal and prints its stack; suppressions cover third-party libraries only
# (tests/sanitizers/*.supp).
set -euo pipefail
shopt -s inherit_errexit

SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly SOURCE_DIR
readonly SUPP_DIR="${SOURCE_DIR}/tests/sanitizers"

usage() {
  echo "usage: $0 asan|tsan [BUILD_DIR]" >&2
  exit 2
}

# Prints how long a step took, so that the CI log shows where the time budget goes.
timed() {
  local label="$1" start
  shift
  start=$(date +%s)
  local status=0
  "$@" || status=$?
  echo "sanitizers.sh: ${label} took $(($(date +%s) - start)) s"
  return "$status"
}

configure() {
  local build_dir="$1" sanitize="$2"
  # -O1 with line tables only: what the sanitizers' own docs advise for readable stacks, and
  # the instrumented build compiles faster than at -O2 -g (CI's time budget: docs/hardening.md).
  cmake -S "$SOURCE_DIR" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DNEWSWIRED_TESTS=ON -DNEWSWIRED_SANITIZE="$sanitize"
}

run_asan() {
  local build_dir="${1:-build-asan}"
  configure "$build_dir" address,undefined
  timed "asan build" cmake --build "$build_dir"
  # The integration tests run the daemon with its stderr in a file of their own, where a
  # report would go unseen: every process writes its reports to BUILD_DIR/sanitizer-reports/<tool>.<pid>
  # instead, and any such file fails the run.
  local reports
  reports="$(cd "$build_dir" && pwd)/sanitizer-reports"
  rm -rf "$reports"
  mkdir -p "$reports"
  export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:print_stacktrace=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:log_path=${reports}/asan"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=${SUPP_DIR}/ubsan.supp:log_path=${reports}/ubsan"
  export LSAN_OPTIONS="suppressions=${SUPP_DIR}/lsan.supp:print_suppressions=0"
  # Left out: the fault suite (label faults), which takes longer than the rest of the
  # integration tests together and would take the sanitizers past their share of CI's time
  # (docs/hardening.md, Timings); and the packaging tests (label deploy), which put the
  # binary into an image or a package where the sanitizer runtime is not installed.
  local status=0
  timed "asan tests" ctest --test-dir "$build_dir" --output-on-failure --timeout 900 \
    -L 'unit|integration' -LE 'faults|deploy' || status=$?
  if compgen -G "${reports}/*" >/dev/null; then
    for report in "$reports"/*; do
      echo "=== ${report}"
      cat "$report"
    done
    summarize_reports "$reports"
    status=1
  fi
  return "$status"
}

# The gist of each report, last, where a log cut to its end still shows it: the error and the
# first frames of its stack.
summarize_reports() {
  echo "=== sanitizer reports in short (whole above): $(find "$1" -type f | wc -l) file(s)"
  for report in "$1"/*; do
    echo "--- ${report##*/}"
    grep -m1 -E 'ERROR: |runtime error|WARNING: ' "$report" || true
    grep -E '^ +#[0-9]+ ' "$report" | head -n 10 | sed -E 's/ \(\/[^)]*\)$//' || true
  done
}

# Every test binary under tests/pipeline (the stage queues, and the parsers and stages that
# run on the stage threads), plus publish_test: the spool, its sender thread, the
# transactional sender and the producer with its librdkafka poll thread.
tsan_targets() {
  ninja -C "$1" -t targets all |
    sed -n 's|^tests/pipeline/\(.*/\)*\([a-z0-9_]*_test\): CXX_EXECUTABLE_LINKER.*|\2|p'
  echo publish_test
}

run_tsan() {
  local build_dir="${1:-build-tsan}"
  configure "$build_dir" thread
  local targets
  mapfile -t targets < <(tsan_targets "$build_dir")
  timed "tsan build" cmake --build "$build_dir" --target "${targets[@]}"
  # librdkafka is not built with TSan: what it does itself through intercepted calls (free,
  # rwlocks) is ordered by atomics TSan cannot see, so only instrumented code reports.
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1:suppressions=${SUPP_DIR}/tsan.supp"
  # Only the targets above are built: the others' tests show up as <target>_NOT_BUILT.
  timed "tsan tests" ctest --test-dir "$build_dir" --output-on-failure --timeout 900 \
    -L unit -E '_NOT_BUILT$|^style[.]'
}

case "${1:-}" in
  asan) run_asan "${2:-}" ;;
  tsan) run_tsan "${2:-}" ;;
  *) usage ;;
esac
