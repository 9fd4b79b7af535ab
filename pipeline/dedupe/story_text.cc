#include "pipeline/dedupe/story_text.h"

#include <algorithm>
#include <array>
#include <regex>
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

}  // namespace

std::string story_text(std::string_view body) {
  // "HARBOURTON, May 3 (Nordic Wire) - " or "(Agency) — ": the dateline names the carrier.
  static const std::regex dateline(
      R"(^[A-Z][A-Za-z .,'0-9-]{0,60}\([^()]{1,40}\)\s*(-|–|—)+\s*|^\([^()]{1,40}\)\s*(-|–|—)+\s*)");
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
    std::string kept(p);
    if (first)
      kept = std::regex_replace(kept, dateline, "", std::regex_constants::format_first_only);
    first = false;
    out += (out.empty() ? "" : "\n\n") + kept;
  }
  return out;
}

}  // namespace newswired
