#!/usr/bin/env python3
"""Writes the config and the feeds for the live dashboard and alerts test into WORK_DIR.

Usage: observability_scenario.py REPO_ROOT WORK_DIR

The daemon only exports a counter once it has counted something, so the demo alone leaves
most failure panels without a metric to check. This is the demo config (its feeds, its
embedded broker) plus sources that make each such event happen within seconds:

  broken-feed   an HTML error page served as RSS: parse failures, dead letters
  odd-feed      a bare '&' (parse warning), an unreadable date (normalize warning) and two
                retellings of one story (near-duplicate)
  missing-feed  a file that is not there: failed polls, the circuit opens
  drop          a drop directory holding one file: newswired_files_total
  spool         4 KiB: the pipeline waits for Kafka's acknowledgements (spool waits)

WORK_DIR/newswired.yaml is the config; WORK_DIR/newswired-invalid.yaml is the same with an
unknown key, for a reload that must fail.
"""
import os
import pathlib
import sys

import yaml

STORY = (
    "The regional water authority said on Tuesday that reservoir levels across the northern "
    "valleys had fallen to their lowest point in three decades, and announced that farms and "
    "towns would share a reduced allowance until the autumn rains return. Engineers will "
    "inspect the old canal network, repair the leaking sluice gates near the lower dam and "
    "publish weekly figures so that growers can plan the harvest. Officials asked households "
    "to water gardens only at night and promised support for orchards that lose their crop."
)
RETOLD = STORY.replace("on Tuesday", "late on Tuesday").replace("three decades", "thirty years")

ODD_FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Odd Wire: Markets & Weather</title>
    <link>https://odd.newswired.example/</link>
    <description>Fixtures for the observability test</description>
    <item>
      <title>Markets open flat</title>
      <link>https://odd.newswired.example/markets-open</link>
      <guid isPermaLink="false">odd-1</guid>
      <pubDate>sometime last week</pubDate>
      <description>Trading began quietly.</description>
    </item>
    <item>
      <title>Reservoirs at a thirty-year low</title>
      <link>https://odd.newswired.example/reservoirs</link>
      <guid isPermaLink="false">odd-2</guid>
      <description>{STORY}</description>
    </item>
    <item>
      <title>Water allowance cut as reservoirs fall</title>
      <link>https://odd.newswired.example/water-allowance</link>
      <guid isPermaLink="false">odd-3</guid>
      <description>{RETOLD}</description>
    </item>
  </channel>
</rss>
"""

ERROR_PAGE = "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n"

DROPPED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Drop</title><link>https://drop.newswired.example/</link>
<description>One dropped file</description>
<item><title>Harbour reopens after storm</title><guid isPermaLink="false">drop-1</guid>
<link>https://drop.newswired.example/harbour</link><description>Ferries run again.</description></item>
</channel></rss>
"""


def fast(source):
    """Polled every second, so that failures and warnings repeat while the test watches."""
    return dict(source, interval="1s", min_interval="1s", max_interval="2s")


def main():
    repo, work = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve()
    demo_path = repo / "configs" / "demo.yaml"
    config = yaml.safe_load(demo_path.read_text())
    # The demo's relative paths are relative to its own folder, not to WORK_DIR.
    for source in config["sources"]:
        if source["url"].startswith("file:") and not source["url"].startswith("file:/"):
            source["url"] = "file:" + os.path.join(demo_path.parent, source["url"][5:])
    config["tagging"]["dir"] = str(demo_path.parent / config["tagging"]["dir"])

    feeds, drop = work / "feeds", work / "drop"
    feeds.mkdir(parents=True, exist_ok=True)
    drop.mkdir(parents=True, exist_ok=True)
    (feeds / "error-page.xml").write_text(ERROR_PAGE)
    (feeds / "odd.xml").write_text(ODD_FEED)
    (drop / "harbour.xml").write_text(DROPPED)

    config["sources"] += [
        fast({"name": "broken-feed", "url": f"file:{feeds}/error-page.xml", "format": "rss"}),
        fast({"name": "odd-feed", "url": f"file:{feeds}/odd.xml", "format": "rss"}),
        fast({"name": "missing-feed", "url": f"file:{feeds}/missing.xml", "format": "rss"}),
        {"name": "drop", "directory": str(drop), "format": "auto", "settle": "1s"},
    ]
    config["fetch"] = {"circuit_failures": 3, "circuit_cooldown": "1s"}
    config["spool"] = {"max_size": "4KiB"}

    (work / "newswired.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    config["no_such_setting"] = True
    (work / "newswired-invalid.yaml").write_text(yaml.safe_dump(config, sort_keys=False))


if __name__ == "__main__":
    main()
