#pragma once
// Synthetic RSS 2.0 feeds of a given size, shaped like agency feeds (HTML bodies, creators,
// categories), for benchmarks that must not depend on files outside the repository.

#include <string>

namespace newswired::bench {

inline std::string generate_rss(int items, int seed = 0) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n"
      "<title>Bench Wire</title><link>https://bench.example/</link><language>en</language>\n";
  for (int i = 0; i < items; ++i) {
    const std::string n = std::to_string(seed) + "-" + std::to_string(i);
    out += "<item><title>Story " + n +
           ": talks resume &amp; markets react</title>"
           "<link>https://bench.example/story/" +
           n +
           "?utm_source=rss</link>"
           "<guid isPermaLink=\"false\">bench-" +
           n +
           "</guid>"
           "<pubDate>Tue, 12 May 2015 14:03:00 +0200</pubDate>"
           "<dc:creator>Desk " +
           std::to_string(i % 17) +
           "</dc:creator>"
           "<category>World</category><category>Economy</category>"
           "<description><![CDATA[<p>Lede of story " +
           n +
           " with <b>bold</b> text.</p>]]>"
           "</description><content:encoded><![CDATA[<p>First paragraph of story " +
           n +
           ", long enough to look like a real wire lede with several clauses.</p>"
           "<p>Second paragraph with a <a href=\"/x\">link</a> &amp; an entity &eacute;.</p>"
           "<p>Third paragraph quoting an official who said the talks were constructive.</p>"
           "<script>track()</script>]]></content:encoded></item>\n";
  }
  return out + "</channel>\n</rss>\n";
}

}  // namespace newswired::bench
