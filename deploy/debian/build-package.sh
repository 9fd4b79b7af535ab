#!/usr/bin/env bash
# Builds the newswired Debian package with dpkg-buildpackage: copies the source tree (without
# build trees and VCS data) to OUT_DIR/newswired, puts deploy/debian there as debian/, and builds
# the binary package; the .deb files end up in OUT_DIR.
#   deploy/debian/build-package.sh OUT_DIR
# NEWSWIRED_PREBUILT=/abs/path/newswired packages that binary instead of compiling (debian/rules).
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
stage=$out/newswired
rm -rf "$stage" "$out"/newswired_* "$out"/newswired-dbgsym_*
mkdir -p "$stage"
# The output directory is left out too in case it sits inside the tree under another name.
tar -C "$src" --exclude-vcs --exclude='./build*' --exclude="./${out#"$src"/}" -cf - . |
  tar -C "$stage" -xf -
rm -rf "$stage/debian"
cp -r "$src/deploy/debian" "$stage/debian"
(cd "$stage" && dpkg-buildpackage -b -us -uc -jauto)
ls "$out"/newswired_*.deb
