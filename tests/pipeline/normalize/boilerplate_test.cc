#include "pipeline/normalize/boilerplate.h"

#include <gtest/gtest.h>

#include "pipeline/normalize/text_layout.h"

namespace newswired {
namespace {

TEST(ChromeLine, NavigationInEnglishAndGerman) {
  for (const char* line : {"Skip to content", "  2. Skip to main menu", "3. Skip to more DW sites",
                           "Jump to navigation", "Back to top", "Zum Inhalt springen",
                           "Direkt zum Inhalt", "Nach oben \u00bb"}) {
    EXPECT_TRUE(is_chrome_line(line)) << line;
  }
}

TEST(ChromeLine, WidgetsBannersAndLabels) {
  for (const char* line : {"Share", "Print", "Facebook Twitter WhatsApp", "Share | Print | E-Mail",
                           "Teilen \u00b7 Drucken", "Send us your feedback", "Accept all",
                           "Alle akzeptieren", "Advertisement", "Werbung", "Share on Facebook"}) {
    EXPECT_TRUE(is_chrome_line(line)) << line;
  }
}

TEST(ChromeLine, Breadcrumbs) {
  EXPECT_TRUE(is_chrome_line("Home > World > Europe"));
  EXPECT_TRUE(is_chrome_line("Startseite \u203a Politik"));
  EXPECT_TRUE(is_chrome_line("News / Politics / Germany"));
  EXPECT_FALSE(is_chrome_line("Prices > 5% in April"));
}

TEST(ChromeLine, StoryTextIsNot) {
  for (const char* line :
       {"Share prices fell sharply on Monday.", "Print media in crisis",
        "Facebook fined over data transfers", "Home secretary resigns",
        "Advertisement revenue rose by 4 percent in the quarter.", "Roll back sanctions",
        "Twitter and Facebook were blocked for hours, the ministry said.", ""}) {
    EXPECT_FALSE(is_chrome_line(line)) << line;
  }
}

TEST(StripBoilerplate, LeadingNavigationAndWidgets) {
  EXPECT_EQ(strip_boilerplate("1. Skip to content\n2. Skip to main menu\n\nTitle\n\nShare\nPrint"
                              "\n\nFirst paragraph."),
            "Title\n\nFirst paragraph.");
}

TEST(StripBoilerplate, CookieBannerParagraphGoes) {
  EXPECT_EQ(strip_boilerplate("We use cookies to improve your experience. By continuing you "
                              "agree.\nAccept all\n\nStory.\n\nWir verwenden Cookies, um ..."),
            "Story.");
}

TEST(StripBoilerplate, TrailingRelatedBlockGoesWithItsHeadlines) {
  EXPECT_EQ(strip_boilerplate("Story.\n\nMore.\n\nRelated\n\nFirst other story\nSecond other "
                              "story\n\nThird other story"),
            "Story.\n\nMore.");
  EXPECT_EQ(strip_boilerplate("Story.\n\nMehr zum Thema\nEin anderer Artikel"), "Story.");
}

TEST(StripBoilerplate, HeaderBeforeStoryTextGoesAlone) {
  EXPECT_EQ(strip_boilerplate("Story.\n\nRead more\n\nA heading\n\nThe story goes on here."),
            "Story.\n\nA heading\n\nThe story goes on here.");
}

TEST(StripBoilerplate, TeasersAndAdLabels) {
  EXPECT_EQ(strip_boilerplate("One.\n\nRead more: Why rivers run dry\n\nAdvertisement\n\nTwo.\n\n"
                              "Lesen Sie auch: Ein Artikel\n\nWerbung\n\nDrei."),
            "One.\n\nTwo.\n\nDrei.");
}

TEST(StripBoilerplate, LeavesCleanTextAlone) {
  const std::string text =
      "Despite talks, no breakthrough.\n\nRoll back sanctions\n\nKerry said so.\nA second line.";
  EXPECT_EQ(strip_boilerplate(text), text);
  EXPECT_EQ(strip_boilerplate(""), "");
}

TEST(StripBoilerplate, ParagraphViewsInPlace) {
  const std::string text =
      "Skip to content\n\nStory, first line.\nShare\nSecond line.\n\n\u2022 Print \u00bb\n\n"
      "Related\n\nOther story";
  std::vector<ParagraphView> paragraphs = split_paragraph_views(text);
  strip_boilerplate(paragraphs);
  ASSERT_EQ(paragraphs.size(), 1u);  // emptied paragraphs are removed
  EXPECT_EQ(paragraphs[0], (ParagraphView{"Story, first line.", "Second line."}));
  EXPECT_EQ(join_paragraph_views(paragraphs), strip_boilerplate(text));
}

TEST(MatchKey, ShortKeysOnlyAndPrefixesWithoutBuildingThem) {
  std::string buffer;
  ASSERT_NE(match_key_up_to("  2. Skip to main menu \u00bb", 80, buffer), nullptr);
  EXPECT_EQ(buffer, "skip to main menu");
  ASSERT_NE(match_key_up_to("Read More:", 80, buffer), nullptr);
  EXPECT_EQ(buffer, "read more");
  const std::string sentence(90, 'a');
  EXPECT_EQ(match_key_up_to(sentence, 80, buffer), nullptr);
  EXPECT_NE(match_key_up_to(sentence, 90, buffer), nullptr);
  EXPECT_EQ(match_key_up_to("\u00c4rger " + sentence, 80, buffer), nullptr);
  const std::string_view starts[] = {"we use cookies", "\u00e4rger"};
  EXPECT_TRUE(key_starts_with_any("1. WE USE COOKIES to track you", starts, buffer));
  EXPECT_TRUE(key_starts_with_any("\u00c4rger im Netz", starts, buffer));
  EXPECT_FALSE(key_starts_with_any("We use cookie-free pages", starts, buffer));
  EXPECT_FALSE(key_starts_with_any("We", starts, buffer));
}

}  // namespace
}  // namespace newswired
