#include "pipeline/normalize/agency_names.h"

#include <array>

#include "pipeline/normalize/text_clean.h"

namespace newswired {
namespace {

struct Spelling {
  std::string_view written;  // exact, or lower case with fold == true
  std::string_view canonical;
  bool fold = false;  // compare case-insensitively (full names are unambiguous in any case)
};

constexpr std::array<Spelling, 47> kSpellings{{
    {"Reuters", "Reuters"},
    {"REUTERS", "Reuters"},
    {"rtr", "Reuters"},
    {"thomson reuters", "Reuters", true},
    {"AFP", "AFP"},
    {"afp", "AFP"},
    {"agence france-presse", "AFP", true},
    {"agence france presse", "AFP", true},
    {"AP", "AP"},
    {"ap", "AP"},
    {"associated press", "AP", true},
    {"the associated press", "AP", true},
    {"dpa", "dpa"},
    {"DPA", "dpa"},
    {"deutsche presse-agentur", "dpa", true},
    {"dpa-AFX", "dpa-AFX"},
    {"KNA", "KNA"},
    {"kna", "KNA"},
    {"epd", "epd"},
    {"EPD", "epd"},
    {"dapd", "dapd"},
    {"SID", "SID"},
    {"sid", "SID"},
    {"EFE", "EFE"},
    {"efe", "EFE"},
    {"ANSA", "ANSA"},
    {"APA", "APA"},
    {"apa", "APA"},
    {"SDA", "Keystone-SDA"},
    {"sda", "Keystone-SDA"},
    {"keystone-sda", "Keystone-SDA", true},
    {"Xinhua", "Xinhua"},
    {"xinhua news agency", "Xinhua", true},
    {"TASS", "TASS"},
    {"Tass", "TASS"},
    {"Interfax", "Interfax"},
    {"Kyodo", "Kyodo"},
    {"kyodo news", "Kyodo", true},
    {"Yonhap", "Yonhap"},
    {"Anadolu", "Anadolu"},
    {"anadolu agency", "Anadolu", true},
    {"PA", "PA"},
    {"press association", "PA", true},
    {"AAP", "AAP"},
    {"UPI", "UPI"},
    {"Bloomberg", "Bloomberg"},
    {"IANS", "IANS"},
}};

}  // namespace

std::optional<std::string> canonical_agency(std::string_view spelling) {
  const std::string written = collapse_whitespace(spelling);
  const std::string folded = to_lower_ascii(written);
  for (const Spelling& s : kSpellings) {
    if (s.fold ? folded == s.written : written == s.written) return std::string(s.canonical);
  }
  return std::nullopt;
}

}  // namespace newswired
