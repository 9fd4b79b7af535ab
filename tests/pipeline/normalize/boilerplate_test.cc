#include "pipeline/normalize/boilerplate.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace newswired
