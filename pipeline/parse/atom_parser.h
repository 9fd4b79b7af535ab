#pragma once
// Atom 1.0 (RFC 4287) and the older Atom 0.3, including documents whose root is a single
// <entry>. Format name "atom".

#include "pipeline/parse/parser.h"

namespace newswired {

class AtomParser final : public Parser {
 public:
  std::string_view format() const override { return "atom"; }
  bool sniff(std::string_view body) const override;
  Outcome<ParsedFeed> parse(const Document& doc) const override;
};

}  // namespace newswired
