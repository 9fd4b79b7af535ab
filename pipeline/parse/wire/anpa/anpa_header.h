#pragma once
// The header of an ANPA 1312 message, between SOH and STX, as AP sends it:
//   W2870<US>asian                                 service level, message number, selectors
//   r a<DC3><DC1> BC-US--GiantLobsterDeath 1stLd-Writethru   08-29 0590
//   priority, category, format identifier, keyword, version, month-day, word count
// The format identifier's second character is DC2 for tabular matter, DC1 for text.

#include <string>
#include <string_view>

namespace newswired::anpa {

struct AnpaHeader {
  char service = 0;      // service level designator, 'W'
  std::string number;    // message number, "2870"
  std::string selector;  // selector codes, "asian"; "" for none ("-----")
  char priority = 0;     // 'r'; 0 when the header has no priority line
  char category = 0;     // 'a'
  bool tabular = false;
  std::string keyword;  // "BC-US--GiantLobsterDeath" (at most 24 characters on AP lines)
  std::string version;  // "1stLd-Writethru", as written
};

AnpaHeader read_anpa_header(std::string_view header);

// The header has ANPA's shape: a priority and category line with a format identifier, or
// AP's service level, message number and unit separator before the selectors.
bool looks_like_anpa_header(std::string_view header);

}  // namespace newswired::anpa
