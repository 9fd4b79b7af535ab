#pragma once

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
// Parses with the document's configured format, or sniffs for "auto".
Outcome<ParsedFeed> parse_document(const Document& doc);

}  // namespace newswired
