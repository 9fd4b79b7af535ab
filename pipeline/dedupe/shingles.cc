#include "pipeline/dedupe/shingles.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstring>
#include <utility>

// Inlined: a word is a few bytes, and the call would cost more than hashing them.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "pipeline/core/packed_word.h"
#include "pipeline/normalize/byte_blocks.h"

namespace newswired {
namespace {

// Function words carry no story: dropping them lets "said on Tuesday" and "said Tuesday"
// share their shingles.
constexpr std::array<std::string_view, 93> kStopwords{
    "a",     "about", "after", "against", "all",    "also",    "an",    "and",   "any",  "are",
    "as",    "at",    "be",    "been",    "before", "being",   "but",   "by",    "can",  "could",
    "did",   "do",    "does",  "during",  "each",   "for",     "from",  "had",   "has",  "have",
    "he",    "her",   "here",  "his",     "how",    "i",       "if",    "in",    "into", "is",
    "it",    "its",   "may",   "more",    "most",   "no",      "not",   "of",    "on",   "one",
    "or",    "other", "our",   "out",     "over",   "s",       "said",  "says",  "she",  "should",
    "so",    "some",  "such",  "t",       "than",   "that",    "the",   "their", "them", "then",
    "there", "these", "they",  "this",    "those",  "through", "to",    "under", "up",   "was",
    "we",    "were",  "what",  "when",    "where",  "which",   "while", "who",   "will", "with",
    "would", "you",   "your"};

constexpr bool word_byte(unsigned char c) {
  // Bytes of multi-byte UTF-8 characters count as letters: non-Latin words stay whole.
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// Every stopword fits in 7 bytes, so a word of at most that many is one 64-bit number (its
// bytes, zero-padded: words have no zero bytes). Stopwords are looked up in an open-addressing
// table of those numbers, before the word is hashed: a stopword is never hashed.
constexpr std::size_t kLongestStopword = 7;
constexpr int kStopwordTableBits = 8;

constexpr std::size_t stopword_slot(std::uint64_t v) {
  return packed_word_slot(v, kStopwordTableBits);
}

using StopwordTable = std::array<std::uint64_t, std::size_t{1} << kStopwordTableBits>;

constexpr StopwordTable kStopwordTable = [] {
  StopwordTable t{};
  for (const std::string_view w : kStopwords) {
    std::size_t slot = stopword_slot(packed_word(w));
    while (t[slot] != 0) slot = (slot + 1) % t.size();
    t[slot] = packed_word(w);
  }
  return t;
}();
static_assert(std::all_of(kStopwords.begin(), kStopwords.end(), [](std::string_view w) {
  return !w.empty() && w.size() <= kLongestStopword;
}));

// `bytes` holds the word and at least 8 readable bytes.
bool is_stopword(std::string_view word, const char* bytes) {
  if (word.size() > kLongestStopword) return false;
  std::uint64_t v = 0;
  std::memcpy(&v, bytes, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  v &= (std::uint64_t{1} << (8 * word.size())) - 1;
  for (std::size_t slot = stopword_slot(v); kStopwordTable[slot] != 0;
       slot = (slot + 1) % kStopwordTable.size())
    if (kStopwordTable[slot] == v) return true;
  return false;
}

constexpr char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool digit(std::string_view text, std::size_t i) {
  return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
}

// Calls on_word(word, hash) for each kept word and on_sentence() at each sentence end. Words
// are folded into a fixed buffer: a "word" longer than it (a URL, a run of non-Latin text
// without spaces) counts by its first kMaxWord bytes.
constexpr std::size_t kMaxWord = 128;

// Per byte: its case-folded form if it belongs to a word, else 0.
constexpr std::array<char, 256> kWordBytes = [] {
  std::array<char, 256> t{};
  for (int c = 1; c < 256; ++c)
    if (word_byte(static_cast<unsigned char>(c))) t[c] = fold(static_cast<char>(c));
  return t;
}();

// The bytes of a block that kWordBytes keeps (0xff), and the block case-folded as it folds them.
bytes::Block word_bytes(bytes::Block b) {
  using namespace bytes;
  using Signed = signed char __attribute__((vector_size(kBlockSize)));
  // A letter in either case is one in lower case with bit 5 set; bytes from 0x80 are negative.
  return in_range(b, '0', '9') | in_range(b | 0x20, 'a', 'z') |
         reinterpret_cast<Block>(reinterpret_cast<Signed>(b) < 0);
}
bytes::Block folded(bytes::Block b) { return b | (bytes::in_range(b, 'A', 'Z') & 0x20); }

// Where the first byte that is not a word byte is in the block: 16 if none.
std::size_t word_end(bytes::Block word) {
  std::uint64_t half[2];
  std::memcpy(half, &word, sizeof half);
  if (~half[0] != 0) return static_cast<std::size_t>(std::countr_zero(~half[0])) / 8;
  if (~half[1] != 0) return 8 + static_cast<std::size_t>(std::countr_zero(~half[1])) / 8;
  return bytes::kBlockSize;
}

template <typename OnWord, typename OnSentence>
void scan_words(std::string_view text, bool drop_stopwords, OnWord on_word,
                OnSentence on_sentence) {
  // Room past kMaxWord for a block of folded bytes written at the last kept byte (which also
  // covers the 8-byte read of a short word).
  std::array<char, kMaxWord + bytes::kBlockSize> buffer{};
  for (std::size_t i = 0; i < text.size();) {
    if (kWordBytes[static_cast<unsigned char>(text[i])] != 0) {
      std::size_t length = 0;
      // A block at a time while 16 bytes are left: the word's bytes folded in one go.
      bool ended = false;
      while (!ended && i + bytes::kBlockSize <= text.size()) {
        const bytes::Block b = bytes::load(text.data() + i);
        const std::size_t n = word_end(word_bytes(b));
        if (length < kMaxWord) {
          const bytes::Block f = folded(b);
          std::memcpy(buffer.data() + length, &f, sizeof f);
          length = std::min(length + n, kMaxWord);
        }
        i += n;
        ended = n < bytes::kBlockSize;
      }
      for (; !ended && i < text.size(); ++i) {
        const char f = kWordBytes[static_cast<unsigned char>(text[i])];
        if (f == 0) break;
        if (length < kMaxWord) buffer[length++] = f;
      }
      const std::string_view word(buffer.data(), length);
      if (!(drop_stopwords && is_stopword(word, buffer.data())))
        on_word(word, XXH3_64bits(word.data(), length));
      continue;
    }
    const char c = text[i];
    // "3.2 million": a full stop between digits does not end the sentence.
    const bool decimal_point = c == '.' && i > 0 && digit(text, i - 1) && digit(text, i + 1);
    if ((c == '.' || c == '!' || c == '?' || c == '\n') && !decimal_point) on_sentence();
    ++i;
  }
  on_sentence();
}

}  // namespace

std::vector<std::string> shingle_words(std::string_view text, bool drop_stopwords) {
  std::vector<std::string> words;
  scan_words(
      text, drop_stopwords, [&](std::string_view w, std::uint64_t) { words.emplace_back(w); },
      [] {});
  return words;
}

namespace {

// Calls on_shingle(hash) for each shingle of the text, in text order, repeats included.
template <typename OnShingle>
void scan_shingles(std::string_view text, const ShingleOptions& options, OnShingle on_shingle) {
  const std::size_t w = static_cast<std::size_t>(std::max(options.words, 1));
  thread_local std::vector<std::uint64_t> sentence;  // word hashes
  sentence.clear();
  // Shingles stay inside a sentence: reordered sentences and paragraphs keep their shingles.
  // A sentence shorter than `w` words is one shingle.
  auto end_sentence = [&] {
    if (sentence.empty()) return;
    const std::size_t n = std::min(w, sentence.size());
    for (std::size_t i = 0; i + n <= sentence.size(); ++i)
      on_shingle(XXH3_64bits(&sentence[i], n * sizeof(std::uint64_t)));
    sentence.clear();
  };
  scan_words(
      text, options.drop_stopwords,
      [&](std::string_view, std::uint64_t h) { sentence.push_back(h); }, end_sentence);
}

// Whether `values` holds at least `wanted` distinct numbers; stops counting there.
bool has_distinct(const std::vector<std::uint64_t>& values, std::size_t wanted) {
  if (values.size() < wanted) return false;
  std::size_t capacity = 16;
  while (capacity < 2 * wanted) capacity *= 2;
  // Slot value 0 means empty; the value 0 itself is tracked apart.
  thread_local std::vector<std::uint64_t> table;
  table.assign(capacity, 0);
  bool zero = false;
  std::size_t distinct = 0;
  for (const std::uint64_t v : values) {
    if (distinct >= wanted) return true;
    if (v == 0) {
      distinct += zero ? 0 : 1;
      zero = true;
      continue;
    }
    std::size_t slot = static_cast<std::size_t>(v & (capacity - 1));
    while (table[slot] != 0 && table[slot] != v) slot = (slot + 1) & (capacity - 1);
    if (table[slot] == 0) {
      table[slot] = v;
      ++distinct;
    }
  }
  return distinct >= wanted;
}

}  // namespace

std::vector<std::uint64_t> story_shingles(std::string_view text, const ShingleOptions& options) {
  std::vector<std::uint64_t> shingles;
  shingles.reserve(text.size() / 8);
  scan_shingles(text, options, [&](std::uint64_t h) { shingles.push_back(h); });
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  return shingles;
}

std::optional<MinHash> story_minhash(std::string_view text, const ShingleOptions& options,
                                     std::size_t min_shingles) {
  thread_local std::vector<std::uint64_t> shingles;
  shingles.clear();
  scan_shingles(text, options, [&](std::uint64_t h) { shingles.push_back(h); });
  if (!has_distinct(shingles, std::max<std::size_t>(min_shingles, 1))) return std::nullopt;
  MinHashSketch sketch;
  for (const std::uint64_t h : shingles) sketch.add(h);
  return sketch.signature();
}

}  // namespace newswired
