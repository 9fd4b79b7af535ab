#include "pipeline/dedupe/simhash.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_set>

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

}  // namespace

std::vector<std::string> simhash_words(std::string_view text, bool drop_stopwords) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && !(drop_stopwords && stopwords().contains(word))) words.push_back(word);
    word.clear();
  };
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (!word_byte(c)) {
      flush();
      continue;
    }
    word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : ch);
  }
  flush();
  return words;
}

std::optional<std::uint64_t> simhash(std::string_view text, const SimHashOptions& options) {
  const std::size_t w = static_cast<std::size_t>(std::max(options.shingle_words, 1));
  std::vector<std::uint64_t> shingles;
  // Shingles stay inside a sentence: reordered sentences and paragraphs keep their shingles.
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of(".!?\n", start);
    if (end == std::string_view::npos) end = text.size();
    // "3.2 million": a full stop between digits does not end the sentence.
    while (end < text.size() && text[end] == '.' && end > 0 && end + 1 < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[end - 1])) &&
           std::isdigit(static_cast<unsigned char>(text[end + 1])))
      end = std::min(text.find_first_of(".!?\n", end + 1), text.size());
    const auto words = simhash_words(text.substr(start, end - start), options.drop_stopwords);
    start = end + 1;
    if (words.empty()) continue;
    std::vector<std::uint64_t> hashes;
    for (const auto& word : words) hashes.push_back(XXH3_64bits(word.data(), word.size()));
    const std::size_t n = std::min(w, hashes.size());
    for (std::size_t i = 0; i + n <= hashes.size(); ++i)
      shingles.push_back(XXH3_64bits(&hashes[i], n * sizeof(std::uint64_t)));
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  if (shingles.size() < static_cast<std::size_t>(std::max(options.min_shingles, 1)))
    return std::nullopt;
  std::array<int, 64> votes{};
  for (const auto h : shingles)
    for (int bit = 0; bit < 64; ++bit) votes[bit] += (h >> bit) & 1 ? 1 : -1;
  std::uint64_t fingerprint = 0;
  for (int bit = 0; bit < 64; ++bit)
    if (votes[bit] > 0) fingerprint |= std::uint64_t{1} << bit;
  return fingerprint;
}

}  // namespace newswired
