#pragma once
// RSS 0.9x and 2.0 (root <rss>, items inside <channel>) and RSS 0.90/1.0 (root rdf:RDF, items
// beside <channel>), with the Dublin Core and content modules. Format name "rss".

#include "pipeline/parse/parser.h"

namespace newswired {

class RssParser final : public Parser {
 public:
  std::string_view format() const override { return "rss"; }
  bool sniff(std::string_view body) const override;
  Outcome<ParsedFeed> parse(const Document& doc) const override;
};

}  // namespace newswired
