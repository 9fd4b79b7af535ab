#!/usr/bin/env python3
"""Feeds that keep publishing, for the soak run: FEEDS RSS files under DOCROOT, each getting a
new item every PERIOD seconds (spread over the period) and showing its latest WINDOW items.
Runs until killed; each file is written beside and renamed into place.

    soak_feeds.py DOCROOT FEEDS PERIOD [WINDOW]
"""
import os
import sys
import time


def write(docroot, feed, items):
    path = os.path.join(docroot, f"feed-{feed}.xml")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?>\n<rss version="2.0"><channel>'
                  f"<title>Soak {feed}</title><link>https://soak.test/{feed}</link>\n")
        for n in reversed(items):
            out.write(f"<item><title>Soak feed {feed} story {n}</title>"
                      f"<link>https://soak.test/{feed}/{n}</link>"
                      f"<guid>https://soak.test/{feed}/{n}</guid>"
                      f"<description>Story {n} of feed {feed}: officials said the "
                      f"{'harbour' if n % 2 else 'council'} would meet again on day {n % 28 + 1}."
                      "</description></item>\n")
        out.write("</channel></rss>\n")
    os.replace(tmp, path)


def main():
    docroot, feeds, period = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    window = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    items = [[] for _ in range(feeds)]
    serial = 0
    for f in range(feeds):
        write(docroot, f, items[f])
    step = period / feeds
    next_at = time.monotonic()
    feed = 0
    while True:
        items[feed].append(serial)
        serial += 1
        del items[feed][:-window]
        write(docroot, feed, items[feed])
        feed = (feed + 1) % feeds
        next_at += step
        time.sleep(max(0.0, next_at - time.monotonic()))


if __name__ == "__main__":
    main()
