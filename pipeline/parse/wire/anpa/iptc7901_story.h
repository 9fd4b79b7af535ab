#pragma once
// An IPTC 7901 message, as dpa and other European agencies send it:
//   <SOH>eca062 4 i 211 ccccb   dpa 061       message number, priority, category, words, ...
//   Germany-football/Munich/Mueller/          keyword line(s)
//   <STX>1ST LEAD                             labels (versions, EXTRA, URGENT, ...)
//   German football saddened by ...           headline
//   By Manuel Schwarz, dpa =                  byline; "=" ends the heading
//
//      Munich (dpa) - German football ...     paragraphs, separated by blank lines or indented
//   ...
//   # Notebook ... not for publication ...    notes to editors (dropped)
//   <ETX>071341 GMT Okt 15                    day, hour, minute, zone, month, year
// Telex lines frame it with ZCZC and NNNN instead, where STX and ETX may be missing: then
// the header, keyword lines and trailer are told apart by their shape.

#include <string>
#include <string_view>
#include <vector>

#include "pipeline/parse/wire/anpa/framing.h"

namespace newswired::iptc7901 {

struct Iptc7901Story {
  std::string message;   // "eca062"
  std::string source;    // its letters: "eca"
  std::string priority;  // "4"
  std::string category;  // "i"
  std::string keyword;   // "Germany-football/Munich/Mueller"
  bool has_header = false;
  std::string labels;  // the heading's label lines, "1ST LEAD"
  std::string headline;
  std::vector<std::string> authors;
  std::vector<std::string> paragraphs;
  std::string located;
  std::string trailer;  // the date-time line
};

Iptc7901Story read_iptc7901_story(const wire_text::WireMessage& message);

// Whether `line` is an IPTC 7901 header line: message number, priority digit, category.
bool is_iptc7901_header_line(std::string_view line);

}  // namespace newswired::iptc7901
