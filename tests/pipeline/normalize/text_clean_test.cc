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

TEST(ToLowerAscii, LowersOnlyAscii) {
  EXPECT_EQ(to_lower_ascii("en-US"), "en-us");
  EXPECT_EQ(to_lower_ascii("\u00c9A"), "\u00c9a");
}

}  // namespace
}  // namespace newswired
