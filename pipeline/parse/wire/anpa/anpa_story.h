#pragma once
// The text of an ANPA 1312 message (between STX and ETX). AP marks heading lines with a caret
// and ends lines with "<" (quad left) or "=" (centred):
//   ^BC-US--Giant Lobster Death, 1st Ld-Writethru,127<      keyword line, version, words
//   ^$210 lobster is found dead<                             headline
//   ^Eds: APNewsNow. Changes short headline.<               editor's note (dropped)
//   ^By JANE DOE=                                            byline, then her title
//   <TAB>   CHATHAM, Mass. (AP) _ A lobster died.            paragraphs, tab-indented
// Other agencies send the headline as the first indented line and no carets at all. The 7-bit
// typography is undone: "``" and "''" become quotation marks, " _ " a dash.

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/parse/wire/anpa/anpa_header.h"

namespace newswired::anpa {

struct AnpaStory {
  std::string slug;          // "BC-US--Giant Lobster Death": the keyword line's keyword
  std::string version_text;  // "1st Ld-Writethru": the keyword line's version words
  std::string headline;
  std::vector<std::string> summary;  // AP's abstract lines
  std::vector<std::string> authors;
  std::vector<std::string> paragraphs;   // text messages
  std::vector<std::string> table_lines;  // tabular messages
  std::string located;                   // the dateline's place
};

AnpaStory read_anpa_story(std::string_view text, const AnpaHeader& header);

}  // namespace newswired::anpa
