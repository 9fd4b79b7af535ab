#include "pipeline/normalize/agency_line.h"

#include <optional>

#include "pipeline/normalize/agency_names.h"
#include "pipeline/normalize/text_clean.h"
#include "pipeline/normalize/text_layout.h"

namespace newswired {
namespace {

// A credit line is short; past this it is a sentence that mentions agencies.
constexpr std::size_t kMaxCreditLine = 100;
// "BERLIN", "WASHINGTON, May 12", "Frankfurt am Main": a place and maybe a date.
constexpr std::size_t kMaxDatelinePlace = 50;

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::pair<std::size_t, std::size_t> trimmed(std::string_view s, std::size_t from, std::size_t to) {
  while (from < to && is_space(s[from])) ++from;
  while (to > from && is_space(s[to - 1])) --to;
  return {from, to};
}

// "Reuters, AFP, AP, dpa", "dpa/AFP", "AP and Reuters": every part a known agency.
std::optional<std::vector<AgencyMention>> agency_list(std::string_view s, std::size_t base) {
  std::vector<AgencyMention> out;
  std::size_t part = 0;
  for (std::size_t i = 0; i <= s.size();) {
    std::size_t sep = 0;
    if (i == s.size()) {
      sep = 1;
    } else if (s[i] == ',' || s[i] == '/' || s[i] == ';' || s[i] == '&') {
      sep = 1;
    } else {
      for (std::string_view word : {" and ", " und "})
        if (s.substr(i).starts_with(word)) sep = word.size();
    }
    if (sep == 0) {
      ++i;
      continue;
    }
    const auto [from, to] = trimmed(s, part, i);
    std::optional<std::string> agency = canonical_agency(s.substr(from, to - from));
    if (!agency) return std::nullopt;
    out.push_back({*agency, base + from, base + to});
    i += sep;
    part = i;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::vector<std::string> names(const std::vector<AgencyMention>& mentions) {
  std::vector<std::string> out;
  for (const AgencyMention& m : mentions) out.push_back(m.agency);
  return out;
}

// "ksb/kms", "jm": editors' initials, lower-case letters joined by '/'.
std::optional<std::vector<std::string>> initials(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('/', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view part = s.substr(start, end - start);
    if (part.empty() || part.size() > 5) return std::nullopt;
    for (char c : part)
      if (c < 'a' || c > 'z') return std::nullopt;
    out.emplace_back(part);
    start = end + 1;
  }
  return out;
}

std::optional<AgencyLine> read_credit(std::string_view line) {
  if (line.empty() || line.size() > kMaxCreditLine) return std::nullopt;
  // "ksb/kms (Reuters, AFP, AP, dpa)", "(dpa)"
  if (line.back() == ')') {
    const std::size_t open = line.rfind('(');
    if (open == std::string_view::npos) return std::nullopt;
    auto list = agency_list(line.substr(open + 1, line.size() - open - 2), 0);
    const auto [from, to] = trimmed(line, 0, open);
    auto editors = from == to ? std::vector<std::string>{} : initials(line.substr(from, to - from));
    if (!list || !editors) return std::nullopt;
    return AgencyLine{std::move(*editors), names(*list)};
  }
  // "— Reuters", "mit Material von dpa und AFP", "dpa/AFP"
  const std::string key = fold_case(line);
  std::size_t skip = 0;
  for (std::string_view start :
       {"\u2014", "\u2013", "-", "mit material von ", "mit material der ", "with material from ",
        "with reporting from ", "quelle: ", "source: ", "sources: ", "quellen: "}) {
    if (key.starts_with(start)) {
      skip = start.size();
      break;
    }
  }
  auto list = agency_list(line.substr(skip), 0);
  if (!list) return std::nullopt;
  return AgencyLine{{}, names(*list)};
}

}  // namespace

AgencyLine take_agency_line(std::string& text) {
  const std::size_t end = text.find_last_not_of(" \t\n");
  if (end == std::string::npos) return {};
  const std::size_t newline = text.rfind('\n', end);
  const std::size_t start = newline == std::string::npos ? 0 : newline + 1;
  std::optional<AgencyLine> credit =
      read_credit(collapse_whitespace(std::string_view(text).substr(start, end + 1 - start)));
  if (!credit) return {};
  // A text that is nothing but the credit keeps it: dropping everything helps no one.
  const std::size_t before = text.find_last_not_of(" \t\n", start == 0 ? 0 : start - 1);
  if (start == 0 || before == std::string::npos) return {};
  text.erase(before + 1);
  return std::move(*credit);
}

std::vector<AgencyMention> dateline_agencies(std::string_view text) {
  // Only an opening parenthesis within the place's length counts: no need to look further.
  const std::size_t open = text.substr(0, kMaxDatelinePlace + 2).find(" (");
  const std::size_t at = text.starts_with("(")            ? 0
                         : open == std::string_view::npos ? open
                                                          : open + 1;
  if (at == std::string_view::npos || at > kMaxDatelinePlace) return {};
  const std::string_view place = text.substr(0, at);
  if (place.find_first_of("\n.!?") != std::string_view::npos) return {};
  if (!place.empty() && !(place[0] >= 'A' && place[0] <= 'Z') &&
      static_cast<unsigned char>(place[0]) < 0x80)
    return {};
  const std::size_t close = text.find(')', at);
  if (close == std::string_view::npos) return {};
  auto list = agency_list(text.substr(at + 1, close - at - 1), at + 1);
  if (!list) return {};
  // The dash or colon after the credit is what makes it a dateline and not a parenthesis.
  const std::string_view rest = text.substr(close + 1);
  const std::size_t mark = rest.find_first_not_of(' ');
  if (mark == std::string_view::npos) return {};
  for (std::string_view dash : {"-", "\u2013", "\u2014", ":"})
    if (rest.substr(mark).starts_with(dash)) return *list;
  return {};
}

}  // namespace newswired
