#pragma once
// IPTC ninjs 1.x, 2.x and 3.x (News in JSON): one item per document, or a JSON array of them.
// Format name "ninjs"; sniffed by content: a JSON object with a "uri" (or "guid") and one of
// the members only ninjs has at the top ("versioncreated", "headlines", "bodies", ...). Member
// names are read without regard to case: 3.x spells them in camelCase (versionCreated), older
// versions in lower case.

#include "pipeline/parse/parser.h"

namespace newswired {

class NinjsParser final : public Parser {
 public:
  std::string_view format() const override { return "ninjs"; }
  bool sniff(std::string_view body) const override;
  Outcome<ParsedFeed> parse(const Document& doc) const override;
};

}  // namespace newswired
