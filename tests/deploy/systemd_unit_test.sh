#!/usr/bin/env bash
# deploy/newswired.service passes `systemd-analyze verify` without a single warning (verify exits
# 0 on unknown keys, so any output fails), and its exposure score stays below 2.0.
set -euo pipefail
unit_src=$1 daemon=$2 work=$3
mkdir -p "$work"
unit="$work/newswired.service"
sed "s|/usr/bin/newswired|$daemon|g" "$unit_src" >"$unit"

out=$(systemd-analyze verify --man=no "$unit" 2>&1) || { echo "$out"; exit 1; }
if [[ -n "$out" ]]; then
  echo "systemd-analyze verify complained:"; echo "$out"; exit 1
fi

score=$(systemd-analyze security --offline=true "$unit" 2>&1 | sed -n 's/.*Overall exposure level for newswired.service: \([0-9.]*\).*/\1/p')
echo "exposure score: ${score:-?}"
[[ -n "$score" ]] || { echo "no exposure score"; exit 1; }
awk -v s="$score" 'BEGIN { exit !(s < 2.0) }' || { echo "exposure $score is not below 2.0"; exit 1; }
grep -q '^Type=notify' "$unit" && grep -q '^WatchdogSec=' "$unit" && grep -q '^ExecStartPre=.*check-config' "$unit"
# Reload: the file is checked first, then the daemon gets SIGHUP.
[[ "$(grep '^ExecReload=' "$unit" | head -1)" == *check-config* ]] || { echo "ExecReload does not check the config first"; exit 1; }
grep -q '^ExecReload=.*kill -HUP \$MAINPID' "$unit" || { echo "ExecReload does not send SIGHUP"; exit 1; }
echo "ok"
