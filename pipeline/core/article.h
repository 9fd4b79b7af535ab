#pragma once
// The article record: what every stage hands on and what consumers read (schema version 1,
// docs/article.schema.json). Field names are the wire names.

#include <optional>
#include <string>
#include <vector>

namespace newswired {

struct SourceInfo {
  std::string name;
  std::string url;
  std::string format;  // the configured format, or the detected one when configured "auto"
};

struct Tags {
  std::vector<std::string> topics;
  std::vector<std::string> entities;
  std::vector<std::string> places;
  std::vector<std::string> agencies;
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
  std::vector<std::string> authors;
  std::optional<std::string> published_at;  // RFC 3339 UTC
  std::optional<std::string> updated_at;    // RFC 3339 UTC
  std::string fetched_at;                   // RFC 3339 UTC
  std::string language;
  std::vector<std::string> categories;
  Tags tags;
  std::string content_hash;
};

}  // namespace newswired
