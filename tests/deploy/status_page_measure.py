#!/usr/bin/env python3
"""How long /status and /status.json take with many sources (docs/status.md).

Runs the real daemon (embedded broker) with N file:// feeds of three items each, a tenth of
them missing, waits until every source was polled, then times sequential requests of both
forms and one `newswired status`. A measurement, not a test: it prints numbers and asserts
nothing about them.

usage: status_page_measure.py NEWSWIRED WORK_DIR [SOURCES] [REQUESTS]
"""

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Feed {n}</title><link>https://feeds.example/{n}/</link>
<description>measurement</description>{items}</channel></rss>
"""
ITEM = """<item><title>Story {n}-{i} about the harbour, the council and the weather</title>
<link>https://feeds.example/{n}/story-{i}</link><guid>feed-{n}-story-{i}</guid>
<pubDate>Fri, 27 Nov 2026 09:15:00 GMT</pubDate>
<description>Paragraph {i} of feed {n}: the council met on Friday.</description>
</item>"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as r:
        body = r.read()
    return time.perf_counter() - start, body


def main():
    daemon_path, work = sys.argv[1:3]
    sources = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    requests = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(f"{work}/feeds")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    lines = ["sources:"]
    for n in range(sources):
        path = f"{work}/feeds/feed-{n}.xml"
        if n % 10 != 9:  # every tenth is missing: a failing source
            with open(path, "w") as f:
                f.write(FEED.format(n=n, items="".join(ITEM.format(n=n, i=i) for i in range(3))))
        lines.append(f'  - {{ name: feed-{n}, url: "file://{path}", interval: 1h }}')
    lines += [
        "kafka: { brokers: embedded }",
        f"metrics: {{ listen: 127.0.0.1:{port} }}",
        f"state_dir: {work}/state",
        "log: { level: error }",
    ]
    config = f"{work}/newswired.yaml"
    with open(config, "w") as f:
        f.write("\n".join(lines) + "\n")

    with open(f"{work}/daemon.log", "wb") as log:
        daemon = subprocess.Popen([daemon_path, "run", "--config", config], stdout=log, stderr=log)
    try:
        started = time.monotonic()
        while True:
            try:
                st = json.loads(get(base + "/status.json")[1])
                if all(s["last_fetch_at"] for s in st["sources"]):
                    break
            except OSError:
                pass
            if time.monotonic() - started > 300:
                sys.exit("not every source was polled within 5 minutes")
            time.sleep(1)
        print(f"{sources} sources polled after {time.monotonic() - started:.1f}s; "
              f"summary {st['summary']}")
        for path in ("/status", "/status.json"):
            times, size = [], 0
            for _ in range(requests):
                t, body = get(base + path)
                times.append(t * 1000)
                size = len(body)
            times.sort()
            print(f"{path:13} {size / 1024:8.0f} KiB  median {statistics.median(times):6.1f} ms  "
                  f"max {times[-1]:6.1f} ms  ({requests} sequential requests)")
        start = time.perf_counter()
        out = subprocess.run([daemon_path, "status", "--url", base], capture_output=True,
                             check=True).stdout
        lines = out.count(b"\n")
        print(f"newswired status: {(time.perf_counter() - start) * 1000:.0f} ms, {lines} lines")
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=120)


if __name__ == "__main__":
    main()
