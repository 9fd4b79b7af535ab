#include "pipeline/normalize/text_clean.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(CollapseWhitespace, CollapsesRunsAndTrims) {
  EXPECT_EQ(collapse_whitespace("  a \t\r\n  b\n"), "a b");
  EXPECT_EQ(collapse_whitespace(""), "");
  EXPECT_EQ(collapse_whitespace(" \n\t "), "");
}

TEST(CollapseWhitespace, NoBreakSpaceIsASpace) {
  EXPECT_EQ(collapse_whitespace("a\u00a0\u00a0b\u00a0"), "a b");
}

TEST(CollapseWhitespace, DropsControlCharacters) {
  EXPECT_EQ(collapse_whitespace(std::string_view("a\0b\x01\x1b\x7f"
                                                 "c",
                                                 7)),
            "abc");
  EXPECT_EQ(collapse_whitespace("x\u0085y\u009fz"), "xyz");  // C1 controls
}

TEST(CollapseWhitespace, KeepsOtherUtf8) {
  EXPECT_EQ(collapse_whitespace("caf\u00e9  \u00bfqu\u00e9? \u65e5\u672c"),
            "caf\u00e9 \u00bfqu\u00e9? \u65e5\u672c");
}

TEST(RemoveControlChars, KeepsWhitespaceAndText) {
  EXPECT_EQ(remove_control_chars(std::string_view("a\0b\x01 \n\tc\x7f\u0085\u00a0d", 14)),
            "ab \n\tc\u00a0d");
}

TEST(CollapseWhitespace, UnicodeSpacesAndInvisibles) {
  // En space, thin space, narrow no-break, ideographic space, line separator: spaces.
  EXPECT_EQ(collapse_whitespace("a\u2002b\u2009c\u202fd\u3000e\u2028f"), "a b c d e f");
  // Zero-width space, word joiner, BOM and soft hyphen only mark break points: gone.
  EXPECT_EQ(collapse_whitespace("news\u00adpaper \u200bzero\u2060width\ufeff"),
            "newspaper zerowidth");
  // ZWJ and ZWNJ are part of how some scripts and emoji are written: kept.
  EXPECT_EQ(collapse_whitespace("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645");
  EXPECT_EQ(collapse_whitespace("\U0001F469\u200d\U0001F4BB"), "\U0001F469\u200d\U0001F4BB");
}

TEST(UnifyText, ComposesToNfc) {
  EXPECT_EQ(unify_text("Caf\u0065\u0301 L\u0061\u0308rm"), "Caf\u00e9 L\u00e4rm");
  EXPECT_EQ(unify_text("\u00c5ngstr\u00f6m"), "\u00c5ngstr\u00f6m");  // already NFC
  // The Angstrom sign is canonically the letter; NFC keeps compatibility forms like the fi
  // ligature (NFKC would not), which are the publisher's typography.
  EXPECT_EQ(unify_text("\u212b \ufb01"), "\u00c5 \ufb01");
}

TEST(UnifyText, QuotesKeptExceptReversedForms) {
  const std::string typographic =
      "\u201cquoted\u201d \u201edeutsch\u201c \u00abfr\u00bb don\u2019t";
  EXPECT_EQ(unify_text(typographic), typographic);
  EXPECT_EQ(unify_text("\u201fodd\u201d \u201bodd\u2019"), "\u201codd\u201d \u2018odd\u2019");
  EXPECT_EQ(unify_text("6\u2032 2\u2033 \"plain\" 'ascii'"), "6\u2032 2\u2033 \"plain\" 'ascii'");
  EXPECT_EQ(unify_text("plain ascii"), "plain ascii");
}

TEST(CollapseWhitespace, LongCleanRunsAndTheirEdges) {
  // Clean text longer than the blocks the scan copies whole, with something to collapse or
  // drop at each offset.
  const std::string words = "The council met on Tuesday to discuss the harbour contract again";
  for (std::size_t at = 0; at <= words.size(); ++at) {
    const std::string before = words.substr(0, at);
    const std::string after = words.substr(at);
    const bool joins_words =
        at > 0 && at < words.size() && words[at - 1] != ' ' && words[at] != ' ';
    for (const std::string space : {"  ", "\n", "\t ", "\u00a0", "\u3000"}) {
      const std::string expected = joins_words ? before + " " + after : words;
      EXPECT_EQ(collapse_whitespace(before + space + after), expected) << at;
      EXPECT_EQ(collapse_whitespace(" " + before + space + after + " "), expected) << at;
    }
    for (const std::string invisible : {"\u200b", "\x01", "\u00ad"})
      EXPECT_EQ(collapse_whitespace(before + invisible + after), words) << at;
    EXPECT_EQ(collapse_whitespace(before + "\u00e9" + after), before + "\u00e9" + after);
  }
  std::string appended = "x";
  EXPECT_EQ(append_collapsed_whitespace(appended, "  a  b  "), 3u);
  EXPECT_EQ(appended, "xa b");
  EXPECT_EQ(append_collapsed_whitespace(appended, " \n "), 0u);
  EXPECT_EQ(appended, "xa b");
}

TEST(UnifyText, InPlaceLeavesUnifiedTextAndFixesTheRest) {
  for (const std::string unified :
       {"plain ascii", "caf\u00e9 \u00bfqu\u00e9?", "\u201cquoted\u201d", "\u65e5\u672c\u8a9e"}) {
    std::string text = unified;
    unify_in_place(text);
    EXPECT_EQ(text, unified);
  }
  std::string decomposed = "Cafe\u0301 \u201fodd\u201d";
  unify_in_place(decomposed);
  EXPECT_EQ(decomposed, "Caf\u00e9 \u201codd\u201d");
  std::string invalid = "a\xff b";  // ill-formed UTF-8 is replaced, as unify_text does
  unify_in_place(invalid);
  EXPECT_EQ(invalid, unify_text("a\xff b"));
  EXPECT_EQ(invalid, "a\ufffd b");
}

TEST(ToLowerAscii, LowersOnlyAscii) {
  EXPECT_EQ(to_lower_ascii("en-US"), "en-us");
  EXPECT_EQ(to_lower_ascii("\u00c9A"), "\u00c9a");
  EXPECT_EQ(to_lower_ascii("@AZ[`az{"), "@az[`az{");
  EXPECT_TRUE(is_ascii("plain text, 100%"));
  EXPECT_FALSE(is_ascii("caf\u00e9"));
}

}  // namespace
}  // namespace newswired
