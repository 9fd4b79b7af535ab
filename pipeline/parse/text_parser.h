#pragma once
// Plain-text articles: one page as a scraper or a copy-paste saw it, format name "text".
// Layout is read by heuristics: leading navigation lines are skipped, the first substantial
// line is the title, a date line gives the date, a lone URL line the link, the first paragraph
// is the lede (summary and start of the body). Boilerplate, captions and agency lines further
// down are left to normalize, which handles them the same way for every format.
//
// Output: one RawItem whose content is HTML-escaped text, one <p> per paragraph and <br>
// between the lines of a paragraph, so that normalize's html_to_text keeps the layout.
//
// Never sniffed: any bytes are "text", so `format: auto` picking it would turn a broken feed
// into a garbage article instead of an error. A source must say `format: text`.

#include "pipeline/parse/parser.h"

namespace newswired {

class TextParser final : public Parser {
 public:
  std::string_view format() const override { return "text"; }
  bool sniff(std::string_view) const override { return false; }
  // A Failure for documents that are markup or JSON: they have their own parsers.
  Outcome<ParsedFeed> parse(const Document& doc) const override;
};

}  // namespace newswired
