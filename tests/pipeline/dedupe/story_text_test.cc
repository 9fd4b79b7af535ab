#include "pipeline/dedupe/story_text.h"

#include <gtest/gtest.h>

namespace newswired {
namespace {

TEST(StoryText, DatelineCarrierIsDropped) {
  EXPECT_EQ(story_text("HARBOURTON, May 3 (Nordic Wire) - The council met.\n\nIt voted."),
            "The council met.\n\nIt voted.");
  EXPECT_EQ(story_text("(Continental Press) \u2014 The council met."), "The council met.");
  EXPECT_EQ(story_text("GENEVA (Reuters) -- Talks resumed."), "Talks resumed.");
  EXPECT_EQ(story_text("PARIS, May 3 (AFP) \u2013 Talks resumed."), "Talks resumed.");
}

TEST(StoryText, ParenthesesThatAreNotADatelineStay) {
  for (const char* body :
       {"The council (all 41 members) met on Tuesday.", "Talks (in Geneva) resumed on Tuesday.",
        "() - Nothing.", "lower case place (Agency) - text",
        "A place name far too long to be a dateline at the start of a story "
        "(Agency) - text"}) {
    EXPECT_EQ(story_text(body), body) << body;
  }
  // Only the first paragraph has a dateline.
  EXPECT_EQ(story_text("Intro.\n\nGENEVA (Reuters) - More."), "Intro.\n\nGENEVA (Reuters) - More.");
}

TEST(StoryText, BylinesAndBoilerplateParagraphsGo) {
  EXPECT_EQ(story_text("By Anna Berg, Nordic Wire correspondent\n\nThe council met.\n\n"
                       "Copyright 2026 Nordic Wire. All rights reserved."),
            "The council met.");
}

TEST(StoryText, MarkersAreFoundInAnyCaseAndAnyPlace) {
  // Each marker, in other cases, at the start, in the middle and at the end of a paragraph
  // longer than a block of the scan.
  const std::string filler = "The council met on Tuesday to discuss the harbour contract";
  for (const std::string marker :
       {"COPYRIGHT", "All Rights Reserved", "Reporting By", "editing by", "Writing BY", "Sign up",
        "follow US", "Subscribe", "NEWSLETTER", "news desk", "May not be published"}) {
    for (const std::string& p :
         {marker + " " + filler, filler + " " + marker + " " + filler, filler + " " + marker}) {
      EXPECT_EQ(story_text("The council met.\n\n" + p), "The council met.") << p;
    }
  }
  // Near misses stay.
  for (const std::string p : {"Nearby, the copy right was disputed", "Sign-up sheets ran out",
                              "He will follow the us-led plan", "Subscription rates rose"}) {
    EXPECT_EQ(story_text("The council met.\n\n" + p), "The council met.\n\n" + p) << p;
  }
}

TEST(StoryText, LongParagraphsWithMarkersAreNews) {
  std::string long_paragraph;
  for (int i = 0; i < 60; ++i) long_paragraph += "word ";
  long_paragraph += "copyright";
  EXPECT_EQ(story_text(long_paragraph), long_paragraph);
  EXPECT_EQ(story_text(long_paragraph.substr(5)), "");  // 60 words: short enough for a credit
}

}  // namespace
}  // namespace newswired
