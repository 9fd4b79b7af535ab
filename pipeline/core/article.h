#pragma once
// The article record: what every stage hands on and what consumers read (schema version 1,
// schema/article.v1.schema.json). Field names are the wire names.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newswired {

struct SourceInfo {
  std::string name;
  std::string url;
  std::string format;  // the configured format, or the detected one when configured "auto"
};

// Where a tag was found: byte offsets [start, end) into one of the article's text fields, so
// that a desk can see (and a test can check) why the tag is there.
struct Evidence {
  std::string field;  // "title", "summary" or "body_text"
  std::uint32_t start = 0;
  std::uint32_t end = 0;
};

struct Tag {
  std::string id;       // scheme-qualified: "medtop:11000000", "iso3166:RU", "geonames:491422"
  std::string name;     // the preferred label, in English
  std::string type;     // entities: "person" | "organisation"; places: "country" | "city" | ...
  std::string country;  // places: ISO 3166-1 alpha-2 of the place (its own code for a country)
  double score = 1.0;   // 0..1: how sure the tagger is
  std::vector<Evidence> evidence;
};

struct Tags {
  std::vector<Tag> topics;
  std::vector<Tag> entities;
  std::vector<Tag> places;
  std::vector<Tag> agencies;
};

// An image, video or audio file the item carries (media:content, enclosure, a page's figure),
// with its caption and credit kept apart from the body text.
struct Media {
  std::string url;
  std::string kind;  // "image" | "video" | "audio" | "" (unknown)
  std::string mime_type;
  std::string caption;
  std::string credit;
  std::string thumbnail_url;
  int width = 0;  // 0: unknown
  int height = 0;
};

struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

// Set when this record repeats another article: on the duplicates topic, and on the articles
// topic for near-duplicates published for consumers that want every copy.
struct DuplicateLink {
  std::string id;      // the canonical (first seen) article's id
  std::string reason;  // "url" | "id" | "content_hash" | "near_duplicate"
  double similarity = 1.0;
};

// What a wire agency says about this version of its item (NewsML-G2, NITF, ninjs); feeds have
// none. The agency's own numbering and status, kept beside ours (`version`).
struct WireInfo {
  std::string version;               // the agency's version of the item ("3"), "" if unnumbered
  std::string pub_status;            // "usable" | "withheld" | "canceled"
  std::vector<std::string> signals;  // "update", "correction", ...
  std::string previous_version;      // the previous version's identifier, when the wire links it
  std::optional<int> urgency;        // 1 (flash) to 9
  std::string slugline;
  std::string genre;
  std::string located;                   // where the story happened, as the wire names it
  std::vector<std::string> members;      // a package's member items, by their wire identifiers
  std::vector<std::string> member_ids;   // the same as article ids, to join on
  std::vector<std::string> packages;     // packages listing this item, by wire identifier
  std::vector<std::string> package_ids;  // the same as article ids
};

struct Article {
  static constexpr int kSchemaVersion = 1;

  std::string id;  // stable across polls and restarts: derived from source and item identity
  int version = 1;
  SourceInfo source;
  std::string url;
  std::string canonical_url;
  std::string title;
  std::string summary;
  std::string body_text;
  std::string body_html;  // sanitized (allowlisted) HTML, only when the source asks for it
  std::vector<std::string> authors;
  std::optional<std::string> published_at;  // RFC 3339 UTC
  std::optional<std::string> updated_at;    // RFC 3339 UTC
  std::string fetched_at;                   // RFC 3339 UTC
  std::string language;                     // BCP 47 primary tag in effect (declared, or detected)
  std::string language_declared;            // as the source stated it, "" when it did not
  std::vector<std::string> categories;
  std::vector<Media> media;
  std::optional<GeoPoint> geo;
  std::optional<int> comments;  // slash:comments
  Tags tags;
  std::string content_hash;
  std::optional<DuplicateLink> duplicate_of;
  std::string cluster_id;  // the story cluster: the id of its first article ("" = not computed)
  std::optional<WireInfo> wire;
};

}  // namespace newswired
