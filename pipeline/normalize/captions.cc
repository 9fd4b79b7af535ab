#include "pipeline/normalize/captions.h"

#include <algorithm>

#include "pipeline/normalize/boilerplate_phrases.h"
#include "pipeline/normalize/text_clean.h"
#include "pipeline/normalize/text_layout.h"

namespace newswired {
namespace {

constexpr std::size_t kMaxCredit = 120;
constexpr std::size_t kMaxShortCredit = 60;
constexpr std::size_t kMaxLabel = 16;  // "photo credit :"
constexpr std::size_t kMaxCaption = 300;
// A caption in a paragraph of its own, before a credit paragraph: one short line.
constexpr std::size_t kMaxLoneCaption = 160;

std::string trim_credit(std::string_view s) {
  std::string out = collapse_whitespace(s);
  while (!out.empty() && (out.back() == ')' || out.back() == ']')) out.pop_back();
  return collapse_whitespace(out);
}

// "image" -> "Image" etc.: inside a line only the capitalised label is taken as a credit mark
// ("the image: a ..." is prose).
std::string capitalised(std::string_view label) {
  std::string out(label);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

const std::vector<std::string>& capitalised_labels() {
  static const std::vector<std::string> labels = [] {
    std::vector<std::string> out;
    for (std::string_view label : credit_labels()) out.push_back(capitalised(label));
    return out;
  }();
  return labels;
}

// "getty images", "afp/getty images", "picture alliance/dpa/...": the name as a whole, or as one
// of the '/'-separated parts. No name has a '/' of its own, so each part is compared whole
// instead of searching the line for every name.
bool names_photo_agency(std::string_view folded) {
  const auto names = credit_names();
  for (std::size_t start = 0;;) {
    const std::size_t slash = folded.find('/', start);
    const std::string_view part = folded.substr(start, slash - start);
    if (std::find(names.begin(), names.end(), part) != names.end()) return true;
    if (slash == std::string_view::npos) return false;
    start = slash + 1;
  }
}

void add_media(std::vector<Media>& media, CaptionCredit found) {
  auto same = std::find_if(media.begin(), media.end(), [&](const Media& m) {
    return !found.caption.empty() && m.caption == found.caption;
  });
  if (same != media.end()) {
    if (same->credit.empty()) same->credit = std::move(found.credit);
    return;
  }
  Media m;
  m.kind = "image";
  m.caption = std::move(found.caption);
  m.credit = std::move(found.credit);
  media.push_back(std::move(m));
}

// Visible ASCII characters in `s`: collapsing whitespace keeps them all, so the collapsed
// line is at least this long. Counted without branches (on vector registers).
std::size_t visible_ascii(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += static_cast<unsigned char>(c - 0x21) < 0x5e;
  return n;
}

}  // namespace

std::optional<std::string> credit_line(std::string_view line) {
  if (line.size() > 2 * kMaxCredit || visible_ascii(line) > kMaxCredit) return std::nullopt;
  // Every line of a text is tried: buffers for its collapsed and folded form spare two
  // allocations a line.
  thread_local std::string s;
  thread_local std::string folded;
  s.clear();
  append_collapsed_whitespace(s, line);
  if (s.empty() || s.size() > kMaxCredit) return std::nullopt;
  fold_case(s, folded);
  // "label:" or "label :" at the start; labels are short, so only an early colon can end one.
  const std::size_t colon = folded.find(':');
  if (colon != std::string::npos && colon <= kMaxLabel) {
    std::string_view label = std::string_view(folded).substr(0, colon);
    if (label.ends_with(' ')) label.remove_suffix(1);
    const auto labels = credit_labels();
    if (std::find(labels.begin(), labels.end(), label) != labels.end()) {
      std::string credit = trim_credit(std::string_view(s).substr(colon + 1));
      if (!credit.empty()) return credit;
    }
  }
  // "(c) the minister shall ..." is a list item: a copyright credit is a short name.
  const char last = s.back();
  if (s.size() <= kMaxShortCredit && last != '.' && last != ';' && last != ',') {
    for (std::string_view mark : {"\u00a9", "(c) ", "copyright "}) {
      if (folded.starts_with(mark)) {
        std::string credit = collapse_whitespace(std::string_view(s).substr(mark.size()));
        if (!credit.empty()) return credit;
      }
    }
  }
  if (names_photo_agency(folded)) return s;
  return std::nullopt;
}

std::optional<CaptionCredit> caption_with_credit(std::string_view line) {
  if (line.size() > 2 * (kMaxCaption + kMaxCredit) ||
      (line.find(':') == std::string_view::npos && line.find("\u00a9") == std::string_view::npos))
    return std::nullopt;
  if (visible_ascii(line) > kMaxCaption + kMaxCredit) return std::nullopt;
  thread_local std::string s;
  s.clear();
  append_collapsed_whitespace(s, line);
  if (s.size() > kMaxCaption + kMaxCredit) return std::nullopt;
  // The credit ends the line, so its label's colon is among the last kMaxCredit bytes: only
  // those colons are looked at, each with the (capitalised) word or two before it.
  const std::size_t window = s.size() > kMaxCredit ? s.size() - kMaxCredit : 0;
  for (std::size_t colon = s.rfind(':'); colon != std::string::npos && colon >= window;
       colon = colon == 0 ? std::string::npos : s.rfind(':', colon - 1)) {
    for (const std::string& word : capitalised_labels()) {
      if (colon < word.size() + 1 || s.compare(colon - word.size(), word.size(), word) != 0)
        continue;
      std::size_t at = colon - word.size();  // start of the label
      const char before = s[at - 1];
      if (before == '(' || before == '[') --at;
      if (at == 0 || s[at - 1] != ' ') continue;
      CaptionCredit out{collapse_whitespace(std::string_view(s).substr(0, at - 1)),
                        trim_credit(std::string_view(s).substr(colon + 1))};
      if (out.caption.empty() || out.credit.empty() || out.credit.size() > kMaxCredit) continue;
      return out;
    }
  }
  const std::size_t at = s.rfind(" \u00a9 ");
  if (at != std::string::npos && at > 0 && s.size() - at <= kMaxCredit)
    return CaptionCredit{s.substr(0, at), trim_credit(std::string_view(s).substr(at + 4))};
  return std::nullopt;
}

void take_captions(std::vector<ParagraphView>& ps, std::vector<Media>& media) {
  for (std::size_t i = 0; i < ps.size(); ++i) {
    ParagraphView& p = ps[i];
    for (std::size_t k = 0; k < p.size(); ++k) {
      if (std::optional<std::string> credit = credit_line(p[k])) {
        std::string caption;
        if (k > 0 && p[k - 1].size() <= kMaxCaption) {
          caption = collapse_whitespace(p[k - 1]);
          p.erase(p.begin() + static_cast<std::ptrdiff_t>(k - 1));
          --k;
        } else if (k == 0 && i > 0 && ps[i - 1].size() == 1 &&
                   ps[i - 1][0].size() <= kMaxLoneCaption) {
          caption = collapse_whitespace(ps[i - 1][0]);
          ps[i - 1].clear();
        }
        add_media(media, {std::move(caption), std::move(*credit)});
        p.erase(p.begin() + static_cast<std::ptrdiff_t>(k));
        --k;
      } else if (std::optional<CaptionCredit> both = caption_with_credit(p[k])) {
        add_media(media, std::move(*both));
        p.erase(p.begin() + static_cast<std::ptrdiff_t>(k));
        --k;
      }
    }
  }
}

std::string take_captions(std::string_view text, std::vector<Media>& media) {
  std::vector<ParagraphView> ps = split_paragraph_views(text);
  take_captions(ps, media);
  return join_paragraph_views(ps);
}

void separate_credits(std::vector<Media>& media) {
  for (Media& m : media) {
    if (!m.credit.empty()) {
      // "Image: Reuters/J. Roberts" as a page's credit element holds it.
      if (std::optional<std::string> bare = credit_line(m.credit)) m.credit = std::move(*bare);
      continue;
    }
    if (m.caption.empty()) continue;
    if (std::optional<CaptionCredit> both = caption_with_credit(m.caption)) {
      m.caption = std::move(both->caption);
      m.credit = std::move(both->credit);
    }
  }
}

}  // namespace newswired
