#pragma once
// A feed item as the parser found it: strings as written in the document, not yet cleaned.
// The normalize stage turns it into an Article.

#include <optional>
#include <string>
#include <vector>

namespace newswired {

struct FeedMeta {
  std::string format;  // detected format name: "rss", "atom", ...
  std::string title;
  std::string link;
  std::string language;  // channel/feed language as declared (dc:language, xml:lang, ...)
  std::string base_url;  // xml:base of the feed element, if any
  // The publisher's polling hints as the feed states them (RSS <ttl> in minutes,
  // sy:updatePeriod / sy:updateFrequency, skipHours in GMT, skipDays); empty when absent.
  // The fetcher interprets them within the source's configured interval range.
  std::string ttl;
  std::string update_period;
  std::string update_frequency;
  std::vector<int> skip_hours;
  std::vector<std::string> skip_days;
  // The feed's own atom:link rel="self" and rel="hub" (its WebSub hub), as written.
  std::string self_url;
  std::string hub_url;
};

// A picture, video or sound file as the feed points to it (media:content, media:thumbnail,
// enclosure, itunes:image): attributes as written, not yet resolved or checked.
struct RawMedia {
  std::string url;
  std::string type;    // MIME type
  std::string medium;  // Media RSS: image | audio | video | document | executable
  std::string width;
  std::string height;
  std::string caption;  // media:description, else media:title
  std::string credit;
  std::string thumbnail;
};

// A subject a wire document states itself (NewsML-G2 subject, ninjs subject/person/place,
// NITF key-list and identified-content), as written.
struct RawSubject {
  std::string qcode;  // "medtop:20000639", "subj:11000000", a URI, or the wire's own code
  std::string name;   // its label as given, "" when the wire gives only the code
  std::string kind;   // "topic" | "person" | "organisation" | "place" | "" (not said)
};

// What wire formats (NewsML-G2, NITF, ninjs) say about an item beyond what feeds say: the
// agency's own versioning, status and routing metadata, as written (normalize reads it).
struct RawWire {
  std::string version;               // the agency's version number of this item ("3")
  std::string pub_status;            // "usable" | "withheld" | "canceled" (scheme prefix removed)
  std::vector<std::string> signals;  // "update", "correction", "withhold", ... (prefix removed)
  std::string previous_version;      // the previous version's identifier, when linked
  std::string urgency;               // "1" (most urgent) to "9", as written
  std::string slugline;
  std::string genre;    // as a qcode or the wire's label
  std::string located;  // where the story happened (a place name), as written
  std::vector<RawSubject> subjects;
  std::vector<std::string> members;   // a package's member items, by their guid
  std::vector<std::string> packages;  // guids of the packages in the same delivery listing it
};

struct RawItem {
  std::string guid;     // rss guid, atom id
  std::string link;     // may be relative to base_url
  std::string title;    // may hold HTML
  std::string summary;  // description / summary, may hold HTML
  std::string content;  // content:encoded / atom content, may hold HTML
  std::vector<std::string> authors;
  bool authors_inherited = false;  // authors are the atom:source's or the feed's (RFC 4287 4.2.1)
  std::string published;           // raw date text as in the feed
  std::string updated;  // raw date text as in the feed (also dc:date, as feedparser reads it)
  std::string created;  // atom:created / dcterms:created: a publication date of last resort
  std::vector<std::string> categories;
  std::string language;  // item-level xml:lang / dc:language
  std::string base_url;  // xml:base in effect for this item
  std::vector<RawMedia> media;
  std::string geo;              // "lat lon" as written: georss:point, gml:pos, geo:lat and geo:long
  std::string comments;         // slash:comments
  std::optional<RawWire> wire;  // wire formats only
};

struct ParsedFeed {
  FeedMeta meta;
  std::vector<RawItem> items;
  std::vector<std::string> warnings;  // recoverable problems, e.g. "item 3: no title or link"
};

}  // namespace newswired
