#!/usr/bin/env bash
# The Debian package (deploy/debian, docs/operations.md): built by dpkg-buildpackage around the
# binary built here (NEWSWIRED_PREBUILT; `make deb` compiles instead), then checked with dpkg-deb
# and unpacked into a scratch root: the binary runs, the conffile passes check-config, the
# installed tagging rules load, and systemd-sysusers creates the newswired user from the package.
#
#   debian_package_test.sh SOURCE_DIR BINARY WORK_DIR
set -euo pipefail
shopt -s inherit_errexit
[[ $# -eq 3 ]] || { echo "usage: $0 SOURCE_DIR BINARY WORK_DIR" >&2; exit 2; }
src=$1 binary=$(realpath "$2") work=$3

# shellcheck source=tests/deploy/test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"

build_package() {
  # No -dbgsym package: compressing the debug symbols is most of the time and nothing checks them.
  if ! NEWSWIRED_PREBUILT=$binary DEB_BUILD_OPTIONS="noautodbgsym ${DEB_BUILD_OPTIONS:-}" \
    "$src/deploy/debian/build-package.sh" "$work" >"$work.log" 2>&1; then
    tail -n 40 "$work.log" >&2
    fail "dpkg-buildpackage failed (log: $work.log)"
  fi
  debs=("$work"/newswired_*.deb)
  [[ ${#debs[@]} -eq 1 && -f "${debs[0]}" ]] || fail "expected one newswired .deb in $work: ${debs[*]}"
  deb=${debs[0]}
  echo "built $(basename "$deb"), $(stat -c %s "$deb") bytes"
}

# The installed package holding a library; with merged /usr, dpkg may know it under /lib.
owner_package() {
  local real candidate
  real=$(realpath "$1")
  for candidate in "$1" "$real" "${real#/usr}"; do
    dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1 && return
  done
  fail "no installed package holds $1"
}

# Every library the binary links is a dependency of the package (${shlibs:Depends} worked).
check_info() {
  local depends resolved lib path pkg names name found
  dpkg-deb --info "$deb" | sed -n '/^ Package:/,/^ Description:/p'
  [[ "$(dpkg-deb --field "$deb" Package)" == newswired ]] || fail "package name"
  depends=" $(dpkg-deb --field "$deb" Depends | tr ',|' '  ') "
  resolved=$(ldd "$binary")
  for lib in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    path=$(awk -v l="$lib" '$1 == l { print $3 }' <<<"$resolved")
    [[ -n "$path" ]] || fail "cannot find ${lib} on this machine"
    pkg=$(owner_package "$path")
    # The dependency names the package or a name it provides (libspdlog1.10-fmt9).
    names=$(dpkg-query -W -f='${Package} ${Provides}' "$pkg" | sed 's/([^)]*)//g; s/,/ /g')
    found=""
    for name in $names; do
      [[ "$depends" == *" ${name} "* ]] && found=$name
    done
    [[ -n "$found" ]] || fail "${lib} (package ${pkg}) is not in Depends: ${depends}"
  done
  echo "Depends names the package of every library the binary links"
}

check_contents() {
  local listing ctrl=$work/control path
  listing=$(dpkg-deb --contents "$deb" | awk '{ print $NF }')
  for path in ./usr/bin/newswired ./lib/systemd/system/newswired.service \
    ./etc/newswired/newswired.yaml ./usr/lib/sysusers.d/newswired.conf ./var/lib/newswired/ \
    ./usr/share/newswired/tagging/topics.tsv ./usr/share/newswired/tagging/LICENSES.md; do
    grep -qxF "$path" <<<"$listing" || fail "${path} is not in the package"
  done
  rm -rf "$ctrl"
  dpkg-deb --control "$deb" "$ctrl"
  grep -qxF /etc/newswired/newswired.yaml "$ctrl/conffiles" || fail "newswired.yaml is not a conffile"
  grep -q 'systemd-sysusers' "$ctrl/postinst" || fail "postinst does not create the user"
  grep -q "deb-systemd-helper" "$ctrl/postinst" || fail "postinst does not register the unit"
  echo "binary, unit, conffile, sysusers.d file, state directory and tagging rules present"
}

check_unpacked() {
  local root=$work/root version out tagged untagged
  rm -rf "$root"
  dpkg -x "$deb" "$root"
  cmp "$root/lib/systemd/system/newswired.service" "$src/deploy/newswired.service" ||
    fail "the packaged unit differs from deploy/newswired.service"

  version=$("$root/usr/bin/newswired" --version)
  [[ "$version" == "newswired $(dpkg-deb --field "$deb" Version | sed 's/-[^-]*$//')" ]] ||
    fail "--version says '${version}', the package is $(dpkg-deb --field "$deb" Version)"
  out=$("$root/usr/bin/newswired" check-config "$root/etc/newswired/newswired.yaml") ||
    fail "check-config rejected the conffile: ${out}"
  echo "${version}; ${out}"

  # The conffile names /usr/share/newswired/tagging; here the same rules sit under the root.
  grep -q '^tagging: { dir: /usr/share/newswired/tagging }' "$root/etc/newswired/newswired.yaml" ||
    fail "the conffile does not use the installed tagging rules"
  tagged=$(count_topics "$root" "$root/usr/share/newswired/tagging")
  untagged=$(count_topics "$root" none)
  ((tagged > untagged)) || fail "installed tagging rules found ${tagged} topics, none found ${untagged}"
  echo "installed tagging rules: ${tagged} topics on the demo feed (${untagged} without)"

  systemd-sysusers --root="$root" >/dev/null
  local entry
  entry=$(grep '^newswired:' "$root/etc/passwd") || fail "systemd-sysusers created no newswired user"
  IFS=: read -r _ _ uid _ _ home shell <<<"$entry"
  ((uid > 0 && uid < 1000)) || fail "newswired has uid ${uid}, not a system uid"
  [[ "$home" == /var/lib/newswired && "$shell" == /usr/sbin/nologin ]] ||
    fail "newswired user: home ${home}, shell ${shell}"
  grep -q '^newswired:' "$root/etc/group" || fail "no newswired group"
  echo "systemd-sysusers: ${entry}"
}

# count_topics ROOT RULES: topics the installed binary tags on a demo feed with these rules.
count_topics() {
  "$1/usr/bin/newswired" parse --tagging "$2" "$src/configs/demo/world-rss.xml" |
    python3 -c 'import json, sys; print(sum(len(json.loads(l)["tags"]["topics"]) for l in sys.stdin))'
}

total_start=$(now_ms)
mkdir -p "$work"
step "dpkg-buildpackage" build_package
step "dpkg-deb --info" check_info
step "dpkg-deb --contents" check_contents
step "unpacked root" check_unpacked
echo "debian_package_test: total: $(awk -v ms=$(($(now_ms) - total_start)) 'BEGIN { printf "%.1f", ms / 1000 }') s"
