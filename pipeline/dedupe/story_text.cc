#include "pipeline/dedupe/story_text.h"

#include <algorithm>
#include <array>
#include <vector>

namespace newswired {
namespace {

// Credit and boilerplate paragraphs are short; a longer paragraph using these words is news.
constexpr std::size_t kMaxBoilerplateWords = 60;
constexpr std::size_t kMaxBylineWords = 10;

constexpr std::array<std::string_view, 12> kBoilerplateMarkers{
    "copyright", "all rights reserved", "reporting by", "editing by", "writing by",
    "sign up",   "follow us",           "subscribe",    "newsletter", "subscribers",
    "news desk", "may not be published"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

std::size_t words(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (const char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool credit_or_boilerplate(std::string_view p) {
  const std::size_t n = words(p);
  if (n <= kMaxBylineWords && (p.starts_with("By ") || p.starts_with("BY "))) return true;
  if (n > kMaxBoilerplateWords) return false;
  const std::string l = lower(p);
  return std::any_of(kBoilerplateMarkers.begin(), kBoilerplateMarkers.end(),
                     [&](std::string_view m) { return l.find(m) != std::string::npos; });
}

bool dateline_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
         c == '.' || c == ',' || c == '\'' || c == '-';
}

bool ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The length of a leading "HARBOURTON, May 3 (Nordic Wire) - " or "(Agency) — ": the dateline
// names the carrier. A place of at most 61 characters, the carrier in parentheses (1 to 40
// characters), then dashes (-, en or em) with spaces around; 0 when the paragraph has none.
std::size_t dateline_length(std::string_view p) {
  std::size_t i = 0;
  if (!p.empty() && p[0] >= 'A' && p[0] <= 'Z')
    for (i = 1; i < p.size() && i <= 60 && dateline_char(p[i]);) ++i;
  if (i >= p.size() || p[i] != '(') return 0;
  const std::size_t close = p.find_first_of("()", i + 1);
  if (close == std::string_view::npos || p[close] != ')' || close == i + 1 || close - i - 1 > 40)
    return 0;
  std::size_t j = close + 1;
  while (j < p.size() && ascii_space(p[j])) ++j;
  std::size_t dashes = 0;
  for (;;) {
    if (j < p.size() && p[j] == '-') {
      j += 1;
    } else if (p.substr(j).starts_with("\u2013") || p.substr(j).starts_with("\u2014")) {
      j += 3;
    } else {
      break;
    }
    ++dashes;
  }
  if (dashes == 0) return 0;
  while (j < p.size() && ascii_space(p[j])) ++j;
  return j;
}

}  // namespace

std::string story_text(std::string_view body) {
  std::vector<std::string_view> paragraphs;
  for (std::size_t start = 0; start < body.size();) {
    std::size_t end = body.find("\n\n", start);
    if (end == std::string_view::npos) end = body.size();
    if (end > start) paragraphs.push_back(body.substr(start, end - start));
    start = end + 2;
  }
  std::string out;
  bool first = true;
  for (const auto p : paragraphs) {
    if (credit_or_boilerplate(p)) continue;
    const std::string_view kept = first ? p.substr(dateline_length(p)) : p;
    first = false;
    if (!out.empty()) out += "\n\n";
    out += kept;
  }
  return out;
}

}  // namespace newswired
