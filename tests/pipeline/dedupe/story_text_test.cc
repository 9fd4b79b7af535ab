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

}  // namespace
}  // namespace newswired
