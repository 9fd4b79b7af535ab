#pragma once
// Agency credits in article text: the trailing line news sites put under agency copy
// ("ksb/kms (Reuters, AFP, AP, dpa)", "(dpa)", "— Reuters", "mit Material von dpa und AFP")
// and the agency in a dateline ("BERLIN (dpa) - ...").

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newswired {

struct AgencyLine {
  std::vector<std::string> initials;  // the editors' initials before the agencies: ksb, kms
  std::vector<std::string> agencies;  // canonical names (agency_names.h), in line order
};

// When the last line of `text` is an agency credit, removes it (with the blank line before it)
// and returns what it says; otherwise leaves `text` alone and returns an empty AgencyLine.
// Every name in the line must be a known agency: a line of other names is text.
AgencyLine take_agency_line(std::string& text);

struct AgencyMention {
  std::string agency;  // canonical name
  std::size_t start = 0;
  std::size_t end = 0;  // byte offsets of the name as written in the text
};

// The agencies in a dateline at the very start of `text`: "BERLIN (dpa) -", "Kiew (dpa/AFP) -",
// "WASHINGTON, May 12 (Reuters) -", "(AFP) -". The dateline stays in the text: it is the start
// of the lede.
std::vector<AgencyMention> dateline_agencies(std::string_view text);

}  // namespace newswired
