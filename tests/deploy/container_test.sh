#!/usr/bin/env bash
# The container image end to end, with podman and without a registry or a Docker engine
# (docs/operations.md, Tests): a Debian 12 base from debootstrap, deploy/Dockerfile built around
# the binary built here, run with a read-only root file system against the test broker. Passes
# when the demo articles reach Kafka, the image's HEALTHCHECK passes, and SIGTERM ends the
# container with exit code 0 within the drain time.
#
#   container_test.sh SOURCE_DIR BINARY CACHE_DIR WORK_DIR
#
# NW_IT_DIR: the services fixture (its broker's address is in NW_IT_DIR/kafka/bootstrap).
# CACHE_DIR keeps the base root file system and podman's storage between runs.
# NEWSWIRED_DEBIAN_MIRROR: the mirror debootstrap uses (default http://deb.debian.org/debian).
# Exits 77 (skipped) only when no Debian mirror answers.
set -euo pipefail
shopt -s inherit_errexit
[[ $# -eq 4 ]] || { echo "usage: $0 SOURCE_DIR BINARY CACHE_DIR WORK_DIR" >&2; exit 2; }
src=$1 binary=$2 cache=$3 work=$4
mirror=${NEWSWIRED_DEBIAN_MIRROR:-http://deb.debian.org/debian}
readonly base_image=localhost/debian:bookworm image=localhost/newswired:test
readonly container=newswired-container-test
# kafka.flush_timeout's default: after SIGTERM the daemon drains for at most this long.
readonly drain_seconds=30

# shellcheck source=tests/deploy/test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"

# Storage, run state and configuration under CACHE_DIR: the machine's own podman storage is
# never touched. runc and cgroupfs because crun and the systemd cgroup manager fail here.
mkdir -p "$cache/storage" "$cache/run" "$work"
# Absolute paths: podman's database remembers the storage paths it was created with.
cache=$(realpath "$cache") work=$(realpath "$work") src=$(realpath "$src") binary=$(realpath "$binary")
cat >"$cache/containers.conf" <<'EOF'
[containers]
default_ulimits = []
log_driver = "k8s-file"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
export CONTAINERS_CONF=$cache/containers.conf
pm() {
  podman --root "$cache/storage" --runroot "$cache/run" --tmpdir "$cache/run/libpod" \
    --storage-driver vfs --runtime /usr/sbin/runc "$@"
}

cleanup() {
  pm rm --force --volumes "$container" >/dev/null 2>&1 || true
  unmount_below "$cache/rootfs.partial"
  rm -rf "$cache/rootfs.partial" "$work/context"
}
trap cleanup EXIT

# debootstrap mounts /proc and /sys inside its target; an interrupted run may leave them there.
unmount_below() {
  local dir=$1
  [[ -d "$dir" ]] || return 0
  awk -v d="$(realpath "$dir")/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r mnt; do umount -l "$mnt"; done
}

# What debian:bookworm-slim leaves out of a minbase system (debuerreotype's slimify: no package
# lists, documentation, manual pages or translations, also for packages installed later), so the
# image size measured here is the one users get on the official base.
slim_rootfs() {
  local root=$1
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/groff/*' 'path-exclude /usr/share/info/*' \
    'path-exclude /usr/share/lintian/*' 'path-exclude /usr/share/locale/*' \
    'path-exclude /usr/share/man/*' >"$root/etc/dpkg/dpkg.cfg.d/slim"
  find "$root/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  rm -rf "$root"/usr/share/{groff,info,lintian,locale,man}/* "$root"/var/lib/apt/lists/* \
    "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
}

make_base_image() {
  if pm image exists "$base_image"; then
    echo "base image ${base_image} already in storage"
    return
  fi
  local tarball=$cache/bookworm-minbase.tar
  if [[ ! -f "$tarball" ]]; then
    if ! curl -fsS --max-time 30 -o /dev/null "${mirror}/dists/bookworm/Release"; then
      echo "SKIPPED: no Debian mirror at ${mirror} (set NEWSWIRED_DEBIAN_MIRROR); the base image" \
        "comes from debootstrap and there is no cached root file system in ${cache}"
      exit 77
    fi
    unmount_below "$cache/rootfs.partial"
    rm -rf "$cache/rootfs.partial"
    if ! debootstrap --variant=minbase bookworm "$cache/rootfs.partial" "$mirror" \
      >"$work/debootstrap.log" 2>&1; then
      tail -n 30 "$work/debootstrap.log" >&2
      fail "debootstrap failed (log: $work/debootstrap.log)"
    fi
    slim_rootfs "$cache/rootfs.partial"
    tar -C "$cache/rootfs.partial" -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
    rm -rf "$cache/rootfs.partial"
  fi
  pm import --quiet "$tarball" "$base_image" >/dev/null
}

# The build context holds what the Dockerfile copies and nothing else; the binary is stripped as
# the image's own build stage strips it.
make_context() {
  local ctx=$work/context
  rm -rf "$ctx"
  mkdir -p "$ctx/deploy/packages" "$ctx/configs"
  strip -o "$ctx/newswired" "$binary"
  cp "$src/deploy/packages/install.sh" "$src/deploy/packages/runtime.txt" "$ctx/deploy/packages/"
  cp -r "$src/configs/demo.yaml" "$src/configs/demo" "$src/configs/tagging" "$ctx/configs/"
}

build_image() {
  # Docker format: the OCI image format has no HEALTHCHECK. The nproc limit stays within the
  # build's hard limit; --ulimit host is refused by build.
  pm build --quiet --format docker --isolation chroot --network host \
    --ulimit nofile=20000:20000 --ulimit nproc=32768:32768 \
    --build-arg BASE="$base_image" --build-arg BINARY_FROM=prebuilt \
    -f "$src/deploy/Dockerfile" -t "$image" "$work/context" >/dev/null
  # Images replaced by this build; the cached layers below them stay for the next run.
  pm image prune --force >/dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Podman's timer for the HEALTHCHECK needs systemd as init, so podman run and stop complain that
# they cannot add or remove it; the test runs the check by hand. Everything else is shown.
show_errors() {
  grep -v 'unable to get systemd connection to .* healthchecks' "$1" >&2 || true
}

start_container() {
  # No --tmpfs: nothing in the image may need a writable /tmp or home outside the state volume.
  pm run --detach --name "$container" --read-only --read-only-tmpfs=false \
    --network host --ulimit host \
    -e NEWSWIRED_KAFKA_BROKERS="$bootstrap" -e NEWSWIRED_METRICS_LISTEN="127.0.0.1:${metrics_port}" \
    "$image" >/dev/null 2>"$work/run.err" || fail "podman run failed: $(cat "$work/run.err")"
  show_errors "$work/run.err"
}

# "source<TAB>url" of every item of the demo config's feeds, as the binary parses them here.
expected_items() {
  python3 -c '
import sys, yaml
for s in yaml.safe_load(open(sys.argv[1]))["sources"]:
    print(s["name"], s["url"].removeprefix("file:"))' "$src/configs/demo.yaml" |
    while read -r name file; do
      "$binary" parse --tagging none --source "$name" "$src/configs/$file"
    done | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    print(a["source"]["name"] + "\t" + a["url"])' | sort -u
}

# Records the container published to these topics since it started (none if a topic is absent).
records_since_start() {
  local topic
  for topic in "$@"; do
    timeout 20 kcat -b "$bootstrap" -C -t "$topic" -o "s@${started_ms}" -e -q -f '%s\n' 2>/dev/null || true
  done
}

# The same pairs from what the container published, articles and duplicates.
published_items() {
  records_since_start news.articles news.duplicates | python3 -c '
import json, sys
for line in sys.stdin:
    if line.strip():
        a = json.loads(line)
        print(a["source"]["name"] + "\t" + a["url"])' | sort -u
}

wait_for_articles() {
  local want got deadline=$((SECONDS + 60))
  want=$(expected_items)
  [[ -n "$want" ]] || fail "the demo feeds parse to no items"
  while :; do
    got=$(published_items)
    [[ "$got" == "$want" ]] && break
    if ((SECONDS >= deadline)) || [[ "$(pm inspect --format '{{.State.Running}}' "$container")" != true ]]; then
      pm logs --tail 30 "$container" >&2 || true
      fail "published items differ from the demo feeds'; expected:"$'\n'"$want"$'\n'"got:"$'\n'"$got"
    fi
    sleep 1
  done
  [[ -z "$(records_since_start news.deadletter)" ]] || fail "dead letters from the demo feeds"
  echo "all $(wc -l <<<"$want") demo items reached Kafka, no dead letters"
}

check_inside() {
  local libs user state
  libs=$(pm run --rm --read-only --network none --no-healthcheck --entrypoint /usr/bin/ldd \
    "$image" /usr/bin/newswired) || fail "ldd failed in the image: ${libs}"
  ! grep 'not found' <<<"$libs" ||
    fail "libraries missing in the image (deploy/packages/runtime.txt), see above"
  user=$(pm exec "$container" id -un)
  [[ "$user" == newswired ]] || fail "the daemon runs as ${user}, not newswired"
  state=$(pm exec "$container" ls -A /var/lib/newswired)
  [[ -n "$state" ]] || fail "nothing written to the state volume"
  echo "runs as ${user}; state volume holds: $(tr '\n' ' ' <<<"$state")"
  # The root file system, /tmp included, really is read-only for the daemon's user.
  ! pm exec "$container" sh -c ': >/tmp/probe' 2>/dev/null || fail "/tmp is writable in the container"
  pm healthcheck run "$container" || fail "the image's HEALTHCHECK failed"
  echo "HEALTHCHECK: healthy"
}

stop_container() {
  local start elapsed code log
  start=$(now_ms)
  pm stop --time $((drain_seconds + 10)) "$container" >/dev/null 2>"$work/stop.err" ||
    fail "podman stop failed: $(cat "$work/stop.err")"
  elapsed=$(($(now_ms) - start))
  show_errors "$work/stop.err"
  [[ "$(pm inspect --format '{{.State.Running}}' "$container")" == false ]] || fail "still running"
  code=$(pm inspect --format '{{.State.ExitCode}}' "$container")
  log=$(pm logs "$container" 2>&1)
  tail -n 5 <<<"$log"
  [[ "$code" == 0 ]] || fail "exit code ${code} after SIGTERM"
  ((elapsed < drain_seconds * 1000)) || fail "SIGTERM took ${elapsed} ms, the drain time is ${drain_seconds} s"
  grep -q 'SIGTERM received' <<<"$log" || fail "the daemon did not log SIGTERM"
  echo "SIGTERM: exit code 0 after ${elapsed} ms"
}

[[ -n "${NW_IT_DIR:-}" && -s "${NW_IT_DIR}/kafka/bootstrap" ]] || fail "no test broker (NW_IT_DIR/kafka/bootstrap)"
bootstrap=$(cat "${NW_IT_DIR}/kafka/bootstrap")
metrics_port=$(free_port)
total_start=$(now_ms)
pm rm --force --volumes "$container" >/dev/null 2>&1 || true

# One run at a time per cache: two builds into one vfs storage would race.
exec 9>"$cache/.lock"
flock 9
step "base image" make_base_image
step "build context" make_context
step "image build" build_image
echo "image size: $(pm image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.1f MB", $1 / 1e6 }')"
started_ms=$(now_ms)
step "container start" start_container
step "articles in Kafka" wait_for_articles
step "checks inside" check_inside
step "SIGTERM" stop_container
echo "container_test: total: $(awk -v ms=$(($(now_ms) - total_start)) 'BEGIN { printf "%.1f", ms / 1000 }') s"
