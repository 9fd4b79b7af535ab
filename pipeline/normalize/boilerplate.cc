#include "pipeline/normalize/boilerplate.h"

#include <algorithm>
#include <array>

#include "pipeline/normalize/boilerplate_phrases.h"
#include "pipeline/normalize/text_layout.h"

namespace newswired {
namespace {

// Navigation and teaser lines are short; a sentence that happens to start with "Share" is not.
constexpr std::size_t kMaxChromeLine = 80;
constexpr std::size_t kMaxTeaserLine = 200;
// Headlines in a link list: short and not a sentence.
constexpr std::size_t kMaxHeadline = 120;

bool in(std::span<const std::string_view> table, std::string_view key) {
  return std::find(table.begin(), table.end(), key) != table.end();
}

bool starts_with_any(std::span<const std::string_view> table, std::string_view key) {
  // The first byte first: a key starts with at most a few of a table's phrases' first letters.
  return std::any_of(table.begin(), table.end(), [&](std::string_view p) {
    return p.empty() || (!key.empty() && key[0] == p[0] && key.starts_with(p));
  });
}

// "Facebook Twitter WhatsApp", "Share | Print | E-Mail": every word is a widget's name.
bool is_widget_line(std::string_view key) {
  const std::string_view first = key.substr(0, key.find_first_of(" |/,"));
  if (!in(boilerplate_phrases().widget_words, first) && !first.starts_with("\u00b7")) return false;
  std::string spaced(key);
  for (std::size_t at = spaced.find("\u00b7"); at != std::string::npos; at = spaced.find("\u00b7"))
    spaced.replace(at, 2, " ");
  std::size_t words = 0;
  std::size_t start = 0;
  while (start < spaced.size()) {
    std::size_t end = spaced.find_first_of(" |/,", start);
    if (end == std::string::npos) end = spaced.size();
    const std::string_view word = std::string_view(spaced).substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!in(boilerplate_phrases().widget_words, word)) return false;
    ++words;
  }
  return words > 0;
}

// "Home > World > Europe", "Startseite » Politik": a root or two separators, short segments.
bool is_breadcrumb(std::string_view key) {
  constexpr std::array<std::string_view, 4> kSeparators{" > ", " \u203a ", " \u00bb ", " / "};
  if (std::none_of(kSeparators.begin(), kSeparators.end(),
                   [&](std::string_view sep) { return key.find(sep) != std::string_view::npos; }))
    return false;
  std::size_t separators = 0;
  std::size_t segment = 0;
  std::size_t longest = 0;
  std::string_view first;
  for (std::size_t i = 0; i < key.size();) {
    std::size_t sep = 0;
    for (std::string_view s : {" > ", " \u203a ", " \u00bb ", " / "})
      if (key.substr(i).starts_with(s)) sep = s.size();
    if (sep == 0) {
      ++segment;
      ++i;
      continue;
    }
    if (separators == 0) first = key.substr(0, i);
    longest = std::max(longest, segment);
    segment = 0;
    ++separators;
    i += sep;
  }
  longest = std::max(longest, segment);
  if (separators == 0 || longest > 40) return false;
  return separators >= 2 || in(boilerplate_phrases().breadcrumb_roots, first);
}

bool is_teaser_line(std::string_view key) {
  return key.size() <= kMaxTeaserLine && starts_with_any(boilerplate_phrases().teaser_starts, key);
}

bool looks_like_headline(std::string_view line) {
  if (line.size() > kMaxHeadline) return false;
  const char last = line.empty() ? '.' : line.back();
  return last != '.' && last != '!' && last != '?';
}

// Every phrase is far shorter than this; a longer line is story text, not worth a match key.
constexpr std::size_t kMaxKeyedLine = 2 * kMaxTeaserLine;
// Banner starts are short: the key of the paragraph's first bytes is enough.
constexpr std::size_t kBannerPrefix = 64;

bool is_chrome_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxChromeLine) return false;
  const BoilerplatePhrases& t = boilerplate_phrases();
  return in(t.chrome_lines, key) || starts_with_any(t.chrome_starts, key) || is_widget_line(key) ||
         is_breadcrumb(key);
}

bool is_banner(const ParagraphView& p, std::string& key) {
  return key_starts_with_any(p.front().substr(0, kBannerPrefix),
                             boilerplate_phrases().banner_starts, key);
}

// After a list header, the rest of the text when it is only headlines: a related-links block
// at the end. A header followed by story text (a heading that reads "Related") drops alone.
bool only_headlines_follow(const std::vector<ParagraphView>& ps, std::size_t from,
                           std::size_t line) {
  for (std::size_t i = from; i < ps.size(); ++i) {
    for (std::size_t k = (i == from ? line : 0); k < ps[i].size(); ++k) {
      if (!looks_like_headline(ps[i][k]) && !is_chrome_line(ps[i][k])) return false;
    }
  }
  return true;
}

}  // namespace

bool is_chrome_line(std::string_view line) {
  return line.size() <= kMaxKeyedLine && is_chrome_key(match_key(line));
}

void strip_boilerplate(std::vector<ParagraphView>& ps) {
  std::string key;       // one buffer for every line's key
  std::size_t kept = 0;  // paragraphs with lines left, moved to the front
  for (std::size_t i = 0; i < ps.size(); ++i) {
    ParagraphView& p = ps[i];
    bool rest_is_links = false;
    if (!p.empty() && !is_banner(p, key)) {
      // Lines are kept by moving them forward in place: those after line k, which
      // only_headlines_follow reads, are untouched.
      std::size_t lines = 0;
      for (std::size_t k = 0; k < p.size(); ++k) {
        const std::string_view line = p[k];
        bool drop = false;
        // Keys longer than a teaser line match no table.
        if (line.size() <= kMaxKeyedLine && match_key_up_to(line, kMaxTeaserLine, key)) {
          if (in(boilerplate_phrases().list_headers, key)) {
            rest_is_links = only_headlines_follow(ps, i, k + 1);
            if (rest_is_links) break;
            drop = true;
          } else {
            drop = is_chrome_key(key) || is_teaser_line(key);
          }
        }
        if (!drop) p[lines++] = line;
      }
      p.resize(lines);
    } else {
      p.clear();
    }
    if (!p.empty()) {
      if (kept != i) ps[kept] = std::move(p);
      ++kept;
    }
    if (rest_is_links) break;
  }
  ps.resize(kept);
}

std::string strip_boilerplate(std::string_view text) {
  std::vector<ParagraphView> paragraphs = split_paragraph_views(text);
  strip_boilerplate(paragraphs);
  return join_paragraph_views(paragraphs);
}

}  // namespace newswired
