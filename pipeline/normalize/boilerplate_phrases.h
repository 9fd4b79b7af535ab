#pragma once
// The phrase tables the boilerplate pass matches lines against, in English and German. All
// entries are in match_key() form (case-folded, no list numbering, no trailing ':' or arrows);
// adding a phrase or a language is a change to boilerplate_phrases.cc only.

#include <span>
#include <string_view>

namespace newswired {

struct BoilerplatePhrases {
  // Lines that are page chrome as a whole: "skip to content", "print", "accept all".
  std::span<const std::string_view> chrome_lines;
  // Starts of short navigation lines: "skip to ", "jump to ", "zum inhalt".
  std::span<const std::string_view> chrome_starts;
  // Share widgets: a line made only of these words is chrome ("Facebook Twitter WhatsApp").
  std::span<const std::string_view> widget_words;
  // Starts of cookie and consent banners: the whole paragraph goes.
  std::span<const std::string_view> banner_starts;
  // Headers of link lists ("related", "mehr zum thema"): the header goes, and the short
  // headline lines after it when nothing but such lines follows.
  std::span<const std::string_view> list_headers;
  // Starts of one-line teasers: "read more: <headline>", "lesen sie auch: ...".
  std::span<const std::string_view> teaser_starts;
  // Breadcrumb roots: "home > world > europe".
  std::span<const std::string_view> breadcrumb_roots;
};

const BoilerplatePhrases& boilerplate_phrases();

// Image credit markers at the start of a line, in match_key() form without the colon
// ("image", "foto", "bildquelle"): "Image: Reuters/J. Roberts".
std::span<const std::string_view> credit_labels();

// Credits that stand alone on a line, or end one after a '/': "Getty Images", "picture alliance".
std::span<const std::string_view> credit_names();

}  // namespace newswired
