#pragma once
// What every parser's fuzz target does with its input: the bytes as one fetched document of a
// source configured with `format`, parsed through parse_document (decoding, XML recovery and the
// parser, as the daemon does), then every item normalized and its body_html built, so that the
// fuzzer also reaches the normalize code each format feeds.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/core/document.h"
#include "pipeline/normalize/html_sanitize.h"
#include "pipeline/normalize/normalize.h"
#include "pipeline/parse/registry.h"

namespace newswired::fuzz {

inline Document document_of(std::string_view format, const std::uint8_t* data, std::size_t size) {
  // A URL with a path, so that relative links and xml:base have something to resolve against.
  const std::string url = "https://fuzz.example/news/feed";
  // Fixed, not the clock: a crash must reproduce from its input alone.
  return Document{SourceInfo{"fuzz", url, std::string(format)}, url, "",
                  std::string(reinterpret_cast<const char*>(data), size), "2024-03-01T12:00:00Z"};
}

inline void parse_and_normalize(const Document& doc) {
  Outcome<ParsedFeed> parsed = parse_document(doc);
  if (!parsed.ok()) return;
  const ParsedFeed& feed = parsed.value();
  for (const RawItem& item : feed.items) {
    std::vector<std::string> warnings;
    Outcome<Article> article = normalize_item(item, feed.meta, doc, &warnings);
    if (article.ok()) item_body_html(item, article.value().url);
  }
}

inline int fuzz_format(std::string_view format, const std::uint8_t* data, std::size_t size) {
  parse_and_normalize(document_of(format, data, size));
  return 0;
}

}  // namespace newswired::fuzz
