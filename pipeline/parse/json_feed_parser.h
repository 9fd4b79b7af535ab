#pragma once
// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). Format name "jsonfeed"; sniffed by
// content: a JSON object whose "version" is a jsonfeed.org version 1 URL.

#include "pipeline/parse/parser.h"

namespace newswired {

class JsonFeedParser final : public Parser {
 public:
  std::string_view format() const override { return "jsonfeed"; }
  bool sniff(std::string_view body) const override;
  Outcome<ParsedFeed> parse(const Document& doc) const override;
};

}  // namespace newswired
