#!/usr/bin/env python3
"""Feeds that keep publishing, for the end-to-end benchmark (bench/e2e_kafka.sh, e2e_fleet.sh).

FEEDS RSS files feed-N.xml under DOCROOT. First every feed gets BACKLOG items (a catch-up load
for a daemon started afterwards), then READY_FILE is created. From SIGUSR2 on, new items arrive
at RATE items/s in all, one feed after another (in a shuffled order); a feed shows its latest
WINDOW items. SIGUSR1 adds BURST items to every feed at once and pauses the new items until the
next SIGUSR2. A backlog, or a burst with what was there before it, stays whole until the
feed's next item.
Runs until SIGTERM.

Items are news-sized (a title and a 400-600 byte summary of random words, so no two are
near-duplicates of each other); an item's link and guid are https://e2e.test/FEED/SERIAL.
Each file is written beside and renamed into place; right after the rename the time the items
appeared (seconds since the epoch) goes to LOG, one line per item: SERIAL FEED TIME; a burst
adds a line "# burst BEGAN ENDED".

    e2e_feeds.py DOCROOT FEEDS RATE LOG READY_FILE [WINDOW] [BACKLOG] [BURST]
"""
import os
import random
import signal
import sys
import time

WORDS = (
    "government minister officials council police court election vote parliament budget "
    "talks agreement ceasefire troops border refugees economy inflation prices bank rates "
    "market shares investors company profits workers strike union health hospital vaccine "
    "school students teachers climate flood storm drought wildfire energy gas oil power grid "
    "train airport port harbour bridge road city region village mayor president spokesman "
    "report inquiry trial judge lawyers prosecutors verdict appeal protest crowd rally march "
    "team match season coach players final league record museum festival film music award "
    "Berlin Paris London Madrid Rome Warsaw Kyiv Brussels Geneva Vienna Athens Lisbon Dublin "
    "Germany France Spain Italy Poland Ukraine Belgium Greece Portugal Ireland Austria Sweden "
    "Reuters AFP NATO UN EU WHO said announced warned confirmed denied expected planned agreed "
    "rejected approved delayed opened closed raised cut new old first last early late major "
    "local national regional international public private senior former acting several"
).split()


def summary(rng):
    sentences, size = [], 0
    target = rng.randint(400, 600)
    while size < target:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
        sentence = " ".join(words)
        sentence = sentence[0].upper() + sentence[1:] + "."
        sentences.append(sentence)
        size += len(sentence) + 1
    return " ".join(sentences)


class Feeds:
    def __init__(self, docroot, feeds, window, log):
        self.docroot, self.window, self.log = docroot, window, log
        self.items = [[] for _ in range(feeds)]  # per feed: (serial, xml), oldest first
        self.serial = 0
        self.rng = random.Random(1)

    def add(self, feed, keep=0):
        n = self.serial
        self.serial += 1
        words = " ".join(self.rng.choice(WORDS) for _ in range(6))
        xml = (f"<item><title>Feed {feed} story {n}: {words}</title>"
               f"<link>https://e2e.test/{feed}/{n}</link>"
               f"<guid>https://e2e.test/{feed}/{n}</guid>"
               f"<description>{summary(self.rng)}</description></item>\n")
        items = self.items[feed]
        # nginx's validators are the file's size and its time in whole seconds: a file changed
        # twice in one second to the same size would answer 304: a new item never leaves the
        # file the size it was.
        keep = max(keep, self.window)
        if len(items) >= keep and len(xml) == len(items[0][1]):
            xml = xml.replace("</item>", " </item>")
        items.append((n, xml))
        del items[:-keep]
        return n

    def write(self, feed, new):
        path = os.path.join(self.docroot, f"feed-{feed}.xml")
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as out:
            out.write('<?xml version="1.0"?>\n<rss version="2.0"><channel>'
                      f"<title>Feed {feed}</title><link>https://e2e.test/{feed}</link>\n")
            out.writelines(xml for _, xml in reversed(self.items[feed]))
            out.write("</channel></rss>\n")
        os.replace(tmp, path)
        now = time.time()
        self.log.writelines(f"{n} {feed} {now:.6f}\n" for n in new)


def main():
    docroot, feeds, rate = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    log_path, ready = sys.argv[4], sys.argv[5]
    window = int(sys.argv[6]) if len(sys.argv) > 6 else 20
    backlog = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    burst = int(sys.argv[8]) if len(sys.argv) > 8 else 10
    bursts, steady = [], []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGUSR1, lambda *_: bursts.append(1))
    signal.signal(signal.SIGUSR2, lambda *_: steady.append(1))
    with open(log_path, "w", encoding="ascii") as log:
        f = Feeds(docroot, feeds, window, log)
        try:
            for feed in range(feeds):
                f.write(feed, [f.add(feed, backlog) for _ in range(backlog)])
            log.flush()
            with open(ready, "w", encoding="ascii"):
                pass
            order = list(range(feeds))
            random.Random(2).shuffle(order)
            next_at = time.monotonic()
            k = 0
            while True:
                if bursts:
                    bursts.clear()
                    steady.clear()
                    began = time.time()
                    for feed in range(feeds):
                        f.write(feed, [f.add(feed, window + burst) for _ in range(burst)])
                    log.write(f"# burst {began:.6f} {time.time():.6f}\n")
                    log.flush()
                    next_at = time.monotonic()
                if not steady or rate <= 0:
                    log.flush()
                    time.sleep(0.05)
                    next_at = time.monotonic()
                    continue
                # On schedule; when behind, the next items are written at once to catch up.
                feed = order[k % feeds]
                k += 1
                f.write(feed, [f.add(feed)])
                next_at += 1.0 / rate
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        finally:
            log.flush()


if __name__ == "__main__":
    main()
