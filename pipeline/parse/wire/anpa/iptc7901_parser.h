#pragma once
// IPTC 7901 (the IPTC Recommended Message Format for text), format name "iptc7901"; sniffed
// by SOH followed by its header line (message number, priority digit, category), or by a
// document that starts with a "ZCZC" line. Every message of the document is an item; a
// message cut short is a warning and the others still come out.
//
// Mapping (docs/wire.md has the table):
//   guid      "iptc7901:" source letters "/" keyword "/" the trailer's date (YYYY-MM-DD):
//             agencies' keyword lines name a topic ("Germany-politics") more than a story,
//             so the day keeps one day's story from updating another's; without a keyword,
//             the message number
//   title     the heading, without its label lines ("1ST LEAD", "EXTRA") and byline
//   content   paragraphs as <p>, without notes to editors and the closing initials
//   authors   the heading's "By ..." line
//   published/updated  the trailer's date-time; published only for a first version
//   wire      urgency = the priority digit, category as subject "iptc7901-cat:<code>",
//             slugline = keyword line(s), version and signals from the labels, "canceled"
//             for kills, located from the dateline

#include "pipeline/parse/parser.h"

namespace newswired {

class Iptc7901Parser final : public Parser {
 public:
  std::string_view format() const override { return "iptc7901"; }
  bool sniff(std::string_view body) const override;
  Outcome<ParsedFeed> parse(const Document& doc) const override;
};

}  // namespace newswired
