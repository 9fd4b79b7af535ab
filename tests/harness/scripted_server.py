#!/usr/bin/env python3
"""A misbehaving feed server for the fetch integration tests (standard library only).

    scripted_server.py STATE_DIR

Listens on a free loopback port, writes STATE_DIR/base_url and STATE_DIR/pid, and appends
every request's path to STATE_DIR/requests.log. The last path segment picks the behaviour, so
that tests can put their own prefix in front and count their own requests:

    feed-N.xml   200, an RSS feed of N items (titles carry the prefix), with <ttl>1</ttl>
    throttled    429, Retry-After: 3600
    unavailable  503, Retry-After: an HTTP-date two hours ahead
    drip         200 headers, then one byte a second for a minute
    reset        the connection is reset without an answer
    loop         302 to itself
    moved        301 to feed-2.xml beside it
    gone         410
    bomb         64 MiB of zeros, gzip-compressed (Content-Encoding: gzip)
    api          an agency API: needs "Authorization: Bearer wire-token" (else 401); serves
                 ninjs items 0..N-1, N read from STATE_DIR/<prefix>.items, two a page from
                 ?cursor= or ?since= (default 0) as {"data": {"items": [...], "next_cursor"}}
                 with "since" on the last page; the second request of each prefix gets 429
                 with Retry-After: 1
    status-500   500, every time
    throttled-once  429 with Retry-After: 2 to the first request of its prefix, feed-3 after
                 that; every request's unix time is appended to STATE_DIR/<prefix>.throttled-once
    silent       reads the request and answers nothing for a minute
    reset-mid-body  200 with Content-Length: 1 MiB, the first 4 KiB of a feed, then a reset
    huge         200 with Content-Length: 2 GiB of a feed's start and "x"s, streamed until the
                 client hangs up (nothing of it is held in memory)
    huge-chunked the same 2 GiB, chunked, with no Content-Length
    bomb-stream  a feed's start and 2 GiB of spaces, gzip-compressed while it is sent (chunked,
                 Content-Encoding: gzip): about 2 MiB on the wire
    header-bomb  200, then header lines without end (a minute at most)
    redirect-to-file  302 to file:///etc/passwd
    bad-gzip     200 with Content-Encoding: gzip and a body that is not gzip
    bomb-fast    a feed's start and 128 MiB of spaces, gzip-compressed once (on first use) and
                 sent at full speed with a Content-Length, for many bombs at once
"""

import email.utils
import gzip
import http.server
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib

STATE = sys.argv[1]
BOMB = gzip.compress(b"\0" * (64 << 20), compresslevel=9)


def feed(prefix, n):
    items = "".join(
        f"<item><title>{prefix} item {i}</title><link>http://example.com/{prefix}/{i}</link>"
        f"<guid>{prefix}-{i}</guid><pubDate>Tue, 12 May 2015 14:0{i % 10}:00 GMT</pubDate></item>"
        for i in range(n))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{prefix}</title>'
            f"<link>http://example.com/</link><ttl>1</ttl>{items}</channel></rss>").encode()


def api_page(prefix, query, authorization):
    """(status, body, headers) of one request to the scripted agency API."""
    if authorization != "Bearer wire-token":
        return 401, b"unauthorized", [("WWW-Authenticate", "Bearer")]
    counter = os.path.join(STATE, prefix + ".requests")
    seen = int(open(counter).read()) if os.path.exists(counter) else 0
    with open(counter, "w") as f:
        f.write(str(seen + 1))
    if seen == 1:
        return 429, b"slow down", [("Retry-After", "1")]
    items_file = os.path.join(STATE, prefix + ".items")
    total = int(open(items_file).read()) if os.path.exists(items_file) else 0
    args = urllib.parse.parse_qs(query)
    start = int((args.get("cursor") or args.get("since") or ["0"])[0])
    items = [{"uri": f"urn:newsml:api.test:{prefix}-{i}", "version": "1",
              "versioncreated": "2026-03-01T10:00:00Z", "pubstatus": "usable",
              "headline": f"API story {i}",
              "body_text": f"Item {i} of the scripted agency API, published for {prefix}."}
             for i in range(start, min(start + 2, total))]
    page = {"data": {"items": items}}
    if start + 2 < total:
        page["data"]["next_cursor"] = str(start + 2)
    else:
        page["since"] = str(max(total, start))
    return 200, json.dumps(page).encode(), [("Content-Type", "application/json")]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with open(os.path.join(STATE, "requests.log"), "a") as log:
            log.write(self.path + "\n")
        url = urllib.parse.urlsplit(self.path)
        head, _, last = url.path.rpartition("/")
        prefix = head.strip("/").replace("/", "-")
        if last == "api":
            self.send(*api_page(prefix, url.query, self.headers.get("Authorization")))
            return
        if last.startswith("feed-") and last.endswith(".xml"):
            self.send(200, feed(prefix, int(last[5:-4])), [("Content-Type", "application/rss+xml")])
        elif last == "throttled":
            self.send(429, b"slow down", [("Retry-After", "3600")])
        elif last == "unavailable":
            when = email.utils.formatdate(time.time() + 7200, usegmt=True)
            self.send(503, b"maintenance", [("Retry-After", when)])
        elif last == "drip":
            self.send_response(200)
            self.send_header("Content-Length", "60")
            self.end_headers()
            for _ in range(60):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(1)
        elif last == "reset":
            # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
        elif last == "loop":
            self.send(302, b"", [("Location", self.path)])
        elif last == "moved":
            self.send(301, b"", [("Location", head + "/feed-2.xml")])
        elif last == "gone":
            self.send(410, b"gone")
        elif last == "bomb":
            self.send(200, BOMB, [("Content-Type", "application/rss+xml"),
                                  ("Content-Encoding", "gzip")])
        elif last in EXTRA_BEHAVIOURS:
            EXTRA_BEHAVIOURS[last](self, prefix)
        else:
            self.send(404, b"not found")


# The fault suite's behaviours (tests/faults): each takes the handler and the path's prefix.

HUGE = 2 << 30
FEED_START = b'<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title><item><title>'


def write_chunk(handler, data):
    handler.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))


def stream(handler, blocks, chunked):
    """Writes the byte strings `blocks` yields until they end or the client hangs up."""
    try:
        for block in blocks:
            if chunked:
                write_chunk(handler, block)
            else:
                handler.wfile.write(block)
        if chunked:
            handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()
    except OSError:
        pass
    handler.close_connection = True


def huge_body():
    yield FEED_START
    block = b"x" * (1 << 16)
    for _ in range((HUGE - len(FEED_START)) // len(block)):
        yield block
    yield b"x" * ((HUGE - len(FEED_START)) % len(block))


def status_500(handler, prefix):
    handler.send(500, b"internal server error")


def throttled_once(handler, prefix):
    times = os.path.join(STATE, prefix + ".throttled-once")
    seen = len(open(times).read().split()) if os.path.exists(times) else 0
    with open(times, "a") as f:
        f.write(f"{time.time():.3f}\n")
    if seen == 0:
        handler.send(429, b"slow down", [("Retry-After", "2")])
    else:
        handler.send(200, feed(prefix, 3), [("Content-Type", "application/rss+xml")])


def silent(handler, prefix):
    time.sleep(60)
    handler.close_connection = True


def reset_mid_body(handler, prefix):
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", str(1 << 20))
    handler.end_headers()
    try:
        handler.wfile.write(feed(prefix, 100)[:4096])
        handler.wfile.flush()
    except OSError:
        return
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    handler.connection.close()


def huge(handler, prefix):
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", str(HUGE))
    handler.end_headers()
    stream(handler, huge_body(), chunked=False)


def huge_chunked(handler, prefix):
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    stream(handler, huge_body(), chunked=True)


def bomb_stream(handler, prefix):
    def compressed():
        gz = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        yield gz.compress(FEED_START)
        spaces = b" " * (1 << 20)
        for _ in range(HUGE >> 20):
            out = gz.compress(spaces)
            if out:
                yield out
        yield gz.flush()

    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    stream(handler, compressed(), chunked=True)


def header_bomb(handler, prefix):
    handler.send_response(200)
    handler.flush_headers()  # the status line, and no end of the headers
    line = b"X-Filler: " + b"a" * 1000 + b"\r\n"
    deadline = time.time() + 60
    try:
        while time.time() < deadline:
            handler.wfile.write(line * 64)
    except OSError:
        pass
    handler.close_connection = True


def redirect_to_file(handler, prefix):
    handler.send(302, b"", [("Location", "file:///etc/passwd")])


def bad_gzip(handler, prefix):
    handler.send(200, feed(prefix, 3), [("Content-Type", "application/rss+xml"),
                                        ("Content-Encoding", "gzip")])


FAST_BOMB = []  # made on first use: compressing takes a second
FAST_BOMB_LOCK = threading.Lock()


def bomb_fast(handler, prefix):
    with FAST_BOMB_LOCK:
        if not FAST_BOMB:
            gz = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            spaces = b" " * (1 << 20)
            FAST_BOMB.append(gz.compress(FEED_START)
                             + b"".join(gz.compress(spaces) for _ in range(128)) + gz.flush())
    handler.send(200, FAST_BOMB[0], [("Content-Type", "application/rss+xml"),
                                     ("Content-Encoding", "gzip")])


EXTRA_BEHAVIOURS = {
    "status-500": status_500,
    "throttled-once": throttled_once,
    "silent": silent,
    "reset-mid-body": reset_mid_body,
    "huge": huge,
    "huge-chunked": huge_chunked,
    "bomb-stream": bomb_stream,
    "header-bomb": header_bomb,
    "redirect-to-file": redirect_to_file,
    "bad-gzip": bad_gzip,
    "bomb-fast": bomb_fast,
}


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    with open(os.path.join(STATE, "pid"), "w") as f:
        f.write(str(os.getpid()))
    with open(os.path.join(STATE, "base_url.tmp"), "w") as f:
        f.write(f"http://127.0.0.1:{port}\n")
    os.replace(os.path.join(STATE, "base_url.tmp"), os.path.join(STATE, "base_url"))
    server.serve_forever()


if __name__ == "__main__":
    main()
