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

TEST(ToLowerAscii, LowersOnlyAscii) {
  EXPECT_EQ(to_lower_ascii("en-US"), "en-us");
  EXPECT_EQ(to_lower_ascii("\u00c9A"), "\u00c9a");
}

}  // namespace
}  // namespace newswired
