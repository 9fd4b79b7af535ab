#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/parse/parser.h"

namespace newswired {

// Every parser, in sniffing order.
const std::vector<const Parser*>& all_parsers();
// nullptr when no parser has that name.
const Parser* find_parser(std::string_view format);
// Format names accepted in configs: "auto" plus every parser's format().
std::vector<std::string> known_formats();
struct ParseLimits {
  // Larger documents fail before anything reads them (memory and time stay bounded).
  std::size_t max_document_size = 64 * 1024 * 1024;
};

// Decodes the document to UTF-8 (encoding.h), repairs what loose XML reading can repair
// (recovery.h), then parses with the configured format, or sniffs for "auto". Every decoding
// conflict and repair is one of the result's warnings.
Outcome<ParsedFeed> parse_document(const Document& doc, const ParseLimits& limits = {});

}  // namespace newswired
