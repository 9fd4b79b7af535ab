#!/usr/bin/env python3
"""Latency of the end-to-end benchmark, item by item, from three logs:

  ITEMS   e2e_feeds.py's log: SERIAL FEED TIME, the time the item appeared on its feed
  ACCESS  nginx's access log with NGINX_TIMED_LOG=1: MSEC REQUEST_TIME STATUS BYTES HOST URI UA
  ACKS    `kcat -C -f '%T %h\\n'` of the topics the daemon wrote: the broker's append time (ms,
          the topics have message.timestamp.type=LogAppendTime) and the headers, whose
          ce_subject is the item's link https://e2e.test/FEED/SERIAL

--window FROM TO: for each item that appeared in [FROM, TO) (seconds since the epoch),
appear -> ack, and fetch start -> ack, where the fetch start is the start of the first request
for its feed after it appeared (so the polling wait is left out).
With --cpu SECONDS (the daemons' CPU time over the window): articles/s and CPU per article,
counting the items that appeared in the window (polls come in waves, so the records acknowledged
within a window depend on where it falls; the window is a whole number of poll intervals).
--load FROM UNTIL ZERO: the items that appeared in [FROM, UNTIL) as one load (a backlog there
when the daemon started at ZERO, or a burst): how long after ZERO the last was acknowledged.
The records that repeat an item already acknowledged are counted over the whole run.

    e2e_latency.py ITEMS ACCESS ACKS [--window FROM TO [--cpu SECONDS]] [--load FROM UNTIL ZERO]
"""
import argparse
import bisect
import collections
import math
import re


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]  # nearest rank


def read_requests(path):
    starts = collections.defaultdict(list)  # feed -> request start times
    uri = re.compile(r"/feed-(\d+)\.xml$")
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            f = line.split(" ", 6)
            if len(f) < 6 or f[2] not in ("200", "304"):
                continue
            m = uri.search(f[5])
            if m:
                starts[int(m.group(1))].append(float(f[0]) - float(f[1]))
    for s in starts.values():
        s.sort()
    return starts


def read_acks(path):
    acks = {}  # (feed, serial) -> first ack time, seconds
    repeats = 0
    subject = re.compile(r"ce_subject=https://e2e\.test/(\d+)/(\d+)")
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            m = subject.search(line)
            if not m:
                continue
            key = (int(m.group(1)), int(m.group(2)))
            t = int(line.split(" ", 1)[0]) / 1000
            if key in acks:
                repeats += 1
                acks[key] = min(acks[key], t)
            else:
                acks[key] = t
    return acks, repeats


def main():
    ap = argparse.ArgumentParser()
    for name in ("items", "access", "acks"):
        ap.add_argument(name)
    ap.add_argument("--window", type=float, nargs=2)
    ap.add_argument("--cpu", type=float)
    ap.add_argument("--load", type=float, nargs=3)
    a = ap.parse_args()
    requests = read_requests(a.access) if a.window else {}
    acks, repeats = read_acks(a.acks)
    raw, fetched, waits = [], [], []
    missing, acked = 0, 0
    load, load_acked, load_last = 0, 0, 0.0
    with open(a.items, encoding="ascii") as items:
        for line in items:
            if line.startswith("#"):
                continue
            serial, feed, appeared = line.split()
            feed, appeared = int(feed), float(appeared)
            ack = acks.get((feed, int(serial)))
            if a.load and a.load[0] <= appeared < a.load[1]:
                load += 1
                if ack is not None:
                    load_acked += 1
                    load_last = max(load_last, ack)
            if not a.window or not a.window[0] <= appeared < a.window[1]:
                continue
            if ack is None:
                missing += 1
                continue
            acked += 1
            starts = requests.get(feed, [])
            i = bisect.bisect_left(starts, appeared)
            # A request that started a moment before the rename may have read the new file
            # already: then the first one after it comes after the acknowledgement.
            if (i == len(starts) or starts[i] > ack) and i > 0:
                i -= 1
            if i == len(starts):
                continue
            raw.append(ack - appeared)
            fetched.append(ack - starts[i])
            waits.append(starts[i] - appeared)
    if a.window:
        n, span = acked + missing, a.window[1] - a.window[0]
        print(f"  window of {span:.0f} s: {n} items appeared ({n / span:.1f}/s), {acked} "
              f"acknowledged: {acked / span:.1f} articles/s")
        if a.cpu is not None and acked:
            print(f"    CPU {a.cpu:.1f} s: {a.cpu * 1000 / acked:.3f} s per 1000 articles "
                  f"({a.cpu / span * 100:.0f} % of a core)")
        print(f"    {missing} items not acknowledged; latency of those acknowledged:")
        for name, v in (("appear -> ack", raw), ("fetch start -> ack", fetched),
                        ("poll wait (appear -> fetch start)", waits)):
            print(f"    {name}: p50 {percentile(v, 50):.3f} s, p99 {percentile(v, 99):.3f} s, "
                  f"max {max(v, default=float('nan')):.3f} s")
    if a.load:
        took = load_last - a.load[2]
        rate = f"{load_acked / took:.0f} articles/s" if took > 0 else "-"
        print(f"  load: {load} items, {load_acked} acknowledged, the last {took:.1f} s after it "
              f"began: {rate}")
    print(f"  {repeats} records in the run repeated an item already acknowledged")


if __name__ == "__main__":
    main()
