#include "pipeline/parse/html_page/class_hints.h"

#include <gtest/gtest.h>

namespace newswired::html_page {
namespace {

TEST(ClassHints, FurnitureByWholeWordsAndPrefixes) {
  EXPECT_TRUE(is_boilerplate_name("share-bar"));
  EXPECT_TRUE(is_boilerplate_name("relatedArticles"));  // camelCase is split
  EXPECT_TRUE(is_boilerplate_name("cookie_banner"));
  EXPECT_TRUE(is_boilerplate_name("comments-section"));
  EXPECT_TRUE(is_boilerplate_name("nav main-nav"));
  EXPECT_TRUE(is_boilerplate_name("sr-only"));
  EXPECT_TRUE(is_boilerplate_name("ad-slot2"));
}

TEST(ClassHints, SubstringsAreNotWords) {
  EXPECT_FALSE(is_boilerplate_name("stage"));    // not "tag"
  EXPECT_FALSE(is_boilerplate_name("heading"));  // not "ad"
  EXPECT_FALSE(is_boilerplate_name("canvas"));   // not "nav"
  EXPECT_FALSE(is_boilerplate_name("loaded"));
}

TEST(ClassHints, FurnitureWordSpoilsItsToken) {
  // One token naming both is furniture inside an article; separate tokens offset each other.
  EXPECT_TRUE(is_boilerplate_name("article-share"));
  EXPECT_FALSE(is_boilerplate_name("story-body comments-open"));
  EXPECT_TRUE(is_content_name("storyBody"));
  EXPECT_TRUE(is_content_name("entry-content"));
  EXPECT_FALSE(is_content_name("article-share"));
}

TEST(ClassHints, ItempropAndRole) {
  GumboOutput* out = gumbo_parse(
      "<div itemprop=articleBody class=share></div><div role=navigation class=content></div>"
      "<div class=article-body id=comments></div>");
  const GumboNode* body = static_cast<const GumboNode*>(out->root->v.element.children.data[1]);
  const auto child = [&](unsigned i) {
    return static_cast<const GumboNode*>(body->v.element.children.data[i]);
  };
  const ClassHints marked = class_hints(child(0));
  EXPECT_TRUE(marked.marked_content);
  EXPECT_FALSE(marked.boilerplate);
  EXPECT_TRUE(class_hints(child(1)).boilerplate);
  const ClassHints mixed = class_hints(child(2));
  EXPECT_FALSE(mixed.boilerplate);  // the class says content
  EXPECT_EQ(mixed.weight, 0);       // +25 for the class, -25 for the id
  gumbo_destroy_output(&kGumboDefaultOptions, out);
}

}  // namespace
}  // namespace newswired::html_page
