#!/usr/bin/env python3
"""The status page as a browser shows it.

The daemon runs a feed that works and one that cannot be read, whose path holds markup.
Headless Chromium loads /status: the DOM it built must hold both sources, worst first, with
their states, a sparkline each, and the markup as text rather than as an element. Its
screenshot must show the page's inline styles applied (the red of a failure, the green of
ok); it stays in the work directory.

usage: status_page_test.py NEWSWIRED FEED WORK_DIR
"""

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from html.parser import HTMLParser

BROWSER_TIMEOUT = 40  # seconds per Chromium run; a hung browser must not hang the test
FAILING_RED = (220, 38, 38)  # .failing badge and failed polls, daemon/ops/status_html.cc
OK_GREEN = (21, 128, 61)  # .ok and ready badges


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_json(base):
    try:
        with urllib.request.urlopen(base + "/status.json", timeout=5) as r:
            return json.load(r)
    except OSError:
        return None


def wait_for_polls(base, daemon, deadline):
    """The status once both sources were polled and the good feed's items passed dedupe."""
    while time.monotonic() < deadline:
        if daemon.poll() is not None:
            sys.exit(f"newswired exited with {daemon.returncode}")
        st = status_json(base)
        if st and all(s["last_fetch_at"] for s in st["sources"]) and any(
            s["items_new"] > 0 for s in st["sources"]
        ):
            return st
        time.sleep(0.2)
    sys.exit(f"the sources were not polled in time; last status: {status_json(base)}")


def chromium(work, *args):
    cmd = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
        f"--user-data-dir={work}/chromium", *args,
    ]
    with open(os.path.join(work, "chromium.log"), "ab") as log:
        return subprocess.run(
            cmd, stdout=subprocess.PIPE, stderr=log, timeout=BROWSER_TIMEOUT, check=True
        ).stdout.decode()


class StatusDom(HTMLParser):
    """Rows of the sources table, the sparklines in them, script elements, the page's text."""

    def __init__(self):
        super().__init__()
        self.rows, self.sparklines, self.scripts, self.text = [], 0, 0, []
        self._in_row = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "tr" and "data-source" in a:
            self.rows.append((a["data-source"], a.get("data-state")))
            self._in_row = True
        if tag == "svg" and self._in_row and "spark" in a.get("class", ""):
            self.sparklines += 1

    def handle_endtag(self, tag):
        if tag == "tr":
            self._in_row = False

    def handle_data(self, data):
        self.text.append(data)


def png_pixels(path):
    """Width, height and the set of RGB colours of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path} is not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = header[:4]
    if depth != 8 or colour not in (2, 6):
        sys.exit(f"unexpected PNG format: depth {depth}, colour type {colour}")
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    prev, colours = bytearray(stride), set()
    for y in range(height):
        row = y * (stride + 1)
        kind, line = raw[row], bytearray(raw[row + 1 : row + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, up_left = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + pred) & 0xFF
        colours.update(tuple(line[i : i + 3]) for i in range(0, stride, bpp))
        prev = line
    return width, height, colours


def main():
    daemon_path, feed, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    missing = f"{work}/missing/<script>alert(1)</script>.xml"
    config = os.path.join(work, "newswired.yaml")
    with open(config, "w") as f:
        f.write(
            "sources:\n"
            f'  - {{ name: wire-good, url: "file://{feed}", interval: 1h }}\n'
            f'  - {{ name: wire-bad, url: "file://{missing}", interval: 1h }}\n'
            "kafka: { brokers: embedded }\n"
            f"metrics: {{ listen: 127.0.0.1:{port} }}\n"
            f"state_dir: {work}/state\n"
        )
    started = time.monotonic()
    with open(os.path.join(work, "daemon.log"), "wb") as log:
        daemon = subprocess.Popen([daemon_path, "run", "--config", config], stdout=log, stderr=log)
    try:
        wait_for_polls(base, daemon, started + 20)

        dom = StatusDom()
        dom.feed(chromium(work, "--dump-dom", base + "/status"))
        text = "".join(dom.text)
        print(f"rows in the browser's DOM: {dom.rows}")
        assert dom.rows == [("wire-bad", "failing"), ("wire-good", "ok")], dom.rows
        assert dom.sparklines == 2, f"{dom.sparklines} sparklines"
        assert dom.scripts == 0, "a <script> element made it into the page"
        assert "<script>alert(1)</script>.xml" in text, "the failing feed's error is not shown"
        assert "ready" in text and "Kafka connected" in text

        shot = os.path.join(work, "status.png")
        chromium(work, f"--screenshot={shot}", "--window-size=1200,800", base + "/status")
        width, height, colours = png_pixels(shot)
        assert (width, height) == (1200, 800), (width, height)
        assert FAILING_RED in colours, "no failure red in the screenshot: styles not applied?"
        assert OK_GREEN in colours, "no ok green in the screenshot: styles not applied?"
        print(f"screenshot: {shot} ({len(colours)} colours)")
        print(f"took {time.monotonic() - started:.1f}s")
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=30)


if __name__ == "__main__":
    main()
