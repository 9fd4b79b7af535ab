#pragma once
// What the fetcher hands to the parse stage: one fetched payload of one source.

#include <string>

#include "pipeline/core/article.h"

namespace newswired {

struct Document {
  SourceInfo source;         // format is the configured one ("auto" allowed)
  std::string url;           // effective URL after redirects; base for relative links
  std::string content_type;  // HTTP Content-Type, empty for file:// and local files
  std::string body;
  std::string fetched_at;     // RFC 3339 UTC
  std::string language = {};  // the source's configured language: a declaration of last resort
};

}  // namespace newswired
