#pragma once
// ANPA 1312 wire text (AP's "ANPA" lines and the agencies that copied it), format name "anpa";
// sniffed by its control characters: SOH (after SYN padding) and a header with ANPA's
// priority, category and format identifier line. Every message of the document is an item;
// a message cut short is a warning and the others still come out.
//
// Mapping (docs/wire.md has the table):
//   guid      "anpa:" selector "/" keyword, the keyword without its cycle prefix (BC-, AM-,
//             PM-) and lower case, so that every version of a story shares it; a take ("1st
//             Add") is an item of its own ("/add1"), and an AP news alert, whose keyword is
//             the same for all alerts, gets its message number too.
//   title     the first caret ("^") heading line after the keyword line, else the first
//             paragraph (without its dateline)
//   content   paragraphs as <p>; tabular messages (format identifier DC2) as one <pre>
//   summary   AP's abstract: heading lines between the headline and the byline
//   authors   the "By ..." line
//   published/updated  the trailer's date-time; published only for a first version
//   wire      urgency from the priority letter, category as subject "anpa-cat:<letter>",
//             slugline, version and signals from the version words, "canceled" for kills,
//             located from the dateline

#include "pipeline/parse/parser.h"

namespace newswired {

class AnpaParser final : public Parser {
 public:
  std::string_view format() const override { return "anpa"; }
  bool sniff(std::string_view body) const override;
  Outcome<ParsedFeed> parse(const Document& doc) const override;
};

}  // namespace newswired
