#pragma once
// A news article's web page as a source document. Format name "html"; it yields one item: the
// page's article (html_page/extractor.h). Sniffed only for documents that open as an HTML page
// (<!DOCTYPE html> or <html>), and tried after every feed format.

#include "pipeline/parse/parser.h"

namespace newswired {

class HtmlPageParser final : public Parser {
 public:
  std::string_view format() const override { return "html"; }
  bool sniff(std::string_view body) const override;
  // Reads doc.body as fetched bytes: gzip is inflated, the charset taken from the HTTP
  // Content-Type or the page's <meta>.
  Outcome<ParsedFeed> parse(const Document& doc) const override;
};

}  // namespace newswired
