#include "pipeline/dedupe/story_text.h"

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <vector>

#include "pipeline/normalize/byte_blocks.h"

namespace newswired {
namespace {

// Credit and boilerplate paragraphs are short; a longer paragraph using these words is news.
constexpr std::size_t kMaxBoilerplateWords = 60;
constexpr std::size_t kMaxBylineWords = 10;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool word_space(char c) { return c == ' ' || c == '\n' || c == '\t'; }

bytes::Block word_spaces(bytes::Block b) {
  using namespace bytes;
  return equal(b, ' ') | equal(b, '\n') | equal(b, '\t');
}

// Words are counted where one starts: a non-space after a space or at the start. Sixteen
// positions at a time.
std::size_t words(std::string_view s) {
  if (s.empty()) return 0;
  std::size_t n = word_space(s[0]) ? 0 : 1;
  std::size_t i = 1;
  for (; i + bytes::kBlockSize <= s.size(); i += bytes::kBlockSize) {
    const bytes::Block starts =
        word_spaces(bytes::load(s.data() + i - 1)) & ~word_spaces(bytes::load(s.data() + i));
    std::uint64_t half[2];
    std::memcpy(half, &starts, sizeof half);
    // One bit per byte; the multiplication adds the bytes up in the top one (at most 16).
    const std::uint64_t ones =
        (half[0] & 0x0101010101010101ULL) + (half[1] & 0x0101010101010101ULL);
    n += static_cast<std::size_t>((ones * 0x0101010101010101ULL) >> 56);
  }
  for (; i < s.size(); ++i) n += word_space(s[i - 1]) & !word_space(s[i]);
  return n;
}

// Phrases of credits and boilerplate, each looked for where a pair of its letters that is rare in
// running text stands: a paragraph is read in blocks, and compared byte by byte only where such
// a pair is.
struct Anchored {
  std::string_view marker;
  std::size_t at;  // where the pair starts in the marker
};

constexpr std::array<Anchored, 12> kBoilerplateMarkers{{
    {"copyright", 3},             // yr
    {"all rights reserved", 15},  // rv
    {"reporting by", 10},         // by
    {"editing by", 8},            // by
    {"writing by", 8},            // by
    {"sign up", 2},               // gn
    {"follow us", 5},             // "w "
    {"subscribe", 2},             // bs
    {"newsletter", 3},            // sl
    {"subscribers", 2},           // bs
    {"news desk", 7},             // sk
    {"may not be published", 12}  // ub
}};

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

std::size_t pair_index(char a, char b) {
  return static_cast<std::size_t>(static_cast<unsigned char>(a)) << 8 |
         static_cast<unsigned char>(b);
}

// Bit (a << 8 | b): some marker's pair is "ab", in any case.
const std::bitset<65536>& anchor_pairs() {
  static const std::bitset<65536> pairs = [] {
    std::bitset<65536> bits;
    for (const Anchored& m : kBoilerplateMarkers) {
      const char a = m.marker[m.at];
      const char b = m.marker[m.at + 1];
      for (const char x : {a, upper(a)})
        for (const char y : {b, upper(b)}) bits.set(pair_index(x, y));
    }
    return bits;
  }();
  static_assert(std::all_of(kBoilerplateMarkers.begin(), kBoilerplateMarkers.end(),
                            [](const Anchored& m) { return m.at + 1 < m.marker.size(); }));
  return pairs;
}

bool marker_at(std::string_view p, std::size_t pair, const Anchored& m) {
  if (pair < m.at || p.size() - (pair - m.at) < m.marker.size()) return false;
  const std::string_view at = p.substr(pair - m.at, m.marker.size());
  for (std::size_t k = 0; k < m.marker.size(); ++k)
    if (lower(at[k]) != m.marker[k]) return false;
  return true;
}

// Which of the 16 positions from `at` start some marker's pair, any case: 0xff bytes in the mask.
bytes::Block block_anchors(const char* at) {
  using namespace bytes;
  const Block b = load(at);
  const Block next = load(at + 1);
  // ASCII letters to lower case; other bytes may alias, which only costs a closer look.
  const Block lower_b = b | (in_range(b, 'A', 'Z') & 0x20);
  const Block lower_next = next | (in_range(next, 'A', 'Z') & 0x20);
  Block found{};
  for (const Anchored& m : kBoilerplateMarkers)
    found |= equal(lower_b, static_cast<unsigned char>(m.marker[m.at])) &
             equal(lower_next, static_cast<unsigned char>(m.marker[m.at + 1]));
  return found;
}

// A marker whose pair starts at `pair`, ASCII case ignored.
bool marker_anchored_at(std::string_view p, std::size_t pair) {
  const char a = lower(p[pair]);
  const char b = lower(p[pair + 1]);
  for (const Anchored& m : kBoilerplateMarkers)
    if (m.marker[m.at] == a && m.marker[m.at + 1] == b && marker_at(p, pair, m)) return true;
  return false;
}

// A marker anywhere in `p`, ASCII case ignored.
bool has_boilerplate_marker(std::string_view p) {
  const std::bitset<65536>& pairs = anchor_pairs();
  // A block's mask tells where pairs start: only there are the markers of that pair compared.
  std::size_t i = 0;
  for (; i + bytes::kBlockSize < p.size(); i += bytes::kBlockSize) {
    const bytes::Block found = block_anchors(p.data() + i);
    std::uint64_t half[2];
    std::memcpy(half, &found, sizeof half);
    for (int h = 0; h < 2; ++h) {
      // One bit per byte of the mask (each byte is 0 or 0xff): the bit's index / 8 is the byte.
      for (std::uint64_t bits = half[h] & 0x0101010101010101ULL; bits != 0; bits &= bits - 1) {
        const std::size_t at = i + 8 * static_cast<std::size_t>(h) +
                               static_cast<std::size_t>(std::countr_zero(bits)) / 8;
        if (marker_anchored_at(p, at)) return true;
      }
    }
  }
  // The last bytes, fewer than a block (and the one after them), one by one.
  for (; i + 1 < p.size(); ++i)
    if (pairs.test(pair_index(p[i], p[i + 1])) && marker_anchored_at(p, i)) return true;
  return false;
}

bool credit_or_boilerplate(std::string_view p) {
  const std::size_t n = words(p);
  if (n <= kMaxBylineWords && (p.starts_with("By ") || p.starts_with("BY "))) return true;
  if (n > kMaxBoilerplateWords) return false;
  return has_boilerplate_marker(p);
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
  std::string out;
  story_text(body, out);
  return out;
}

void story_text(std::string_view body, std::string& out) {
  out.clear();
  out.reserve(body.size());
  bool first = true;
  for (std::size_t start = 0; start < body.size();) {
    std::size_t end = body.find('\n', start);
    while (end != std::string_view::npos && end + 1 < body.size() && body[end + 1] != '\n')
      end = body.find('\n', end + 1);
    if (end == std::string_view::npos || end + 1 >= body.size()) end = body.size();
    const std::string_view p = body.substr(start, end - start);
    start = end + 2;
    if (p.empty() || credit_or_boilerplate(p)) continue;
    const std::string_view kept = first ? p.substr(dateline_length(p)) : p;
    first = false;
    if (!out.empty()) out += "\n\n";
    out += kept;
  }
}

}  // namespace newswired
