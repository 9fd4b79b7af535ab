#include "pipeline/parse/html_page/class_hints.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace newswired::html_page {
namespace {

// Whole words that mark page furniture.
constexpr std::array<std::string_view, 44> kBoilerplateWords{
    "ad",           "ads",     "adv",   "banner",  "community", "consent", "credit",  "credits",
    "dateline",     "disqus",  "gdpr",  "header",  "masthead",  "menu",    "modal",   "nav",
    "overlay",      "pager",   "popup", "remark",  "replies",   "rss",     "sharing", "skyscraper",
    "supplemental", "tag",     "tags",  "toolbar", "tools",     "signup",  "login",   "rail",
    "author",       "authors", "meta",  "date",    "shoutbox",  "agegate", "popular", "also",
    "btn",          "icon",    "combx", "cta"};
// Word prefixes that mark page furniture ("comments", "shareBar" -> "share", "bar").
constexpr std::array<std::string_view, 25> kBoilerplatePrefixes{
    "advert",     "breadcrumb", "byline",  "caption",   "comment",  "cookie",  "footer",
    "newsletter", "promo",      "recirc",  "recommend", "related",  "share",   "sidebar",
    "social",     "sponsor",    "subscri", "timestamp", "outbrain", "taboola", "trending",
    "pagination", "navigation", "navbar",  "legends"};
// Word sequences, joined with '-', that mark furniture or text hidden from sight.
constexpr std::array<std::string_view, 9> kBoilerplatePhrases{
    "sr-only",   "visually-hidden", "screen-reader", "read-more", "more-stories",
    "most-read", "most-popular",    "see-also",      "read-also"};
constexpr std::array<std::string_view, 8> kContentWords{"body", "text", "entry", "main",
                                                        "post", "blog", "prose", "hentry"};
constexpr std::array<std::string_view, 4> kContentPrefixes{"article", "story", "content",
                                                           "bodytext"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

template <std::size_t N>
bool has_prefix(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::any_of(list.begin(), list.end(),
                     [&](std::string_view p) { return word.starts_with(p); });
}

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "relatedArticles-box2" -> {"related", "articles", "box"}
std::vector<std::string> words_of(std::string_view token) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    if (is_upper(c)) {
      if (i > 0 && is_lower(token[i - 1])) flush();
      word += static_cast<char>(c - 'A' + 'a');
    } else if (is_lower(c)) {
      word += c;
    } else if (!is_digit(c)) {
      flush();
    }
  }
  flush();
  return words;
}

struct TokenVerdict {
  bool boilerplate = false;
  bool content = false;
};

TokenVerdict judge_token(std::string_view token) {
  const std::vector<std::string> words = words_of(token);
  TokenVerdict v;
  std::string joined;
  for (const std::string& w : words) {
    if (contains(kBoilerplateWords, w) || has_prefix(kBoilerplatePrefixes, w)) v.boilerplate = true;
    if (contains(kContentWords, w) || has_prefix(kContentPrefixes, w)) v.content = true;
    if (!joined.empty()) joined += '-';
    joined += w;
  }
  for (std::string_view phrase : kBoilerplatePhrases) {
    if (joined.find(phrase) != std::string::npos) v.boilerplate = true;
  }
  // One word of furniture makes the whole token furniture: "article-share", "story-comments".
  if (v.boilerplate) v.content = false;
  return v;
}

TokenVerdict judge_value(std::string_view value) {
  TokenVerdict v;
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find(' ', start);
    if (end == std::string_view::npos) end = value.size();
    const TokenVerdict t = judge_token(value.substr(start, end - start));
    v.boilerplate = v.boilerplate || t.boilerplate;
    v.content = v.content || t.content;
    start = end + 1;
  }
  return v;
}

bool is_furniture_role(std::string_view role) {
  static constexpr std::array<std::string_view, 10> kRoles{
      "navigation", "complementary", "banner",      "contentinfo", "menu",
      "menubar",    "dialog",        "alertdialog", "alert",       "search"};
  return contains(kRoles, role);
}

}  // namespace

bool is_boilerplate_name(std::string_view class_or_id) {
  const TokenVerdict v = judge_value(class_or_id);
  return v.boilerplate && !v.content;
}

bool is_content_name(std::string_view class_or_id) { return judge_value(class_or_id).content; }

ClassHints class_hints(const GumboNode* element) {
  ClassHints h;
  const TokenVerdict cls = judge_value(attribute(element, "class"));
  const TokenVerdict id = judge_value(attribute(element, "id"));
  for (const TokenVerdict& v : {cls, id}) {
    if (v.content) h.weight += 25;
    if (v.boilerplate) h.weight -= 25;
  }
  h.boilerplate = (cls.boilerplate || id.boilerplate) && !cls.content && !id.content;
  const std::string_view itemprop = attribute(element, "itemprop");
  if (itemprop == "articleBody" || itemprop == "articlebody") {
    h.weight += 50;
    h.marked_content = true;
    h.boilerplate = false;
  }
  if (is_furniture_role(attribute(element, "role"))) h.boilerplate = true;
  return h;
}

}  // namespace newswired::html_page
