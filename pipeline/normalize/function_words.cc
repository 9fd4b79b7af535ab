#include "pipeline/normalize/function_words.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "pipeline/core/packed_word.h"

namespace newswired {
namespace {

struct WordList {
  std::string_view language;
  std::array<std::string_view, 32> words;  // "" pads the shorter lists
};

// The commonest words of news prose in each language, lower case (at most 8 lists: a bit each). A
// word may be in several lists ("que", "de"): it then counts for each, and only the lead over the
// other languages decides. Every word fits in 7 bytes (UTF-8), so it packs into one 64-bit number.
constexpr std::array<WordList, 8> kLists{{
    {"en", {"the",  "and",  "of",  "to",    "is",   "that", "with", "for", "was", "on",   "are",
            "by",   "from", "has", "have",  "this", "it",   "as",   "at",  "be",  "were", "which",
            "said", "he",   "his", "their", "they", "its",  "been", "not", "but", "would"}},
    {"de", {"der",       "die",  "das",   "und",  "den",    "dem", "ist",  "nicht",
            "ein",       "eine", "einen", "mit",  "sich",   "auf", "von",  "zu",
            "auch",      "des",  "wird",  "sie",  "bei",    "im",  "nach", "f\u00fcr",
            "\u00fcber", "wie",  "hat",   "sind", "werden", "es",  "aus",  "dass"}},
    {"fr", {"le",  "la",   "les",           "des",  "est", "une",  "dans", "pour",
            "qui", "sur",  "pas",           "du",   "au",  "aux",  "et",   "avec",
            "ont", "sont", "cette",         "mais", "il",  "elle", "par",  "ne",
            "se",  "ces",  "\u00e9t\u00e9", "plus", "son", "leur", "que",  "\u00e9tait"}},
    {"es",
     {"el",    "los",   "las",  "del", "que", "en",  "por",  "con",      "una",   "para", "se",
      "su",    "al",    "como", "es",  "fue", "sus", "pero", "m\u00e1s", "ha",    "este", "esta",
      "entre", "sobre", "y",    "lo",  "le",  "muy", "ya",   "hay",      "tiene", "desde"}},
    {"it", {"il",     "di",   "che",   "della", "per",   "non",      "una",    "sono",
            "gli",    "nel",  "dei",   "alla",  "con",   "del",      "anche",  "da",
            "\u00e8", "ha",   "delle", "degli", "nella", "pi\u00f9", "questo", "ai",
            "lo",     "come", "stato", "dal",   "dalla", "ma",       "essere", "suo"}},
    {"pt", {"os",   "das",  "dos",      "que",      "em",        "uma",     "para", "com",
            "na",   "no",   "um",       "por",      "se",        "ao",      "foi",  "mais",
            "pelo", "pela", "n\u00e3o", "s\u00e3o", "ser",       "como",    "seu",  "sua",
            "nos",  "nas",  "aos",      "tem",      "est\u00e1", "j\u00e1", "isso", "ele"}},
    // Without the words Afrikaans uses as often (die, dat, is, op, te, met...), so that its
    // text does not read as Dutch.
    {"nl", {"de",    "het",  "een",  "van",    "en",     "niet", "zijn",   "voor",
            "wordt", "bij",  "naar", "heeft",  "worden", "hij",  "zij",    "werd",
            "zo",    "geen", "deze", "hun",    "ze",     "wij",  "zou",    "zich",
            "omdat", "ik",   "al",   "kunnen", "twee",   "nu",   "hebben", "tussen"}},
    // Afrikaans, so that it is not taken for the Dutch it shares many words with: its own.
    {"af", {"die",  "nie", "wat",  "vir",  "ek",   "ons", "hulle", "sy", "hy",  "word", "baie",
            "gaan", "sal", "moet", "wees", "deur", "n",   "kan",   "jy", "nou", "gesê", "volgens",
            "",     "",    "",     "",     "",     "",    "",      "",   "",    ""}},
}};

constexpr std::size_t kLongestWord = 7;
constexpr int kTableBits = 9;

constexpr std::size_t slot_of(std::uint64_t v) { return packed_word_slot(v, kTableBits); }

// Open addressing: the packed word and a bit per language whose list holds it.
struct Slot {
  std::uint64_t word = 0;
  std::uint8_t languages = 0;
};
using Table = std::array<Slot, std::size_t{1} << kTableBits>;

constexpr Table kTable = [] {
  Table t{};
  for (std::size_t l = 0; l < kLists.size(); ++l)
    for (const std::string_view w : kLists[l].words) {
      if (w.empty()) continue;
      const std::uint64_t v = packed_word(w);
      std::size_t slot = slot_of(v);
      while (t[slot].word != 0 && t[slot].word != v) slot = (slot + 1) % t.size();
      t[slot].word = v;
      t[slot].languages |= static_cast<std::uint8_t>(1u << l);
    }
  return t;
}();
static_assert(std::all_of(kLists.begin(), kLists.end(), [](const WordList& list) {
  return std::all_of(list.words.begin(), list.words.end(),
                     [](std::string_view w) { return w.size() <= kLongestWord; });
}));

std::uint8_t languages_of(std::uint64_t word) {
  for (std::size_t slot = slot_of(word); kTable[slot].word != 0; slot = (slot + 1) % kTable.size())
    if (kTable[slot].word == word) return kTable[slot].languages;
  return 0;
}

int list_index(std::string_view language) {
  for (std::size_t l = 0; l < kLists.size(); ++l)
    if (kLists[l].language == language) return static_cast<int>(l);
  return -1;
}

// Letters of words: ASCII letters and every byte of a multi-byte UTF-8 character, so words
// of other scripts count as words (and never as function words).
constexpr bool letter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

constexpr unsigned char folded(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c - 'A' + 'a') : c;
}

// Per byte: its folded form if it is a letter, else 0 (no letter is 0): one load a byte.
constexpr std::array<unsigned char, 256> kLetters = [] {
  std::array<unsigned char, 256> t{};
  for (int c = 0; c < 256; ++c)
    if (letter(static_cast<unsigned char>(c))) t[c] = folded(static_cast<unsigned char>(c));
  return t;
}();

}  // namespace

bool has_function_words(std::string_view language) { return list_index(language) >= 0; }

bool reads_as(std::string_view language, std::string_view text) {
  const int wanted = list_index(language);
  if (wanted < 0) return false;
  text = text.substr(0, kFunctionWordBytes);
  std::array<int, kLists.size()> hits{};
  int words = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (kLetters[static_cast<unsigned char>(text[i])] == 0) {
      ++i;
      continue;
    }
    std::uint64_t v = 0;
    std::size_t n = 0;
    for (; i < text.size(); ++i, ++n) {
      const unsigned char f = kLetters[static_cast<unsigned char>(text[i])];
      if (f == 0) break;
      if (n < kLongestWord + 1) v |= std::uint64_t{f} << (8 * n);
    }
    // A word cut by the byte limit is not a word of the text.
    if (i == text.size() && text.size() == kFunctionWordBytes) break;
    ++words;
    if (n > kLongestWord) continue;
    const std::uint8_t in = languages_of(v);
    for (std::size_t l = 0; l < kLists.size(); ++l) hits[l] += (in >> l) & 1;
  }
  if (words < kMinFunctionWords) return false;
  const int own = hits[static_cast<std::size_t>(wanted)];
  if (own < kMinFunctionShare * words) return false;
  for (std::size_t l = 0; l < kLists.size(); ++l)
    if (static_cast<int>(l) != wanted && own < kFunctionLead * hits[l]) return false;
  return true;
}

}  // namespace newswired
