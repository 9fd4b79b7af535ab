#pragma once
// IPTC NewsML-G2 2.x: a newsItem or packageItem document, or a newsMessage carrying several.
// Format name "newsml"; sniffed by the root element (newsItem, packageItem, newsMessage) in the
// NewsML-G2 namespace, or undeclared on the root's start tag. Concept, knowledge, planning and
// catalog items are not news content: they are skipped with a warning.

#include "pipeline/parse/parser.h"

namespace newswired {

class NewsmlParser final : public Parser {
 public:
  std::string_view format() const override { return "newsml"; }
  bool sniff(std::string_view body) const override;
  Outcome<ParsedFeed> parse(const Document& doc) const override;
};

}  // namespace newswired
