#include "pipeline/dedupe/shingles.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_set>
#include <utility>

#include <xxhash.h>

namespace newswired {
namespace {

// Function words carry no story: dropping them lets "said on Tuesday" and "said Tuesday"
// share their shingles.
const std::unordered_set<std::string_view>& stopwords() {
  static const std::unordered_set<std::string_view> words{
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
  return words;
}

bool word_byte(unsigned char c) {
  // Bytes of multi-byte UTF-8 characters count as letters: non-Latin words stay whole.
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// Stopwords are looked up by the hash every word gets anyway: a binary search of 93 numbers
// instead of a string hash per word, then one compare to rule out a collision.
const std::vector<std::pair<std::uint64_t, std::string_view>>& stopword_hashes() {
  static const auto hashes = [] {
    std::vector<std::pair<std::uint64_t, std::string_view>> h;
    for (const std::string_view w : stopwords()) h.emplace_back(XXH3_64bits(w.data(), w.size()), w);
    std::sort(h.begin(), h.end());
    return h;
  }();
  return hashes;
}

constexpr std::size_t kLongestStopword = 7;

bool is_stopword(std::string_view word, std::uint64_t hash) {
  if (word.size() > kLongestStopword) return false;
  const auto& h = stopword_hashes();
  const auto it = std::lower_bound(
      h.begin(), h.end(), hash, [](const auto& entry, std::uint64_t v) { return entry.first < v; });
  return it != h.end() && it->first == hash && it->second == word;
}

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool digit(std::string_view text, std::size_t i) {
  return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
}

// Calls on_word(word, hash) for each kept word and on_sentence() at each sentence end. Words
// are folded into a fixed buffer: a "word" longer than it (a URL, a run of non-Latin text
// without spaces) counts by its first kMaxWord bytes.
constexpr std::size_t kMaxWord = 128;

template <typename OnWord, typename OnSentence>
void scan_words(std::string_view text, bool drop_stopwords, OnWord on_word,
                OnSentence on_sentence) {
  std::array<char, kMaxWord> buffer;
  std::size_t length = 0;
  bool in_word = false;
  auto end_word = [&] {
    if (!in_word) return;
    const std::string_view word(buffer.data(), length);
    const std::uint64_t h = XXH3_64bits(word.data(), word.size());
    if (!(drop_stopwords && is_stopword(word, h))) on_word(word, h);
    length = 0;
    in_word = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (word_byte(static_cast<unsigned char>(c))) {
      if (length < kMaxWord) buffer[length++] = fold(c);
      in_word = true;
      continue;
    }
    end_word();
    // "3.2 million": a full stop between digits does not end the sentence.
    const bool decimal_point = c == '.' && i > 0 && digit(text, i - 1) && digit(text, i + 1);
    if ((c == '.' || c == '!' || c == '?' || c == '\n') && !decimal_point) on_sentence();
  }
  end_word();
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

std::vector<std::uint64_t> story_shingles(std::string_view text, const ShingleOptions& options) {
  const std::size_t w = static_cast<std::size_t>(std::max(options.words, 1));
  std::vector<std::uint64_t> shingles;
  shingles.reserve(text.size() / 8);
  std::vector<std::uint64_t> sentence;  // word hashes
  // Shingles stay inside a sentence: reordered sentences and paragraphs keep their shingles.
  // A sentence shorter than `w` words is one shingle.
  auto end_sentence = [&] {
    if (sentence.empty()) return;
    const std::size_t n = std::min(w, sentence.size());
    for (std::size_t i = 0; i + n <= sentence.size(); ++i)
      shingles.push_back(XXH3_64bits(&sentence[i], n * sizeof(std::uint64_t)));
    sentence.clear();
  };
  scan_words(
      text, options.drop_stopwords,
      [&](std::string_view, std::uint64_t h) { sentence.push_back(h); }, end_sentence);
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  return shingles;
}

}  // namespace newswired
