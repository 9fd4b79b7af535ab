#!/usr/bin/python3
"""feedparser.parse over every file of a folder, bytes read into memory first (no file names,
URLs or headers, as the oracle was made); median of RUNS runs, printed in corpus_parse's form.
usage: feedparser_corpus.py DIR [RUNS]"""
import os
import statistics
import sys
import time

import feedparser


def entries(body):
    # A few corpus files make feedparser 6.0.10 raise (sgmllib asserts); they count as 0 entries.
    try:
        return len(feedparser.parse(body).entries)
    except Exception:  # noqa: BLE001 - any failure is a file feedparser could not read
        return 0


def main():
    root = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
    bodies = []
    for p in paths:
        with open(p, "rb") as fh:
            bodies.append(fh.read())
    size = sum(len(b) for b in bodies)
    times, items = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        items = sum(entries(b) for b in bodies)
        times.append(time.perf_counter() - start)
    t = statistics.median(times)
    print(f"feedparser-{feedparser.__version__} files={len(bodies)} bytes={size} items={items} "
          f"seconds={t:.4f} MB/s={size / 1e6 / t:.2f} items/s={items / t:.0f}")


if __name__ == "__main__":
    main()
