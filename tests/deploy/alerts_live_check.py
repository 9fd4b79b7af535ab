#!/usr/bin/env python3
"""The alert rules on a live Prometheus scraping the scenario of observability_scenario.py.

Usage: alerts_live_check.py PROMETHEUS_URL

Every rule must evaluate without error. The scenario's faults must bring their alerts to
pending (their `for:` is minutes, the test lasts seconds) with the right source, and the
alerts for trouble it does not have must stay silent. Waits up to 30 s for the expected ones.
"""
import json
import sys
import time
import urllib.request

# (alertname, source label or None): what the scenario makes happen.
EXPECTED = {
    ("NewswiredSourceFailing", "missing-feed"),  # a file that is not there
    ("NewswiredSourceUnparseable", "broken-feed"),  # an HTML error page as RSS
    ("NewswiredConfigReloadFailed", None),  # a SIGHUP with an unknown key in the file
}
# What the scenario does not have. The spool alerts are left out: its 4 KiB spool may or may
# not look full at a given scrape.
SILENT = {"NewswiredDown", "NewswiredNotReady", "NewswiredDeliveryFailed",
          "NewswiredDeliveryStalled", "NewswiredSourceRetired", "NewswiredFeedQuiet"}


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)["data"]


def main():
    api = sys.argv[1].rstrip("/")
    deadline = time.monotonic() + 30
    while True:
        groups = get(api + "/api/v1/rules")["groups"]
        rules = [r for g in groups for r in g["rules"]]
        alerts = get(api + "/api/v1/alerts")["alerts"]
        active = {(a["labels"]["alertname"], a["labels"].get("source")) for a in alerts}
        missing = EXPECTED - active
        unhealthy = [r for r in rules if r["health"] != "ok"]
        if (not missing and not unhealthy) or time.monotonic() > deadline:
            break
        time.sleep(1)

    problems = [f"rule {r['name']} is {r['health']}: {r.get('lastError')}" for r in unhealthy]
    problems += [f"{name} (source {source}) is not active" for name, source in sorted(missing, key=str)]
    problems += [f"{name} {source or ''} is active but nothing in the scenario causes it"
                 for name, source in sorted(active, key=str) if name in SILENT]
    for a in sorted(alerts, key=lambda a: a["labels"]["alertname"]):
        print(f"  {a['state']:8} {a['labels']['alertname']} {a['labels'].get('source', '')}")
    print(f"{len(rules)} rules, {len(alerts)} alerts active, {len(problems)} problems")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems or not rules else 0


if __name__ == "__main__":
    sys.exit(main())
