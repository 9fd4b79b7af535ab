#include "pipeline/normalize/html_chrome.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace newswired {
namespace {

// Whole words only: "ad" matches "ad-slot" but not "header" or "download".
constexpr std::array<std::string_view, 20> kChromeWords{
    "share",   "sharing",       "social",  "socials",    "sharebar",  "shariff",     "print",
    "cookie",  "cookies",       "consent", "newsletter", "related",   "recommended", "advert",
    "adverts", "advertisement", "ad",      "ads",        "sponsored", "promo"};

bool is_chrome_word(std::string_view word) {
  if (word.empty()) return false;
  char lower[32];
  if (word.size() > sizeof lower) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view w(lower, word.size());
  return std::find(kChromeWords.begin(), kChromeWords.end(), w) != kChromeWords.end();
}

bool names_chrome(std::string_view value) {
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find_first_of(" \t\n-_", start);
    if (end == std::string_view::npos) end = value.size();
    if (is_chrome_word(value.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

bool may_hold_chrome(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_P:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_FIGURE:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool is_chrome_container(GumboTag tag, std::string_view class_value, std::string_view id_value) {
  return may_hold_chrome(tag) && (names_chrome(class_value) || names_chrome(id_value));
}

bool is_chrome_container(const GumboElement& element) {
  const GumboAttribute* class_attr = gumbo_get_attribute(&element.attributes, "class");
  const GumboAttribute* id_attr = gumbo_get_attribute(&element.attributes, "id");
  return is_chrome_container(element.tag, class_attr ? class_attr->value : "",
                             id_attr ? id_attr->value : "");
}

}  // namespace newswired
