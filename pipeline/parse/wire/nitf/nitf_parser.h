#pragma once
// IPTC NITF 3.x (News Industry Text Format): one story per document, root <nitf> in the NITF
// namespace (http://iptc.org/std/NITF/2006-10-18/) or, as most agencies send it, in none.
// Format name "nitf". Dates are passed on as written (ISO 8601 basic, "20260301T101500Z");
// normalize reads them.

#include "pipeline/parse/parser.h"

namespace newswired {

class NitfParser final : public Parser {
 public:
  std::string_view format() const override { return "nitf"; }
  bool sniff(std::string_view body) const override;
  Outcome<ParsedFeed> parse(const Document& doc) const override;
};

}  // namespace newswired
