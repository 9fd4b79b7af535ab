#!/usr/bin/env bash
# deploy/prometheus: the config and the alert rules pass promtool's checks, and the alert unit
# tests (alerts_test.yml: each alert fired and not fired) pass.
#   prometheus_rules_test.sh REPO_ROOT
set -euo pipefail
cd "$1/deploy/prometheus"
promtool check config prometheus.yml
promtool check rules alerts.yml
# Every alert of alerts.yml is named in the unit tests: a new alert comes with its tests.
missing=$(comm -23 <(sed -n 's/^ *- alert: *//p' alerts.yml | sort -u) \
                   <(sed -n 's/^ *alertname: *//p' alerts_test.yml | sort -u))
if [[ -n "$missing" ]]; then
  echo "FAIL: alerts without unit tests in alerts_test.yml:"; echo "$missing"; exit 1
fi
promtool test rules alerts_test.yml
